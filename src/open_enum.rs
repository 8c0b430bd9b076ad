//! The `open_enum!` macro: string enums that keep values they do not know. Owns no policy.
//!
//! The Atlassian API grows: a status or role that did not exist when this was written must
//! decode, survive a cache round trip and show up as text, never fail the load.

/// Declares an enum with known variants, each with its wire spelling, plus `Other(String)`.
/// Generates `as_str`, `From<&str>`, `Display`, and string (de)serialization.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of dormant does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The spelling on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(text) => text,
                }
            }

            /// Whether this is a value dormant knows.
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text.as_ref()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        enum Colour { Red => "red", Blue => "blue" }
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let parsed: Vec<Colour> = serde_json::from_str(r#"["red","teal"]"#).expect("decodes");
        assert_eq!(parsed, vec![Colour::Red, Colour::Other("teal".into())]);
        assert!(!parsed[1].is_known());
        assert_eq!(
            serde_json::to_string(&parsed).expect("encodes"),
            r#"["red","teal"]"#
        );
        assert_eq!(Colour::Blue.to_string(), "blue");
    }
}
