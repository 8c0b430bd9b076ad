//! Unit tests of profile resolution and merging; the golden error messages are in
//! `tests/store/config.rs`.

use super::*;
use crate::directory::ProductKey;
use crate::types::{BatchCap, OrgId};

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("config.toml")).expect("valid config")
}

#[test]
fn empty_config_is_the_default_profile_with_default_policy() {
    let config = parse("");
    assert!(!config.has_profiles());
    let profile = config.profile(None).expect("implicit default");
    assert_eq!(profile.name.as_str(), "default");
    assert_eq!(profile.policy, Policy::default());
    assert_eq!(
        (profile.cap, profile.read_only, profile.configured),
        (BatchCap::DEFAULT, false, false)
    );
}

#[test]
fn profiles_refine_the_top_level_policy() {
    let config = parse(
        r#"
default_profile = "acme"
[thresholds]
idle_days = 60
[thresholds.products]
confluence = 120
[allowlist]
accounts = [{ value = "a-1", reason = "break glass" }]
[profiles.acme]
org_id = "org-1"
base_url = "http://127.0.0.1:8080/"
cap = 50
read_only = true
[profiles.acme.thresholds.products]
jsm = 30
[profiles.acme.allowlist]
domains = [{ value = "partner.example", reason = "partner" }]
[profiles.acme.prices]
currency = "EUR"
jira = 7.5
"#,
    );
    let acme = config.profile(None).expect("default_profile");
    assert_eq!(acme.name.as_str(), "acme");
    assert_eq!(acme.org_id.as_ref().map(OrgId::as_str), Some("org-1"));
    assert_eq!((acme.cap.get(), acme.read_only), (50, true));
    let thresholds = &acme.policy.thresholds;
    assert_eq!(thresholds.idle_days.get(), 60);
    assert_eq!(thresholds.for_product(&ProductKey::from("confluence")).get(), 120);
    assert_eq!(
        thresholds
            .for_product(&ProductKey::from("jira-service-desk"))
            .get(),
        30
    );
    assert_eq!(acme.policy.allowlist.accounts.len(), 1);
    assert_eq!(acme.policy.allowlist.domains.len(), 1);
    assert!(
        acme.policy
            .prices
            .price(&ProductKey::from("confluence"))
            .is_none(),
        "prices replace"
    );
}

#[test]
fn a_named_profile_must_exist_but_the_implicit_default_need_not() {
    let config = parse("[profiles.acme]\norg_id = \"o\"\n");
    let other: ProfileName = "other".parse().expect("name");
    let error = config.profile(Some(&other)).expect_err("unknown");
    let message = error.to_string();
    assert!(
        message.contains("profiles there: acme") && message.contains("dormant login --profile other"),
        "{message}"
    );
    assert!(config.profile(None).is_ok());
    assert!(!config.profile_or_new(&other).configured);
}

#[test]
fn the_shipped_default_config_is_a_valid_config() {
    let config = parse(crate::directory::DEFAULT_CONFIG_TOML);
    assert_eq!(config.profile(None).expect("default").policy, Policy::default());
}

#[test]
fn record_profile_appends_and_keeps_comments() {
    let root = tempfile::tempdir().expect("temp dir");
    let path = root.path().join("config.toml");
    std::fs::write(&path, "# mine\n[thresholds]\nidle_days = 30\n").expect("write");
    let config = Config::load(&path).expect("loads");
    let record = ProfileRecord {
        name: "acme".parse().expect("name"),
        org_id: OrgId::try_from("org \"1\"".replace(' ', "-")).expect("org"),
        base_url: Some(Url::parse("http://127.0.0.1:9/").expect("url")),
    };
    assert!(record_profile(&config, &record).expect("recorded"));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("default_profile = \"acme\"\n# mine\n"), "{text}");
    let reloaded = Config::load(&path).expect("valid after edit");
    let acme = reloaded.profile(Some(&record.name)).expect("present");
    assert_eq!(acme.org_id, Some(record.org_id.clone()));
    assert_eq!(acme.policy.thresholds.idle_days.get(), 30);
    assert!(
        !record_profile(&reloaded, &record).expect("no-op"),
        "already there"
    );
}

#[test]
fn record_profile_creates_a_file_with_default_profile() {
    let root = tempfile::tempdir().expect("temp dir");
    let path = root.path().join("sub").join("config.toml");
    let config = Config::load(&path).expect("absent is default");
    assert!(!config.exists());
    let record = ProfileRecord {
        name: "prod".parse().expect("name"),
        org_id: OrgId::try_from("o-1".to_owned()).expect("org"),
        base_url: None,
    };
    assert!(record_profile(&config, &record).expect("created"));
    let reloaded = Config::load(&path).expect("valid");
    assert_eq!(reloaded.profile(None).expect("default").name.as_str(), "prod");
}

#[test]
fn the_commented_profile_example_in_the_shipped_config_is_valid() {
    let asset = crate::directory::DEFAULT_CONFIG_TOML;
    let example = &asset[asset.find("# [profiles.acme]").expect("example present")..];
    let uncommented = example
        .lines()
        .map(|line| line.strip_prefix("# ").unwrap_or(line.trim_start_matches('#')))
        .collect::<Vec<_>>()
        .join("\n");
    let config = parse(&format!("default_profile = \"acme\"\n{uncommented}"));
    let acme = config.profile(None).expect("example profile");
    assert_eq!(
        (
            acme.cap.get(),
            acme.read_only,
            acme.policy.thresholds.idle_days.get()
        ),
        (500, false, 60)
    );
    assert!(acme.org_id.is_some() && acme.base_url.is_some());
}

#[test]
fn views_are_the_built_in_ones_overridden_and_extended_by_the_file() {
    let builtin = parse("");
    assert_eq!(
        builtin.views().keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "cleanup-ready",
            "never-active",
            "unmanaged-idle",
            "warned-and-due"
        ]
    );
    let config = parse(
        r#"
[views.cleanup-ready]
filter = "lane:ready idle:>180"
[views.mine]
filter = "group:contractors"
sort = "name"
"#,
    );
    let ready = config.view("cleanup-ready").expect("overridden");
    assert_eq!(
        (ready.filter.as_str(), ready.sort.as_deref()),
        ("lane:ready idle:>180", None)
    );
    let mine = config.view("mine").expect("added");
    assert_eq!(
        (mine.filter.as_str(), mine.sort.as_deref()),
        ("group:contractors", Some("name"))
    );
    assert!(config.view("never-active").is_ok(), "other built-ins stay");
    let unknown = config.view("nope").expect_err("unknown").to_string();
    assert!(
        unknown.contains("cleanup-ready, mine, never-active, unmanaged-idle, warned-and-due"),
        "{unknown}"
    );
    assert!(unknown.contains("config.toml"), "{unknown}");
}

#[test]
fn a_view_needs_a_filter_and_no_other_key() {
    for text in [
        "[views.x]\nsort = \"name\"\n",
        "[views.x]\nfilter = \"a\"\norder = \"name\"\n",
    ] {
        let error = Config::parse(text, Path::new("config.toml"))
            .expect_err(text)
            .to_string();
        assert!(error.contains("views.x"), "{error}");
    }
}

#[test]
fn the_default_config_lists_exactly_the_built_in_views() {
    // The asset's own tables, not the merge (which would add the built-ins anyway).
    let raw = parse_raw(
        crate::directory::DEFAULT_CONFIG_TOML,
        Path::new("default-config.toml"),
    )
    .expect("asset parses");
    let listed: Vec<(&str, &str, Option<&str>)> = raw
        .views
        .iter()
        .map(|(name, view)| (name.as_str(), view.filter.as_str(), view.sort.as_deref()))
        .collect();
    assert_eq!(listed, views::BUILT_IN);
}

#[test]
fn billing_is_per_product_refined_by_profiles_and_the_shipped_example_parses() {
    use crate::directory::ProductBilling;
    let config = parse(
        "[billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-03-01\"\ntiers = [500, 1000]\n\
         [profiles.acme.billing.confluence]\nbill_day = 9\n",
    );
    let name: ProfileName = "acme".parse().expect("name");
    let acme = config.profile(Some(&name)).expect("profile").policy.billing;
    assert!(matches!(
        acme.of(&ProductKey::from("jira-service-desk")),
        ProductBilling::Annual { .. }
    ));
    assert_eq!(
        acme.of(&ProductKey::from("confluence")),
        ProductBilling::Monthly { bill_day: 9 }
    );
    let asset = crate::directory::DEFAULT_CONFIG_TOML;
    let start = asset.find("# [billing.confluence]").expect("example present");
    let end = start + asset[start..].find("\n\n").expect("example ends");
    let uncommented = asset[start..end]
        .lines()
        .map(|line| line.trim_start_matches("# "))
        .collect::<Vec<_>>()
        .join("\n");
    let example = parse(&uncommented);
    assert_eq!(example.base.billing.products.len(), 2);
}

#[test]
fn a_bad_billing_table_names_the_file_the_key_and_the_fix() {
    let error = Config::parse(
        "[profiles.acme.billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-03-01\"\n",
        Path::new("config.toml"),
    )
    .expect_err("tiers missing")
    .to_string();
    for wanted in [
        "config.toml",
        "profiles.acme.billing.jsm",
        "needs tiers",
        "tiers = [100, 250",
    ] {
        assert!(error.contains(wanted), "{wanted}: {error}");
    }
}
