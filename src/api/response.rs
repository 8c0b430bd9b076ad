//! Reading an answer: decoding a 2xx body with the failing field's path, and turning a refusal
//! (4xx/5xx with the reference's error envelope) into the `ApiError` a user can act on. Must not
//! send or retry anything.

use super::client::{Call, Subject};
use super::error::{ApiError, Endpoint};
use super::model::ErrorEnvelope;
use super::redact;
use crate::types::Secret;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// `title` of a 401 caused by a scoped key missing a scope [C, AX-196].
const INSUFFICIENT_SCOPE_TITLE: &str = "INSUFFICIENT_SCOPE";
/// Org-not-found code on per-item calls (reference §1.4).
const ORG_NOT_FOUND_CODE: &str = "ADMIN-404-2";

/// Decodes `body`; on failure names the JSON path of the bad field and shows a redacted snippet.
/// Public as `api::decode_response` so the fuzz suite drives the exact decoding the client does.
pub fn decode<T: DeserializeOwned>(endpoint: &Endpoint, body: &[u8], key: &Secret) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        // The path names the body's own keys, which the server chose: printable like the rest.
        let field = match err.path().to_string() {
            path if path == "." => "(whole body)".to_owned(),
            path => redact::printable(&path),
        };
        let inner = err.into_inner();
        ApiError::Decode {
            endpoint: endpoint.clone(),
            field,
            message: redact::printable(&redact::redact_credentials(&inner.to_string(), key)),
            snippet: redact::snippet(body, inner.line(), inner.column(), key),
        }
    })
}

/// A 5xx after the retries ran out (or for a call that may not be repeated).
pub(crate) fn server_error(
    endpoint: &Endpoint,
    status: StatusCode,
    body: &[u8],
    attempts: u32,
    key: &Secret,
) -> ApiError {
    let (code, detail) = first_error(body, key);
    ApiError::Server {
        endpoint: endpoint.clone(),
        status: status.as_u16(),
        attempts,
        code,
        detail,
    }
}

/// A 4xx other than 429: never retried, mapped by status and envelope.
pub(crate) fn refusal(
    endpoint: &Endpoint,
    call: &Call<'_>,
    status: StatusCode,
    body: &[u8],
    key: &Secret,
) -> ApiError {
    let envelope = parse_envelope(body);
    let (code, detail) = first_error(body, key);
    let endpoint = endpoint.clone();
    match status {
        StatusCode::UNAUTHORIZED if is_scope_error(&envelope) => ApiError::InsufficientScope {
            endpoint,
            scope: call.scope,
            detail,
        },
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized { endpoint, detail },
        StatusCode::FORBIDDEN => ApiError::NotOrgAdmin {
            endpoint,
            code,
            detail,
        },
        StatusCode::NOT_FOUND => match call.subject {
            Subject::Org(org_id) | Subject::User { org_id, .. }
                if code.as_deref() == Some(ORG_NOT_FOUND_CODE) || matches!(call.subject, Subject::Org(_)) =>
            {
                ApiError::OrgNotFound {
                    org_id: redact::printable(org_id),
                    endpoint,
                }
            }
            Subject::User { account_id, .. } => ApiError::NotFound {
                subject: format!("user {}", redact::printable(account_id)),
                endpoint,
                code,
            },
            _ => ApiError::Rejected {
                endpoint,
                status: status.as_u16(),
                code,
                detail,
            },
        },
        _ => ApiError::Rejected {
            endpoint,
            status: status.as_u16(),
            code,
            detail,
        },
    }
}

fn parse_envelope(body: &[u8]) -> ErrorEnvelope {
    // A body that is not the envelope (a proxy's HTML page, say) is shown as text instead.
    serde_json::from_slice(body).unwrap_or_default()
}

fn is_scope_error(envelope: &ErrorEnvelope) -> bool {
    envelope.errors.iter().any(|error| {
        error.title.as_deref() == Some(INSUFFICIENT_SCOPE_TITLE)
            || error
                .detail
                .as_deref()
                .is_some_and(|detail| detail.to_ascii_lowercase().contains("insufficient scope"))
    })
}

/// The first error's code and a printable, redacted detail (or title, or the raw body).
fn first_error(body: &[u8], key: &Secret) -> (Option<String>, String) {
    let envelope = parse_envelope(body);
    let shown = |text: &str| redact::printable(&redact::redact_credentials(text, key));
    match envelope.errors.first() {
        Some(error) => {
            let text = error
                .detail
                .as_deref()
                .or(error.title.as_deref())
                .unwrap_or_default();
            (error.code.as_deref().map(shown), shown(text))
        }
        None => (None, shown(String::from_utf8_lossy(body).trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::retry::Repeat;
    use reqwest::Method;

    fn call(subject: Subject<'_>) -> Call<'_> {
        Call {
            method: Method::GET,
            url: url::Url::parse("https://api.atlassian.com/admin/v1/orgs/o").expect("url"),
            json_body: None,
            repeat: Repeat::Safe,
            scope: "read:orgs:admin",
            subject,
        }
    }

    fn endpoint() -> Endpoint {
        Endpoint {
            method: "GET",
            path: "/admin/v1/orgs/o".into(),
        }
    }

    #[test]
    fn statuses_map_to_actionable_errors() {
        let key = Secret::new("sekrit-value".into());
        let scope = br#"{"errors":[{"code":"ADMIN-401-2","status":"401","title":"INSUFFICIENT_SCOPE","detail":"Insufficient scope"}]}"#;
        let err = refusal(
            &endpoint(),
            &call(Subject::Org("o")),
            StatusCode::UNAUTHORIZED,
            scope,
            &key,
        );
        assert!(
            matches!(
                err,
                ApiError::InsufficientScope {
                    scope: "read:orgs:admin",
                    ..
                }
            ),
            "{err}"
        );
        let err = refusal(
            &endpoint(),
            &call(Subject::Org("o")),
            StatusCode::UNAUTHORIZED,
            b"",
            &key,
        );
        assert!(err.to_string().contains("Settings → API keys"), "{err}");
        let err = refusal(
            &endpoint(),
            &call(Subject::Org("o")),
            StatusCode::FORBIDDEN,
            b"{}",
            &key,
        );
        assert!(matches!(err, ApiError::NotOrgAdmin { .. }));
        let err = refusal(
            &endpoint(),
            &call(Subject::Org("o")),
            StatusCode::NOT_FOUND,
            b"{}",
            &key,
        );
        assert!(err.to_string().contains("--org"), "{err}");
        let user = Subject::User {
            org_id: "o",
            account_id: "acc-1",
        };
        let err = refusal(
            &endpoint(),
            &call(user),
            StatusCode::NOT_FOUND,
            br#"{"errors":[{"code":"ADMIN-404-8"}]}"#,
            &key,
        );
        assert!(
            matches!(err, ApiError::NotFound { ref subject, .. } if subject == "user acc-1"),
            "{err}"
        );
        let err = refusal(
            &endpoint(),
            &call(user),
            StatusCode::NOT_FOUND,
            br#"{"errors":[{"code":"ADMIN-404-2"}]}"#,
            &key,
        );
        assert!(matches!(err, ApiError::OrgNotFound { .. }), "{err}");
        let err = refusal(
            &endpoint(),
            &call(Subject::Org("o")),
            StatusCode::BAD_REQUEST,
            b"<html>sekrit-value</html>",
            &key,
        );
        assert!(matches!(err, ApiError::Rejected { status: 400, .. }));
        assert!(!err.to_string().contains("sekrit"), "{err}");
    }

    #[test]
    fn decode_errors_name_the_field_and_redact_the_snippet() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            count: u64,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Body {
            #[allow(dead_code)]
            data: Vec<Item>,
        }
        let key = Secret::new("sekrit-value".into());
        let body = br#"{"token":"abc","data":[{"count":1},{"count":"sekrit-value"}]}"#;
        let err = decode::<Body>(&endpoint(), body, &key).expect_err("bad count");
        let ApiError::Decode {
            field,
            snippet,
            message,
            ..
        } = &err
        else {
            panic!("{err}")
        };
        assert_eq!(field, "data[1].count");
        assert!(
            !snippet.contains("sekrit") && !message.contains("sekrit"),
            "{err}"
        );
        assert!(!snippet.contains("abc"), "{snippet}");
    }
}
