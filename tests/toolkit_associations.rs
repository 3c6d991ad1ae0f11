//! `toolkit::associations`: HubSpot's default call association types, in `create_call`'s body
//! and in the URLs of `associate_call` / `remove_call_association` (built sans-IO).

use hubspot_calling::calls::{AssociationCategory, AssociationType, CallCreateRequest};
use hubspot_calling::toolkit::associations::CallAssociation;
use hubspot_calling::Client;
use serde_json::json;

fn client() -> Client {
    Client::builder()
        .access_token("pat-na1-test-token")
        .build()
        .expect("client")
}

#[test]
fn default_type_ids() {
    let table: Vec<(CallAssociation, i64, i64, &str, &str)> = CallAssociation::ALL
        .iter()
        .map(|a| {
            (
                *a,
                a.type_id(),
                a.reverse_type_id(),
                a.object_type(),
                a.name(),
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            (
                CallAssociation::Contact,
                194,
                193,
                "contact",
                "call_to_contact"
            ),
            (
                CallAssociation::Company,
                182,
                181,
                "company",
                "call_to_company"
            ),
            (CallAssociation::Deal, 206, 205, "deal", "call_to_deal"),
            (
                CallAssociation::Ticket,
                220,
                219,
                "ticket",
                "call_to_ticket"
            ),
        ]
    );
    for association in CallAssociation::ALL {
        assert_eq!(
            CallAssociation::from_type_id(association.type_id()),
            Some(association)
        );
        assert_eq!(
            CallAssociation::from_type_id(association.reverse_type_id()),
            None
        );
        assert_eq!(
            AssociationType::from(association),
            AssociationType {
                association_category: AssociationCategory::HubspotDefined,
                association_type_id: association.type_id(),
            }
        );
    }
}

#[test]
fn associations_in_a_create_request() {
    let request = CallCreateRequest {
        properties: Default::default(),
        associations: vec![
            CallAssociation::Company.to("31"),
            CallAssociation::Deal.to("77"),
        ],
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap()["associations"],
        json!([
            {"to": {"id": "31"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 182}]},
            {"to": {"id": "77"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 206}]}
        ])
    );
}

/// The URL of seed 001's example:
/// `https://api.hubspot.com/crm/v3/objects/calls/17591596434/associations/contact/104901/194`.
#[test]
fn associate_and_remove_urls() {
    let client = client();
    let put = client
        .calls()
        .associate_call_with("17591596434", CallAssociation::Contact, "104901")
        .build_request()
        .expect("request");
    assert_eq!(put.method(), http::Method::PUT);
    assert_eq!(
        put.uri().to_string(),
        "https://api.hubapi.com/crm/v3/objects/calls/17591596434/associations/contact/104901/194"
    );
    let delete = client
        .calls()
        .remove_call_association_with("17591596434", CallAssociation::Ticket, "1234")
        .build_request()
        .expect("request");
    assert_eq!(delete.method(), http::Method::DELETE);
    assert_eq!(
        delete.uri().path(),
        "/crm/v3/objects/calls/17591596434/associations/ticket/1234/220"
    );
    // A CallAssociation also fits the generated method's `association_type_id` argument.
    let generic = client
        .calls()
        .associate_call("1", "deal", "2", CallAssociation::Deal)
        .build_request()
        .expect("request");
    assert_eq!(
        generic.uri().path(),
        "/crm/v3/objects/calls/1/associations/deal/2/206"
    );
}
