//! The generated `text-body` fixture at run time: a text body goes out as is, with the media
//! type the spec names (its `charset` kept).

use hubspot_calling::Client;
use hubspot_calling_fixtures::text_body::TextBodyApi;

fn api() -> TextBodyApi {
    let client = Client::builder()
        .base_url("http://localhost:1")
        .access_token("t")
        .build()
        .expect("client");
    TextBodyApi::new(client)
}

#[test]
fn text_bodies_are_sent_as_is_with_their_media_type() {
    let request = api()
        .put_transcript("512", "Agent: hello & welcome\nCaller: hi".to_owned())
        .build_request()
        .expect("request");
    assert_eq!(
        request.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(request.body(), b"Agent: hello & welcome\nCaller: hi");
    let csv = api()
        .import_calls()
        .body("id,title\n1,Intro\n".to_owned())
        .build_request()
        .expect("request");
    assert_eq!(csv.headers()["content-type"], "text/csv");
    assert_eq!(csv.body(), b"id,title\n1,Intro\n");
    let none = api().import_calls().build_request().expect("request");
    assert!(none.body().is_empty());
}
