//! Typed call properties: [`CallProperties`].
//!
//! HubSpot's calls API carries a call's data in a `properties` map of strings (HubSpot docs:
//! "Engagements | Calls", section "Properties"). [`CallProperties`] gives each documented
//! property a Rust type and keeps every other property untouched in
//! [`custom`](CallProperties::custom):
//!
//! | property | field | type |
//! |---|---|---|
//! | `hs_timestamp` | [`timestamp`](CallProperties::timestamp) | [`CallTimestamp`] (epoch milliseconds or RFC 3339) |
//! | `hs_call_body` | [`body`](CallProperties::body) | `String` |
//! | `hs_call_callee_object_id` | [`callee_object_id`](CallProperties::callee_object_id) | `String` |
//! | `hs_call_callee_object_type` | [`callee_object_type`](CallProperties::callee_object_type) | [`CalleeObjectType`] |
//! | `hs_call_direction` | [`direction`](CallProperties::direction) | [`CallDirection`] |
//! | `hs_call_disposition` | [`disposition`](CallProperties::disposition) | [`CallDisposition`] |
//! | `hs_call_duration` | [`duration`](CallProperties::duration) | [`Duration`] (milliseconds) |
//! | `hs_call_from_number` | [`from_number`](CallProperties::from_number) | `String` |
//! | `hs_call_to_number` | [`to_number`](CallProperties::to_number) | `String` |
//! | `hs_call_recording_url` | [`recording_url`](CallProperties::recording_url) | [`RecordingUrl`] (HTTPS only) |
//! | `hs_call_status` | [`status`](CallProperties::status) | [`CallStatus`] |
//! | `hs_call_has_voicemail` | [`has_voicemail`](CallProperties::has_voicemail) | `bool` |
//! | `hs_call_title` | [`title`](CallProperties::title) | `String` |
//! | `hs_call_source` | [`source`](CallProperties::source) | [`CallSource`] |
//! | `hubspot_owner_id` | [`owner_id`](CallProperties::owner_id) | `String` |
//! | `hs_activity_type` | [`activity_type`](CallProperties::activity_type) | `String` |
//! | `hs_attachment_ids` | [`attachment_ids`](CallProperties::attachment_ids) | `Vec<String>` (`;`-separated) |
//!
//! Each field is a [`PropertyValue`]: absent from the map, `null` (HubSpot's answer for a
//! requested property without a value), the empty string (what a request sends to clear a
//! property), or a value.
//!
//! # Lossless
//!
//! Decoding a map and encoding the result gives the same map back, byte for byte: custom
//! properties pass through, `null` stays `null` (in response maps), and every accepted value is
//! encoded exactly as it was written. To keep that promise, decoding only accepts the canonical
//! spelling of typed values (`true`/`false`, whole milliseconds without leading zeros, ...) and
//! keeps the original text where several spellings exist (timestamps, URLs, enums with unknown
//! values). [`CallProperties::from_properties_lenient`] never fails: a value it cannot decode
//! is kept, as sent, in `custom`, and reported.
//!
//! ```
//! use std::time::Duration;
//! use hubspot_calling::calls::CallCreateRequest;
//! use hubspot_calling::toolkit::associations::CallAssociation;
//! use hubspot_calling::toolkit::properties::{
//!     CallDirection, CallDisposition, CallProperties, CallStatus, CallTimestamp, PropertyValue,
//! };
//!
//! let mut call = CallProperties::logged_at(CallTimestamp::parse("2021-03-17T01:32:44.872Z")?);
//! call.title = "Support call".into();
//! call.direction = CallDirection::Inbound.into();
//! call.status = CallStatus::Completed.into();
//! call.disposition = CallDisposition::Connected.into();
//! call.duration = Duration::from_millis(3800).into();
//! call.body = PropertyValue::Clear; // sent as "": clears the notes
//! call.set_custom("my_crm_ticket", "T-1234");
//!
//! let request: CallCreateRequest = call.into_create_request(vec![CallAssociation::Contact.to("500")]);
//! assert_eq!(request.properties["hs_call_duration"], "3800");
//! assert_eq!(request.properties["hs_call_disposition"], "f240bbac-87c9-4f6e-bf70-924b57d47db7");
//! assert_eq!(request.properties["hs_call_body"], "");
//! assert_eq!(request.properties["my_crm_ticket"], "T-1234");
//! # Ok::<(), hubspot_calling::toolkit::properties::CallPropertyError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::calls::{AssociationInput, Call, CallCreateRequest, CallUpdateRequest};

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
    fn new(property: &str, value: &str, reason: impl Into<String>) -> Self {
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
trait Codec: Sized {
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

/// Declares a string enum whose unknown values are kept: `as_str`, `From<&str>`, `FromStr`,
/// `Display`, and its `Codec`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*
        }
        $(#[doc = $other_doc:literal])*
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
            $(#[doc = $other_doc])*
            $other(String),
        }

        impl $name {
            /// The value as written in the properties map.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::$other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::$other(other.to_owned()),
                }
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Codec for $name {
            fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
                Ok(Self::from(text))
            }
            fn encode(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

string_enum! {
    /// `hs_call_direction`: the direction of the call from the perspective of the HubSpot user.
    /// `INBOUND` when the user received the call, `OUTBOUND` when the user initiated it.
    CallDirection {
        /// `INBOUND`: the HubSpot user is the recipient of the call.
        Inbound = "INBOUND",
        /// `OUTBOUND`: the HubSpot user initiated the call.
        Outbound = "OUTBOUND",
    }
    /// A value this crate does not know, kept as written.
    Other
}

string_enum! {
    /// `hs_call_status`: the status of the call.
    ///
    /// The match is exact: HubSpot's docs also write a voicemail's status as lowercase `missed`,
    /// which is kept as `Other("missed")`; [`CallStatus::is_missed`] accepts both spellings.
    CallStatus {
        /// `BUSY`
        Busy = "BUSY",
        /// `CALLING_CRM_USER`
        CallingCrmUser = "CALLING_CRM_USER",
        /// `CANCELED`
        Canceled = "CANCELED",
        /// `COMPLETED`
        Completed = "COMPLETED",
        /// `CONNECTING`
        Connecting = "CONNECTING",
        /// `FAILED`
        Failed = "FAILED",
        /// `IN_PROGRESS`
        InProgress = "IN_PROGRESS",
        /// `MISSED`
        Missed = "MISSED",
        /// `NO_ANSWER`
        NoAnswer = "NO_ANSWER",
        /// `QUEUED`
        Queued = "QUEUED",
        /// `RINGING`
        Ringing = "RINGING",
    }
    /// A status this crate does not know, kept as written.
    Other
}

impl CallStatus {
    /// Whether the status is missed, in either spelling HubSpot's docs use (`MISSED`, `missed`).
    pub fn is_missed(&self) -> bool {
        match self {
            Self::Missed => true,
            Self::Other(value) => value.eq_ignore_ascii_case("missed"),
            _ => false,
        }
    }
}

string_enum! {
    /// `hs_call_source`: the source of the call. Not required, but required to use the
    /// recording and transcription pipeline; when set, it must be `INTEGRATIONS_PLATFORM`.
    CallSource {
        /// `INTEGRATIONS_PLATFORM`: the call was logged by a calling app.
        IntegrationsPlatform = "INTEGRATIONS_PLATFORM",
    }
    /// Any other source HubSpot reports, kept as written.
    Other
}

string_enum! {
    /// `hs_call_callee_object_type`: the type of the object the call's associated record
    /// belongs to (the recipient for `OUTBOUND` calls, the dialer for `INBOUND` calls), e.g. a
    /// contact or a company.
    CalleeObjectType {
        /// `CONTACT`
        Contact = "CONTACT",
        /// `COMPANY`
        Company = "COMPANY",
    }
    /// Any other object type, kept as written.
    Other
}

/// `hs_call_disposition`: the outcome of the call, HubSpot's internal GUID of a call outcome.
///
/// The six default outcomes are named; a custom outcome of the account (its GUID is listed by
/// HubSpot's call dispositions API) is kept as [`CallDisposition::Custom`], exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallDisposition {
    /// Busy: `9d9162e7-6cf3-4944-bf63-4dff82258764`.
    Busy,
    /// Connected: `f240bbac-87c9-4f6e-bf70-924b57d47db7`.
    Connected,
    /// Left live message: `a4c4c377-d246-4b32-a13b-75a56a4cd0ff`.
    LeftLiveMessage,
    /// Left voicemail: `b2cf5968-551e-4856-9783-52b3da59a7d0`.
    LeftVoicemail,
    /// No answer: `73a0d17f-1163-4015-bdd5-ec830791da20`.
    NoAnswer,
    /// Wrong number: `17b47fee-58de-441e-a44c-c6300d46f273`.
    WrongNumber,
    /// A custom outcome of the account: its GUID, as written. Build it with
    /// [`CallDisposition::custom`], which checks that it is a GUID.
    Custom(String),
}

impl CallDisposition {
    /// The six default outcomes, with their GUIDs (HubSpot docs: "Engagements | Calls",
    /// `hs_call_disposition`).
    pub const DEFAULTS: [(CallDisposition, &'static str); 6] = [
        (Self::Busy, "9d9162e7-6cf3-4944-bf63-4dff82258764"),
        (Self::Connected, "f240bbac-87c9-4f6e-bf70-924b57d47db7"),
        (
            Self::LeftLiveMessage,
            "a4c4c377-d246-4b32-a13b-75a56a4cd0ff",
        ),
        (Self::LeftVoicemail, "b2cf5968-551e-4856-9783-52b3da59a7d0"),
        (Self::NoAnswer, "73a0d17f-1163-4015-bdd5-ec830791da20"),
        (Self::WrongNumber, "17b47fee-58de-441e-a44c-c6300d46f273"),
    ];

    /// The GUID, as written in the properties map.
    pub fn guid(&self) -> &str {
        match self {
            Self::Busy => Self::DEFAULTS[0].1,
            Self::Connected => Self::DEFAULTS[1].1,
            Self::LeftLiveMessage => Self::DEFAULTS[2].1,
            Self::LeftVoicemail => Self::DEFAULTS[3].1,
            Self::NoAnswer => Self::DEFAULTS[4].1,
            Self::WrongNumber => Self::DEFAULTS[5].1,
            Self::Custom(guid) => guid,
        }
    }

    /// The outcome of a GUID: one of the six defaults when it is one of their GUIDs (exactly as
    /// HubSpot writes them, in lowercase), otherwise [`CallDisposition::Custom`].
    ///
    /// # Errors
    /// When `guid` is not a GUID.
    pub fn custom(guid: impl Into<String>) -> Result<Self, CallPropertyError> {
        let guid = guid.into();
        if let Some((known, _)) = Self::DEFAULTS.iter().find(|(_, g)| *g == guid) {
            return Ok(known.clone());
        }
        match uuid::Uuid::try_parse(&guid) {
            Ok(_) => Ok(Self::Custom(guid)),
            Err(_) => Err(CallPropertyError::new(
                "hs_call_disposition",
                &guid,
                "not a call outcome GUID (e.g. f240bbac-87c9-4f6e-bf70-924b57d47db7 for Connected)",
            )),
        }
    }

    /// The label HubSpot shows for a default outcome (`"Left voicemail"`), `None` for a custom
    /// one.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Self::Busy => Some("Busy"),
            Self::Connected => Some("Connected"),
            Self::LeftLiveMessage => Some("Left live message"),
            Self::LeftVoicemail => Some("Left voicemail"),
            Self::NoAnswer => Some("No answer"),
            Self::WrongNumber => Some("Wrong number"),
            Self::Custom(_) => None,
        }
    }
}

impl FromStr for CallDisposition {
    type Err = CallPropertyError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::custom(value)
    }
}

impl fmt::Display for CallDisposition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.guid())
    }
}

impl Codec for CallDisposition {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Self::custom(text)
    }
    fn encode(&self) -> String {
        self.guid().to_owned()
    }
}

/// `hs_timestamp`: when the call happened; where it sits on the record timeline. Required when
/// creating a call.
///
/// HubSpot accepts a Unix timestamp in milliseconds or an RFC 3339 (UTC) date-time. The value
/// keeps the text it was made from, so it is written back exactly as it was read;
/// [`instant`](Self::instant) is the point in time either way.
///
/// ```
/// use hubspot_calling::toolkit::properties::CallTimestamp;
///
/// let a = CallTimestamp::parse("1615944764872")?;
/// let b = CallTimestamp::parse("2021-03-17T01:32:44.872Z")?;
/// assert_eq!(a.instant(), b.instant());
/// assert_eq!(a.as_str(), "1615944764872");
/// # Ok::<(), hubspot_calling::toolkit::properties::CallPropertyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CallTimestamp {
    instant: DateTime<Utc>,
    text: String,
}

impl CallTimestamp {
    /// Reads epoch milliseconds (digits, optionally after `-`) or an RFC 3339 date-time (any
    /// offset; converted to UTC for [`instant`](Self::instant), kept as written otherwise).
    ///
    /// # Errors
    /// When `text` is neither.
    pub fn parse(text: &str) -> Result<Self, CallPropertyError> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let instant = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<i64>()
                .ok()
                .and_then(DateTime::<Utc>::from_timestamp_millis)
        } else {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        };
        match instant {
            Some(instant) => Ok(Self {
                instant,
                text: text.to_owned(),
            }),
            None => Err(CallPropertyError::new(
                "hs_timestamp",
                text,
                "expected Unix epoch milliseconds (e.g. 1615944764872) or an RFC 3339 date-time \
                 (e.g. 2021-03-17T01:32:44.872Z)",
            )),
        }
    }

    /// A timestamp written as epoch milliseconds, e.g. `1615944764872`.
    ///
    /// # Errors
    /// When `millis` is outside the range of dates chrono represents.
    pub fn from_epoch_millis(millis: i64) -> Result<Self, CallPropertyError> {
        Self::parse(&millis.to_string())
    }

    /// A timestamp written in RFC 3339 with milliseconds in UTC, e.g. `2021-03-17T01:32:44.872Z`,
    /// the form HubSpot answers with.
    pub fn from_datetime(instant: DateTime<Utc>) -> Self {
        Self {
            instant,
            text: instant.to_rfc3339_opts(SecondsFormat::Millis, true),
        }
    }

    /// The current time (RFC 3339, milliseconds, UTC).
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// The point in time.
    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    /// Milliseconds since the Unix epoch.
    pub fn epoch_millis(&self) -> i64 {
        self.instant.timestamp_millis()
    }

    /// The text, as written in the properties map.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<DateTime<Utc>> for CallTimestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        Self::from_datetime(instant)
    }
}

impl From<SystemTime> for CallTimestamp {
    fn from(time: SystemTime) -> Self {
        Self::from_datetime(DateTime::<Utc>::from(time))
    }
}

impl FromStr for CallTimestamp {
    type Err = CallPropertyError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for CallTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Codec for CallTimestamp {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Self::parse(text)
    }
    fn encode(&self) -> String {
        self.text.clone()
    }
}

/// `hs_call_recording_url`: where the call recording is stored. HubSpot only accepts HTTPS
/// (secure) URLs; recordings in `.mp3` or `.wav` files can be played back on CRM records.
///
/// ```
/// use hubspot_calling::toolkit::properties::RecordingUrl;
///
/// assert!(RecordingUrl::new("https://api.twilio.com/2010-04-01/Accounts/AC89/Recordings/RE30").is_ok());
/// let error = RecordingUrl::new("http://example.com/call.mp3").unwrap_err();
/// assert!(error.to_string().contains("HTTPS"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordingUrl(String);

impl RecordingUrl {
    /// Checks that `url` is an absolute `https` URL with a host, and keeps it as written.
    ///
    /// # Errors
    /// When `url` is not a URL, is not `https`, or has no host.
    pub fn new(url: impl Into<String>) -> Result<Self, CallPropertyError> {
        let text = url.into();
        let error = |reason: String| CallPropertyError::new("hs_call_recording_url", &text, reason);
        let parsed = url::Url::parse(&text).map_err(|e| error(format!("not a URL ({e})")))?;
        if parsed.scheme() != "https" {
            return Err(error(format!(
                "not an HTTPS URL (HubSpot only accepts secure recording URLs; this one is `{}`)",
                parsed.scheme()
            )));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(error("the URL has no host".to_owned()));
        }
        Ok(Self(text))
    }

    /// The URL, as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RecordingUrl {
    type Err = CallPropertyError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

impl TryFrom<String> for RecordingUrl {
    type Error = CallPropertyError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(text)
    }
}

impl fmt::Display for RecordingUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Codec for RecordingUrl {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Self::new(text)
    }
    fn encode(&self) -> String {
        self.0.clone()
    }
}

/// What a call's recording is, as HubSpot tells recorded calls and voicemails apart (HubSpot
/// docs: "Identify voicemails vs. recorded calls").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingKind {
    /// An inbound call that was missed, where the caller left a voicemail.
    Voicemail,
    /// A recording of the call itself.
    RecordedCall,
}

fn decode_value<T: Codec>(
    property: &str,
    value: Option<&str>,
) -> Result<PropertyValue<T>, CallPropertyError> {
    Ok(match value {
        None => PropertyValue::Null,
        Some("") => PropertyValue::Clear,
        Some(text) => PropertyValue::Set(T::decode(property, text)?),
    })
}

fn encode_value<T: Codec>(value: &PropertyValue<T>) -> Option<Option<String>> {
    match value {
        PropertyValue::Absent => None,
        PropertyValue::Null => Some(None),
        PropertyValue::Clear => Some(Some(String::new())),
        PropertyValue::Set(v) => Some(Some(v.encode())),
    }
}

/// Declares [`CallProperties`] and [`CallProperty`] from one table, so the field list, the
/// property names and the conversions cannot drift apart.
macro_rules! call_properties {
    ($(
        $(#[doc = $doc:literal])*
        $field:ident: $ty:ty = $name:literal / $variant:ident,
    )*) => {
        /// The documented properties of a call, typed, plus every other property as sent. See
        /// the [module documentation](self) for the table and the conversions.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(
            try_from = "BTreeMap<String, Option<String>>",
            into = "BTreeMap<String, Option<String>>"
        )]
        pub struct CallProperties {
            $( $(#[doc = $doc])* pub $field: PropertyValue<$ty>, )*
            /// Every property that is not one of the documented ones above (custom properties of
            /// the account, and HubSpot's other call properties such as `hs_object_id`), as
            /// sent; `None` is `null`. When a documented property is also in here, the typed
            /// field wins unless it is [`PropertyValue::Absent`].
            pub custom: BTreeMap<String, Option<String>>,
        }

        /// The documented call properties, by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CallProperty {
            $( #[doc = concat!("`", $name, "`")] $variant, )*
        }

        impl CallProperty {
            /// Every documented property, in the order of HubSpot's table.
            pub const ALL: &'static [CallProperty] = &[$(CallProperty::$variant,)*];

            /// The property name, e.g. `"hs_call_duration"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $( CallProperty::$variant => $name, )*
                }
            }

            /// The property with this name, if it is a documented one.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $name => Some(CallProperty::$variant), )*
                    _ => None,
                }
            }
        }

        impl fmt::Display for CallProperty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl AsRef<str> for CallProperty {
            /// The property name.
            fn as_ref(&self) -> &str {
                self.name()
            }
        }

        /// The property name, so a `CallProperty` goes wherever a property name is taken: the
        /// `.properties(..)` setters of reads, [`BatchReadCallsRequest`](crate::calls::BatchReadCallsRequest)'s
        /// `properties`, search filters and sorts.
        impl From<CallProperty> for String {
            fn from(property: CallProperty) -> Self {
                property.name().to_owned()
            }
        }

        impl CallProperties {
            /// Decodes one entry into its typed field; `Ok(false)` when `name` is not a
            /// documented property.
            fn decode_entry(&mut self, name: &str, value: Option<&str>) -> Result<bool, CallPropertyError> {
                match name {
                    $( $name => {
                        self.$field = decode_value::<$ty>($name, value)?;
                        Ok(true)
                    } )*
                    _ => Ok(false),
                }
            }

            /// Every typed field that is not absent: `(name, None)` for `null`.
            fn typed_entries(&self) -> Vec<(&'static str, Option<String>)> {
                let mut out = Vec::new();
                $(
                    if let Some(value) = encode_value(&self.$field) {
                        out.push(($name, value));
                    }
                )*
                out
            }

            /// Sets a documented property to the empty string, which clears it when sent in a
            /// request.
            pub fn clear(&mut self, property: CallProperty) {
                match property {
                    $( CallProperty::$variant => self.$field = PropertyValue::Clear, )*
                }
            }

            /// Removes a documented property from the map (a request then leaves it as it is).
            pub fn unset(&mut self, property: CallProperty) {
                match property {
                    $( CallProperty::$variant => self.$field = PropertyValue::Absent, )*
                }
            }
        }
    };
}

call_properties! {
    /// `hs_timestamp` (required when creating): when the call happened; where it sits on the
    /// record timeline.
    timestamp: CallTimestamp = "hs_timestamp" / Timestamp,
    /// `hs_call_body`: the description of the call, including any notes.
    body: String = "hs_call_body" / Body,
    /// `hs_call_callee_object_id`: the ID of the HubSpot record associated with the call (the
    /// recipient for `OUTBOUND` calls, the dialer for `INBOUND` calls).
    callee_object_id: String = "hs_call_callee_object_id" / CalleeObjectId,
    /// `hs_call_callee_object_type`: the type of the object of that record (e.g. contact or
    /// company).
    callee_object_type: CalleeObjectType = "hs_call_callee_object_type" / CalleeObjectType,
    /// `hs_call_direction`: `INBOUND` or `OUTBOUND`, from the HubSpot user's perspective.
    direction: CallDirection = "hs_call_direction" / Direction,
    /// `hs_call_disposition`: the outcome of the call (a GUID).
    disposition: CallDisposition = "hs_call_disposition" / Disposition,
    /// `hs_call_duration`: the duration of the call, written in milliseconds.
    duration: Duration = "hs_call_duration" / Duration,
    /// `hs_call_from_number`: the phone number the call was made from.
    from_number: String = "hs_call_from_number" / FromNumber,
    /// `hs_call_to_number`: the phone number that received the call.
    to_number: String = "hs_call_to_number" / ToNumber,
    /// `hs_call_recording_url`: the URL of the recording (HTTPS only).
    recording_url: RecordingUrl = "hs_call_recording_url" / RecordingUrl,
    /// `hs_call_status`: the status of the call.
    status: CallStatus = "hs_call_status" / Status,
    /// `hs_call_has_voicemail`: `true` for a missed inbound call with a voicemail, `false` for
    /// an inbound call without one, `null` when the status is not missed.
    has_voicemail: bool = "hs_call_has_voicemail" / HasVoicemail,
    /// `hs_call_title`: the title of the call.
    title: String = "hs_call_title" / Title,
    /// `hs_call_source`: the source of the call (`INTEGRATIONS_PLATFORM` when set).
    source: CallSource = "hs_call_source" / Source,
    /// `hubspot_owner_id`: the ID of the owner (the user listed as the call's creator).
    owner_id: String = "hubspot_owner_id" / OwnerId,
    /// `hs_activity_type`: the type of call, one of the call types set up in the account.
    activity_type: String = "hs_activity_type" / ActivityType,
    /// `hs_attachment_ids`: the IDs of the call's attachments (written separated by `;`).
    attachment_ids: Vec<String> = "hs_attachment_ids" / AttachmentIds,
}

impl CallProperties {
    /// The properties to request (`get_call_by_id(..).properties(..)`) to tell voicemails from
    /// recorded calls with [`recording_kind`](Self::recording_kind).
    pub const VOICEMAIL_PROPERTIES: [&'static str; 3] = [
        "hs_call_status",
        "hs_call_has_voicemail",
        "hs_call_recording_url",
    ];

    /// Empty properties: every field absent.
    pub fn new() -> Self {
        Self::default()
    }

    /// Properties with `hs_timestamp` set (the one property HubSpot requires to create a call).
    pub fn logged_at(timestamp: impl Into<CallTimestamp>) -> Self {
        Self {
            timestamp: PropertyValue::Set(timestamp.into()),
            ..Self::default()
        }
    }

    /// Decodes a response's properties map (`null` values allowed).
    ///
    /// # Errors
    /// The first documented property whose value cannot be decoded.
    pub fn from_properties(
        map: &BTreeMap<String, Option<String>>,
    ) -> Result<Self, CallPropertyError> {
        let mut out = Self::default();
        for (name, value) in map {
            if !out.decode_entry(name, value.as_deref())? {
                out.custom.insert(name.clone(), value.clone());
            }
        }
        Ok(out)
    }

    /// Decodes a request's properties map.
    ///
    /// # Errors
    /// The first documented property whose value cannot be decoded.
    pub fn from_request_properties(
        map: &BTreeMap<String, String>,
    ) -> Result<Self, CallPropertyError> {
        let mut out = Self::default();
        for (name, value) in map {
            if !out.decode_entry(name, Some(value))? {
                out.custom.insert(name.clone(), Some(value.clone()));
            }
        }
        Ok(out)
    }

    /// Decodes a response's properties map without failing: a documented property whose value
    /// cannot be decoded stays absent in its typed field and is kept, as sent, in
    /// [`custom`](Self::custom) (so encoding still gives the same map back); the errors say
    /// which.
    pub fn from_properties_lenient(
        map: &BTreeMap<String, Option<String>>,
    ) -> (Self, Vec<CallPropertyError>) {
        let mut out = Self::default();
        let mut errors = Vec::new();
        for (name, value) in map {
            match out.decode_entry(name, value.as_deref()) {
                Ok(true) => {}
                Ok(false) => {
                    out.custom.insert(name.clone(), value.clone());
                }
                Err(error) => {
                    errors.push(error);
                    out.custom.insert(name.clone(), value.clone());
                }
            }
        }
        (out, errors)
    }

    /// The properties as a response map: `null` stays `None`, a cleared property is `""`.
    pub fn to_properties(&self) -> BTreeMap<String, Option<String>> {
        let mut map = self.custom.clone();
        for (name, value) in self.typed_entries() {
            map.insert(name.to_owned(), value);
        }
        map
    }

    /// The properties as a request map (the `properties` of [`CallCreateRequest`] and
    /// [`CallUpdateRequest`]): a cleared property is sent as `""`; `null` values (typed or
    /// custom) are left out, so they leave the property as it is.
    pub fn to_request_properties(&self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = self
            .custom
            .iter()
            .filter_map(|(name, value)| Some((name.clone(), value.clone()?)))
            .collect();
        for (name, value) in self.typed_entries() {
            match value {
                Some(value) => {
                    map.insert(name.to_owned(), value);
                }
                None => {
                    map.remove(name);
                }
            }
        }
        map
    }

    /// A [`CallCreateRequest`] with these properties and the given associations (see
    /// [`CallAssociation::to`](crate::toolkit::associations::CallAssociation::to)).
    pub fn into_create_request(self, associations: Vec<AssociationInput>) -> CallCreateRequest {
        CallCreateRequest {
            properties: self.to_request_properties(),
            associations,
            object_write_trace_id: None,
        }
    }

    /// A [`CallUpdateRequest`] with these properties.
    pub fn into_update_request(self) -> CallUpdateRequest {
        CallUpdateRequest {
            properties: self.to_request_properties(),
        }
    }

    /// A custom property's value (`None` when absent or `null`).
    pub fn custom(&self, name: &str) -> Option<&str> {
        self.custom.get(name).and_then(|v| v.as_deref())
    }

    /// Sets a custom property (one that is not documented above; use the typed fields for
    /// those).
    pub fn set_custom(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.custom.insert(name.into(), Some(value.into()));
    }

    /// Whether the call is a voicemail, as HubSpot's docs describe it: status missed
    /// (`MISSED` or `missed`) and `hs_call_has_voicemail` true.
    pub fn is_voicemail(&self) -> bool {
        self.status.as_set().is_some_and(CallStatus::is_missed)
            && self.has_voicemail == PropertyValue::Set(true)
    }

    /// What the recording in `hs_call_recording_url` is: a voicemail (see
    /// [`is_voicemail`](Self::is_voicemail)) or a recorded call; `None` when there is no
    /// recording URL. Read the call with [`VOICEMAIL_PROPERTIES`](Self::VOICEMAIL_PROPERTIES).
    pub fn recording_kind(&self) -> Option<RecordingKind> {
        self.recording_url.as_set()?;
        Some(if self.is_voicemail() {
            RecordingKind::Voicemail
        } else {
            RecordingKind::RecordedCall
        })
    }
}

impl TryFrom<&BTreeMap<String, Option<String>>> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(map: &BTreeMap<String, Option<String>>) -> Result<Self, Self::Error> {
        Self::from_properties(map)
    }
}

impl TryFrom<BTreeMap<String, Option<String>>> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(map: BTreeMap<String, Option<String>>) -> Result<Self, Self::Error> {
        Self::from_properties(&map)
    }
}

impl TryFrom<&BTreeMap<String, String>> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(map: &BTreeMap<String, String>) -> Result<Self, Self::Error> {
        Self::from_request_properties(map)
    }
}

impl TryFrom<BTreeMap<String, String>> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(map: BTreeMap<String, String>) -> Result<Self, Self::Error> {
        Self::from_request_properties(&map)
    }
}

impl TryFrom<&Call> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(call: &Call) -> Result<Self, Self::Error> {
        Self::from_properties(&call.properties)
    }
}

impl TryFrom<&CallCreateRequest> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(request: &CallCreateRequest) -> Result<Self, Self::Error> {
        Self::from_request_properties(&request.properties)
    }
}

impl TryFrom<&CallUpdateRequest> for CallProperties {
    type Error = CallPropertyError;
    fn try_from(request: &CallUpdateRequest) -> Result<Self, Self::Error> {
        Self::from_request_properties(&request.properties)
    }
}

impl From<CallProperties> for BTreeMap<String, Option<String>> {
    fn from(properties: CallProperties) -> Self {
        properties.to_properties()
    }
}

impl From<&CallProperties> for BTreeMap<String, Option<String>> {
    fn from(properties: &CallProperties) -> Self {
        properties.to_properties()
    }
}

impl From<CallProperties> for BTreeMap<String, String> {
    fn from(properties: CallProperties) -> Self {
        properties.to_request_properties()
    }
}

impl From<&CallProperties> for BTreeMap<String, String> {
    fn from(properties: &CallProperties) -> Self {
        properties.to_request_properties()
    }
}

impl From<CallProperties> for CallCreateRequest {
    fn from(properties: CallProperties) -> Self {
        properties.into_create_request(Vec::new())
    }
}

impl From<CallProperties> for CallUpdateRequest {
    fn from(properties: CallProperties) -> Self {
        properties.into_update_request()
    }
}

impl Call {
    /// This call's properties, typed ([`CallProperties::from_properties`]).
    ///
    /// # Errors
    /// The first documented property whose value cannot be decoded; use
    /// [`CallProperties::from_properties_lenient`] to keep going.
    pub fn call_properties(&self) -> Result<CallProperties, CallPropertyError> {
        CallProperties::from_properties(&self.properties)
    }
}
