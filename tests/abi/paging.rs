//! Streams against a server whose paging misbehaves (the same cursor again, empty pages that
//! point to more), the page API and resuming from a saved cursor, bounds, and a stream that gives
//! control back between pages. Requests are counted at the server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use hubspot_calling::Error;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::as_generated::CallSearchRequest;
use crate::support::{call_json, calls, received};

const CALLS: &str = "/crm/v3/objects/calls";

/// Answers page `n` (0-based, in arrival order) with `script(n, after)`.
struct Pages<F>(F, Arc<AtomicUsize>);

impl<F: Fn(usize, Option<String>) -> Value + Send + Sync> Respond for Pages<F> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, Ordering::SeqCst);
        let after = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "after")
            .map(|(_, v)| v.into_owned());
        ResponseTemplate::new(200).set_body_json((self.0)(n, after))
    }
}

async fn serve(
    server: &MockServer,
    script: impl Fn(usize, Option<String>) -> Value + Send + Sync + 'static,
) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(CALLS))
        .respond_with(Pages(script, count.clone()))
        .mount(server)
        .await;
    count
}

fn page(ids: impl IntoIterator<Item = u64>, next: Option<&str>) -> Value {
    let mut body = json!({"results": ids.into_iter().map(call_json).collect::<Vec<_>>()});
    if let Some(after) = next {
        body["paging"] = json!({"next": {"after": after, "link": "ignored"}});
    }
    body
}

/// Every item, then the error that ended the stream (if any).
async fn drain<T>(mut stream: hubspot_calling::rt::ItemStream<T>) -> (Vec<T>, Option<Error>) {
    let mut items = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(item) => items.push(item),
            Err(error) => return (items, Some(error)),
        }
    }
    (items, None)
}

#[tokio::test]
async fn the_same_cursor_again_ends_the_stream_after_two_requests() {
    // Prism's dynamic mode: no results, and the same next cursor every time.
    let server = MockServer::start().await;
    let count = serve(&server, |_, _| page([], Some("c0ffee"))).await;
    let (items, error) = drain(calls(&server).list_calls().stream()).await;
    assert!(items.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let Some(Error::Paging {
        operation,
        cursor,
        pages,
        message,
    }) = &error
    else {
        panic!("expected Error::Paging, got {error:?}");
    };
    assert_eq!(
        (*operation, cursor.as_str(), *pages),
        ("list_calls", "c0ffee", 2)
    );
    assert!(message.contains("the cursor `c0ffee` again"), "{message}");
    let shown = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        shown.starts_with("`list_calls`: paging stopped after 2 page(s)"),
        "{shown}"
    );
}

#[tokio::test]
async fn any_earlier_cursor_counts_not_only_the_last() {
    let server = MockServer::start().await;
    // a -> b -> a: the third page sends `a` again.
    let count = serve(&server, |n, _| {
        let next = ["a", "b", "a"][n.min(2)];
        page([n as u64], Some(next))
    })
    .await;
    let (items, error) = drain(calls(&server).list_calls().stream()).await;
    assert_eq!(
        items.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["0", "1", "2"]
    );
    assert!(
        matches!(&error, Some(Error::Paging { cursor, .. }) if cursor == "a"),
        "{error:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn empty_pages_that_point_to_more_end_the_stream_after_three_requests() {
    let server = MockServer::start().await;
    let count = serve(&server, |n, _| page([], Some(&format!("fresh-{n}")))).await;
    let (items, error) = drain(calls(&server).list_calls().stream()).await;
    assert!(items.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert!(
        matches!(&error, Some(Error::Paging { message, .. }) if message.contains("3 empty pages in a row")),
        "{error:?}"
    );
}

#[tokio::test]
async fn pages_carry_their_cursor_and_a_saved_cursor_resumes_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CALLS))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page([1, 2], Some("p2"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(CALLS))
        .and(query_param("after", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page([3, 4], Some("p3"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(CALLS))
        .and(query_param("after", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page([5], None)))
        .mount(&server)
        .await;

    // Read one page, checkpoint its cursor, stop.
    let api = calls(&server);
    let mut pages = api.list_calls().limit(2).pages();
    let first = pages.next().await.expect("a page").expect("decoded");
    assert_eq!(first.items.len(), 2);
    let saved = first.next.expect("a cursor to resume from");
    drop(pages);
    assert_eq!(received(&server).await.len(), 1);

    // Later: resume from the saved cursor.
    let rest: Vec<String> = api
        .list_calls()
        .limit(2)
        .starting_after(saved)
        .stream()
        .map_ok(|call| call.id)
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(rest, ["3", "4", "5"]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert!(requests[1]
        .url
        .query()
        .unwrap_or_default()
        .contains("after=p2"));

    // Starting after the last cursor reads only the last page.
    let pages: Vec<_> = api
        .list_calls()
        .starting_after("p3")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 1, "the last page, then the end");
}

#[tokio::test]
async fn streams_are_bounded_by_pages_or_items() {
    let server = MockServer::start().await;
    let endless = |n: usize, _| page([2 * n as u64, 2 * n as u64 + 1], Some(&format!("c{n}")));
    let count = serve(&server, endless).await;
    let api = calls(&server);

    let (items, error) = drain(api.list_calls().max_pages(3).stream()).await;
    assert_eq!((items.len(), error.is_none()), (6, true));
    assert_eq!(count.swap(0, Ordering::SeqCst), 3);

    let (items, error) = drain(api.list_calls().max_items(3).stream()).await;
    let ids: Vec<_> = items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!((ids, error.is_none()), (vec!["0", "1", "2"], true));
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        2,
        "no page fetched beyond the bound"
    );

    let pages: Vec<_> = api
        .list_calls()
        .max_items(3)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [2, 2]
    );
}

#[tokio::test]
async fn a_search_stream_stops_at_the_result_cap() {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/search"))
        .respond_with(Pages(|_, _| page([1], Some("10000")), count.clone()))
        .mount(&server)
        .await;
    let (items, error) = drain(
        calls(&server)
            .search_calls(CallSearchRequest::default())
            .stream(),
    )
    .await;
    assert_eq!(items.len(), 1);
    assert!(
        matches!(&error, Some(Error::InvalidRequest { operation: "search_calls", message })
            if message.contains("at most 10000 results")),
        "{error:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn next_gives_control_back_while_a_page_is_on_its_way() {
    let server = MockServer::start().await;
    let slow = move |request: &Request| {
        let second = request.url.query().unwrap_or_default().contains("after=");
        let body = if second {
            page([2], None)
        } else {
            page([1], Some("p2"))
        };
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(Duration::from_millis(400))
    };
    Mock::given(method("GET"))
        .and(path(CALLS))
        .respond_with(slow)
        .mount(&server)
        .await;

    let mut stream = calls(&server).list_calls().stream();
    let mut timeouts = 0;
    let mut ids = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_millis(100), stream.next()).await {
            Err(_elapsed) => timeouts += 1,
            Ok(None) => break,
            Ok(Some(call)) => ids.push(call.expect("decoded").id),
        }
    }
    assert_eq!(ids, ["1", "2"]);
    assert!(timeouts >= 4, "next() returned control {timeouts} times");
    // Polling again after a timeout resumes the request in flight instead of sending another.
    assert_eq!(received(&server).await.len(), 2);
}
