//! `toolkit::associations`: HubSpot's default call association types, in `create_call`'s body
//! and in the URLs of `associate_call` / `remove_call_association` (built sans-IO), and a call's
//! associations as HubSpot's reads answer them.

use hubspot_calling::calls::{AssociationCategory, AssociationType, Call, CallCreateRequest};
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
        ..Default::default()
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
    // The generated method takes the type ID as text: `type_id()` says which text. (A
    // `CallAssociation` does not turn into a `String` by itself: the `associations` parameter of
    // reads takes object types, `include_associations` is for that.)
    let generic = client
        .calls()
        .associate_call(
            "1",
            "deal",
            "2",
            CallAssociation::Deal.type_id().to_string(),
        )
        .build_request()
        .expect("request");
    assert_eq!(
        generic.uri().path(),
        "/crm/v3/objects/calls/1/associations/deal/2/206"
    );
}

/// A call as HubSpot answers `GET /crm/v3/objects/calls/512?associations=contacts,companies,deals`
/// (HubSpot's official spec: `SimplePublicObjectWithAssociations`): a contact listed under its
/// default type, its unlabelled type and a label, a second contact, a company page with more to
/// come, no deals.
fn call_with_associations() -> Call {
    serde_json::from_value(json!({
        "id": "512",
        "properties": {"hs_call_title": "Discovery call"},
        "createdAt": "2024-01-15T10:30:00.000Z",
        "updatedAt": "2024-01-15T11:00:00.000Z",
        "archived": false,
        "associations": {
            "contacts": {"results": [
                {"id": "104901", "type": "call_to_contact"},
                {"id": "104901", "type": "call_to_contact_unlabeled"},
                {"id": "104902", "type": "call_to_contact_unlabeled"},
                {"id": "104901", "type": "facilitator"}
            ]},
            "companies": {
                "results": [{"id": "31", "type": "call_to_company_unlabeled"}],
                "paging": {"next": {"after": "MzE%3D", "link": "?after=MzE%3D"}}
            }
        }
    }))
    .expect("HubSpot's answer decodes")
}

#[test]
fn associated_ids_by_association_each_record_once() {
    let call = call_with_associations();
    let contacts: Vec<&str> = call.associated_ids(CallAssociation::Contact).collect();
    assert_eq!(contacts, ["104901", "104902"]);
    let companies: Vec<&str> = call.associated_ids(CallAssociation::Company).collect();
    assert_eq!(companies, ["31"]);
    assert_eq!(call.associated_ids(CallAssociation::Deal).count(), 0);
    assert!(call.associated(CallAssociation::Deal).is_none());

    // Every entry is kept as sent, with its type.
    let all = call.associated(CallAssociation::Contact).expect("contacts");
    let types: Vec<&str> = all.results.iter().map(|a| a.type_.as_str()).collect();
    assert_eq!(
        types,
        [
            "call_to_contact",
            "call_to_contact_unlabeled",
            "call_to_contact_unlabeled",
            "facilitator"
        ]
    );
    assert!(!all.has_more());
    assert!(call
        .associated(CallAssociation::Company)
        .expect("companies")
        .has_more());
}

/// A key in the singular (as the object type is spelled in association URLs) is found too.
#[test]
fn associated_ids_under_a_singular_key() {
    let call: Call = serde_json::from_value(json!({
        "id": "512", "properties": {}, "archived": false,
        "createdAt": "2024-01-15T10:30:00Z", "updatedAt": "2024-01-15T10:30:00Z",
        "associations": {"ticket": {"results": [{"id": "1234", "type": "call_to_ticket"}]}}
    }))
    .expect("decodes");
    let tickets: Vec<&str> = call.associated_ids(CallAssociation::Ticket).collect();
    assert_eq!(tickets, ["1234"]);
}

#[test]
fn object_types_and_associations_keys() {
    let keys: Vec<&str> = CallAssociation::ALL
        .iter()
        .map(|a| a.associations_key())
        .collect();
    assert_eq!(keys, ["contacts", "companies", "deals", "tickets"]);
    for association in CallAssociation::ALL {
        for spelling in [
            association.associations_key().to_string(),
            association.object_type().to_string(),
            association.associations_key().to_ascii_uppercase(),
        ] {
            assert_eq!(
                CallAssociation::from_object_type(&spelling),
                Some(association),
                "{spelling}"
            );
        }
    }
    assert_eq!(CallAssociation::from_object_type("line_items"), None);
    assert_eq!(CallAssociation::from_object_type(""), None);
}

/// The `type` of an associated record names the association: the default one is recognised,
/// the unlabelled one and labels are not default associations.
#[test]
fn association_type_names_from_reads() {
    let call = call_with_associations();
    let types: Vec<Option<CallAssociation>> = call.associations["contacts"]
        .results
        .iter()
        .map(|a| CallAssociation::from_name(&a.type_))
        .collect();
    assert_eq!(
        types,
        [Some(CallAssociation::Contact), None, None, None],
        "call_to_contact, call_to_contact_unlabeled, call_to_contact_unlabeled, facilitator"
    );
    for association in CallAssociation::ALL {
        assert_eq!(
            CallAssociation::from_name(association.name()),
            Some(association)
        );
    }
    assert_eq!(CallAssociation::from_name("contact_to_call"), None);
}

/// `include_associations` asks for object types in the plural, comma-separated, on both reads.
#[test]
fn include_associations_on_reads() {
    let client = client();
    let get = client
        .calls()
        .get_call_by_id("512")
        .include_associations([CallAssociation::Contact, CallAssociation::Company])
        .build_request()
        .expect("request");
    assert_eq!(get.uri().query(), Some("associations=contacts,companies"));
    let list = client
        .calls()
        .list_calls()
        .include_associations(CallAssociation::ALL)
        .build_request()
        .expect("request");
    assert_eq!(
        list.uri().query(),
        Some("associations=contacts,companies,deals,tickets")
    );
}

/// What a read sends for a `CallAssociation`, at a real server: the object type (`contacts`).
/// A `CallAssociation` does not turn into a `String` (that gave the type ID `194`, which the
/// `associations` parameter silently ignores): reads take `include_associations`, or
/// `associations_key()` where a name is wanted.
#[tokio::test]
async fn reads_send_the_object_type_of_an_association_to_the_server() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/512"))
        .and(query_param("associations", "contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "512", "properties": {}, "createdAt": "2024-01-15T10:30:00Z",
            "updatedAt": "2024-01-15T10:30:00Z", "archived": false,
            "associations": {"contacts": {"results": [{"id": "101", "type": "call_to_contact"}]}}
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-test-token")
        .build()
        .expect("client");
    let typed = client
        .calls()
        .get_call_by_id("512")
        .include_associations([CallAssociation::Contact])
        .send()
        .await
        .expect("answered with the contacts");
    let named = client
        .calls()
        .get_call_by_id("512")
        .associations([CallAssociation::Contact.associations_key()])
        .send()
        .await
        .expect("answered with the contacts");
    for call in [typed, named] {
        let ids: Vec<&str> = call.associated_ids(CallAssociation::Contact).collect();
        assert_eq!(ids, ["101"]);
    }
}
