//! The types of other crates that appear in this crate's public API, re-exported so that you
//! need no dependency of your own (and no matching version) to name them, and the crates
//! themselves for when you need more of them.
//!
//! | type | in | crate |
//! |---|---|---|
//! | [`DateTime`]`<`[`Utc`]`>` | timestamps (`callStartedTimestamp`, `createdAt`, ...) | [`chrono`] |
//! | [`NaiveDate`] | dates without a time | [`chrono`] |
//! | [`Uuid`] | ids such as an error's `correlationId` | [`uuid`] |
//! | [`Value`], [`Map`] | JSON kept as sent (unions' catch-all, free-form fields) | [`serde_json`] |
//! | [`Bytes`] | bodies of `parse_response` and `rt::Response` | [`bytes`] |
//! | `http::Request`, `http::Response` | sans-IO `build_request` / `parse_response` | [`http`] |
//!
//! Everything below is named through `hubspot_calling` only:
//!
//! ```
//! use hubspot_calling::calling_extensions::{
//!     builders::InboundCall, CallerIdMatch, CompletedThirdPartyCallRequest, FinalCallStatus,
//!     FormattedPhoneNumber, PhoneNumberType,
//! };
//! use hubspot_calling::types::{http, Bytes, DateTime, Map, Utc, Uuid, Value};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let started: DateTime<Utc> = "2024-01-15T10:30:00Z".parse()?;
//! let mut request = CompletedThirdPartyCallRequest::new(
//!     "call-42",
//!     FinalCallStatus::Completed,
//!     FormattedPhoneNumber::new("+14155550100", PhoneNumberType::Mobile),
//!     FormattedPhoneNumber::new("+14155550199", PhoneNumberType::FixedLine),
//!     true, // log a call engagement
//! );
//! request.call_started_timestamp = Some(started);
//!
//! // A response from any HTTP stack, decoded; a caller type this crate does not know stays JSON.
//! let body = Bytes::from_static(br#"{"callerIdMatches": [{"callerIdType": "LEAD", "id": 7}]}"#);
//! let answer = InboundCall::parse_response(http::Response::new(body))?;
//! let CallerIdMatch::Other(json) = &answer.caller_id_matches[0] else { unreachable!() };
//! let fields: &Map<String, Value> = json.as_object().expect("an object");
//! assert_eq!(fields["id"], Value::from(7));
//!
//! let correlation_id: Uuid = "aeb5f871-7f07-4993-9211-075dc63e7cbf".parse()?;
//! # let _ = (request, correlation_id);
//! # Ok(()) }
//! ```

pub use ::bytes::{self, Bytes};
pub use ::chrono::{self, DateTime, NaiveDate, Utc};
pub use ::http;
pub use ::serde_json::{self, Map, Value};
pub use ::uuid::{self, Uuid};
