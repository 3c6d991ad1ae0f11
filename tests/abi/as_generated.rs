//! Written by hand exactly as the generator is to emit it against the `rt::Endpoint` ABI: the
//! calls and calling-extensions operations the ABI tests need (a GET with path and query
//! parameters, a POST with a required body and a 201/207 enum output that is also a chunked
//! batch, a paged list, a paged search with a result cap, a DELETE without output, a settings
//! operation that lists the developer API key first, and an inbound call answered with a tagged
//! union), with the types they use.
//!
//! Only `hubspot_calling::rt` and `serde` (for the derives) are named. The handle constructs the
//! builders (their fields are visible to this module); `rt::endpoint_methods!` gives them their
//! methods and `rt::HasContext` (from the `ctx` field).

use std::collections::BTreeMap;

use hubspot_calling::rt;
use serde::{Deserialize, Serialize};

/// The operations of the Calls API. Each method takes the operation's required values and
/// returns a request builder: set optional parameters on it, then `.send().await`, or
/// `.build_request()` to send it with another HTTP stack.
#[derive(Debug, Clone)]
pub struct CallsApi {
    client: rt::Client,
}

impl CallsApi {
    /// Wraps a client.
    pub fn new(client: rt::Client) -> Self {
        Self { client }
    }

    fn context(&self) -> rt::Context {
        rt::Context::new(self.client.clone())
    }

    /// Archive a call: `DELETE /crm/v3/objects/calls/{callId}`
    pub fn archive_call(&self, call_id: impl Into<String>) -> builders::ArchiveCall {
        builders::ArchiveCall {
            ctx: self.context(),
            call_id: call_id.into(),
        }
    }

    /// Create a batch of calls: `POST /crm/v3/objects/calls/batch/create`
    pub fn batch_create_calls(&self, body: BatchCreateCallsRequest) -> builders::BatchCreateCalls {
        builders::BatchCreateCalls {
            ctx: self.context(),
            body,
        }
    }

    /// Read a call: `GET /crm/v3/objects/calls/{callId}`
    ///
    /// See [`builders::GetCallById`] for the optional parameters.
    pub fn get_call_by_id(&self, call_id: impl Into<String>) -> builders::GetCallById {
        builders::GetCallById {
            ctx: self.context(),
            call_id: call_id.into(),
            properties: None,
            archived: None,
        }
    }

    /// List calls: `GET /crm/v3/objects/calls`
    ///
    /// See [`builders::ListCalls`] for the optional parameters.
    pub fn list_calls(&self) -> builders::ListCalls {
        builders::ListCalls {
            ctx: self.context(),
            limit: None,
            after: None,
        }
    }

    /// Search calls: `POST /crm/v3/objects/calls/search`
    pub fn search_calls(&self, body: CallSearchRequest) -> builders::SearchCalls {
        builders::SearchCalls {
            ctx: self.context(),
            body,
        }
    }

    /// Read the calling-app settings: `GET /crm/v3/extensions/calling/{appId}/settings`
    pub fn get_settings(&self, app_id: i32) -> builders::GetSettings {
        builders::GetSettings {
            ctx: self.context(),
            app_id,
        }
    }

    /// Report an inbound call: `POST /crm/v3/extensions/calling/inbound-call`
    pub fn inbound_call(&self, body: InboundCallRequest) -> builders::InboundCall {
        builders::InboundCall {
            ctx: self.context(),
            body,
        }
    }
}

/// A call engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The call's id.
    pub id: String,
    /// The call's properties.
    #[serde(default, deserialize_with = "rt::de::null_as_default")]
    pub properties: BTreeMap<String, Option<String>>,
    /// When the call was created.
    #[serde(rename = "createdAt")]
    pub created_at: rt::chrono::DateTime<rt::chrono::Utc>,
    /// Whether the call is archived.
    #[serde(default)]
    pub archived: bool,
}

/// A call to create.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallCreateRequest {
    /// The call's properties.
    pub properties: BTreeMap<String, String>,
    /// Records to associate the call with.
    #[serde(default)]
    pub associations: Vec<AssociationInput>,
}

/// An association to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationInput {
    /// The record's id.
    pub to: AssociationTarget,
    /// The association types.
    #[serde(default)]
    pub types: Vec<AssociationType>,
}

/// The record of an association.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationTarget {
    /// The record's id.
    pub id: String,
}

/// One association type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationType {
    /// The category.
    #[serde(rename = "associationCategory")]
    pub association_category: AssociationCategory,
    /// The type id (194: call to contact).
    #[serde(rename = "associationTypeId")]
    pub association_type_id: i64,
}

rt::open_enum! {
    /// The category of association
    pub enum AssociationCategory {
        /// `HUBSPOT_DEFINED`
        HubspotDefined = "HUBSPOT_DEFINED",
        /// `USER_DEFINED`
        UserDefined = "USER_DEFINED",
        /// `INTEGRATOR_DEFINED`
        IntegratorDefined = "INTEGRATOR_DEFINED",
        /// A value this version of the crate does not know, kept as sent.
        Other(String),
    }
}

rt::open_enum! {
    /// How urgent a call is.
    #[derive(Default)]
    pub enum CallPriority {
        /// `1`
        Low = 1,
        /// `2`
        #[default]
        Normal = 2,
        /// `3`
        High = 3,
        /// `-1`
        VMinus1 = -1,
        /// A value this version of the crate does not know, kept as sent.
        Other(i64),
    }
}

/// Calls to create in one request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BatchCreateCallsRequest {
    /// The calls (at most 100 per request).
    pub inputs: Vec<CallCreateRequest>,
}

/// A batch that fully succeeded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchCallsResponse {
    /// `COMPLETE`, ...
    pub status: String,
    /// The calls.
    pub results: Vec<Call>,
}

/// A batch in which some inputs failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchCallsWithErrors {
    /// `COMPLETE`, ...
    pub status: String,
    /// The calls that were created.
    pub results: Vec<Call>,
    /// One error per failed input.
    #[serde(default)]
    pub errors: Vec<rt::serde_json::Value>,
}

/// The responses of `batch_create_calls`.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchCreateCallsResponse {
    /// 201: every call was created.
    Created(BatchCallsResponse),
    /// 207: some calls were not created.
    MultiStatus(BatchCallsWithErrors),
}

/// One page of calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallPage {
    /// The calls.
    #[serde(default)]
    pub results: Vec<Call>,
    /// The next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// Paging information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paging {
    /// The next page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextPage>,
}

/// The cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextPage {
    /// The cursor.
    pub after: String,
}

/// A search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallSearchRequest {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Results per page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The cursor of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The calling-app settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The app's name.
    pub name: String,
}

/// An inbound call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundCallRequest {
    /// The caller's number.
    #[serde(rename = "fromNumber")]
    pub from_number: String,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundCallResponse {
    /// The records that match the caller.
    #[serde(rename = "callerIdMatches", default)]
    pub caller_id_matches: Vec<CallerIdMatch>,
}

/// A record that matches the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum CallerIdMatch {
    /// `callerIdType` is `CONTACT`.
    Contact(ContactCallerId),
    /// `callerIdType` is `COMPANY`.
    Company(CompanyCallerId),
    /// Anything else, kept as JSON.
    Other(rt::serde_json::Value),
}

impl Serialize for CallerIdMatch {
    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Contact(value) => value.serialize(serializer),
            Self::Company(value) => value.serialize(serializer),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for CallerIdMatch {
    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = rt::serde_json::Value::deserialize(deserializer)?;
        match value
            .get("callerIdType")
            .and_then(rt::serde_json::Value::as_str)
        {
            Some("CONTACT") => rt::de::variant(value).map(Self::Contact),
            Some("COMPANY") => rt::de::variant(value).map(Self::Company),
            _ => Ok(Self::Other(value)),
        }
    }
}

/// A contact that matches the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactCallerId {
    /// `CONTACT`.
    #[serde(rename = "callerIdType")]
    pub caller_id_type: String,
    /// The contact's first name.
    #[serde(rename = "firstName", default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Where the contact is.
    #[serde(rename = "objectCoordinates")]
    pub object_coordinates: ObjectCoordinates,
}

/// A company that matches the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyCallerId {
    /// `COMPANY`.
    #[serde(rename = "callerIdType")]
    pub caller_id_type: String,
    /// The company's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the company is.
    #[serde(rename = "objectCoordinates")]
    pub object_coordinates: ObjectCoordinates,
}

/// Where a record is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectCoordinates {
    /// The record's id.
    #[serde(rename = "objectId")]
    pub object_id: i64,
    /// The account's id.
    #[serde(rename = "portalId")]
    pub portal_id: i32,
    /// A label, as a string or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
}

/// A label, as a string or a number (an untagged union without a catch-all).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Label {
    /// The value is a `String`.
    String(String),
    /// The value is an `i64`.
    Integer(i64),
    /// The value is a list of parts.
    Parts(Vec<LabelPart>),
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rt::de::Untagged::new("Label", rt::serde_json::Value::deserialize(deserializer)?)
            .variant("String", Self::String)
            .variant("Integer", Self::Integer)
            .variant("Parts", Self::Parts)
            .finish()
    }
}

/// One part of a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelPart {
    /// The part's text.
    pub text: String,
    /// Its position.
    pub position: u32,
}

pub mod builders {
    //! Request builders of the Calls API, one per operation.

    use super::*;

    const BEARER_OR_PRIVATE_APP: rt::Security = &[
        &[rt::Scheme::Bearer],
        &[rt::Scheme::header_key("Authorization")],
    ];
    const HAPIKEY_OR_BEARER: rt::Security =
        &[&[rt::Scheme::query_key("hapikey")], &[rt::Scheme::Bearer]];

    /// `DELETE /crm/v3/objects/calls/{callId}`: Archive a call
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct ArchiveCall {
        pub(super) ctx: rt::Context,
        pub(super) call_id: String,
    }

    impl rt::Endpoint for ArchiveCall {
        type Output = ();
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "archive_call",
            method: rt::Method::DELETE,
            path: "/crm/v3/objects/calls/{callId}",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: true,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.path_param("callId", &self.call_id);
            Ok(())
        }

        fn decode(response: rt::Response) -> rt::Result<()> {
            response.unit_on_success()
        }
    }

    rt::endpoint_methods!(ArchiveCall -> ());

    /// `POST /crm/v3/objects/calls/batch/create`: Create a batch of calls
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct BatchCreateCalls {
        pub(super) ctx: rt::Context,
        pub(super) body: BatchCreateCallsRequest,
    }

    impl rt::Endpoint for BatchCreateCalls {
        type Output = BatchCreateCallsResponse;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "batch_create_calls",
            method: rt::Method::POST,
            path: "/crm/v3/objects/calls/batch/create",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: false,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.max_items("inputs", self.body.inputs.len(), 100);
            request.json_body(&self.body)
        }

        fn decode(response: rt::Response) -> rt::Result<BatchCreateCallsResponse> {
            match response.status() {
                201 => response.json().map(BatchCreateCallsResponse::Created),
                207 => response.json().map(BatchCreateCallsResponse::MultiStatus),
                _ => Err(response.into_error()),
            }
        }
    }

    impl rt::Chunked for BatchCreateCalls {
        type Input = CallCreateRequest;
        const MAX_INPUTS: usize = 100;
        fn take_inputs(&mut self) -> Vec<CallCreateRequest> {
            std::mem::take(&mut self.body.inputs)
        }

        fn set_inputs(&mut self, inputs: Vec<CallCreateRequest>) {
            self.body.inputs = inputs;
        }
    }

    rt::endpoint_methods!(BatchCreateCalls -> BatchCreateCallsResponse, chunked);

    /// `GET /crm/v3/objects/calls/{callId}`: Read a call
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct GetCallById {
        pub(super) ctx: rt::Context,
        pub(super) call_id: String,
        pub(super) properties: Option<Vec<String>>,
        pub(super) archived: Option<bool>,
    }

    impl GetCallById {
        /// Properties to return.
        pub fn properties(mut self, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
            self.properties = Some(values.into_iter().map(Into::into).collect());
            self
        }

        /// Whether to return an archived call.
        pub fn archived(mut self, value: bool) -> Self {
            self.archived = Some(value);
            self
        }
    }

    impl rt::Endpoint for GetCallById {
        type Output = Call;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "get_call_by_id",
            method: rt::Method::GET,
            path: "/crm/v3/objects/calls/{callId}",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: true,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.path_param("callId", &self.call_id);
            request.query_array_opt("properties", self.properties.as_deref(), false);
            request.query_opt("archived", self.archived.as_ref());
            Ok(())
        }

        fn decode(response: rt::Response) -> rt::Result<Call> {
            response.json_on_success()
        }
    }

    rt::endpoint_methods!(GetCallById -> Call);

    /// `GET /crm/v3/objects/calls`: List calls
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct ListCalls {
        pub(super) ctx: rt::Context,
        pub(super) limit: Option<i64>,
        pub(super) after: Option<String>,
    }

    impl ListCalls {
        /// Results per page.
        pub fn limit(mut self, value: i64) -> Self {
            self.limit = Some(value);
            self
        }

        /// The cursor of the page.
        pub fn after(mut self, value: impl Into<String>) -> Self {
            self.after = Some(value.into());
            self
        }
    }

    impl rt::Endpoint for ListCalls {
        type Output = CallPage;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "list_calls",
            method: rt::Method::GET,
            path: "/crm/v3/objects/calls",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: true,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.query_opt("limit", self.limit.as_ref());
            request.query_opt("after", self.after.as_ref());
            Ok(())
        }

        fn decode(response: rt::Response) -> rt::Result<CallPage> {
            response.json_on_success()
        }
    }

    impl rt::CursorPaged for ListCalls {
        type Item = Call;
        fn set_cursor(&mut self, cursor: String) {
            self.after = Some(cursor);
        }

        fn page(output: CallPage) -> rt::Page<Call> {
            rt::Page::new(
                output.results,
                output.paging.and_then(|p| p.next).map(|n| n.after),
            )
        }
    }

    rt::endpoint_methods!(ListCalls -> CallPage, paged Call);

    /// `POST /crm/v3/objects/calls/search`: Search calls
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct SearchCalls {
        pub(super) ctx: rt::Context,
        pub(super) body: CallSearchRequest,
    }

    impl rt::Endpoint for SearchCalls {
        type Output = CallPage;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "search_calls",
            method: rt::Method::POST,
            path: "/crm/v3/objects/calls/search",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: true,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.result_cap(self.body.after.as_deref(), 10000);
            request.json_body(&self.body)
        }

        fn decode(response: rt::Response) -> rt::Result<CallPage> {
            response.json_on_success()
        }
    }

    impl rt::CursorPaged for SearchCalls {
        type Item = Call;
        const MAX_RESULTS: Option<u64> = Some(10000);
        fn set_cursor(&mut self, cursor: String) {
            self.body.after = Some(cursor);
        }

        fn page(output: CallPage) -> rt::Page<Call> {
            rt::Page::new(
                output.results,
                output.paging.and_then(|p| p.next).map(|n| n.after),
            )
        }
    }

    rt::endpoint_methods!(SearchCalls -> CallPage, paged Call);

    /// `GET /crm/v3/extensions/calling/{appId}/settings`: Read the calling-app settings
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct GetSettings {
        pub(super) ctx: rt::Context,
        pub(super) app_id: i32,
    }

    impl rt::Endpoint for GetSettings {
        type Output = Settings;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "get_settings",
            method: rt::Method::GET,
            path: "/crm/v3/extensions/calling/{appId}/settings",
            security: HAPIKEY_OR_BEARER,
            idempotent: true,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.path_param("appId", &self.app_id);
            Ok(())
        }

        fn decode(response: rt::Response) -> rt::Result<Settings> {
            response.json_on_success()
        }
    }

    rt::endpoint_methods!(GetSettings -> Settings);

    /// `POST /crm/v3/extensions/calling/inbound-call`: Report an inbound call
    #[derive(Debug, Clone)]
    #[must_use = "a request builder does nothing until it is sent"]
    pub struct InboundCall {
        pub(super) ctx: rt::Context,
        pub(super) body: InboundCallRequest,
    }

    impl rt::Endpoint for InboundCall {
        type Output = InboundCallResponse;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "inbound_call",
            method: rt::Method::POST,
            path: "/crm/v3/extensions/calling/inbound-call",
            security: BEARER_OR_PRIVATE_APP,
            idempotent: false,
        };

        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.json_body(&self.body)
        }

        fn decode(response: rt::Response) -> rt::Result<InboundCallResponse> {
            response.json_on_success()
        }
    }

    rt::endpoint_methods!(InboundCall -> InboundCallResponse);
}
