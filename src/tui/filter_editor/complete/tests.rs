use super::*;

fn vocabulary() -> Vocabulary {
    Vocabulary {
        fields: FIELDS,
        groups: vec![
            "engineering".into(),
            "Eng Leads".into(),
            "operations".into(),
            "say \"hi\"".into(),
        ],
        domains: vec!["acme.test".into(), "acme-labs.test".into(), "other.test".into()],
        sites: vec!["acme-eu".into()],
        products: vec![
            "jsm".into(),
            "jira-service-desk".into(),
            "jira-servicedesk".into(),
            "jira-service-management".into(),
            "conf".into(),
            "confluence".into(),
        ],
    }
}

/// The candidates at the end of `text`, and where they start.
fn at_end(text: &str) -> Option<(usize, Vec<String>)> {
    complete(text, text.chars().count(), &vocabulary()).map(|found| (found.start, found.candidates))
}

#[test]
fn field_names_come_from_the_grammar_list_and_the_orgs_products() {
    assert_eq!(at_end("gro"), Some((0, vec!["group:".to_owned()])));
    assert_eq!(
        at_end("lane:ready !a"),
        Some((12, vec!["active:".into(), "added:".into()]))
    );
    let (_, all) = at_end("").expect("every field on an empty bar");
    for field in FIELDS {
        assert!(all.contains(&format!("{}:", field.name)), "{}", field.name);
    }
    assert!(all.contains(&"marked".to_owned()) && all.contains(&"jsm:".to_owned()));
    assert_eq!(
        at_end("(jira-service-m").map(|found| found.1),
        Some(vec!["jira-service-management:".into()])
    );
    assert_eq!(at_end("zzz"), None);
}

#[test]
fn values_of_groups_domains_words_and_products() {
    assert_eq!(
        at_end("!group:eng"),
        Some((7, vec!["\"Eng Leads\"".into(), "engineering".into()])),
        "case-insensitive, quoted when the name has a space"
    );
    assert_eq!(
        at_end("group:~ERA").map(|found| found.1),
        Some(vec!["~operations".into()]),
        "~PART: names that contain it"
    );
    assert_eq!(
        at_end("domain:acme").map(|found| found.1),
        Some(vec!["acme-labs.test".into(), "acme.test".into()])
    );
    assert_eq!(
        at_end("lane:ready,re"),
        Some((11, vec!["ready".into(), "review".into()])),
        "the value after the last comma"
    );
    assert_eq!(at_end("JSM:n").map(|found| found.1), Some(vec!["never".into()]));
    assert_eq!(at_end("type:").map(|found| found.1.len()), Some(9));
    assert_eq!(at_end("group:say"), None, "a name with a quote cannot be typed");
    assert_eq!(at_end("idle:>9"), None, "numbers are typed");
    assert_eq!(at_end("nosuch:x"), None);
    assert_eq!(at_end("\"group:"), None, "a quoted phrase is text");
}

#[test]
fn a_quoted_value_being_typed_is_completed_with_its_quotes() {
    let (start, candidates) = at_end("group:\"eng l").expect("candidates");
    assert_eq!((start, candidates), (6, vec!["\"Eng Leads\"".to_owned()]));
}

#[test]
fn the_caret_not_the_end_decides_the_term() {
    let found = complete("group:op lane:ready", 8, &vocabulary()).expect("a group");
    assert_eq!(
        (found.start, found.candidates),
        (6, vec!["operations".to_owned()])
    );
}

#[test]
fn a_field_of_sites_lists_the_orgs_sites_and_an_empty_list_offers_nothing() {
    const WITH_SITES: &[Field] = &[Field {
        name: "site",
        values: Values::Sites,
        example: "x",
    }];
    let mut vocabulary = vocabulary();
    vocabulary.fields = WITH_SITES;
    let found = complete("site:a", 6, &vocabulary).expect("a site");
    assert_eq!(found.candidates, ["acme-eu"]);
    vocabulary.sites.clear();
    assert_eq!(complete("site:", 5, &vocabulary), None);
}
