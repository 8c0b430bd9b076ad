//! Hostile mode: extra users whose text carries terminal-breaking content (control characters,
//! ANSI CSI/OSC sequences (colours, cursor moves, window title, OSC 52 clipboard, hyperlinks), bidi overrides, zero-width, very long and very wide text), and records
//! with enum values and fields no client knows yet. Owns those payloads; must never change the
//! regular population (it draws from its own random stream and only appends).

use serde_json::{Map, Value, json};

use crate::sim::model::{SimProductAccess, SimUser, role};
use crate::sim::rng::SimRng;

use super::accounts::AccountFactory;
use super::activity::{IDLE_AFTER, MINUTE};
use super::groups::{GroupCatalog, GroupSpec};
use super::population::{Kind, Persona, Standing};
use super::site::{NATIVE_DIRECTORY, ProductSet, Site, product};

/// A product key no client knows, granted by one hostile-only group.
pub const FUTURE_PRODUCT: &str = "future-product";
/// Length (in characters) of the very long names, nicknames and email local parts.
pub const VERY_LONG_CHARS: usize = 10_240;

/// Hostile users added on top of `users`: about 1%, never fewer than 30 so every category shows.
pub fn count(users: u32) -> usize {
    (users as usize / 100).max(30)
}

/// Hostile text, one category per user in turn.
const TEXT_ATTACKS: [&str; 12] = [
    "\0nul\u{7}bell\u{8}bs\u{b}vt\u{c}ff\r\n\u{1f}us",
    "\u{85}nel\u{9b}31mc1csi\u{9d}0;c1osc\u{9c}\u{90}dcs\u{9f}",
    "\x1b[31;1mRED\x1b[0m \x1b[38;5;208morange\x1b[48;2;0;0;255mblue\x1b[0m",
    "\x1b[2A\x1b[10Dmoved\x1b[s\x1b[999;999H\x1b[u\x1b[?25l",
    "\x1b[2J\x1b[H\x1b[3Jcleared\x1bc",
    "\x1b]0;you have been pwned\x07\x1b]2;window title\x1b\\\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;https://evil.example/steal\x1b\\click me\x1b]8;;\x1b\\",
    "\u{202E}nimda\u{202C} \u{202D}ltr\u{202C} \u{202B}rle\u{202C}\u{202A}lre\u{202C}",
    "\u{2066}lri\u{2069}\u{2067}rli\u{2069}\u{2068}fsi\u{2069}\u{200F}\u{200E}",
    "in\u{200B}vis\u{200C}i\u{200D}ble\u{2060}\u{FEFF}",
    "",
    "山田太郎 김민준 👩\u{200D}👩\u{200D}👧\u{200D}👦🧑🏽\u{200D}💻🏳\u{FE0F}\u{200D}🌈 Z\u{337}\u{322}\u{348}a\u{335}\u{35a}l\u{334}g\u{338}o\u{336} ｆｕｌｌｗｉｄｔｈ",
];
/// Index of the very-long category in [`TEXT_ATTACKS`] (its payload is built at run time).
const VERY_LONG: usize = 10;
/// Record-level attacks, one per user in turn; the last combines them all.
const RECORD_ATTACKS: usize = 9;

/// Adds the future product to the site and a group granting it; returns the group's index.
pub fn extend_catalog(rng: &mut SimRng, site: &mut Site, catalog: &mut GroupCatalog) -> usize {
    site.products.push(product(
        FUTURE_PRODUCT,
        FUTURE_PRODUCT,
        "Future Product",
        &site.cloud_id,
        &site.slug,
    ));
    let group = catalog.add(
        rng,
        &GroupSpec {
            name: "future-product-early-access",
            description: Some("Early access to a product this client has never seen"),
            directory_id: site.directory_id(NATIVE_DIRECTORY),
            managed_by: "admins",
            grants: ProductSet::default(),
            role: role::USER,
            admin: false,
        },
    );
    if let Some(future) = site.products.last() {
        let slot = catalog.add_site(&future.id);
        catalog.grant_extra(group, slot, role::USER);
    }
    group
}

/// Appends `count` hostile users.
pub fn add_users(
    rng: &mut SimRng,
    factory: &mut AccountFactory<'_>,
    future_group: usize,
    count: usize,
    users: &mut Vec<SimUser>,
) {
    for position in 0..count {
        let persona = Persona {
            kind: if position % 2 == 0 {
                Kind::Invited
            } else {
                Kind::Unmanaged
            },
            standing: Standing::Active,
            both_directories: false,
            omits_activity: false,
            ordinal: position as u32,
        };
        let mut user = factory.user(rng, persona);
        apply_text(factory, &mut user, position);
        apply_record(rng, factory, &mut user, position, future_group);
        users.push(user);
    }
}

fn very_long() -> String {
    "Wolfeschlegelsteinhausenbergerdorff-Ünïcödé-"
        .chars()
        .cycle()
        .take(VERY_LONG_CHARS)
        .collect()
}

/// Puts the position's text payload into name, nickname, email and job title.
fn apply_text(factory: &mut AccountFactory<'_>, user: &mut SimUser, position: usize) {
    let category = position % TEXT_ATTACKS.len();
    let payload = if category == VERY_LONG {
        very_long()
    } else {
        TEXT_ATTACKS[category].to_owned()
    };
    let domain = user.email.rsplit('@').next().unwrap_or_default().to_owned();
    user.name = format!("{} {payload}", user.name);
    user.nickname = format!("{payload}{}", user.nickname);
    user.email = factory
        .identities
        .email(&format!("hostile.{position}{payload}"), &domain);
    user.job_title = Some(payload);
}

/// Unknown enum values, the future product and extra fields.
fn apply_record(
    rng: &mut SimRng,
    factory: &AccountFactory<'_>,
    user: &mut SimUser,
    position: usize,
    future_group: usize,
) {
    let attack = position % RECORD_ATTACKS;
    let all = attack == RECORD_ATTACKS - 1;
    if attack == 0 || all {
        "bot-v2".clone_into(&mut user.account_type);
    }
    if attack == 1 || all {
        "partial".clone_into(&mut user.account_status);
    }
    if attack == 2 || all {
        "pending".clone_into(&mut user.membership_status);
    }
    if attack == 3 || all {
        "tentative".clone_into(&mut user.claim_status);
    }
    if attack == 4 || all {
        user.management_source = Some("scim-v3".to_owned());
    }
    if attack == 5 || all {
        user.platform_roles.push("atlassian/future-role".to_owned());
    }
    if attack == 6 || all {
        if let Some(group) = factory.groups.groups.get(future_group) {
            user.groups.push(group.id.clone());
        }
        let added = factory.clock.seconds_before(user.added_to_org);
        let recently = rng.between(0, (IDLE_AFTER / 3).min(added - MINUTE));
        let future_site = factory
            .site
            .products
            .iter()
            .find(|product| product.key == FUTURE_PRODUCT);
        user.product_access.push(SimProductAccess {
            key: FUTURE_PRODUCT.to_owned(),
            id: future_site.map(|product| product.id.clone()).unwrap_or_default(),
            last_active: Some(factory.clock.ago(recently)),
        });
        let sites = &factory.site.products;
        user.product_access
            .sort_by_key(|access| sites.iter().position(|site| site.id == access.id));
    }
    if attack == 7 || all {
        user.extra = extra_fields();
    }
}

/// Fields a newer API might send: scalars, nulls, nested objects and arrays, a hostile key.
fn extra_fields() -> Map<String, Value> {
    let mut extra = Map::new();
    extra.insert("preferredPronouns".to_owned(), json!("they/them"));
    extra.insert("riskScore".to_owned(), json!(0.93));
    extra.insert("lastSeenIp".to_owned(), Value::Null);
    extra.insert(
        "labels".to_owned(),
        json!(["vip", { "nested": { "deeper": [1, null, true, { "deepest": "\u{1b}[5mblink\u{1b}[0m" }] } }]),
    );
    extra.insert(
        "futureProfile".to_owned(),
        json!({ "tier": "gold", "flags": { "beta": true, "cohort": 7 }, "history": [] }),
    );
    extra.insert("\u{1b}[31mkey".to_owned(), json!("ANSI in a field name"));
    extra
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use crate::sim::generate::{GenerateOptions, generate};
    use crate::sim::model::SimUser;

    type Field = fn(&SimUser) -> &str;
    type Carries = fn(&str) -> bool;
    const FIELDS: [(&str, Field); 3] = [
        ("name", |user| &user.name),
        ("nickname", |user| &user.nickname),
        ("email", |user| &user.email),
    ];

    fn hostile_users() -> Vec<SimUser> {
        let options = GenerateOptions {
            users: 100,
            seed: 31,
            epoch: DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")
                .unwrap()
                .to_utc(),
            hostile: true,
        };
        let org = generate(&options).unwrap();
        assert_eq!(org.users.len(), 130);
        org.users[100..].to_vec()
    }

    #[test]
    fn every_text_category_reaches_names_nicknames_and_emails() {
        let categories: [(&str, Carries); 15] = [
            ("NUL", |text| text.contains('\0')),
            ("C0 control", |text| {
                text.contains('\u{7}') && text.contains('\u{8}')
            }),
            ("C1 control", |text| {
                text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c))
            }),
            ("ANSI colour", |text| text.contains("\x1b[31;1m")),
            ("ANSI cursor movement", |text| {
                text.contains("\x1b[2A") && text.contains("\x1b[999;999H")
            }),
            ("ANSI clear screen", |text| text.contains("\x1b[2J")),
            ("OSC title", |text| text.contains("\x1b]0;")),
            ("OSC hyperlink", |text| text.contains("\x1b]8;;https://")),
            ("bidi override", |text| text.contains('\u{202E}')),
            ("bidi isolate", |text| {
                text.contains('\u{2066}') && text.contains('\u{2069}')
            }),
            ("zero width", |text| {
                text.contains('\u{200B}') && text.contains('\u{FEFF}')
            }),
            ("very long", |text| text.chars().count() >= 10_000),
            ("CJK", |text| {
                text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            }),
            ("emoji", |text| text.chars().any(|c| c >= '\u{1F300}')),
            ("combining marks", |text| {
                text.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c))
            }),
        ];
        let users = hostile_users();
        for (category, carries) in categories {
            for (field, read) in FIELDS {
                assert!(
                    users.iter().any(|user| carries(read(user))),
                    "no {category} in any {field}"
                );
            }
        }
    }

    #[test]
    fn every_unknown_value_and_extra_field_is_present() {
        let users = hostile_users();
        let has = |label: &str, found: &dyn Fn(&SimUser) -> bool| {
            assert!(users.iter().any(found), "missing {label}");
        };
        has("account_type", &|user| user.account_type == "bot-v2");
        has("account_status", &|user| user.account_status == "partial");
        has("membership_status", &|user| user.membership_status == "pending");
        has("claim_status", &|user| user.claim_status == "tentative");
        has("management_source", &|user| {
            user.management_source.as_deref() == Some("scim-v3")
        });
        has("platform role", &|user| {
            user.platform_roles
                .iter()
                .any(|role| role == "atlassian/future-role")
        });
        has("product key", &|user| {
            user.product_access
                .iter()
                .any(|access| access.key == super::FUTURE_PRODUCT)
        });
        has("nested extra", &|user| {
            user.extra.values().any(serde_json::Value::is_object)
                && user
                    .extra
                    .values()
                    .any(|value| value.as_array().is_some_and(|items| items.len() > 1))
        });
    }
}
