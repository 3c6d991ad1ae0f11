//! The main calls flow against Stoplight Prism, a mock HubSpot that checks every request
//! against the Calls spec: create a call, read it back, stream the call list, create a batch of
//! 250 calls in chunks, search (one page, then as a stream), and archive the call.
//!
//! ```text
//! cargo run --example calls_flow                  # starts Prism itself on a free port
//! cargo run --example calls_flow -- http://127.0.0.1:4010   # or a Prism you started:
//!   # cargo run -p hubspot-calling-codegen -- merge --out /tmp/merged specs
//!   # node_modules/.bin/prism mock -p 4010 /tmp/merged/calls.json
//! ```
//!
//! The base URL comes from the first argument or `HUBSPOT_BASE_URL`; without either, the example
//! starts Prism (`PRISM_BIN`, or `node_modules/.bin/prism`, installed there with `npm ci` from
//! package-lock.json the first time: Node.js 18+) on the Calls spec with its overlays applied. The access token comes from `HUBSPOT_TOKEN` (any value works with Prism). The example
//! exits with an error when Prism reports a request that does not match the spec.
//!
//! Prism answers every page with the spec's example page, which always has the same next cursor:
//! the streams below stop with `Error::Paging` when that cursor comes back (a server that repeats
//! its cursor would otherwise be asked for the same page forever); against HubSpot they end on the
//! last page (and search at HubSpot's 10,000-result cap).

use hubspot_calling_test_support::prism;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use hubspot_calling::calls::{
    BatchCreateCallsRequest, BatchCreateCallsResponse, CallCreateRequest, CallSearchRequest,
    Filter, FilterGroup, FilterOperator, SortDirection, SortOption,
};
use hubspot_calling::{Client, RateLimit, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Where to send requests: an argument, HUBSPOT_BASE_URL, or a Prism started here.
    let given = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("HUBSPOT_BASE_URL").ok());
    let mut own_prism = None;
    let mut scratch = None;
    let base_url = match given {
        Some(url) => url,
        None => {
            let dir = prism::scratch_dir("calls-flow")?;
            scratch = Some(dir.clone());
            let specs = prism::write_merged_specs(&dir)?;
            let spec = specs
                .iter()
                .find(|p| p.file_stem().is_some_and(|s| s == "calls"))
                .ok_or("specs/ has no calls spec")?;
            let started = prism::Prism::start(spec, &dir)?;
            let url = started.base_url();
            println!("started Prism {} on {url}", prism::PRISM_VERSION);
            own_prism = Some(started);
            url
        }
    };

    // Prism lists what it finds wrong with a request in the `sl-violations` header (or answers
    // 422); collect both through the response hook.
    let violations = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = violations.clone();
    let client = Client::builder()
        .base_url(&base_url)
        .access_token(std::env::var("HUBSPOT_TOKEN").unwrap_or_else(|_| "pat-na1-example".into()))
        .retry_policy(RetryPolicy::default()) // 3 retries of 429/5xx/connection failures
        .rate_limit(RateLimit::default()) // 100 requests per 10 s, 5 searches per second
        .on_response(move |info| {
            let header = info
                .headers
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            if info.status == 422 || header.as_deref().is_some_and(about_the_request) {
                let text = header.unwrap_or_default();
                let mut sink = sink.lock().unwrap_or_else(|e| e.into_inner());
                sink.push(format!(
                    "{} -> HTTP {}: {text}",
                    info.operation.name, info.status
                ));
            }
        })
        .build()?;
    let calls = client.calls();

    // 1. Log a call.
    let properties = BTreeMap::from([
        (
            "hs_timestamp".to_string(),
            "2024-01-15T10:30:00.000Z".to_string(),
        ),
        ("hs_call_title".to_string(), "Discovery Call".to_string()),
        ("hs_call_direction".to_string(), "OUTBOUND".to_string()),
        ("hs_call_duration".to_string(), "1800000".to_string()),
    ]);
    let created = calls
        .create_call(CallCreateRequest {
            properties: properties.clone(),
            ..Default::default()
        })
        .send()
        .await?;
    println!("created call {} at {}", created.id, created.created_at);

    // 2. Read it back with chosen properties.
    let call = calls
        .get_call_by_id(&created.id)
        .properties(["hs_call_title", "hs_call_direction"])
        .send()
        .await?;
    println!(
        "read call {}: {:?}",
        call.id,
        call.properties
            .get("hs_call_title")
            .and_then(|v| v.as_deref())
    );

    // 3. Every call, page after page, as a stream (follows paging.next.after).
    //    Prism answers every page with the same example cursor: the stream ends with
    //    `Error::Paging` when a cursor repeats, instead of asking for the same page forever.
    let mut listed = calls.list_calls().limit(2).stream().take(5);
    while let Some(call) = listed.next().await {
        match call {
            Ok(call) => println!("listed call {} (archived: {})", call.id, call.archived),
            Err(error @ hubspot_calling::Error::Paging { .. }) => {
                println!("list stream stopped: {error}");
                break;
            }
            Err(other) => return Err(other.into()),
        }
    }

    // 4. 250 calls in one go: sent as batches of at most 100 (HubSpot's limit), each batch's
    //    result kept with the range of inputs it carried; a 207 keeps every per-item error.
    let inputs = (0..250)
        .map(|n| {
            let mut properties = properties.clone();
            properties.insert("hs_call_title".into(), format!("Imported call {n}"));
            CallCreateRequest {
                properties,
                ..Default::default()
            }
        })
        .collect();
    let chunks = calls
        .batch_create_calls(BatchCreateCallsRequest { inputs })
        .send_chunked()
        .await;
    for chunk in chunks {
        match chunk.result? {
            BatchCreateCallsResponse::Created(batch) => println!(
                "batch of inputs {:?}: {} created",
                chunk.inputs,
                batch.results.len()
            ),
            BatchCreateCallsResponse::MultiStatus(batch) => {
                println!(
                    "batch of inputs {:?}: {} created, {} failed",
                    chunk.inputs,
                    batch.results.len(),
                    batch.errors.len()
                );
                for error in &batch.errors {
                    println!(
                        "  {:?}: {:?} {:?}",
                        error.category, error.message, error.context
                    );
                }
            }
        }
    }

    // 5. Search outbound calls, newest first: one page, then as a stream.
    let search = CallSearchRequest {
        filter_groups: vec![FilterGroup {
            filters: vec![Filter {
                property_name: "hs_call_direction".into(),
                operator: FilterOperator::Eq,
                value: Some("OUTBOUND".into()),
                values: vec![],
                high_value: None,
            }],
        }],
        sorts: vec![SortOption {
            property_name: "hs_timestamp".into(),
            direction: Some(SortDirection::Descending),
        }],
        properties: vec!["hs_call_title".into(), "hs_timestamp".into()],
        limit: Some(10),
        ..CallSearchRequest::default()
    };
    let page = calls.search_calls(search.clone()).send().await?;
    println!(
        "search: {} matching calls, {} on the first page",
        page.total,
        page.results.len()
    );
    let mut found = calls.search_calls(search).stream().take(12);
    let mut seen = 0;
    while let Some(call) = found.next().await {
        match call {
            Ok(_) => seen += 1,
            Err(error @ hubspot_calling::Error::Paging { .. }) => {
                println!("search stream stopped: {error}");
                break;
            }
            Err(other) => return Err(other.into()),
        }
    }
    println!("search stream: {seen} calls");

    // 6. Archive the call.
    calls.archive_call(&created.id).send().await?;
    println!("archived call {}", created.id);

    drop(own_prism);
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let violations = violations.lock().unwrap_or_else(|e| e.into_inner());
    if violations.is_empty() {
        println!("every request matched the spec");
        Ok(())
    } else {
        Err(format!(
            "requests that do not match the spec:\n{}",
            violations.join("\n")
        )
        .into())
    }
}

/// Whether Prism's `sl-violations` header lists a problem with the request (rather than with its
/// own mock answer).
fn about_the_request(header: &str) -> bool {
    match serde_json::from_str::<Vec<serde_json::Value>>(header) {
        Ok(violations) => violations.iter().any(|v| {
            v.pointer("/location/0").and_then(serde_json::Value::as_str) != Some("response")
        }),
        Err(_) => true,
    }
}
