//! A crate of its own that generates a client module for a HubSpot spec `hubspot-calling` does
//! not bundle (CRM Notes) in its build.rs, against `hubspot-calling` as an ordinary dependency.
//!
//! `build.rs` runs `hubspot_calling_codegen::Generator::compile` on `specs/notes.json` (HubSpot's
//! file, byte-exact, with the names overlay in `specs/overlays/`) into `OUT_DIR`; this file
//! includes the result. The generated code names the runtime through `::hubspot_calling::rt`
//! and derives with `serde`, the crate's two dependencies.
//!
//! # The handle
//!
//! `client.notes()` cannot be added to [`hubspot_calling::Client`] from another crate (its
//! inherent methods are `hubspot-calling`'s own). The generated handle is
//! [`notes::NotesApi::new(client)`](notes::NotesApi::new); [`NotesExt`] wraps it in an extension
//! trait, so with the trait in scope a call reads like the bundled APIs:
//!
//! ```no_run
//! use hubspot_calling_example_user_build_rs::notes::{
//!     AssociationSpec, AssociationSpecAssociationCategory, PublicAssociationsForObject,
//!     PublicObjectId, SimplePublicObjectInputForCreate,
//! };
//! use hubspot_calling_example_user_build_rs::NotesExt;
//!
//! # async fn run() -> Result<(), hubspot_calling::Error> {
//! let client = hubspot_calling::Client::builder()
//!     .access_token(std::env::var("HUBSPOT_TOKEN").unwrap_or_default())
//!     .build()?;
//! // After a call: a note on the contact (association type 202: note to contact).
//! let body = SimplePublicObjectInputForCreate {
//!     properties: [
//!         ("hs_timestamp".to_string(), "2024-01-15T10:35:00Z".to_string()),
//!         ("hs_note_body".to_string(), "Wants a quote by Friday.".to_string()),
//!     ]
//!     .into(),
//!     associations: vec![PublicAssociationsForObject {
//!         to: PublicObjectId { id: "101".into() },
//!         types: vec![AssociationSpec {
//!             association_category: AssociationSpecAssociationCategory::HubspotDefined,
//!             association_type_id: 202,
//!         }],
//!     }],
//! };
//! let note = client.notes().create_note(body).send().await?;
//! let read = client.notes().get_note(&note.id).properties(["hs_note_body"]).send().await?;
//! # let _ = read;
//! # Ok(()) }
//! ```

include!(concat!(env!("OUT_DIR"), "/notes.rs"));

/// `client.notes()` for [`hubspot_calling::Client`]: the handle of the generated Notes API.
pub trait NotesExt {
    /// The CRM Notes API on this client (its credentials, retry policy and rate limiter).
    fn notes(&self) -> notes::NotesApi;
}

impl NotesExt for hubspot_calling::Client {
    fn notes(&self) -> notes::NotesApi {
        notes::NotesApi::new(self.clone())
    }
}
