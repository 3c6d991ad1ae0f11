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

use std::fmt;

use crate::calls::{
    builders, AssociationCategory, AssociationInput, AssociationTarget, AssociationType, CallsApi,
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

/// The numeric type ID as a string (`"194"`), so a `CallAssociation` can be passed as the
/// `association_type_id` of [`CallsApi::associate_call`] and [`CallsApi::remove_call_association`].
impl From<CallAssociation> for String {
    fn from(association: CallAssociation) -> Self {
        association.type_id().to_string()
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
        self.associate_call(call_id, association.object_type(), record_id, association)
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
        self.remove_call_association(call_id, association.object_type(), record_id, association)
    }
}
