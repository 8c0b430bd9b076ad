//! The compact reader shares string-table entries between users and refuses indices outside the table.

use super::*;

/// A compact directory whose string table is `jira`, `ari:j`, `g-1`, `d-1`, holding `users`.
fn decode(users: &str) -> Result<Directory, serde_json::Error> {
    let json = format!(
        r#"{{"org":{{"id":"o","name":"O"}},"directories":[],"domains":[],"groups":[],"loaded_at":0,
        "source":{{"Cache":{{"base_url":"http://127.0.0.1:1/"}}}},"strings":["jira","ari:j","g-1","d-1"],
        "user_count":2,"users":[{users}]}}"#
    );
    CompactDirectorySeed.deserialize(&mut serde_json::Deserializer::from_str(&json))
}

/// A user of `jira` (`ari:j`) in directory `d-1` and the group at table index `group`.
fn user(id: &str, group: u32) -> String {
    format!(
        r#"["{id}","atlassian","Ann",null,null,"managed",null,"active","active","active",[],null,[[0,1,null]],[{group}],[3]]"#
    )
}

#[test]
fn users_share_the_string_table_entries() {
    let directory = decode(&format!("{},{}", user("a-1", 2), user("a-2", 2))).expect("decodes");
    let [first, second] = &directory.users[..] else {
        panic!("two users")
    };
    let same = |pick: fn(&User) -> &str| std::ptr::eq(pick(first), pick(second));
    assert!(same(|u| u.groups[0].as_str()));
    assert!(same(|u| u.directories[0].as_str()));
    let jira = |u: &User| match &u.activity {
        Activity::Known(products) => products[0].clone(),
        Activity::Unknown => panic!("known"),
    };
    let (a, b) = (jira(first), jira(second));
    assert!(std::ptr::eq(a.product.as_str(), b.product.as_str()));
    let ids = (a.product_id.expect("id"), b.product_id.expect("id"));
    assert!(std::ptr::eq(ids.0.as_str(), ids.1.as_str()));
    assert_eq!((ids.0.as_str(), first.groups[0].as_str()), ("ari:j", "g-1"));
}

#[test]
fn an_index_outside_the_table_is_refused() {
    let err = decode(&format!("{},{}", user("a-1", 2), user("a-2", 4))).expect_err("index 4 is outside");
    assert!(
        err.to_string().contains("string index 4 is outside the table"),
        "{err}"
    );
}
