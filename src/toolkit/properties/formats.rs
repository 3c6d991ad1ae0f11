//! Properties with a format of their own: the call's timestamp and the recording URL.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, SecondsFormat, Utc};

use super::value::{CallPropertyError, Codec};

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
