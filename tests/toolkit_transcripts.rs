//! `toolkit::transcripts` and the `calling_transcripts` module at a wiremock server: the JSON
//! HubSpot's docs show for a transcript arrives exactly as built, a transcript that fails its
//! checks sends nothing, and the answers (a transcript, connection statuses with both kinds of
//! provider) decode.

use std::time::Duration;

use hubspot_calling::calling_transcripts::{
    BatchInputPublicObjectId, CallingProvider, Speaker, TranscriptSource,
};
use hubspot_calling::toolkit::transcripts::{Transcript, Utterance};
use hubspot_calling::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-transcripts-test";

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    (server, client)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::test]
async fn a_transcript_built_from_utterances_arrives_as_hubspot_documents_it() {
    let (server, client) = server().await;
    // HubSpot docs, "Third-party transcripts", "Create a transcript": the example body.
    let expected = json!({
        "engagementId": 21,
        "transcriptCreateUtterances": [
            {
                "speaker": {"id": "11", "name": "Speaker_NAME1"},
                "text": "Hello. How are you?",
                "languageCode": "en-US",
                "startTimeMillis": 1980,
                "endTimeMillis": 2090
            },
            {
                "speaker": {"id": "12", "name": "Speaker_NAME2", "email": "speakerName2@gmail.com"},
                "text": "Good, and you?",
                "startTimeMillis": 2090,
                "endTimeMillis": 3450
            }
        ]
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/extensions/calling/transcripts"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "9001"})))
        .expect(1)
        .mount(&server)
        .await;

    let first = Speaker::new("11", "Speaker_NAME1");
    let second = Speaker::new("12", "Speaker_NAME2").with_email("speakerName2@gmail.com");
    let body = Transcript::for_call("21")
        .push(Utterance::new(&first, ms(1_980), ms(2_090), "Hello. How are you?").language("en-US"))
        .utterance(&second, ms(2_090), ms(3_450), "Good, and you?")
        .build()
        .expect("a valid transcript");
    let created = client
        .calling_transcripts()
        .create_transcript(body)
        .send()
        .await
        .expect("created");
    assert_eq!(created.id, "9001");

    // The same body from an iterator of utterances (what a speech-to-text service returns).
    let segments = [
        (&first, 1_980, 2_090, "Hello. How are you?"),
        (&second, 2_090, 3_450, "Good, and you?"),
    ];
    let again = Transcript::from_utterances(
        21,
        segments
            .into_iter()
            .map(|(speaker, start, end, text)| Utterance::new(speaker, ms(start), ms(end), text)),
    )
    .expect("valid");
    let mut with_language = again.clone();
    with_language.transcript_create_utterances[0].language_code = Some("en-US".into());
    assert_eq!(serde_json::to_value(&with_language).unwrap(), expected);
}

#[tokio::test]
async fn a_transcript_that_fails_its_checks_sends_nothing() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(0)
        .mount(&server)
        .await;
    let speaker = Speaker::new("11", "Ada");
    let send = |transcript: Transcript| {
        let client = client.clone();
        async move {
            let body = transcript.build()?;
            client
                .calling_transcripts()
                .create_transcript(body)
                .send()
                .await
                .map(|created| created.id)
        }
    };
    let error: Error = send(
        Transcript::for_call(21)
            .utterance(&speaker, ms(0), ms(900), "Hi")
            .utterance(&speaker, ms(2_000), ms(1_500), "backwards"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`create_transcript`: invalid request: utterances[1]: ends at 1500 ms, before it starts \
         (2000 ms)"
    );
    let error = send(Transcript::for_call("not-a-call").utterance(&speaker, ms(0), ms(1), "Hi"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn get_and_delete_a_transcript() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/extensions/calling/transcripts/9001"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "createdAt": "2024-01-15T10:30:00Z",
            "updatedAt": "2024-01-15T10:31:00Z",
            "engagementId": 21,
            "id": "9001",
            "transcriptSource": "INTEGRATOR_GENERATED",
            "transcriptUtterances": [{
                "id": "u-1", "startTimeMillis": 1980, "endTimeMillis": 2090,
                "text": "Hello. How are you?", "languageCode": "en-US",
                "speaker": {"id": "11", "name": "Speaker_NAME1"}
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/extensions/calling/transcripts/9001"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let transcripts = client.calling_transcripts();
    let transcript = transcripts
        .get_transcript("9001")
        .send()
        .await
        .expect("read");
    assert_eq!(transcript.engagement_id, 21);
    assert_eq!(
        transcript.transcript_source,
        TranscriptSource::IntegratorGenerated
    );
    let utterance = &transcript.transcript_utterances[0];
    assert_eq!(
        (utterance.start_time_millis, utterance.end_time_millis),
        (1980, 2090)
    );
    assert_eq!(
        utterance.speaker.as_ref().map(|s| s.name.as_str()),
        Some("Speaker_NAME1")
    );
    transcripts
        .delete_transcript("9001")
        .send()
        .await
        .expect("deleted");
}

#[tokio::test]
async fn connection_statuses_decode_both_providers_and_keep_an_unknown_one() {
    let (server, client) = server().await;
    let statuses = json!({"results": [
        {"userId": "1001", "connected": true, "provider": {"type": "HUBSPOT"}},
        {"userId": "1002", "connected": true,
         "provider": {"type": "THIRD_PARTY", "appId": 1234567, "appName": "Acme Dialer"}},
        {"userId": "1003", "connected": false},
        {"userId": "1004", "connected": true, "provider": {"type": "SOMETHING_NEW"}}
    ]});
    // `userId` is an exploded array: one `userId=` per user.
    Mock::given(method("GET"))
        .and(path("/crm/extensions/calling/v3/connection-statuses"))
        .and(query_param("userId", "1001"))
        .and(query_param("userId", "1002"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&statuses))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/crm/extensions/calling/v3/connection-statuses/batch/read",
        ))
        .and(body_json(
            json!({"inputs": [{"id": "1001"}, {"id": "1002"}]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(&statuses))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/extensions/calling/v3/connection-statuses/me"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"userId": "1001", "connected": true,
                                      "provider": {"type": "HUBSPOT"}})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let api = client.calling_transcripts();
    let listed = api
        .list_connection_statuses()
        .user_id([1001, 1002])
        .send()
        .await
        .expect("listed");
    let request = api
        .list_connection_statuses()
        .user_id([1001, 1002])
        .build_request()
        .expect("request");
    assert_eq!(request.uri().query(), Some("userId=1001&userId=1002"));
    let read = api
        .batch_read_connection_statuses(BatchInputPublicObjectId::new([1001, 1002]))
        .send()
        .await
        .expect("read");
    assert_eq!(listed, read);
    let providers: Vec<_> = read
        .results
        .iter()
        .map(|s| (s.user_id.as_str(), s.connected, s.provider.clone()))
        .collect();
    assert!(matches!(
        providers[0],
        ("1001", true, Some(CallingProvider::Hubspot(_)))
    ));
    match &providers[1] {
        ("1002", true, Some(CallingProvider::ThirdParty(app))) => {
            assert_eq!(
                (app.app_id, app.app_name.as_deref()),
                (1234567, Some("Acme Dialer"))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(providers[2], ("1003", false, None)));
    match &providers[3] {
        ("1004", true, Some(CallingProvider::Other(json))) => {
            assert_eq!(json["type"], "SOMETHING_NEW");
        }
        other => panic!("{other:?}"),
    }
    let me = api.get_my_connection_status().send().await.expect("me");
    assert_eq!(me.user_id, "1001");
}
