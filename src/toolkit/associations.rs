//! HubSpot's default association types between calls and CRM records: [`CallAssociation`].
//!
//! Associations are directional: the type that associates a call with a contact (`194`,
//! "call to contact") is not the one that associates the contact with the call (`193`). The
//! calls API takes the call-to-record direction, both in `create_call`'s `associations` and in
//! the URL of `associate_call` / `remove_call_association`.
//!
//! The IDs are HubSpot's documented defaults (category `HUBSPOT_DEFINED`):
//!
//! | association | type ID | reverse | type ID |
//! |---|---|---|---|
//! | call to contact | 194 | contact to call | 193 |
//! | call to company | 182 | company to call | 181 |
//! | call to deal | 206 | deal to call | 205 |
//! | call to ticket | 220 | ticket to call | 219 |
//!
//! Sources: HubSpot docs "Engagements | Calls" (seed 001) uses 194 for a contact and 220 for a
//! ticket in its create example and links to HubSpot's table of default association type IDs
//! (HubSpot docs "Associations v4", section "Association type ID values", which lists
//! activity-to-object and object-to-activity types). That table's values for calls are
//! reproduced in code that mirrors it: a copy of HubSpot's own front-end code
//! (`customer-data-objects`, `HUSBPOT_DEFINED_ASSOCIATION_TYPE_ID_ALLOWLIST`: `CALL_TO_COMPANY:
//! 182, CALL_TO_CONTACT: 194, CALL_TO_DEAL: 206, CALL_TO_TICKET: 220`) and client code with the
//! reverse directions (`CONTACT_TO_CALL = 193`, `COMPANY_TO_CALL = 181`, `DEAL_TO_CALL = 205`,
//! `TICKET_TO_CALL = 219`). An account can list them with
//! `GET /crm/v4/associations/calls/{toObjectType}/labels`. Labelled (`USER_DEFINED`) association
//! types have account-specific IDs: read them there and use the generated [`AssociationType`]
//! directly.
//!
//! ```
//! use hubspot_calling::toolkit::associations::CallAssociation;
//! use hubspot_calling::calls::AssociationCategory;
//!
//! let input = CallAssociation::Ticket.to("1234");
//! assert_eq!(input.to.id, "1234");
//! assert_eq!(input.types[0].association_type_id, 220);
//! assert_eq!(input.types[0].association_category, AssociationCategory::HubspotDefined);
//!
//! // The path segments of associate_call / remove_call_association:
//! assert_eq!(CallAssociation::Contact.object_type(), "contact");
//! assert_eq!(CallAssociation::Contact.type_id().to_string(), "194");
//! ```
//!
//! # Reading a call's associations
//!
//! `get_call_by_id` and `list_calls` take `associations` (the object types to read, in the
//! plural: `contacts`); HubSpot then answers with [`Call::associations`], one
//! [`AssociatedIdCollection`] per object type. [`include_associations`](builders::GetCallById::include_associations)
//! asks for them by [`CallAssociation`], and [`Call::associated_ids`] reads the record IDs back:
//!
//! ```no_run
//! # async fn run(client: hubspot_calling::Client) -> Result<(), hubspot_calling::Error> {
//! use hubspot_calling::toolkit::associations::CallAssociation;
//! // GET /crm/v3/objects/calls/512?associations=contacts,companies
//! let call = client
//!     .calls()
//!     .get_call_by_id("512")
//!     .include_associations([CallAssociation::Contact, CallAssociation::Company])
//!     .send()
//!     .await?;
//! for contact_id in call.associated_ids(CallAssociation::Contact) {
//!     println!("contact {contact_id}");
//! }
//! # Ok(()) }
//! ```
//!
//! HubSpot lists an associated record once per association type it has with the call: the
//! default type (`call_to_contact`), the unlabelled one that every association also has
//! (`call_to_contact_unlabeled`) and each label (a label's name, e.g. `facilitator`), so one
//! record can come back several times (HubSpot docs "Associations v4": the unlabelled type is
//! always returned next to a primary or custom label; HubSpot's community forum shows v3 reads
//! answering so). [`Call::associated_ids`] gives each record once; the
//! [`AssociatedIdCollection`] keeps every entry as sent. A read returns one page of associations
//! per object type: [`AssociatedIdCollection::has_more`] says HubSpot has more than it sent.

use std::collections::HashSet;
use std::fmt;

use crate::calls::{
    builders, AssociatedIdCollection, AssociationCategory, AssociationInput, AssociationTarget,
    AssociationType, Call, CallsApi,
};

/// A default (`HUBSPOT_DEFINED`) association type from a call to a CRM record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallAssociation {
    /// Call to contact: type ID 194.
    Contact,
    /// Call to company: type ID 182.
    Company,
    /// Call to deal: type ID 206.
    Deal,
    /// Call to ticket: type ID 220.
    Ticket,
}

impl CallAssociation {
    /// Every default call association.
    pub const ALL: [CallAssociation; 4] = [Self::Contact, Self::Company, Self::Deal, Self::Ticket];

    /// The association type ID from the call to the record (`194` for a contact).
    pub const fn type_id(self) -> i64 {
        match self {
            Self::Contact => 194,
            Self::Company => 182,
            Self::Deal => 206,
            Self::Ticket => 220,
        }
    }

    /// The association type ID of the reverse direction, from the record to the call (`193`
    /// for a contact), for the record's own association endpoints.
    pub const fn reverse_type_id(self) -> i64 {
        match self {
            Self::Contact => 193,
            Self::Company => 181,
            Self::Deal => 205,
            Self::Ticket => 219,
        }
    }

    /// The object type of the record, as the `toObjectType` path segment (`contact`).
    pub const fn object_type(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Company => "company",
            Self::Deal => "deal",
            Self::Ticket => "ticket",
        }
    }

    /// The object type in the plural (`contacts`): what the `associations` parameter of
    /// `get_call_by_id` / `list_calls` takes, and the key of [`Call::associations`] in
    /// HubSpot's answer.
    pub const fn associations_key(self) -> &'static str {
        match self {
            Self::Contact => "contacts",
            Self::Company => "companies",
            Self::Deal => "deals",
            Self::Ticket => "tickets",
        }
    }

    /// The association of an object type, in the plural or the singular, in any ASCII case
    /// (`contacts`, `contact`, `CONTACTS`); `None` for any other object type.
    pub fn from_object_type(object_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| {
            object_type.eq_ignore_ascii_case(a.associations_key())
                || object_type.eq_ignore_ascii_case(a.object_type())
        })
    }

    /// The association type's name in snake case (`call_to_contact`), which the association
    /// URL also accepts in place of the numeric ID.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Contact => "call_to_contact",
            Self::Company => "call_to_company",
            Self::Deal => "call_to_deal",
            Self::Ticket => "call_to_ticket",
        }
    }

    /// The association of a type name as HubSpot's reads answer it in
    /// [`AssociatedId::type_`](crate::calls::AssociatedId::type_) (`call_to_contact`); `None` for
    /// any other name: the unlabelled type (`call_to_contact_unlabeled`), a label's name, the
    /// reverse directions.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The association of a call-to-record type ID (`194`, `182`, `206`, `220`); `None` for any
    /// other ID, including the reverse directions.
    pub fn from_type_id(type_id: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.type_id() == type_id)
    }

    /// The [`AssociationType`] of `create_call`'s `associations`: `HUBSPOT_DEFINED` and the
    /// type ID.
    pub fn association_type(self) -> AssociationType {
        AssociationType {
            association_category: AssociationCategory::HubspotDefined,
            association_type_id: self.type_id(),
        }
    }

    /// An [`AssociationInput`] for `create_call` / `batch_create_calls`: associate the new call
    /// with the record `record_id`.
    pub fn to(self, record_id: impl Into<String>) -> AssociationInput {
        AssociationInput {
            to: AssociationTarget {
                id: record_id.into(),
            },
            types: vec![self.association_type()],
        }
    }
}

impl fmt::Display for CallAssociation {
    /// The snake-case name, e.g. `call_to_contact`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<CallAssociation> for AssociationType {
    fn from(association: CallAssociation) -> Self {
        association.association_type()
    }
}

impl CallsApi {
    /// [`associate_call`](Self::associate_call) with a typed association: associates the call
    /// with the record `record_id` of the association's object type.
    ///
    /// `PUT /crm/v3/objects/calls/{callId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}`
    ///
    /// ```no_run
    /// # async fn run(client: hubspot_calling::Client) -> Result<(), hubspot_calling::Error> {
    /// use hubspot_calling::toolkit::associations::CallAssociation;
    /// // PUT /crm/v3/objects/calls/17591596434/associations/contact/104901/194
    /// client.calls().associate_call_with("17591596434", CallAssociation::Contact, "104901").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn associate_call_with(
        &self,
        call_id: impl Into<String>,
        association: CallAssociation,
        record_id: impl Into<String>,
    ) -> builders::AssociateCall {
        self.associate_call(
            call_id,
            association.object_type(),
            record_id,
            association.type_id().to_string(),
        )
    }

    /// [`remove_call_association`](Self::remove_call_association) with a typed association.
    ///
    /// `DELETE /crm/v3/objects/calls/{callId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}`
    pub fn remove_call_association_with(
        &self,
        call_id: impl Into<String>,
        association: CallAssociation,
        record_id: impl Into<String>,
    ) -> builders::RemoveCallAssociation {
        self.remove_call_association(
            call_id,
            association.object_type(),
            record_id,
            association.type_id().to_string(),
        )
    }
}

impl Call {
    /// The records of `association`'s object type this call is associated with, as HubSpot
    /// answered (every entry, with its association type), or `None` when the answer has none:
    /// the read did not ask for them, or there are none.
    ///
    /// Looks the object type up by [`associations_key`](CallAssociation::associations_key)
    /// (`contacts`), then by [`object_type`](CallAssociation::object_type) (`contact`).
    pub fn associated(&self, association: CallAssociation) -> Option<&AssociatedIdCollection> {
        self.associations
            .get(association.associations_key())
            .or_else(|| self.associations.get(association.object_type()))
    }

    /// The IDs of the records of `association`'s object type this call is associated with,
    /// each once (HubSpot lists a record once per association type), in HubSpot's order.
    /// Empty when the read did not ask for them: see
    /// [`include_associations`](builders::GetCallById::include_associations).
    ///
    /// ```
    /// use hubspot_calling::calls::Call;
    /// use hubspot_calling::toolkit::associations::CallAssociation;
    ///
    /// let call: Call = serde_json::from_value(serde_json::json!({
    ///     "id": "512", "properties": {}, "archived": false,
    ///     "createdAt": "2024-01-15T10:30:00Z", "updatedAt": "2024-01-15T10:30:00Z",
    ///     "associations": {"contacts": {"results": [
    ///         {"id": "101", "type": "call_to_contact"},
    ///         {"id": "101", "type": "call_to_contact_unlabeled"},
    ///         {"id": "102", "type": "call_to_contact_unlabeled"}
    ///     ]}}
    /// }))?;
    /// let contacts: Vec<&str> = call.associated_ids(CallAssociation::Contact).collect();
    /// assert_eq!(contacts, ["101", "102"]);
    /// assert_eq!(call.associated_ids(CallAssociation::Deal).count(), 0);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn associated_ids(&self, association: CallAssociation) -> impl Iterator<Item = &str> {
        self.associated(association)
            .into_iter()
            .flat_map(AssociatedIdCollection::ids)
    }
}

impl AssociatedIdCollection {
    /// The IDs of the associated records, each once, in HubSpot's order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let mut seen = HashSet::new();
        self.results
            .iter()
            .map(|associated| associated.id.as_str())
            .filter(move |id| seen.insert(*id))
    }

    /// Whether HubSpot has more associated records of this object type than this page
    /// (`paging.next` is set). The rest are read through HubSpot's associations API.
    pub fn has_more(&self) -> bool {
        self.paging.as_ref().is_some_and(|p| p.next.is_some())
    }
}

/// The object types (`contacts`, `companies`, ...) of `associations`, for a read's
/// `associations` parameter.
fn associations_keys(
    associations: impl IntoIterator<Item = CallAssociation>,
) -> impl Iterator<Item = &'static str> {
    associations
        .into_iter()
        .map(CallAssociation::associations_key)
}

impl builders::GetCallById {
    /// [`associations`](Self::associations) by typed association: asks HubSpot to answer with
    /// the records of these object types the call is associated with
    /// (`?associations=contacts,companies`), read back with [`Call::associated_ids`].
    pub fn include_associations(
        self,
        associations: impl IntoIterator<Item = CallAssociation>,
    ) -> Self {
        self.associations(associations_keys(associations))
    }
}

impl builders::ListCalls {
    /// [`associations`](Self::associations) by typed association: every call of the page comes
    /// with the records of these object types it is associated with, read back with
    /// [`Call::associated_ids`].
    pub fn include_associations(
        self,
        associations: impl IntoIterator<Item = CallAssociation>,
    ) -> Self {
        self.associations(associations_keys(associations))
    }
}
