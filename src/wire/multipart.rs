//! `multipart/form-data` bodies (RFC 7578): a [`Multipart`] collects the parts of a body
//! (text, JSON and file parts, in the order the spec lists the properties) and [`encode`]s them
//! with a boundary that occurs in none of them.
//!
//! Each part has a `Content-Disposition: form-data; name="..."` header (`filename="..."` for a
//! file that has one; `"`, CR and LF in names written `%22`, `%0D`, `%0A` as browsers do) and a
//! `Content-Type` for files (theirs, else the spec's `encoding`, else
//! `application/octet-stream`), JSON parts (`application/json` unless the spec says otherwise)
//! and text parts whose spec names one (text parts are `text/plain` by default and send none).

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::request::ParamValue;

/// A file sent as one part of a `multipart/form-data` body: its bytes, and optionally the file
/// name and content type the server sees.
///
/// ```
/// use hubspot_calling::rt::FilePart;
/// let file = FilePart::new("name,price\nTea,3\n")
///     .file_name("prices.csv")
///     .content_type("text/csv");
/// assert_eq!(file.bytes().as_ref(), b"name,price\nTea,3\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file with these bytes, no file name and the content type the spec gives (else
    /// `application/octet-stream`).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's `Content-Type`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if set.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// A file serializes as its bytes (generated body structs derive `Serialize`; multipart bodies
/// are sent through [`Multipart`], not serde).
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

/// A file deserializes from a sequence of bytes, with no name or content type.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(FilePart::new)
    }
}

/// One part of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

/// The parts of a `multipart/form-data` body, filled in by generated code and sent with
/// [`Request::multipart_body`](super::Request::multipart_body).
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    problems: Vec<String>,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part: the value's parameter text, with `content_type` when the spec's
    /// `encoding` names one. Used by generated code.
    pub fn text<V: ParamValue + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        content_type: Option<&str>,
    ) {
        self.push(name, None, content_type, value.to_param().into());
    }

    /// Adds a part with the value's JSON text (`application/json` unless `content_type`
    /// says otherwise). A value that does not serialize is reported when the body is sent.
    /// Used by generated code.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) {
        match serde_json::to_vec(value) {
            Ok(json) => self.push(
                name,
                None,
                Some(content_type.unwrap_or("application/json")),
                json.into(),
            ),
            Err(e) => self.problems.push(format!(
                "the part `{name}` could not be serialized as JSON: {e}"
            )),
        }
    }

    /// Adds a file part; its content type is the file's, else `content_type` (the spec's),
    /// else `application/octet-stream`. Used by generated code.
    pub fn file(&mut self, name: &str, file: &FilePart, content_type: Option<&str>) {
        let media = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        self.push(
            name,
            file.file_name.as_deref(),
            Some(media),
            file.bytes.clone(),
        );
    }

    fn push(&mut self, name: &str, file_name: Option<&str>, media: Option<&str>, bytes: Bytes) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: file_name.map(str::to_owned),
            content_type: media.map(str::to_owned),
            bytes,
        });
    }
}

/// A quoted-string parameter value as browsers write it in `Content-Disposition`.
fn quoted(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The header block of `part` (each line ending in CRLF, then an empty line).
fn headers(part: &Part) -> Result<String, String> {
    let mut head = format!(
        "Content-Disposition: form-data; name=\"{}\"",
        quoted(&part.name)
    );
    if let Some(file_name) = &part.file_name {
        head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
    }
    head.push_str("\r\n");
    if let Some(media) = &part.content_type {
        if media.contains(['\r', '\n']) {
            return Err(format!(
                "the content type of the part `{}` is not a valid header value: {media:?}",
                part.name
            ));
        }
        head.push_str(&format!("Content-Type: {media}\r\n"));
    }
    head.push_str("\r\n");
    Ok(head)
}

/// Does `needle` occur in `haystack`?
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A boundary of 32 random alphanumerics (RFC 2046 allows up to 70 characters).
fn random_boundary() -> String {
    let mut boundary = String::from("hubspot-calling-");
    boundary.extend(std::iter::repeat_with(fastrand::alphanumeric).take(32));
    boundary
}

/// Encodes `body`: its bytes and the boundary they use (for the `Content-Type`
/// `multipart/form-data; boundary=...`). `boundary` gives candidates, tried in order until one
/// occurs in no part (the runtime passes random ones).
///
/// # Errors
/// A message when a JSON part did not serialize, a content type is not a valid header value, or
/// no candidate boundary is free of the parts' bytes.
pub(crate) fn encode(
    body: &Multipart,
    boundaries: impl IntoIterator<Item = String>,
) -> Result<(Vec<u8>, String), String> {
    if !body.problems.is_empty() {
        return Err(body.problems.join("; "));
    }
    let heads = body
        .parts
        .iter()
        .map(headers)
        .collect::<Result<Vec<_>, _>>()?;
    let boundary = boundaries
        .into_iter()
        .take(16)
        .find(|b| {
            let b = b.as_bytes();
            !body
                .parts
                .iter()
                .zip(&heads)
                .any(|(part, head)| contains(&part.bytes, b) || contains(head.as_bytes(), b))
        })
        .ok_or_else(|| "no boundary could be found that occurs in none of the parts".to_owned())?;
    let size: usize = body
        .parts
        .iter()
        .zip(&heads)
        .map(|(p, h)| p.bytes.len() + h.len() + boundary.len() + 8)
        .sum();
    let mut out = Vec::with_capacity(size + boundary.len() + 8);
    for (part, head) in body.parts.iter().zip(&heads) {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&part.bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    Ok((out, boundary))
}

/// [`encode`] with random boundaries.
pub(crate) fn encode_random(body: &Multipart) -> Result<(Vec<u8>, String), String> {
    encode(body, std::iter::repeat_with(random_boundary))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Multipart {
        let mut body = Multipart::new();
        body.text("config", "{\"skip\":1}", None);
        body.text("count", &3, Some("text/csv"));
        body.json("meta", &serde_json::json!({"a": [1, 2]}), None);
        body.file(
            "file",
            &FilePart::new(&b"a,b\r\n1,2\r\n"[..]).file_name("rows \"x\".csv"),
            Some("text/csv"),
        );
        body.file("raw", &FilePart::new(vec![0u8, 255, 10]), None);
        body
    }

    #[test]
    fn parts_are_written_with_their_headers_between_boundaries() {
        let (bytes, boundary) =
            encode(&sample(), ["B0".to_owned()]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(boundary, "B0");
        let mut expected = b"--B0\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n{\"skip\":1}\r\n\
--B0\r\nContent-Disposition: form-data; name=\"count\"\r\nContent-Type: text/csv\r\n\r\n3\r\n\
--B0\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":[1,2]}\r\n\
--B0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows %22x%22.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n\
--B0\r\nContent-Disposition: form-data; name=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            .to_vec();
        expected.extend_from_slice(&[0, 255, 10]);
        expected.extend_from_slice(b"\r\n--B0--\r\n");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(bytes, expected);
    }

    #[test]
    fn a_boundary_that_occurs_in_a_part_is_not_used() {
        let mut body = Multipart::new();
        body.file("file", &FilePart::new("--taken-- and skip"), None);
        body.text("name", "free", None);
        let candidates = ["taken", "skip", "name", "free-one"].map(str::to_owned);
        let (bytes, boundary) = encode(&body, candidates).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(boundary, "free-one");
        assert!(bytes.starts_with(b"--free-one\r\n"));
        let err = encode(&body, ["taken".to_owned()]).expect_err("the only boundary is taken");
        assert!(err.contains("no boundary"), "{err}");
    }

    #[test]
    fn random_boundaries_differ_and_the_file_wins_over_the_spec_content_type() {
        let mut body = Multipart::new();
        body.file(
            "f",
            &FilePart::new("x").content_type("image/png"),
            Some("text/csv"),
        );
        let (first, a) = encode_random(&body).unwrap_or_else(|e| panic!("{e}"));
        let (_, b) = encode_random(&body).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(a, b);
        assert_eq!(a.len(), "hubspot-calling-".len() + 32);
        assert!(String::from_utf8_lossy(&first).contains("Content-Type: image/png\r\n"));
    }

    #[test]
    fn bad_parts_are_reported() {
        let mut body = Multipart::new();
        body.text("a", "x", Some("text/plain\r\nX-Evil: 1"));
        let err = encode_random(&body).expect_err("a header injection");
        assert!(err.contains("not a valid header value"), "{err}");
        let mut body = Multipart::new();
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        body.json("m", &map, None);
        let err = encode_random(&body).expect_err("a map with non-string keys");
        assert!(err.contains("the part `m`"), "{err}");
    }

    #[test]
    fn files_serialize_as_their_bytes() {
        let file = FilePart::new(vec![1u8, 2]).file_name("a");
        assert_eq!(serde_json::to_string(&file).ok().as_deref(), Some("[1,2]"));
        let back: FilePart = serde_json::from_str("[1,2]").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, FilePart::new(vec![1u8, 2]));
    }
}
