//! A local HubSpot stand-in that records when each request arrives, at the server, and answers
//! after a random 0 to 20 ms, so responses (and the limiter's next sends) bunch as they do on
//! real networks.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// Records arrival times (taken by the server when the request has arrived) and answers a call.
#[derive(Clone, Default)]
pub struct Arrivals {
    times: Arc<Mutex<Vec<Instant>>>,
}

impl Arrivals {
    /// A server answering `GET /crm/v3/objects/calls/{id}` and `POST
    /// /crm/v3/objects/calls/search` that records into the returned `Arrivals` (all requests)
    /// and `searches` (the searches).
    pub async fn server() -> (MockServer, Arrivals) {
        let (server, arrivals, _) = Self::server_with_searches().await;
        (server, arrivals)
    }

    /// [`Arrivals::server`], also returning the arrivals of the searches alone.
    #[allow(dead_code)] // used by some of the test crates that include this module
    pub async fn server_with_searches() -> (MockServer, Arrivals, Arrivals) {
        let server = MockServer::start().await;
        let arrivals = Arrivals::default();
        let searches = Arrivals::default();
        Mock::given(method("GET"))
            .and(path_regex(r"^/crm/v3/objects/calls/[0-9]+$"))
            .respond_with(arrivals.clone())
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path_regex(r"^/crm/v3/objects/calls/search$"))
            .respond_with(Search {
                all: arrivals.clone(),
                searches: searches.clone(),
            })
            .mount(&server)
            .await;
        (server, arrivals, searches)
    }

    fn record(&self) {
        self.times.lock().expect("lock").push(Instant::now());
    }

    /// The arrival times so far, sorted.
    pub fn times(&self) -> Vec<Instant> {
        let mut times = self.times.lock().expect("lock").clone();
        times.sort();
        times
    }

    /// How many requests arrived so far.
    #[allow(dead_code)] // used by some of the test crates that include this module
    pub fn count(&self) -> usize {
        self.times.lock().expect("lock").len()
    }
}

/// Records a search in both logs and answers with no results.
struct Search {
    all: Arrivals,
    searches: Arrivals,
}

impl Respond for Search {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.all.record();
        self.searches.record();
        ResponseTemplate::new(200)
            .set_body_json(json!({"total": 0, "results": []}))
            .set_delay(Duration::from_millis(fastrand::u64(0..=20)))
    }
}

impl Respond for Arrivals {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.record();
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "id": "1",
                "properties": {"hs_call_title": "Discovery call"},
                "createdAt": "2024-01-15T10:30:00Z",
                "updatedAt": "2024-01-15T10:30:00Z",
                "archived": false
            }))
            .set_delay(Duration::from_millis(fastrand::u64(0..=20)))
    }
}

/// The most arrivals in any window `[t, t + per)` that starts at an arrival (the fullest
/// windows do), with the window's start offset from the first arrival, for messages.
pub fn fullest_window(times: &[Instant], per: Duration) -> (usize, Duration) {
    let first = times.first().copied();
    times
        .iter()
        .enumerate()
        .map(|(i, start)| {
            let count = times[i..].iter().take_while(|t| **t < *start + per).count();
            (count, first.map_or(Duration::ZERO, |f| *start - f))
        })
        .max_by_key(|(count, _)| *count)
        .unwrap_or((0, Duration::ZERO))
}
