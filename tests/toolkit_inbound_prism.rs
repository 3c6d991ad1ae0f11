//! The inbound-call example (`examples/inbound_call.rs`, compiled in here as a module) against
//! Stoplight Prism serving `calling-extensions.json` with its overlays: Prism checks every
//! request of the flow against the spec (`--errors`: a request that does not match gets an
//! error answer, which fails the flow) and answers with data generated from the response
//! schemas (`--dynamic`: the upstream spec's examples are all `null`).
//!
//! Prism is started by the shared harness (hubspot-calling-test-support: installed with `npm ci`
//! on first use, or `PRISM_BIN`); the test fails, it does not skip, when Prism cannot be
//! installed or does not start.

use hubspot_calling::toolkit::channel_connection::E164Number;
use hubspot_calling::Client;

#[allow(dead_code)]
#[path = "../examples/inbound_call.rs"]
mod inbound_call;

#[tokio::test(flavor = "multi_thread")]
async fn inbound_call_flow_passes_prism_validation() {
    // The example's own Prism: calling-extensions.json with its overlays, `--errors --dynamic`.
    let (prism, dir) =
        inbound_call::start_prism().unwrap_or_else(|e| panic!("Prism did not start: {e}"));

    // Prism does validate: a request that breaks the spec (inbound-call without its required
    // fields) is refused.
    let invalid = reqwest::Client::new()
        .post(format!(
            "{}/crm/v3/extensions/calling/inbound-call",
            prism.base_url()
        ))
        .bearer_auth("pat-na1-example-token")
        .header("content-type", "application/json")
        .body(r#"{"externalCallId": "x"}"#)
        .send()
        .await
        .expect("Prism answers");
    let violations = invalid
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        !invalid.status().is_success() && violations.contains(r#""location":["request","body"]"#),
        "Prism accepted an invalid request: {} {violations}",
        invalid.status()
    );

    let client = Client::builder()
        .base_url(prism.base_url())
        .access_token("pat-na1-example-token")
        .developer_api_key("developer-api-key-example")
        .build()
        .expect("client");
    let config = inbound_call::FlowConfig {
        app_id: 1234567,
        user_id: Some(1001),
        uses_calling_window: false,
        channel_connection_url: "https://calling-app.example.com/hubspot/channel-connection".into(),
        from_number: E164Number::parse("+18578295489").unwrap(),
        to_number: E164Number::parse("+15099999999").unwrap(),
        external_call_id: "prism-test-1".into(),
    };
    let report = inbound_call::run(&client, &config)
        .await
        .unwrap_or_else(|e| panic!("the flow failed against Prism: {e}\n{}", prism.output()));

    // Each caller ID match decoded into a known variant (Prism generates them from the oneOf).
    for caller in &report.caller_id_matches {
        assert!(
            !matches!(
                caller,
                hubspot_calling::calling_extensions::CallerIdMatch::Other(_)
            ),
            "{}",
            inbound_call::describe(caller)
        );
    }
    // Every request of the flow reached Prism and passed its validation: PATCH settings, GET +
    // PATCH channel connection, POST inbound-call.
    let log = prism.output();
    let validated = log
        .matches("The request passed the validation rules")
        .count();
    assert_eq!(validated, 4, "Prism log:\n{log}");
    assert!(
        log.contains("patch /crm/v3/extensions/calling/1234567/settings "),
        "{log}"
    );
    assert!(
        log.contains("post /crm/v3/extensions/calling/inbound-call"),
        "{log}"
    );
    drop(prism);
    let _ = std::fs::remove_dir_all(dir);
}
