//! What the run-time tests of the fixtures share.

/// An HTTP answer with this status, content type and body, for `parse_response`.
pub fn answer(status: u16, content_type: &str, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.to_vec())
        .expect("response")
}
