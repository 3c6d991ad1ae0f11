//! Helpers for the channel-connection webhook (HubSpot docs: "Set up third-party calling in help
//! desk (BETA)"): the request HubSpot sends to your app and the phone numbers your app answers
//! with, generated in [`channel_connection_webhook`](crate::channel_connection_webhook).
//!
//! - [`E164Number`]: the `e164PhoneNumber` of an answer must be in E.164 format
//!   (`+18001231234`); parsing says what is wrong otherwise.
//! - [`truncate_friendly_name`]: HubSpot enforces a 24-character limit on `friendlyName` and
//!   truncates longer names; this cuts them the same way, on a character boundary, so you know
//!   what users will see.
//! - [`PhoneNumber::is_selectable`]: HubSpot accepts numbers with an extension in the answer but
//!   does not let users select them (they cannot be connected to the help desk at this time).
//! - [`send_signed`]: sends the request HubSpot sends, signed with your client secret, to your
//!   own endpoint (tests, health checks).
//!
//! ```
//! use hubspot_calling::channel_connection_webhook::{PhoneNumber, PhoneNumbersResponse};
//!
//! let answer = PhoneNumbersResponse {
//!     phone_numbers: vec![
//!         PhoneNumber::e164("+18001231234")?.with_friendly_name("Support line, Boston office (main)"),
//!         PhoneNumber::e164("+18001231234")?.with_extension("1").with_friendly_name("My cell phone number"),
//!     ],
//! };
//! assert_eq!(answer.phone_numbers[0].friendly_name.as_deref(), Some("Support line, Boston off"));
//! assert_eq!(answer.selectable().count(), 1);
//! assert!(PhoneNumber::e164("(857) 829 5489").is_err());
//! # Ok::<(), hubspot_calling::toolkit::channel_connection::E164Error>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use crate::channel_connection_webhook::builders::ListPhoneNumbers;
use crate::channel_connection_webhook::{PhoneNumber, PhoneNumbersRequest, PhoneNumbersResponse};
use crate::toolkit::signature::{self, SignatureVersion};
use crate::{Client, Error};

/// The longest `friendlyName` HubSpot shows; longer names are truncated.
pub const FRIENDLY_NAME_MAX_LEN: usize = 24;

/// The most digits an E.164 number has (country code included).
pub const E164_MAX_DIGITS: usize = 15;

/// A phone number that is not in E.164 format, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an E.164 phone number (like +18001231234): {reason}")]
pub struct E164Error {
    value: String,
    reason: &'static str,
}

impl E164Error {
    /// The refused text.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

/// A phone number in E.164 format: `+`, a country code that does not start with 0, and the
/// subscriber number, at most 15 digits in all, with nothing else (no spaces, dashes,
/// parentheses or extension).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164Number(String);

impl E164Number {
    /// Checks `text` and keeps it.
    ///
    /// # Errors
    /// When `text` is not in E.164 format; the error says why.
    pub fn parse(text: &str) -> Result<Self, E164Error> {
        let error = |reason| E164Error {
            value: text.to_owned(),
            reason,
        };
        let Some(digits) = text.strip_prefix('+') else {
            return Err(error("it must start with `+` and the country code"));
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(
                "only digits may follow the `+` (no spaces, dashes, parentheses or extension)",
            ));
        }
        if digits.starts_with('0') {
            return Err(error("country codes do not start with 0"));
        }
        if digits.len() < 2 {
            return Err(error("it needs a country code and a subscriber number"));
        }
        if digits.len() > E164_MAX_DIGITS {
            return Err(error("it has more than 15 digits"));
        }
        Ok(Self(text.to_owned()))
    }

    /// The number, e.g. `+18001231234`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for E164Number {
    type Err = E164Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for E164Number {
    type Error = E164Error;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::parse(text)
    }
}

impl TryFrom<String> for E164Number {
    type Error = E164Error;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl fmt::Display for E164Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for E164Number {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<E164Number> for String {
    fn from(number: E164Number) -> Self {
        number.0
    }
}

/// `name` as HubSpot shows it: cut to its first [`FRIENDLY_NAME_MAX_LEN`] (24) characters,
/// never in the middle of a character.
///
/// Characters are counted as HubSpot's (Java) strings count them, in UTF-16 code units: for
/// text in the Basic Multilingual Plane (Latin, Greek, Cyrillic, CJK, ...) that is the first 24
/// characters; a character outside it (most emoji) counts as two, and one that would straddle
/// the limit is dropped whole. The result is therefore never truncated again by HubSpot.
///
/// ```
/// use hubspot_calling::toolkit::channel_connection::truncate_friendly_name;
/// assert_eq!(truncate_friendly_name("My cell phone number"), "My cell phone number");
/// assert_eq!(truncate_friendly_name("Réception — numéro principal"), "Réception — numéro princ");
/// ```
pub fn truncate_friendly_name(name: &str) -> &str {
    let mut units = 0;
    for (at, c) in name.char_indices() {
        units += c.len_utf16();
        if units > FRIENDLY_NAME_MAX_LEN {
            return &name[..at];
        }
    }
    name
}

impl PhoneNumber {
    /// A number without extension or name, checked to be in E.164 format.
    ///
    /// # Errors
    /// When `number` is not in E.164 format.
    pub fn e164(number: &str) -> Result<Self, E164Error> {
        Ok(Self {
            e164_phone_number: E164Number::parse(number)?.0,
            extension: None,
            friendly_name: None,
        })
    }

    /// Sets the friendly name, cut as HubSpot cuts it ([`truncate_friendly_name`]).
    pub fn with_friendly_name(mut self, name: &str) -> Self {
        self.friendly_name = Some(truncate_friendly_name(name).to_owned());
        self
    }

    /// Sets the extension. HubSpot lists numbers with an extension but does not let users
    /// select them ([`is_selectable`](Self::is_selectable)).
    pub fn with_extension(mut self, extension: impl Into<String>) -> Self {
        self.extension = Some(extension.into());
        self
    }

    /// Whether a HubSpot user can select this number: numbers with an extension (a non-empty
    /// `extension`) are not connected to the help desk at this time.
    pub fn is_selectable(&self) -> bool {
        self.extension.as_deref().is_none_or(str::is_empty)
    }

    /// Checks that `e164PhoneNumber` is in E.164 format.
    ///
    /// # Errors
    /// When it is not.
    pub fn check(&self) -> Result<(), E164Error> {
        E164Number::parse(&self.e164_phone_number).map(|_| ())
    }

    /// The friendly name as HubSpot shows it ([`truncate_friendly_name`]).
    pub fn shown_friendly_name(&self) -> Option<&str> {
        self.friendly_name.as_deref().map(truncate_friendly_name)
    }
}

impl PhoneNumbersResponse {
    /// The numbers a user can select ([`PhoneNumber::is_selectable`]).
    pub fn selectable(&self) -> impl Iterator<Item = &PhoneNumber> {
        self.phone_numbers.iter().filter(|n| n.is_selectable())
    }

    /// Checks every number's E.164 format.
    ///
    /// # Errors
    /// The first number that is not in E.164 format.
    pub fn check(&self) -> Result<(), E164Error> {
        self.phone_numbers.iter().try_for_each(PhoneNumber::check)
    }
}

/// Sends `body` to your channel-connection endpoint as HubSpot does: a `POST` to the client's
/// base URL + the spec's path, signed with `client_secret` (`X-HubSpot-Signature-v3` and
/// `X-HubSpot-Request-Timestamp`, now), and decodes the answer.
///
/// Build the client with the base URL of your app (`Client::builder().base_url(..)`); it needs
/// no credentials.
///
/// # Errors
/// [`Error::Transport`] when the endpoint cannot be reached, [`Error::Api`] for a non-2xx answer
/// (e.g. 401 when your endpoint rejects the signature), [`Error::Decode`] when the answer is not
/// a list of phone numbers.
pub async fn send_signed(
    client: &Client,
    client_secret: &str,
    body: PhoneNumbersRequest,
) -> Result<PhoneNumbersResponse, Error> {
    const OPERATION: &str = "list_phone_numbers";
    let mut request = client
        .channel_connection_webhook()
        .list_phone_numbers(body)
        .build_request()?;
    signature::sign_request(
        client_secret,
        &mut request,
        SignatureVersion::V3,
        SystemTime::now(),
    )
    .map_err(|e| Error::InvalidRequest {
        operation: OPERATION,
        message: format!("cannot sign the request: {e}"),
    })?;
    let transport = |source| Error::transport(OPERATION, 1, source);
    let request = reqwest::Request::try_from(request).map_err(transport)?;
    let response = client
        .http_client()
        .execute(request)
        .await
        .map_err(transport)?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.map_err(transport)?;
    let mut answer = http::Response::new(bytes);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    ListPhoneNumbers::parse_response(answer)
}
