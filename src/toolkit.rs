//! Calling-app toolkit: what a calling app needs besides the generated operations.
//!
//! - [`properties`]: [`CallProperties`](properties::CallProperties), the documented call
//!   properties (HubSpot docs: "Engagements | Calls") as typed values, converted losslessly to
//!   and from the `properties` map of [`Call`](crate::calls::Call),
//!   [`CallCreateRequest`](crate::calls::CallCreateRequest) and
//!   [`CallUpdateRequest`](crate::calls::CallUpdateRequest).
//! - [`associations`]: [`CallAssociation`](associations::CallAssociation), HubSpot's default
//!   association types between calls and contacts, companies, deals and tickets, for
//!   `create_call`'s `associations` and for `associate_call` / `remove_call_association`; and a
//!   call's associations as reads answer them (`include_associations` on `get_call_by_id` /
//!   `list_calls`, [`Call::associated_ids`](crate::calls::Call::associated_ids)).
//! - [`requests`]: request values in one short expression: `Filter::eq(CallProperty::Direction,
//!   "OUTBOUND")` and the other operators, `FilterGroup::all([..])`, `CallSearchRequest`'s
//!   `with_*` helpers, and constructors with the required fields of `BatchReadCallsRequest`,
//!   `CompletedThirdPartyCallRequest`, `FormattedPhoneNumber`, ...
//! - [`channel_connection`]: helpers for the webhook HubSpot calls to list the phone numbers a
//!   user can connect to the help desk (module
//!   [`channel_connection_webhook`](crate::channel_connection_webhook)): E.164 validation,
//!   friendly names cut as HubSpot cuts them, numbers with an extension flagged as not
//!   selectable, and sending a signed test request to your own endpoint.
//! - [`signature`]: verifying (and, for tests, producing) HubSpot's request signatures
//!   `X-HubSpot-Signature-v3`, v2 and v1, on the raw body, with constant-time comparison and the
//!   5-minute timestamp window.
//! - [`transcripts`]: [`Transcript`](transcripts::Transcript), a call's transcript from its
//!   utterances (speaker, start and end in the call, text) in one expression, checked before it
//!   is sent, as the body of `create_transcript` (module
//!   [`calling_transcripts`](crate::calling_transcripts)).

pub mod associations;
pub mod channel_connection;
pub mod properties;
pub mod requests;
pub mod signature;
pub mod transcripts;
