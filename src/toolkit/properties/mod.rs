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

mod formats;
mod kinds;
mod value;

pub use formats::{CallTimestamp, RecordingKind, RecordingUrl};
pub use kinds::{CallDirection, CallDisposition, CallSource, CallStatus, CalleeObjectType};
pub use value::{CallPropertyError, PropertyValue};

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::calls::{AssociationInput, Call, CallCreateRequest, CallUpdateRequest};
use value::{decode_value, encode_value};

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
