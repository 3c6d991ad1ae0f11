//! Many accounts on one client, token stores, a user's own token source, the install flow's
//! requests, and secrets kept out of everything shown.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use hubspot_calling::auth::{TokenSet, TokenStore};
use hubspot_calling::{AccessToken, Credentials, Error, TokenError, TokenFuture, TokenSource};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{
    access_token, account, app, form, logs, Calls, TokenEndpoint, CLIENT_ID, CLIENT_SECRET, REFRESH,
};

#[tokio::test]
async fn two_accounts_on_one_client_renew_and_send_their_own_tokens() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    let (refresh_a, refresh_b) = ("refresh-token-account-a", "refresh-token-account-b");
    let a = account(&client, &app, TokenSet::new(refresh_a).with_hub_id(101));
    let b = account(&client, &app, TokenSet::new(refresh_b).with_hub_id(202));

    for handle in [&a, &b, &a, &a, &b] {
        handle
            .calls()
            .get_call_by_id("1")
            .send()
            .await
            .expect("sent");
    }
    // Each account renewed once, with its own refresh token.
    let refreshed: Vec<String> = tokens
        .forms()
        .iter()
        .map(|f| f["refresh_token"].clone())
        .collect();
    assert_eq!(refreshed, [refresh_a, refresh_b]);
    let (token_a, token_b) = (access_token(refresh_a, 1), access_token(refresh_b, 2));
    assert_eq!(
        calls.seen(),
        [&token_a, &token_b, &token_a, &token_a, &token_b].map(String::clone)
    );
    // The app's client itself has no token.
    assert!(!client.has_access_token() && a.has_access_token());
    assert_eq!(a.access_token().await.expect("a").expose_secret(), token_a);
}

/// Records what it is asked to save; fails when told to.
#[derive(Clone, Default)]
struct Recorder {
    saved: Arc<Mutex<Vec<TokenSet>>>,
    fail: bool,
}

impl TokenStore for Recorder {
    fn save<'a>(
        &'a self,
        tokens: &'a TokenSet,
    ) -> TokenFuture<'a, Result<(), Box<dyn std::error::Error + Send + Sync>>> {
        Box::pin(async move {
            tokio::task::yield_now().await; // a store that waits on I/O
            self.saved.lock().expect("lock").push(tokens.clone());
            if self.fail {
                let message = format!("disk full while writing {}", tokens.refresh_token());
                return Err(message.into());
            }
            Ok(())
        })
    }
}

#[tokio::test]
async fn every_token_set_goes_to_the_store_and_a_rotated_refresh_token_is_used() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint {
        rotate: true,
        ..TokenEndpoint::new()
    };
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    let store = Recorder::default();
    let account = client
        .for_account(
            Credentials::new().token_source(
                app.refresher(TokenSet::new(REFRESH).with_hub_id(62515))
                    .store(store.clone()),
            ),
        )
        .expect("account");

    account.calls().get_call_by_id("1").send().await.expect("1");
    calls.expire(&access_token(REFRESH, 1));
    account.calls().get_call_by_id("1").send().await.expect("2");

    let rotated = format!("{REFRESH}-rotated-1");
    let forms = tokens.forms();
    assert_eq!(forms[0]["refresh_token"], REFRESH);
    assert_eq!(
        forms[1]["refresh_token"], rotated,
        "the newest refresh token"
    );
    let saved = store.saved.lock().expect("lock").clone();
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[0].refresh_token(), rotated);
    assert_eq!(
        saved[0]
            .access_token()
            .map(|t| t.expose_secret().to_owned()),
        Some(access_token(REFRESH, 1))
    );
    assert!(saved[0]
        .expires_at()
        .is_some_and(|at| at > SystemTime::now()));

    // A store that fails does not fail the account: logged, and the new token used.
    let failing = Recorder {
        fail: true,
        ..Recorder::default()
    };
    let logs = logs();
    let account = client
        .for_account(
            Credentials::new().token_source(
                app.refresher(TokenSet::new("refresh-token-account-c"))
                    .store(failing.clone()),
            ),
        )
        .expect("account");
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent anyway");
    assert_eq!(failing.saved.lock().expect("lock").len(), 1);
    let text = logs.text();
    assert!(
        text.contains("could not save renewed HubSpot tokens"),
        "{text}"
    );
    assert!(
        text.contains("disk full while writing <redacted>"),
        "{text}"
    );

    // The callback form sees the same.
    let seen: Arc<Mutex<Vec<Option<i64>>>> = Arc::default();
    let sink = seen.clone();
    let account = client
        .for_account(
            Credentials::new().token_source(
                app.refresher(TokenSet::new("refresh-token-account-d").with_hub_id(7))
                    .on_refresh(move |t| sink.lock().expect("lock").push(t.hub_id())),
            ),
        )
        .expect("account");
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    // The token endpoint said nothing about the account: the known hub id is kept.
    assert_eq!(*seen.lock().expect("lock"), [Some(7)]);
}

/// Tokens another process renews: the vault is read on every request; after an expired-token
/// answer the newest token is read again.
struct Vault {
    current: Mutex<String>,
    reads: Mutex<usize>,
}

impl Vault {
    fn read(&self) -> AccessToken {
        *self.reads.lock().expect("lock") += 1;
        AccessToken::new(self.current.lock().expect("lock").clone())
    }
}

impl TokenSource for Vault {
    fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(async move { Ok(self.read()) })
    }

    fn token_expired(
        &self,
        rejected: AccessToken,
    ) -> TokenFuture<'_, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move {
            // The other process renews it meanwhile.
            *self.current.lock().expect("lock") = "vault-access-token-2".to_owned();
            let token = self.read();
            Ok((token != rejected).then_some(token))
        })
    }
}

#[tokio::test]
async fn a_users_token_source_is_asked_per_request_and_after_an_expired_token() {
    let server = MockServer::start().await;
    let calls = Calls::default();
    calls.mount(&server).await;
    calls.expire("vault-access-token-1");
    let (client, _) = app(&server);
    let vault = Arc::new(Vault {
        current: Mutex::new("vault-access-token-1".to_owned()),
        reads: Mutex::new(0),
    });
    let account = client
        .for_account(Credentials::new().token_source(vault.clone()))
        .expect("account");
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("replayed");
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    assert_eq!(
        calls.seen(),
        [
            "vault-access-token-1",
            "vault-access-token-2",
            "vault-access-token-2"
        ]
    );
    assert_eq!(*vault.reads.lock().expect("lock"), 3);

    // A failing source fails the request before anything is sent.
    struct Down;
    impl TokenSource for Down {
        fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
            Box::pin(async { Err(TokenError::new("the vault did not answer")) })
        }
    }
    let down = client
        .for_account(Credentials::new().token_source(Down))
        .expect("account");
    let err = down
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("no token");
    assert_eq!(
        err.to_string(),
        "`get_call_by_id`: no access token: the vault did not answer"
    );
    assert_eq!(calls.seen().len(), 3);
    // build_request (not async) cannot ask a source; `access_token` can, for other stacks.
    assert!(matches!(
        account.calls().get_call_by_id("1").build_request(),
        Err(Error::InvalidRequest { .. })
    ));
    let token = account.access_token().await.expect("token");
    assert_eq!(token.expose_secret(), "vault-access-token-2");
}

#[tokio::test]
async fn the_install_flow_exchanges_the_code_and_learns_the_account() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/oauth/v1/access-tokens/{}",
            access_token("code-from-hubspot-1234", 1)
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token": access_token("code-from-hubspot-1234", 1),
            "user": "owner@example.com", "hub_domain": "example.com",
            "scopes": ["oauth", "crm.objects.contacts.write"], "hub_id": 62515,
            "app_id": 456789, "expires_in": 1795, "user_id": 1001, "token_type": "access"
        })))
        .mount(&server)
        .await;
    let (_, app) = app(&server);
    let redirect = "https://calls.example.com/oauth/callback";
    let set = app
        .exchange_code("code-from-hubspot-1234", redirect)
        .await
        .expect("tokens");
    let form = &tokens.forms()[0];
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "code-from-hubspot-1234");
    assert_eq!(form["redirect_uri"], redirect);
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    let info = app
        .access_token_info(set.access_token().expect("access token"))
        .await
        .expect("info");
    assert_eq!(info.hub_id, 62515);
    assert!(info.has_scope("crm.objects.contacts.write"));
    assert_eq!(info.expires_in(), Duration::from_secs(1795));
    assert!(matches!(
        app.exchange_code(" ", redirect).await,
        Err(Error::InvalidRequest { .. })
    ));
}

/// Answers with the request's form and `Authorization` header in the error body.
fn echo(status: u16) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let authorization = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        ResponseTemplate::new(status).set_body_json(json!({
            "status": "error",
            "category": "VALIDATION_ERROR",
            "message": format!("echo {:?} {authorization}", form(request)),
        }))
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_errors_or_logs() {
    let logs = logs();
    let server = MockServer::start().await;
    // The token endpoint works once, then refuses, echoing what it got.
    let tokens = TokenEndpoint::new();
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(tokens.clone())
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(echo(400))
        .mount(&server)
        .await;
    // The API echoes the access token back in errors.
    Mock::given(path("/crm/v3/objects/calls/1"))
        .respond_with(echo(400))
        .mount(&server)
        .await;
    Mock::given(path("/crm/v3/objects/calls/2"))
        .respond_with(crate::support::expired())
        .mount(&server)
        .await;
    let (client, app) = app(&server);
    let refresher = app.refresher(TokenSet::new(REFRESH));
    let refresher_debug = format!("{refresher:?} {app:?}");
    let account = client
        .for_account(Credentials::new().token_source(refresher))
        .expect("account");
    let issued = access_token(REFRESH, 1);

    let api_error = account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("echoed");
    assert_eq!(api_error.status(), Some(400));
    // An expired-token answer: renewing is refused with the secrets echoed.
    let auth_error = account
        .calls()
        .get_call_by_id("2")
        .send()
        .await
        .expect_err("refused");
    assert!(auth_error.needs_reauthorization(), "{auth_error}");
    let shown = [
        api_error.to_string(),
        format!("{api_error:?}"),
        auth_error.to_string(),
        format!("{auth_error:?}"),
        source_chain(&auth_error),
        refresher_debug,
        format!("{account:?}"),
        format!(
            "{:?}",
            TokenSet::new(REFRESH).with_access_token(&issued, SystemTime::now())
        ),
        logs.text(),
    ];
    for text in &shown {
        for secret in [CLIENT_SECRET, REFRESH, issued.as_str()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(shown[0].contains("Bearer <redacted>"), "{}", shown[0]);
    assert!(shown[2].contains("<redacted>"), "{}", shown[2]);
    assert!(logs.text().contains("renewed a HubSpot access token"));
}

fn source_chain(error: &Error) -> String {
    std::iter::successors(
        std::error::Error::source(error),
        |e: &&(dyn std::error::Error + 'static)| e.source(),
    )
    .map(|e| format!("{e} / {e:?}"))
    .collect::<Vec<_>>()
    .join(" | ")
}
