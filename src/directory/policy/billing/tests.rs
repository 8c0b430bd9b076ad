use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date")
}

fn parse(text: &str) -> Result<Billing, toml::de::Error> {
    #[derive(Deserialize)]
    struct File {
        billing: Billing,
    }
    toml::from_str::<File>(text).map(|file| file.billing)
}

#[test]
fn monthly_is_the_default_and_saves_at_the_next_bill_day() {
    let billing = Billing::default();
    let jira = billing.of(&ProductKey::from("jira"));
    assert_eq!(jira, ProductBilling::Monthly { bill_day: 1 });
    let start = jira.saving_start(date("2026-12-02"), 100, 7);
    assert_eq!(start.to_string(), "next bill on 2027-01-01");
    let on_the_day = ProductBilling::Monthly { bill_day: 15 }.saving_start(date("2026-12-15"), 1, 1);
    assert_eq!(
        on_the_day.to_string(),
        "next bill on 2027-01-15",
        "today's bill is already counted"
    );
    let before = ProductBilling::Monthly { bill_day: 15 }.saving_start(date("2026-12-14"), 1, 1);
    assert_eq!(before.to_string(), "next bill on 2026-12-15");
}

#[test]
fn annual_plans_save_at_renewal_only_below_a_tier_boundary() {
    let annual = ProductBilling::Annual {
        renewal: date("2027-03-01"),
        tiers: vec![500, 1000, 2000],
    };
    let today = date("2026-12-02");
    assert_eq!(
        annual.saving_start(today, 1003, 42).to_string(),
        "at renewal on 2027-03-01: 1,003 → 961 users, below the 1,000 tier"
    );
    assert_eq!(
        annual.saving_start(today, 980, 30).to_string(),
        "no saving before renewal on 2027-03-01: still in the 501–1,000 tier (980 → 950 users)"
    );
    assert_eq!(
        annual.saving_start(today, 2500, 100).to_string(),
        "no saving before renewal on 2027-03-01: still in the 2,001+ tier (2,500 → 2,400 users)"
    );
    assert_eq!(
        annual.saving_start(today, 1000, 1).to_string(),
        "no saving before renewal on 2027-03-01: still in the 501–1,000 tier (1,000 → 999 users)",
        "a bound is the last count of its tier"
    );
    let passed = ProductBilling::Annual {
        renewal: date("2025-03-01"),
        tiers: vec![10],
    };
    assert!(matches!(
        passed.saving_start(today, 11, 2),
        SavingStart::AtRenewal { date: d, .. } if d == date("2027-03-01")
    ));
}

#[test]
fn billing_tables_resolve_aliases_and_bad_ones_name_the_fix() {
    let billing = parse(
        "[billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-03-01\"\ntiers = [500, 1000]\n\
         [billing.confluence]\nbill_day = 12\n",
    )
    .expect("valid");
    assert_eq!(
        billing.of(&ProductKey::from("jira-service-desk")),
        ProductBilling::Annual {
            renewal: date("2027-03-01"),
            tiers: vec![500, 1000]
        }
    );
    assert_eq!(
        billing.of(&ProductKey::from("confluence")),
        ProductBilling::Monthly { bill_day: 12 }
    );
    for (text, fix) in [
        (
            "[billing.jsm]\ncycle = \"yearly\"\n",
            "neither \"monthly\" nor \"annual\"",
        ),
        (
            "[billing.jsm]\ncycle = \"annual\"\ntiers = [1]\n",
            "needs renewal",
        ),
        (
            "[billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-03-01\"\n",
            "needs tiers",
        ),
        (
            "[billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-03-01\"\ntiers = [10, 5]\n",
            "each larger than the one before",
        ),
        (
            "[billing.jsm]\nrenewal = \"2027-03-01\"\n",
            "belong to cycle = \"annual\"",
        ),
        ("[billing.jsm]\nbill_day = 31\n", "use 1 to 28"),
        (
            "[billing.jsm]\ncycle = \"annual\"\nrenewal = 2027-03-01\ntiers = [5]\n",
            "\"YYYY-MM-DD\"",
        ),
        (
            "[billing.jsm]\ncycle = \"annual\"\nrenewal = \"2027-13-01\"\ntiers = [5]\n",
            "is not a date",
        ),
        ("[billing.jsm]\ncycles = \"annual\"\n", "cycles"),
    ] {
        let error = parse(text).expect_err(text).to_string();
        assert!(error.contains(fix), "{text}: {error}");
    }
}
