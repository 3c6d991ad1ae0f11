//! One property's states ([`PropertyValue`]), how typed values are written in the map
//! (`Codec`), and the error for a value that cannot be decoded.

use std::time::Duration;

/// A property value that cannot be decoded (or a value a constructor refuses), with the property
/// it belongs to and why.
///
/// Its `Display` reads like ``invalid `hs_call_recording_url` value "http://example.com/a.mp3":
/// not an HTTPS URL (HubSpot only accepts secure recording URLs)``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{property}` value {value:?}: {reason}")]
pub struct CallPropertyError {
    property: String,
    value: String,
    reason: String,
}

impl CallPropertyError {
    pub(super) fn new(property: &str, value: &str, reason: impl Into<String>) -> Self {
        Self {
            property: property.to_owned(),
            value: value.to_owned(),
            reason: reason.into(),
        }
    }

    /// The property name, e.g. `hs_call_duration`.
    pub fn property(&self) -> &str {
        &self.property
    }

    /// The value that was refused, as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Why it was refused.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// One property of a properties map, as HubSpot can send and receive it.
///
/// `Absent` is the default. Build the other states with `From`: `"Support call".into()`,
/// `CallStatus::Completed.into()`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum PropertyValue<T> {
    /// Not in the map. A request leaves the property as it is.
    #[default]
    Absent,
    /// `null` in a response: the property was requested but has no value. A request never sends
    /// `null`: encoding for a request leaves the property out.
    Null,
    /// The empty string. In a request it clears the property (HubSpot docs: "To clear a property
    /// value, pass an empty string"); in a response it is a property without a value.
    Clear,
    /// A value.
    Set(T),
}

impl<T> PropertyValue<T> {
    /// The value, if there is one.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_set(self) -> Option<T> {
        match self {
            Self::Set(value) => Some(value),
            _ => None,
        }
    }

    /// Whether there is a value.
    pub fn is_set(&self) -> bool {
        matches!(self, Self::Set(_))
    }

    /// Whether the property is not in the map at all.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }
}

impl<T> From<T> for PropertyValue<T> {
    fn from(value: T) -> Self {
        Self::Set(value)
    }
}

impl From<&str> for PropertyValue<String> {
    fn from(value: &str) -> Self {
        Self::Set(value.to_owned())
    }
}

/// How a typed property value is written in the map. Decoding accepts exactly what encoding
/// produces (or keeps the original text), so `encode(decode(s)) == s` for every accepted `s`.
pub(super) trait Codec: Sized {
    fn decode(property: &str, text: &str) -> Result<Self, CallPropertyError>;
    fn encode(&self) -> String;
}

impl Codec for String {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Ok(text.to_owned())
    }
    fn encode(&self) -> String {
        self.clone()
    }
}

impl Codec for bool {
    fn decode(property: &str, text: &str) -> Result<Self, CallPropertyError> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(CallPropertyError::new(
                property,
                text,
                "expected `true` or `false`",
            )),
        }
    }
    fn encode(&self) -> String {
        self.to_string()
    }
}

/// `hs_call_duration`: whole milliseconds. Sub-millisecond parts are dropped when encoding.
impl Codec for Duration {
    fn decode(property: &str, text: &str) -> Result<Self, CallPropertyError> {
        let canonical =
            text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
        match text.parse::<u64>() {
            Ok(millis) if canonical => Ok(Duration::from_millis(millis)),
            _ => Err(CallPropertyError::new(
                property,
                text,
                "expected a whole number of milliseconds (digits only, no leading zeros)",
            )),
        }
    }
    fn encode(&self) -> String {
        self.as_millis().to_string()
    }
}

/// `hs_attachment_ids`: the IDs separated by semicolons, each kept exactly as written.
impl Codec for Vec<String> {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Ok(text.split(';').map(str::to_owned).collect())
    }
    fn encode(&self) -> String {
        self.join(";")
    }
}

pub(super) fn decode_value<T: Codec>(
    property: &str,
    value: Option<&str>,
) -> Result<PropertyValue<T>, CallPropertyError> {
    Ok(match value {
        None => PropertyValue::Null,
        Some("") => PropertyValue::Clear,
        Some(text) => PropertyValue::Set(T::decode(property, text)?),
    })
}

pub(super) fn encode_value<T: Codec>(value: &PropertyValue<T>) -> Option<Option<String>> {
    match value {
        PropertyValue::Absent => None,
        PropertyValue::Null => Some(None),
        PropertyValue::Clear => Some(Some(String::new())),
        PropertyValue::Set(v) => Some(Some(v.encode())),
    }
}
