//! The v1 audit-log `EventModel` (reference §1.12) for changes the simulator applied. The actor is
//! the org API key the request came with (never its value). Owns shapes only; must not page.

use super::{RenderContext, timestamp_millis};
use crate::sim::state::EventRecord;
use serde_json::{Value, json};

/// Actor id and label of the org API key; the key's value is never rendered.
const API_KEY_ACTOR_ID: &str = "org-api-key";
const API_KEY_ACTOR_NAME: &str = "Organization API key";

#[must_use]
pub fn event_model(ctx: &RenderContext<'_>, event: &EventRecord) -> Value {
    let id = event.id();
    let subject = &event.subject;
    let mut user_attributes = json!({ "name": subject.name });
    if !subject.email.is_empty() {
        user_attributes["email"] = Value::from(subject.email.as_str());
    }
    let mut context = vec![json!({
        "id": subject.account_id,
        "type": "users",
        "attributes": user_attributes,
        "links": { "alt": ctx.profile_link(&subject.account_id) },
    })];
    if let Some((group_id, group_name)) = &event.group {
        context.push(json!({ "id": group_id, "type": "groups", "attributes": { "name": group_name } }));
    }
    json!({
        "id": id,
        "type": "events",
        "attributes": {
            "time": timestamp_millis(event.time),
            "action": event.action,
            "actor": {
                "id": API_KEY_ACTOR_ID,
                "name": API_KEY_ACTOR_NAME,
                "auth": { "authType": "api-token", "tokenLabel": API_KEY_ACTOR_NAME },
            },
            "context": context,
            "container": [ {
                "id": ctx.org.id,
                "type": "orgs",
                "attributes": { "name": ctx.org.name },
                "links": { "alt": ctx.org_v1_link(&[], &[]) },
            } ],
            "location": { "ip": "127.0.0.1" },
        },
        "links": { "self": ctx.org_v1_link(&["events", &id], &[]) },
        "message": { "content": event.message, "format": "simple" },
    })
}
