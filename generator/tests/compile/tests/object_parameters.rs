//! The generated `object-parameters` fixture at run time, against a wiremock server: object
//! query parameters arrive as `key=value` pairs (form, exploded), `name=k,v,...` (form) and
//! `name[key]=value` (deepObject), a `content` parameter as JSON text, and the cookie
//! parameters as one `Cookie` header.

use std::collections::BTreeMap;

use hubspot_calling::{Client, Error, RetryPolicy};
use hubspot_calling_fixtures::object_parameters::{Filter, FilterSize, ObjectParametersApi};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn api(base: &str) -> ObjectParametersApi {
    let client = Client::builder()
        .base_url(base)
        .access_token("t")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    ObjectParametersApi::new(client)
}

fn filter() -> Filter {
    Filter {
        color: Some("dark red".to_owned()),
        size: Some(FilterSize {
            min: Some(1),
            max: None,
        }),
    }
}

async fn received(server: &MockServer) -> Request {
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().expect("one request")
}

#[tokio::test]
async fn every_style_arrives_as_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/v3/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"total": 2})))
        .mount(&server)
        .await;
    let mut props = serde_json::Map::new();
    // Inserted in sorted order: a `serde_json::Map` keeps either order, by its features.
    props.insert("amount".to_owned(), 12.into());
    props.insert("hs_city".to_owned(), "São Paulo".into());
    let answer = api(&server.uri())
        .list_events(filter(), "s3cr;et")
        .object_property(props)
        .range(BTreeMap::from([
            ("min".to_owned(), 1),
            ("max".to_owned(), 9),
        ]))
        .where_(filter())
        .theme("dark")
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.total, Some(2));
    let request = received(&server).await;
    assert_eq!(
        request.url.query(),
        Some(
            "amount=12&hs_city=S%C3%A3o%20Paulo&range=max,9,min,1\
             &filter%5Bcolor%5D=dark%20red&filter%5Bsize%5D%5Bmin%5D=1\
             &where=%7B%22color%22%3A%22dark%20red%22%2C%22size%22%3A%7B%22min%22%3A1%7D%7D"
        )
    );
    let cookies: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies, ["session=s3cr%3Bet; theme=dark"]);
}

#[tokio::test]
async fn unset_optional_parameters_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let empty = Filter {
        color: None,
        size: None,
    };
    api(&server.uri())
        .list_events(empty, "s")
        .send()
        .await
        .expect("sent");
    let request = received(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["cookie"], "session=s");
}

#[test]
fn a_nested_value_form_cannot_write_is_refused_before_sending() {
    let mut props = serde_json::Map::new();
    props.insert("nested".to_owned(), serde_json::json!({"a": 1}));
    let error = api("http://localhost:1")
        .list_events(filter(), "s")
        .object_property(props)
        .build_request()
        .expect_err("a nested object has no form encoding");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("objectProperty")),
        "{error:?}"
    );
}
