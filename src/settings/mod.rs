//! What users configure, apart from how it is carried out: retries ([`RetryPolicy`]), client-side
//! rate limits ([`RateLimit`]; `RedisStore` to count them in Redis), the response hook
//! ([`ResponseInfo`]), credentials ([`Credentials`], [`CredentialKind`], and [`TokenSource`] for
//! tokens that renew themselves) and per-request choices ([`RequestOptions`]).
//!
//! Layer 1: imports only layer 0 (`error`, `redact`, `operation`).

mod credentials;
mod hooks;
mod limits;
mod options;
#[cfg(feature = "redis")]
mod redis_store;
mod retry;
mod token;

pub(crate) use credentials::TokenSetting;
pub use credentials::{CredentialKind, Credentials};
pub use hooks::ResponseInfo;
pub use limits::{Bucket, Quota, RateLimit};
pub use options::RequestOptions;
#[cfg(feature = "redis")]
pub use redis_store::RedisStore;
pub use retry::RetryPolicy;
pub use token::{AccessToken, StaticToken, TokenFuture, TokenSource};

pub(crate) use hooks::{HookDebug, ResponseHook};
pub(crate) use limits::name_problem;
