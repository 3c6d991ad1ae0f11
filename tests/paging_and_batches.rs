//! `.stream()` and `.send_chunked()` of the generated calls API against a real local server.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use hubspot_calling::calls::{
    BatchCreateCallsRequest, BatchCreateCallsResponse, CallCreateRequest, CallSearchRequest,
};
use hubspot_calling::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("test-token")
        .build()
        .expect("client builds")
}

fn call(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "properties": {"hs_call_title": format!("call {id}")},
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T10:30:00Z",
        "archived": false
    })
}

#[tokio::test]
async fn list_stream_follows_paging_over_three_pages() {
    let server = MockServer::start().await;
    let page = |ids: std::ops::Range<u64>, next: Option<&str>| {
        let mut body = json!({"results": ids.map(call).collect::<Vec<_>>()});
        if let Some(after) = next {
            body["paging"] = json!({"next": {"after": after, "link": "ignored"}});
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls"))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "2"))
        .respond_with(page(1..3, Some("c2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls"))
        .and(query_param("after", "c2"))
        .and(query_param("limit", "2"))
        .respond_with(page(3..5, Some("c4")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls"))
        .and(query_param("after", "c4"))
        .respond_with(page(5..6, None))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = client(&server)
        .calls()
        .list_calls()
        .limit(2)
        .stream()
        .map(|call| call.map(|c| c.id))
        .collect::<Vec<Result<String, Error>>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page decodes");
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
}

#[tokio::test]
async fn stream_fetches_lazily_and_ends_after_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [call(1)], "paging": {"next": {"after": "p2"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("after", "p2"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error", "category": "VALIDATION_ERROR", "message": "bad cursor",
            "correlationId": "c0ffee00-0000-4000-8000-000000000000"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut stream = client(&server).calls().list_calls().stream();
    assert_eq!(stream.next().await.expect("item").expect("ok").id, "1");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "page 2 not fetched yet"
    );
    let error = stream
        .next()
        .await
        .expect("error item")
        .expect_err("page 2 fails");
    assert_eq!(error.status(), Some(400));
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test]
async fn a_server_that_repeats_its_cursor_ends_the_stream_with_an_error() {
    // Prism's dynamic mode: no results and the same next cursor on every page. Before, one
    // `next()` kept requesting forever.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [], "paging": {"next": {"after": "test-token"}}
        })))
        .mount(&server)
        .await;
    let mut stream = client(&server).calls().list_calls().stream();
    let error = stream
        .next()
        .await
        .expect("an error, not an endless wait")
        .expect_err("paging error");
    assert!(
        matches!(
            &error,
            Error::Paging {
                operation: "list_calls",
                pages: 2,
                ..
            }
        ),
        "{error:?}"
    );
    // This stream cannot redact cursors (the cursor here equals the client's token): not shown.
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("test-token"), "{shown}");
    assert!(stream.next().await.is_none());
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

/// Answers searches like HubSpot: `after` is an offset, 100 results a page, 12,000 matches.
struct SearchPages;

impl Respond for SearchPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let offset: u64 = body["after"]
            .as_str()
            .and_then(|a| a.parse().ok())
            .unwrap_or(0);
        if offset >= 10_000 {
            return ResponseTemplate::new(400).set_body_json(json!({
                "status": "error", "category": "VALIDATION_ERROR",
                "message": "page past 10000 results", "correlationId": "x"
            }));
        }
        let results: Vec<Value> = (offset..offset + 100).map(call).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "total": 12_000,
            "results": results,
            "paging": {"next": {"after": (offset + 100).to_string()}}
        }))
    }
}

#[tokio::test]
async fn search_stream_stops_at_the_10000_cap_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/search"))
        .and(body_partial_json(
            json!({"query": "discovery", "limit": 100}),
        ))
        .respond_with(SearchPages)
        .mount(&server)
        .await;
    let mut stream = client(&server)
        .calls()
        .search_calls(CallSearchRequest {
            query: Some("discovery".into()),
            limit: Some(100),
            ..Default::default()
        })
        .stream();
    let mut count = 0u64;
    let error = loop {
        match stream.next().await {
            Some(Ok(_)) => count += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without reporting the cap after {count} results"),
        }
    };
    assert_eq!(count, 10_000);
    assert!(
        matches!(&error, Error::InvalidRequest { operation: "search_calls", message } if message.contains("10000")),
        "{error}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 100, "no request past the cap is sent");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn batch_create_of_250_inputs_goes_out_in_three_chunks_and_nothing_is_lost() {
    let server = MockServer::start().await;
    // The middle chunk partly fails (207), the last one fails as a whole.
    let created = |ids: std::ops::Range<u64>| {
        json!({
            "status": "COMPLETE",
            "results": ids.map(call).collect::<Vec<_>>(),
            "startedAt": "2024-01-15T10:30:00Z",
            "completedAt": "2024-01-15T10:30:01Z"
        })
    };
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .and(body_partial_json(
            json!({"inputs": [{"properties": {"hs_call_title": "input 0"}}]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(created(0..100)))
        .expect(1)
        .mount(&server)
        .await;
    let mut partial = created(100..199);
    partial["errors"] = json!([{
        "status": "error", "category": "VALIDATION_ERROR",
        "message": "Property values were not valid", "context": {"inputIndex": ["42"]}
    }]);
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .and(body_partial_json(
            json!({"inputs": [{"properties": {"hs_call_title": "input 100"}}]}),
        ))
        .respond_with(ResponseTemplate::new(207).set_body_json(partial))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .and(body_partial_json(
            json!({"inputs": [{"properties": {"hs_call_title": "input 200"}}]}),
        ))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error", "category": "VALIDATION_ERROR", "message": "bad batch",
            "correlationId": "c0ffee00-0000-4000-8000-000000000000"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let inputs: Vec<CallCreateRequest> = (0..250)
        .map(|i| CallCreateRequest {
            properties: BTreeMap::from([("hs_call_title".to_string(), format!("input {i}"))]),
            ..Default::default()
        })
        .collect();
    let chunks = client(&server)
        .calls()
        .batch_create_calls(BatchCreateCallsRequest { inputs })
        .send_chunked()
        .await;

    let ranges: Vec<_> = chunks.iter().map(|c| c.inputs.clone()).collect();
    assert_eq!(ranges, vec![0..100, 100..200, 200..250]);
    for request in server.received_requests().await.unwrap_or_default() {
        let body: Value = serde_json::from_slice(&request.body).expect("json body");
        assert!(body["inputs"].as_array().map_or(0, Vec::len) <= 100);
    }
    match &chunks[0].result {
        Ok(BatchCreateCallsResponse::Created(all)) => assert_eq!(all.results.len(), 100),
        other => panic!("chunk 0: {other:?}"),
    }
    match &chunks[1].result {
        Ok(BatchCreateCallsResponse::MultiStatus(partial)) => {
            assert_eq!(partial.results.len(), 99);
            assert_eq!(partial.errors.len(), 1);
            assert_eq!(
                partial.errors[0].context.get("inputIndex"),
                Some(&vec!["42".to_string()])
            );
        }
        other => panic!("chunk 1: {other:?}"),
    }
    let error = chunks[2]
        .result
        .as_ref()
        .expect_err("chunk 2 failed as a whole");
    assert_eq!(error.status(), Some(400));
}

#[tokio::test]
async fn send_refuses_a_batch_over_the_limit_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let inputs = (0..101).map(|_| CallCreateRequest::default()).collect();
    let error = client(&server)
        .calls()
        .batch_create_calls(BatchCreateCallsRequest { inputs })
        .send()
        .await
        .expect_err("101 inputs are refused");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("101") && message.contains("100")),
        "{error}"
    );
}

#[tokio::test]
async fn a_single_search_past_the_cap_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server)
        .calls()
        .search_calls(CallSearchRequest {
            after: Some("10000".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect_err("HubSpot would answer 400");
    assert!(
        matches!(&error, Error::InvalidRequest { operation: "search_calls", message } if message.contains("10000")),
        "{error}"
    );
    // Just below the cap is sent.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"after": "9900"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "results": []})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .calls()
        .search_calls(CallSearchRequest {
            after: Some("9900".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("below the cap");
    assert!(page.results.is_empty());
}
