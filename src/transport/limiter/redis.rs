//! The counts in Redis ([`RedisBackend`], feature `redis`), shared by every process that uses the
//! same server, app and prefix.
//!
//! Each account has a sorted set per limited bucket, `<prefix>:{<app>:<account>}:<bucket>`: a
//! sliding-window log of request ids scored by their stamp in microseconds of the Redis server's
//! clock (`TIME`, so replicas with skewed clocks agree), and a pause key next to it
//! (`…:<bucket>:pause`) after a 429. Three scripts keep them (`redis/*.lua`, run with EVALSHA,
//! loaded on first use):
//!
//! - `reserve.lua`, atomically for every bucket of the request: drop stamps older than the span
//!   (window + margin), count, and either add the request with a provisional stamp (now +
//!   lease: the longest the attempt can take, plus twice the Redis timeout) or answer how long
//!   to wait (the rule of the module above: exact for stamps, one span for places held by
//!   requests in flight);
//! - `finish.lua`, when the response (or a failure) arrives: stamp the request with the
//!   server's now. It runs on a spawned task, so the request does not wait for it; if it never
//!   arrives (Redis down, process killed), the provisional stamp stays, which is later than the
//!   request can have reached HubSpot: a place lost for a while, never a request too many;
//! - `pause.lua`, after a 429.
//!
//! Every key expires (PEXPIRE) when its latest stamp stops holding a place. A request whose
//! future is dropped while `reserve.lua` runs may leave its id behind with no permit to finish
//! it: its provisional stamp holds the place until the lease ends (fewer sends, never more).
//!
//! When Redis fails (unreachable, an error, no answer within the store's timeout), `try_start`
//! fails and the request is not sent ([`crate::error::Error::RateLimiter`]): no fallback to
//! counting in memory, which could not know what the other replicas send. The connection is made
//! on first use and re-made after a failure.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::Script;
use futures_util::future::BoxFuture;
use tokio::sync::OnceCell;

use super::{Admission, Counters, Store, Ticket};
use crate::error::Error;
use crate::settings::{Bucket, Quota, RateLimit, RedisStore};

/// The account of handles without a name.
const DEFAULT_ACCOUNT: &str = "default";

/// The Redis store of one client.
pub(crate) struct RedisBackend {
    inner: Arc<Inner>,
}

/// What every account of the client shares: the connection, the scripts, the settings.
struct Inner {
    settings: RedisStore,
    limits: RateLimit,
    client: ::redis::Client,
    connection: OnceCell<ConnectionManager>,
    /// Tells this process's request ids from other processes'.
    instance: String,
    next_id: AtomicU64,
    reserve: Script,
    finish: Script,
    pause: Script,
}

impl RedisBackend {
    /// Checks the URL; connects on first use.
    ///
    /// # Errors
    /// [`Error::Config`] for a URL the Redis client cannot use (including `rediss://`: no TLS).
    pub(crate) fn new(limits: &RateLimit, settings: &RedisStore) -> Result<Self, Error> {
        let client =
            ::redis::Client::open(settings.url.as_str()).map_err(|error| Error::Config {
                message: format!(
                    "the Redis URL {} of the rate limiter cannot be used: {}",
                    settings.shown_url(),
                    scrub(settings, &error.to_string())
                ),
            })?;
        Ok(RedisBackend {
            inner: Arc::new(Inner {
                settings: settings.clone(),
                limits: limits.clone(),
                client,
                connection: OnceCell::new(),
                instance: format!("{:016x}{:08x}", fastrand::u64(..), std::process::id()),
                next_id: AtomicU64::new(1),
                reserve: Script::new(include_str!("redis/reserve.lua")),
                finish: Script::new(include_str!("redis/finish.lua")),
                pause: Script::new(include_str!("redis/pause.lua")),
            }),
        })
    }
}

impl Store for RedisBackend {
    fn counters(&self, account: Option<&str>) -> Arc<dyn Counters> {
        let inner = &self.inner;
        let account = account.unwrap_or(DEFAULT_ACCOUNT);
        let log = |bucket: Bucket, name: &str| {
            inner.limits.get(bucket).map(|quota| {
                Log::new(
                    &inner.settings,
                    account,
                    name,
                    quota,
                    inner.limits.get_margin(),
                )
            })
        };
        Arc::new(RedisCounters {
            all: log(Bucket::All, "all"),
            search: log(Bucket::Search, "search"),
            inner: inner.clone(),
        })
    }
}

/// The keys and quota of one bucket of one account.
struct Log {
    key: String,
    pause_key: String,
    requests: u32,
    /// Window plus margin, in microseconds.
    span_us: u64,
}

impl Log {
    fn new(
        settings: &RedisStore,
        account: &str,
        bucket: &str,
        quota: Quota,
        margin: Duration,
    ) -> Self {
        let key = format!(
            "{}:{{{}:{account}}}:{bucket}",
            settings.prefix, settings.app
        );
        Log {
            pause_key: format!("{key}:pause"),
            key,
            requests: quota.requests(),
            span_us: micros(quota.per().saturating_add(margin)),
        }
    }
}

/// The logs of one account.
struct RedisCounters {
    inner: Arc<Inner>,
    all: Option<Log>,
    search: Option<Log>,
}

impl RedisCounters {
    /// The logs a request of `bucket` counts in, narrowest first.
    fn of(&self, bucket: Bucket) -> impl Iterator<Item = &Log> {
        let search = match bucket {
            Bucket::Search => self.search.as_ref(),
            Bucket::All => None,
        };
        search.into_iter().chain(self.all.as_ref())
    }
}

impl Counters for RedisCounters {
    fn try_start(
        &self,
        bucket: Bucket,
        lease: Duration,
    ) -> BoxFuture<'_, Result<Admission, String>> {
        Box::pin(async move {
            let logs: Vec<&Log> = self.of(bucket).collect();
            let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
            if logs.is_empty() {
                return Ok(Admission::Go(Ticket { bucket, id }));
            }
            // The reply to this script and the finishing script each take up to the timeout.
            let lease = lease.saturating_add(self.inner.settings.timeout.saturating_mul(2));
            let mut invocation = self.inner.reserve.prepare_invoke();
            for log in &logs {
                invocation.key(&log.key);
            }
            for log in &logs {
                invocation.key(&log.pause_key);
            }
            invocation.arg(self.inner.member(id)).arg(micros(lease));
            for log in &logs {
                invocation.arg(log.requests).arg(log.span_us);
            }
            let reply: Vec<i64> = self.inner.run(&invocation).await?;
            match reply.as_slice() {
                [1, _] => Ok(Admission::Go(Ticket { bucket, id })),
                [0, ms] => Ok(Admission::Wait(Duration::from_millis(
                    u64::try_from(*ms).unwrap_or(0).max(1),
                ))),
                other => Err(format!(
                    "Redis at {} answered the reserve script with {other:?}",
                    self.inner.settings.shown_url()
                )),
            }
        })
    }

    fn finish(&self, ticket: Ticket) {
        let logs: Vec<(String, u64)> = self
            .of(ticket.bucket)
            .map(|log| (log.key.clone(), log.span_us))
            .collect();
        if logs.is_empty() {
            return;
        }
        let inner = self.inner.clone();
        let member = inner.member(ticket.id);
        spawn(async move {
            let mut invocation = inner.finish.prepare_invoke();
            for (key, _) in &logs {
                invocation.key(key);
            }
            invocation.arg(member);
            for (_, span) in &logs {
                invocation.arg(*span);
            }
            if let Err(error) = inner.run::<i64>(&invocation).await {
                tracing::warn!(
                    %error,
                    "could not stamp a request in the rate limiter; its place stays taken until \
                     its lease ends"
                );
            }
        });
    }

    fn pause(&self, bucket: Bucket, wait: Duration) {
        let Some(log) = self.of(bucket).next() else {
            return;
        };
        let key = log.pause_key.clone();
        let inner = self.inner.clone();
        let ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX).max(1);
        spawn(async move {
            let mut invocation = inner.pause.prepare_invoke();
            invocation.key(key).arg(ms);
            if let Err(error) = inner.run::<i64>(&invocation).await {
                tracing::warn!(%error, "could not pause the rate limiter after a 429");
            }
        });
    }
}

impl Inner {
    fn member(&self, id: u64) -> String {
        format!("{}:{id}", self.instance)
    }

    /// Runs `invocation` within the timeout, connecting first if needed.
    async fn run<T: ::redis::FromRedisValue>(
        &self,
        invocation: &::redis::ScriptInvocation<'_>,
    ) -> Result<T, String> {
        let timeout = self.settings.timeout;
        let exchange = async {
            let mut connection = self
                .connection
                .get_or_try_init(|| {
                    let config = ConnectionManagerConfig::new()
                        .set_connection_timeout(Some(timeout))
                        .set_response_timeout(Some(timeout))
                        .set_number_of_retries(2)
                        .set_min_delay(Duration::from_millis(50))
                        .set_max_delay(Duration::from_millis(500));
                    ConnectionManager::new_with_config(self.client.clone(), config)
                })
                .await?
                .clone();
            invocation.invoke_async(&mut connection).await
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(format!(
                "Redis at {} failed: {}",
                self.settings.shown_url(),
                scrub(&self.settings, &error.to_string())
            )),
            Err(_) => Err(format!(
                "Redis at {} did not answer within {timeout:?}",
                self.settings.shown_url()
            )),
        }
    }
}

/// Runs `task` on the current tokio runtime, if there is one (a permit dropped outside a runtime
/// keeps its provisional stamp).
fn spawn(task: impl std::future::Future<Output = ()> + Send + 'static) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(task);
    }
}

/// `text` without the Redis password, should an error message ever repeat it.
fn scrub(settings: &RedisStore, text: &str) -> String {
    let password = url::Url::parse(&settings.url)
        .ok()
        .and_then(|url| url.password().map(str::to_owned));
    match password {
        Some(password) if !password.is_empty() => {
            let decoded = percent_encoding::percent_decode_str(&password)
                .decode_utf8_lossy()
                .into_owned();
            text.replace(&password, "REDACTED")
                .replace(&decoded, "REDACTED")
        }
        _ => text.to_owned(),
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_prefix_app_account_and_bucket() {
        let settings = RedisStore::new("redis://127.0.0.1:1", "app-7").prefix("staging");
        let log = Log::new(
            &settings,
            "4567890",
            "search",
            Quota::new(5, Duration::from_secs(1)),
            Duration::from_millis(50),
        );
        assert_eq!(log.key, "staging:{app-7:4567890}:search");
        assert_eq!(log.pause_key, "staging:{app-7:4567890}:search:pause");
        assert_eq!((log.requests, log.span_us), (5, 1_050_000));
    }

    #[test]
    fn the_password_never_shows() {
        let settings = RedisStore::new("redis://user:p%40ss-w0rd@127.0.0.1:1", "app");
        let shown = scrub(&settings, "AUTH failed for p@ss-w0rd / p%40ss-w0rd");
        assert!(!shown.contains("w0rd"), "{shown}");
        assert!(
            RedisBackend::new(&RateLimit::default(), &settings).is_ok(),
            "a valid URL is accepted without connecting"
        );
        let bad = RedisStore::new("rediss://user:s3cret@127.0.0.1:1", "app");
        match RedisBackend::new(&RateLimit::default(), &bad) {
            Err(Error::Config { message }) => assert!(!message.contains("s3cret"), "{message}"),
            Ok(_) => panic!("rediss:// needs TLS, which is not compiled in"),
            Err(other) => panic!("{other:?}"),
        }
    }
}
