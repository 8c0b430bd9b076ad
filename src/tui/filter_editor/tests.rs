use super::*;

fn press(editor: &mut FilterEditor, code: KeyCode, modifiers: KeyModifiers) -> Edit {
    editor.edit(&KeyEvent::new(code, modifiers))
}

fn typed(editor: &mut FilterEditor, text: &str) {
    for c in text.chars() {
        press(editor, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[test]
fn the_caret_moves_and_text_goes_in_where_it_is() {
    let mut editor = FilterEditor::new("lane:ready idle:>90");
    assert_eq!(editor.caret(), 19);
    assert_eq!(press(&mut editor, KeyCode::Home, KeyModifiers::NONE), Edit::Moved);
    typed(&mut editor, "!");
    assert_eq!(editor.text(), "!lane:ready idle:>90");
    press(&mut editor, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press(&mut editor, KeyCode::Char('b'), KeyModifiers::ALT);
    assert_eq!(editor.caret(), 18, "alt-b: to the start of `90`");
    press(&mut editor, KeyCode::Char('b'), KeyModifiers::ALT);
    assert_eq!(editor.caret(), 12, "alt-b again: to the start of `idle`");
    press(&mut editor, KeyCode::Char('f'), KeyModifiers::ALT);
    press(&mut editor, KeyCode::Left, KeyModifiers::NONE);
    press(&mut editor, KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(editor.caret(), 0);
    press(&mut editor, KeyCode::Delete, KeyModifiers::NONE);
    press(&mut editor, KeyCode::End, KeyModifiers::NONE);
    press(&mut editor, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(editor.text(), "lane:ready idle:>9");
    assert_eq!(
        press(&mut editor, KeyCode::F(5), KeyModifiers::NONE),
        Edit::Ignored
    );
}

#[test]
fn ctrl_w_ctrl_u_and_ctrl_y_cut_and_put_back() {
    let mut editor = FilterEditor::new("bob ada");
    assert_eq!(
        press(&mut editor, KeyCode::Char('w'), KeyModifiers::CONTROL),
        Edit::Changed
    );
    assert_eq!(editor.text(), "bob ");
    press(&mut editor, KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(editor.text(), "bob ada");
    press(&mut editor, KeyCode::Left, KeyModifiers::NONE);
    press(&mut editor, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(
        (editor.text(), editor.caret()),
        ("a", 0),
        "ctrl-u: all before the caret"
    );
}

#[test]
fn up_walks_older_down_walks_back_to_the_draft() {
    let entries = vec!["lane:ready".to_owned(), "idle:>90".to_owned()];
    let mut editor = FilterEditor::new("bo");
    assert!(editor.older(&entries));
    assert_eq!(editor.text(), "idle:>90");
    assert!(editor.older(&entries));
    assert_eq!(editor.text(), "lane:ready");
    assert!(!editor.older(&entries), "the oldest stays");
    assert!(editor.newer(&entries));
    assert_eq!(editor.text(), "idle:>90");
    assert!(editor.newer(&entries));
    assert_eq!((editor.text(), editor.caret()), ("bo", 2));
    assert!(!editor.newer(&entries), "not walking");
    assert!(!FilterEditor::new("").older(&[]));
}
