//! What the client-side rate limiter adds to each request, end to end: one read sent to a local
//! HTTP server (a raw tokio server answering at once over keep-alive connections) without a
//! limiter, with the in-memory limiter and, with the `redis` feature, with the Redis store (a
//! `redis-server` started on a free port for the run). The quotas are far above what the loop
//! sends, so nothing waits: the difference is the limiter's own cost (a lock and a stamp in
//! memory; two script calls to Redis, the second on a spawned task).
//!
//! ```text
//! cargo bench -p hubspot-calling --bench limiter
//! cargo bench -p hubspot-calling --bench limiter --features redis   # needs redis-server
//! ```

#[cfg(feature = "redis")]
#[path = "../tests/support/redis_server.rs"]
mod redis_server;

use std::time::Duration;

use divan::Bencher;
use hubspot_calling::{Bucket, Client, Quota, RateLimit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

fn main() {
    divan::main();
}

const BODY: &str = r#"{"id":"1","properties":{},"createdAt":"2024-01-15T10:30:00Z","updatedAt":"2024-01-15T10:30:00Z","archived":false}"#;

/// A keep-alive HTTP/1.1 server answering every request with one call; returns its base URL.
fn server(runtime: &Runtime) -> String {
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    runtime.spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut seen = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buffer).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buffer[..n]);
                    // GETs have no body: one response per end of headers.
                    while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        seen.drain(..end + 4);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    url
}

/// Quotas no benchmark loop reaches: nothing waits.
fn roomy() -> RateLimit {
    RateLimit::default()
        .quota(Bucket::All, Quota::new(10_000_000, Duration::from_secs(1)))
        .unlimited(Bucket::Search)
}

fn bench_reads(bencher: Bencher, runtime: &Runtime, client: &Client) {
    bencher.bench_local(|| {
        runtime
            .block_on(client.calls().get_call_by_id("1").send())
            .expect("read")
    });
}

fn client(url: &str, limits: Option<RateLimit>) -> Client {
    let builder = Client::builder()
        .base_url(url)
        .access_token("pat-na1-bench");
    match limits {
        Some(limits) => builder.rate_limit(limits),
        None => builder,
    }
    .build()
    .expect("client")
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

#[divan::bench(sample_count = 2000)]
fn read_without_limiter(bencher: Bencher) {
    let runtime = runtime();
    let url = server(&runtime);
    bench_reads(bencher, &runtime, &client(&url, None));
}

#[divan::bench(sample_count = 2000)]
fn read_with_memory_limiter(bencher: Bencher) {
    let runtime = runtime();
    let url = server(&runtime);
    bench_reads(bencher, &runtime, &client(&url, Some(roomy())));
}

#[cfg(feature = "redis")]
#[divan::bench(sample_count = 2000)]
fn read_with_redis_limiter(bencher: Bencher) {
    let redis = redis_server::RedisServer::start();
    let runtime = runtime();
    let url = server(&runtime);
    let limits = roomy().redis(hubspot_calling::RedisStore::new(redis.url(), "bench"));
    bench_reads(bencher, &runtime, &client(&url, Some(limits)));
}
