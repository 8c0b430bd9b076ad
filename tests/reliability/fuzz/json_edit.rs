//! Structure-aware mutations of a JSON document for the wire target: edits to one node, each
//! saying what the decoder owes (the same value, still a value, or anything but a panic).

use super::mutate::{HUGE_NUMBERS, ODD_TEXT};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// Every enum value of the wire types, to be swapped for values the API may add later.
const ENUM_VALUES: &[&str] = &[
    "atlassian",
    "app",
    "customer",
    "active",
    "suspended",
    "not_invited",
    "deactivated",
    "for_deletion",
    "inactive",
    "closed",
    "partial",
    "no_membership",
    "managed",
    "unmanaged",
    "invited",
    "synced",
    "atlassian/org-admin",
    "atlassian/site-admin",
    "atlassian/user-access-admin",
    "atlassian/ai-access",
];

/// A change to one node of the parsed example.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Adds a field no version of the API sends: must change nothing.
    AddUnknownField(Index, String),
    /// Replaces an enum value with one the API may add: must still decode.
    UnknownEnumValue(Index, String),
    RemoveField(Index),
    Null(Index),
    TypeSwap(Index, u8),
    HugeNumber(Index, Index),
    OddString(Index, Index, usize),
    DuplicateItem(Index),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let index = any::<Index>;
    prop_oneof![
        (index(), "[a-z]{1,8}").prop_map(|(at, name)| Edit::AddUnknownField(at, format!("zzFuzz{name}"))),
        (index(), "[a-z_/-]{1,12}").prop_map(|(at, value)| Edit::UnknownEnumValue(at, format!("zz{value}"))),
        index().prop_map(Edit::RemoveField),
        index().prop_map(Edit::Null),
        (index(), 0..6_u8).prop_map(|(at, to)| Edit::TypeSwap(at, to)),
        (index(), index()).prop_map(|(at, which)| Edit::HugeNumber(at, which)),
        (index(), index(), 1..64_usize).prop_map(|(at, which, repeat)| Edit::OddString(at, which, repeat)),
        index().prop_map(Edit::DuplicateItem),
    ]
}

/// JSON pointers of every node under `value`.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (name, child) in map {
                pointers(
                    child,
                    &format!("{at}/{}", name.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Applies `edit`; says whether the decoded value must be unchanged (`Some(true)`), must still
/// decode (`Some(false)`), or may fail (`None`).
pub fn apply(value: &mut Value, edit: &Edit) -> Option<bool> {
    let mut all = Vec::new();
    pointers(value, "", &mut all);
    let node = |at: &Index| all[at.index(all.len())].clone();
    match edit {
        Edit::AddUnknownField(at, name) => {
            let objects: Vec<&String> = all
                .iter()
                .filter(|p| value.pointer(p).is_some_and(Value::is_object))
                .collect();
            if objects.is_empty() {
                return None;
            }
            let target = objects[at.index(objects.len())].clone();
            let object = value.pointer_mut(&target)?.as_object_mut()?;
            object.insert(name.clone(), serde_json::json!({"nested": [1, "two", null]}));
            Some(true)
        }
        Edit::UnknownEnumValue(at, new) => {
            let enums: Vec<&String> = all
                .iter()
                .filter(|p| {
                    value
                        .pointer(p)
                        .and_then(Value::as_str)
                        .is_some_and(|s| ENUM_VALUES.contains(&s))
                })
                .collect();
            if enums.is_empty() {
                return Some(true);
            }
            let target = enums[at.index(enums.len())].clone();
            *value.pointer_mut(&target)? = Value::String(new.clone());
            Some(false)
        }
        Edit::RemoveField(at) => {
            let target = node(at);
            let (parent, name) = target.rsplit_once('/')?;
            match value.pointer_mut(parent)? {
                Value::Object(map) => drop(map.remove(&name.replace("~1", "/").replace("~0", "~"))),
                Value::Array(items) => drop(
                    name.parse::<usize>()
                        .ok()
                        .filter(|&i| i < items.len())
                        .map(|i| items.remove(i)),
                ),
                _ => {}
            }
            None
        }
        Edit::Null(at) => {
            *value.pointer_mut(&node(at))? = Value::Null;
            None
        }
        Edit::TypeSwap(at, to) => {
            let slot = value.pointer_mut(&node(at))?;
            *slot = match to {
                0 => Value::from(slot.to_string()),
                1 => Value::from(7),
                2 => Value::from(true),
                3 => Value::Array(vec![slot.clone()]),
                4 => serde_json::json!({ "value": slot.clone() }),
                _ => Value::from(-2.5),
            };
            None
        }
        Edit::HugeNumber(at, which) => {
            let text = HUGE_NUMBERS[which.index(HUGE_NUMBERS.len())];
            *value.pointer_mut(&node(at))? = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
            None
        }
        Edit::OddString(at, which, repeat) => {
            let text = ODD_TEXT[which.index(ODD_TEXT.len())].repeat(*repeat);
            *value.pointer_mut(&node(at))? = Value::String(text);
            None
        }
        Edit::DuplicateItem(at) => {
            let arrays: Vec<&String> = all
                .iter()
                .filter(|p| {
                    value
                        .pointer(p)
                        .is_some_and(|v| v.as_array().is_some_and(|a| !a.is_empty()))
                })
                .collect();
            if arrays.is_empty() {
                return None;
            }
            let target = arrays[at.index(arrays.len())].clone();
            let items = value.pointer_mut(&target)?.as_array_mut()?;
            items.push(items[0].clone());
            None
        }
    }
}
