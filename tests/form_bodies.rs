//! Form bodies on the wire (wiremock): the generated `oauth` builder sends
//! `POST /oauth/v1/token` with `Content-Type: application/x-www-form-urlencoded` and exactly the
//! form bytes (fields in schema order, unset fields left out, reserved characters
//! percent-encoded, nothing in the query), and a refused token request keeps the secrets out of
//! the error.

use hubspot_calling::{oauth, Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

fn refresh_form(secret: &str, refresh: &str) -> oauth::TokenRequest {
    oauth::TokenRequest {
        grant_type: oauth::GrantType::RefreshToken,
        client_id: "7fff1e36-2d40".into(),
        client_secret: Some(secret.into()),
        refresh_token: Some(refresh.into()),
        code: None,
        code_verifier: None,
        redirect_uri: None,
        scope: Some("crm.objects.contacts.read oauth".into()),
    }
}

#[tokio::test]
async fn the_token_form_arrives_byte_for_byte_with_its_content_type() {
    let server = MockServer::start().await;
    let expected = "client_id=7fff1e36-2d40&client_secret=s%2Fe+c%26r%3Dt&grant_type=refresh_token\
                    &refresh_token=na1-r%2Bt&scope=crm.objects.contacts.read+oauth";
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "access_token": "a-1", "refresh_token": "na1-r+t",
            "expires_in": 1800
        })))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .oauth()
        .create_token(refresh_form("s/e c&r=t", "na1-r+t"))
        .send()
        .await
        .expect("tokens");
    let oauth::TokenResponse::AccessTokenResponse(tokens) = answer else {
        panic!("not the access token answer: {answer:?}");
    };
    assert_eq!(
        (tokens.access_token.as_str(), tokens.expires_in),
        ("a-1", 1800)
    );
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.query(), None);
    assert_eq!(received[0].body, expected.as_bytes());
}

#[tokio::test]
async fn a_refused_token_request_does_not_show_the_secrets_it_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "BAD_REFRESH_TOKEN",
            "message": "missing or unknown refresh token na1-secret-refresh",
            "correlationId": "c-1",
        })))
        .mount(&server)
        .await;
    let error = hubspot_calling::auth::OAuthApp::new(
        &client(&server),
        "7fff1e36-2d40",
        "client-secret-0123",
    )
    .expect("app")
    .refresh("na1-secret-refresh")
    .await
    .expect_err("refused");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("na1-secret-refresh"), "{shown}");
        assert!(!shown.contains("client-secret-0123"), "{shown}");
    }
}
