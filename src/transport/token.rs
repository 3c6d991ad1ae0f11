//! An account's access token when it comes from a [`TokenSource`] ([`Sourced`]): asked on every
//! attempt, checked, and learned: the account's redactor keeps the recent tokens out of errors
//! and logs, and the `Authorization` value of the current one is built once.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use http::header::HeaderValue;

use super::auth::bearer_value;
use crate::error::TokenError;
use crate::redact::Redactor;
use crate::settings::{AccessToken, TokenSource};
use crate::wire::encode_query_component;

/// How many of the tokens a source handed out the redactor keeps (the current one and those
/// before it, which answers to older requests may still echo). Tokens live 30 minutes: this
/// covers hours, and keeps redaction cheap for an account that runs for months.
const REMEMBERED: usize = 8;

/// A token source and what the account learned from it.
pub(crate) struct Sourced {
    source: Arc<dyn TokenSource>,
    learned: Mutex<Learned>,
}

struct Learned {
    /// The account's fixed secrets (developer API key, sensitive default headers).
    base: Redactor,
    /// `base` plus `recent`.
    redactor: Redactor,
    /// The tokens handed out, newest last.
    recent: VecDeque<AccessToken>,
    /// The newest token and its `Authorization` value.
    current: Option<(AccessToken, HeaderValue)>,
}

/// The token of one attempt.
pub(crate) struct Issued {
    /// The token, to report it if HubSpot answers that it expired.
    pub(crate) token: AccessToken,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
}

impl Sourced {
    /// `source`, for an account whose other secrets `base` redacts.
    pub(crate) fn new(source: Arc<dyn TokenSource>, base: Redactor) -> Sourced {
        Sourced {
            source,
            learned: Mutex::new(Learned {
                redactor: base.clone(),
                base,
                recent: VecDeque::new(),
                current: None,
            }),
        }
    }

    /// The token to send: `renewed` (what the source gave after an expired-token answer), else
    /// the source's current one.
    ///
    /// # Errors
    /// The source's [`TokenError`], or one for a token that is empty or cannot be sent.
    pub(crate) async fn issue(&self, renewed: Option<AccessToken>) -> Result<Issued, TokenError> {
        let token = match renewed {
            Some(token) => token,
            None => self.source.access_token().await?,
        };
        self.learn(token)
    }

    /// Tells the source HubSpot rejected `token` as expired; a new token to send the request
    /// again with, or `None`.
    ///
    /// # Errors
    /// The source's [`TokenError`].
    pub(crate) async fn expired(
        &self,
        token: AccessToken,
    ) -> Result<Option<AccessToken>, TokenError> {
        self.source.token_expired(token).await
    }

    /// The account's redactor, with the tokens handed out so far.
    pub(crate) fn redactor(&self) -> Redactor {
        self.lock().redactor.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Learned> {
        // The state is consistent after every statement: a panic elsewhere cannot break it.
        self.learned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn learn(&self, token: AccessToken) -> Result<Issued, TokenError> {
        let mut learned = self.lock();
        if let Some((current, header)) = &learned.current {
            if *current == token {
                return Ok(Issued {
                    token,
                    header: header.clone(),
                });
            }
        }
        if token.expose_secret().is_empty() {
            return Err(TokenError::new(
                "the token source handed out an empty access token",
            ));
        }
        let header = bearer_value(token.expose_secret()).ok_or_else(|| {
            TokenError::new(
                "the token source handed out an access token that cannot be sent in an HTTP \
                 header (control characters or a line break)",
            )
        })?;
        if !learned.recent.contains(&token) {
            if learned.recent.len() == REMEMBERED {
                learned.recent.pop_front();
            }
            learned.recent.push_back(token.clone());
            let mut redactor = learned.base.clone();
            for known in &learned.recent {
                redactor = redactor.with_secret(known.expose_secret(), encode_query_component);
            }
            learned.redactor = redactor;
        }
        learned.current = Some((token.clone(), header.clone()));
        Ok(Issued { token, header })
    }
}

impl fmt::Debug for Sourced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSource(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{StaticToken, TokenFuture};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out `token-<n>-padding`, a new one per call.
    struct Counter(AtomicUsize);

    impl TokenSource for Counter {
        fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { Ok(AccessToken::new(format!("token-{n}-padding"))) })
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn every_token_handed_out_is_redacted_up_to_a_bound() {
        let sourced = Sourced::new(Arc::new(Counter(AtomicUsize::new(0))), Redactor::default());
        for _ in 0..REMEMBERED + 2 {
            let issued = block_on(sourced.issue(None)).expect("token");
            assert_eq!(
                issued.header.to_str().ok(),
                Some(format!("Bearer {}", issued.token.expose_secret()).as_str())
            );
            assert!(issued.header.is_sensitive());
        }
        let redactor = sourced.redactor();
        let newest = format!("token-{}-padding", REMEMBERED + 1);
        assert_eq!(redactor.redact(&newest), "<redacted>");
        assert_eq!(redactor.redact("token-2-padding"), "<redacted>");
        // The oldest ones were forgotten.
        assert_eq!(redactor.redact("token-0-padding"), "token-0-padding");
    }

    #[test]
    fn tokens_that_cannot_be_sent_are_token_errors() {
        for bad in ["", "line\nbreak"] {
            let sourced = Sourced::new(Arc::new(StaticToken::new(bad)), Redactor::default());
            let error = block_on(sourced.issue(None)).err().expect("refused");
            assert!(error.message().contains("token source"), "{error}");
        }
    }
}
