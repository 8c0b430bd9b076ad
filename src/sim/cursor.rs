//! Opaque page cursors: base64url (no padding) of a small JSON object carrying the listing that issued
//! it, the original query and the stored position to resume from. Owns encoding only; must not
//! interpret queries or positions.

use super::errors::SimError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// What a cursor carries. `kind` names the listing ("users", "groups", …) so that a cursor issued by
/// one endpoint is refused by another instead of being misread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCursor<Q> {
    #[serde(rename = "k")]
    pub kind: String,
    #[serde(rename = "q")]
    pub query: Q,
    /// Position in the listing's order at which the page starts.
    #[serde(rename = "p")]
    pub position: usize,
}

impl<Q: Serialize + DeserializeOwned> PageCursor<Q> {
    #[must_use]
    pub fn new(kind: &str, query: Q, position: usize) -> Self {
        Self {
            kind: kind.to_owned(),
            query,
            position,
        }
    }

    /// The opaque string served in `links`.
    pub fn encode(&self) -> Result<String, SimError> {
        let json = serde_json::to_vec(self)
            .map_err(|error| SimError::internal(format!("could not encode a page cursor: {error}")))?;
        Ok(URL_SAFE_NO_PAD.encode(json))
    }

    /// Reads a cursor sent back by a client; anything this listing did not issue is `ADMIN-400-1`.
    pub fn decode(kind: &str, text: &str) -> Result<Self, SimError> {
        let invalid = || SimError::invalid_cursor(format!("The cursor {text:?} is not a valid page cursor"));
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| invalid())?;
        let cursor: Self = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if cursor.kind != kind {
            return Err(SimError::invalid_cursor(format!(
                "The cursor {text:?} belongs to another listing ({}), not {kind}",
                cursor.kind
            )));
        }
        Ok(cursor)
    }
}

/// An opaque per-item `links.self` value: base64url of the item id.
#[must_use]
pub fn item_link(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_kinds_and_garbage() {
        let cursor = PageCursor::new("users", vec!["a".to_owned()], 42);
        let text = cursor.encode().unwrap();
        assert!(!text.contains('='), "no padding");
        assert_eq!(PageCursor::<Vec<String>>::decode("users", &text).unwrap(), cursor);
        for bad in [text.as_str(), "not a cursor", "", "e30"] {
            let kind = if bad == text { "groups" } else { "users" };
            let error = PageCursor::<Vec<String>>::decode(kind, bad).unwrap_err();
            assert_eq!(error.body()["errors"][0]["code"], "ADMIN-400-1", "{bad}");
        }
    }
}
