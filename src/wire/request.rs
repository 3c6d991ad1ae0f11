//! [`Request`]: the parts of one HTTP request, filled in by generated code, and [`ParamValue`],
//! how a value is written as a parameter.

use std::fmt;

use http::header::HeaderValue;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::form::FormEncoding;
use super::invalid;
use super::multipart::Multipart;
use crate::error::Error;
use crate::operation::Operation;

/// Characters left as-is in a path segment or query component: RFC 3986 "unreserved".
/// Everything else (including `/ ? # % & = + , ;` and space) is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query name or value (space as `%20`, `+`, `,`, `&`, `=` encoded).
pub(crate) fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// A value that can be sent as a path, query or header parameter. Used by generated code
/// (generated enums implement it too).
pub trait ParamValue {
    /// The parameter's text, before percent-encoding.
    fn to_param(&self) -> String;
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

macro_rules! display_param {
    ($($ty:ty),* $(,)?) => {
        $(
            impl ParamValue for $ty {
                fn to_param(&self) -> String {
                    self.to_string()
                }
            }
        )*
    };
}

display_param!(bool, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

impl ParamValue for uuid::Uuid {
    /// Hyphenated lowercase form.
    fn to_param(&self) -> String {
        self.hyphenated().to_string()
    }
}

impl ParamValue for chrono::DateTime<chrono::Utc> {
    /// RFC 3339 with `Z`, fractional seconds only when present
    /// (`2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.250Z`).
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParamValue for chrono::NaiveDate {
    /// `YYYY-MM-DD` (OpenAPI `format: date`).
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// The parts of one HTTP request, filled in by a generated builder's `encode` and turned into an
/// HTTP request by the runtime (`send`, `build_request`).
///
/// Problems found while filling it (an empty path parameter, too many batch inputs, ...) are
/// reported as [`Error::InvalidRequest`] when the request is built, before anything is sent.
pub struct Request {
    operation: &'static Operation,
    /// `(name, percent-encoded value)`.
    path_params: Vec<(String, String)>,
    /// Percent-encoded `name=value` pairs joined with `&`.
    query: String,
    headers: Vec<(String, String)>,
    body: Option<(HeaderValue, Vec<u8>)>,
    problems: Vec<String>,
    /// `name=percent-encoded value` pairs, sent as one `Cookie` header.
    cookies: Vec<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation.name)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|(ct, b)| format!("{} bytes of {ct:?}", b.len())),
            )
            .field("problems", &self.problems)
            .finish()
    }
}

/// A [`Request`] checked and rendered (path substituted, query encoded).
pub(crate) struct Parts {
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<(HeaderValue, Vec<u8>)>,
}

impl Request {
    /// An empty request for `operation`. Used by generated code.
    pub fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            path_params: Vec::new(),
            query: String::new(),
            headers: Vec::new(),
            body: None,
            problems: Vec::new(),
            cookies: Vec::new(),
        }
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Sets the value of `{name}` in the path template, percent-encoded as one path segment
    /// (`/`, `?`, `#`, `%`, space, ... are encoded). Empty values and `.`/`..` are rejected when
    /// the request is built, since they would address a different resource. Used by generated
    /// code.
    pub fn path_param<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let value = value.to_param();
        if value.is_empty() {
            self.problems
                .push(format!("path parameter `{name}` must not be empty"));
        } else if value == "." || value == ".." {
            self.problems
                .push(format!("path parameter `{name}` must not be `.` or `..`"));
        }
        let encoded = encode_path_segment(&value);
        match self.path_params.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = encoded,
            None => self.path_params.push((name.to_owned(), encoded)),
        }
    }

    /// Appends `name=value` to the query string (both percent-encoded). Used by generated code.
    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.push_query_pair(name, &encode_query_component(&value.to_param()));
    }

    /// Appends an array query parameter: `name=a&name=b` when `explode`, else `name=a,b` (commas
    /// inside values are encoded as `%2C`). An empty array adds nothing. Used by generated code.
    pub fn query_array<V: ParamValue>(&mut self, name: &str, values: &[V], explode: bool) {
        if values.is_empty() {
            return;
        }
        if explode {
            for value in values {
                self.query(name, value);
            }
        } else {
            let joined = values
                .iter()
                .map(|v| encode_query_component(&v.to_param()))
                .collect::<Vec<_>>()
                .join(",");
            self.push_query_pair(name, &joined);
        }
    }

    /// [`query`](Self::query) for an optional parameter: nothing when `value` is `None`. Used
    /// by generated code.
    pub fn query_opt<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// [`query_array`](Self::query_array) for an optional parameter: nothing when `values` is
    /// `None`. Used by generated code.
    pub fn query_array_opt<V: ParamValue>(
        &mut self,
        name: &str,
        values: Option<&[V]>,
        explode: bool,
    ) {
        if let Some(values) = values {
            self.query_array(name, values, explode);
        }
    }

    /// Records a problem, reported when the request is built.
    pub(super) fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// Adds a `name=encoded value` cookie pair.
    pub(super) fn push_cookie(&mut self, pair: String) {
        self.cookies.push(pair);
    }

    pub(super) fn push_query_pair(&mut self, name: &str, encoded_value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(&encode_query_component(name));
        self.query.push('=');
        self.query.push_str(encoded_value);
    }

    /// Sets a header parameter (replacing an earlier value of the same name). An invalid name or
    /// value is reported as [`Error::InvalidRequest`] when the request is built. Used by
    /// generated code.
    pub fn header<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let value = value.to_param();
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(slot) => slot.1 = value,
            None => self.headers.push((name.to_owned(), value)),
        }
    }

    /// [`header`](Self::header) for an optional parameter: nothing when `value` is `None`. Used
    /// by generated code.
    pub fn header_opt<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }

    /// Sets the `Accept` header of an operation whose answer is not JSON (`text/csv,
    /// application/json;q=0.5`), instead of the default `application/json`. Used by generated
    /// code.
    pub fn accept(&mut self, media: &str) {
        self.header("accept", media);
    }

    /// Serializes `body` as JSON and sets `Content-Type: application/json`. Used by generated
    /// code.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `body` cannot be serialized (e.g. a map with non-string
    /// keys, a failing custom `Serialize`).
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            invalid(
                self.operation,
                format!("the request body could not be serialized as JSON: {e}"),
            )
        })?;
        self.body = Some((HeaderValue::from_static("application/json"), bytes));
        Ok(())
    }

    /// Serializes `body` (a struct or a map) as an `application/x-www-form-urlencoded` form and
    /// sets that content type; `encodings` are the spec's `encoding` of the properties that set
    /// a style (see [`FormEncoding`]). Used by generated code.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `body` cannot be serialized or is not an object.
    pub fn form_body<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        encodings: &[FormEncoding],
    ) -> Result<(), Error> {
        let form = super::form::encode(body, encodings).map_err(|e| {
            invalid(
                self.operation,
                format!("the request body could not be written as a form: {e}"),
            )
        })?;
        self.body = Some((
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            form.into_bytes(),
        ));
        Ok(())
    }

    /// Encodes `body` as `multipart/form-data` and sets that content type with the boundary
    /// used (random, and checked to occur in no part). Used by generated code.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when a JSON part does not serialize or a part's content type is
    /// not a valid header value.
    pub fn multipart_body(&mut self, body: &Multipart) -> Result<(), Error> {
        let (bytes, boundary) = super::multipart::encode_random(body).map_err(|e| {
            invalid(
                self.operation,
                format!("the request body could not be written as multipart/form-data: {e}"),
            )
        })?;
        self.raw_body(&format!("multipart/form-data; boundary={boundary}"), bytes)
    }

    /// Sets a text body as is, with its `text/*` content type (e.g. `text/plain`; a `charset`
    /// parameter is kept). Used by generated code.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `content_type` is not a valid header value.
    pub fn text_body(&mut self, content_type: &str, body: &str) -> Result<(), Error> {
        self.raw_body(content_type, body.as_bytes())
    }

    /// Sets a binary body as is, with its content type (`application/pdf`,
    /// `application/octet-stream`, ...). Used by generated code.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `content_type` is not a valid header value.
    pub fn bytes_body(&mut self, content_type: &str, body: &[u8]) -> Result<(), Error> {
        self.raw_body(content_type, body)
    }

    /// Sets a pre-encoded body with its content type (e.g. form or binary bodies).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `content_type` is not a valid header value.
    pub fn raw_body(&mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Result<(), Error> {
        let content_type = HeaderValue::from_str(content_type).map_err(|_| {
            invalid(
                self.operation,
                format!("content type {content_type:?} is not a valid header value"),
            )
        })?;
        self.body = Some((content_type, body.into()));
        Ok(())
    }

    /// Refuses a list of `len` items in the body field `field` when the API accepts at most
    /// `max` (reported as [`Error::InvalidRequest`] when the request is built). Used by generated
    /// code for batch bodies; the builders' `send_chunked` splits larger lists.
    pub fn max_items(&mut self, field: &str, len: usize, max: usize) {
        if len > max {
            self.problems.push(format!(
                "`{field}` has {len} items; the API accepts at most {max}"
            ));
        }
    }

    /// Refuses a paging cursor that is an offset at or past `max` results: HubSpot's search
    /// returns at most 10,000 results for one query and answers a request past them with an
    /// error. Used by generated code for operations with such a cap.
    pub fn result_cap(&mut self, cursor: Option<&str>, max: u64) {
        if let Some(cursor) = cursor {
            if cursor.parse::<u64>().is_ok_and(|offset| offset >= max) {
                self.problems.push(format!(
                    "the cursor `{cursor}` is past the {max} results the API returns for one \
                     query; narrow the query instead"
                ));
            }
        }
    }

    /// Checks the request and renders the path.
    pub(crate) fn into_parts(self) -> Result<Parts, Error> {
        let mut problems = self.problems;
        let template = self.operation.path;
        let mut path = String::with_capacity(template.len() + 32);
        if !template.starts_with('/') {
            path.push('/');
        }
        let mut used = vec![false; self.path_params.len()];
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                // Not a placeholder: keep the text literally.
                path.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match self.path_params.iter().position(|(n, _)| n == name) {
                Some(index) => {
                    used[index] = true;
                    path.push_str(&self.path_params[index].1);
                }
                None => problems.push(format!("missing required path parameter `{name}`")),
            }
            rest = &after[close + 1..];
        }
        path.push_str(rest);
        for ((name, _), used) in self.path_params.iter().zip(used) {
            if !used {
                problems.push(format!(
                    "path parameter `{name}` does not appear in the path `{template}`"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(invalid(self.operation, problems.join("; ")));
        }
        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            headers.push(("Cookie".to_owned(), self.cookies.join("; ")));
        }
        Ok(Parts {
            path,
            query: self.query,
            headers,
            body: self.body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    static OP: Operation = Operation {
        name: "get_thing",
        method: Method::GET,
        path: "/things/{thingId}/parts/{partId}",
        security: &[],
        idempotent: true,
    };

    #[test]
    fn renders_path_and_reports_problems() {
        let mut r = Request::new(&OP);
        r.path_param("thingId", "a/b c");
        r.path_param("partId", &7u32);
        let parts = r.into_parts().expect("valid");
        assert_eq!(parts.path, "/things/a%2Fb%20c/parts/7");

        let mut r = Request::new(&OP);
        r.path_param("thingId", "");
        r.path_param("other", "x");
        let Err(Error::InvalidRequest { message, .. }) = r.into_parts() else {
            panic!("expected InvalidRequest");
        };
        assert!(message.contains("`thingId` must not be empty"), "{message}");
        assert!(
            message.contains("missing required path parameter `partId`"),
            "{message}"
        );
        assert!(message.contains("`other` does not appear"), "{message}");
    }

    #[test]
    fn param_values() {
        let date = chrono::DateTime::parse_from_rfc3339("2024-05-01T12:30:00+02:00")
            .expect("date")
            .with_timezone(&chrono::Utc);
        assert_eq!(date.to_param(), "2024-05-01T10:30:00Z");
        assert_eq!(true.to_param(), "true");
        assert_eq!((-3i64).to_param(), "-3");
        assert_eq!(1.5f64.to_param(), "1.5");
        assert_eq!(
            uuid::Uuid::nil().to_param(),
            "00000000-0000-0000-0000-000000000000"
        );
        let s = String::from("x");
        assert_eq!((&&s).to_param(), "x");
    }

    #[test]
    fn query_encoding() {
        let mut r = Request::new(&OP);
        r.query("q", "a b+c&d=e");
        r.query_array("p", &["x,y", "z"], false);
        r.query_array::<&str>("empty", &[], false);
        assert_eq!(r.query, "q=a%20b%2Bc%26d%3De&p=x%2Cy,z");
    }

    #[test]
    fn optional_parameters_are_sent_only_when_set() {
        let ids = vec!["1".to_owned(), "2".to_owned()];
        let mut r = Request::new(&OP);
        r.query_opt("limit", Some(&10));
        r.query_opt::<i32>("after", None);
        r.query_array_opt("ids", Some(ids.as_slice()), true);
        r.query_array_opt::<String>("none", None, true);
        r.header_opt("Prefer", Some("respond-async"));
        r.header_opt::<str>("X-Absent", None);
        assert_eq!(r.query, "limit=10&ids=1&ids=2");
        assert_eq!(
            r.headers,
            [("Prefer".to_owned(), "respond-async".to_owned())]
        );
    }

    #[test]
    fn body_limits_are_reported_when_built() {
        let mut r = Request::new(&OP);
        r.path_param("thingId", "1");
        r.path_param("partId", "2");
        r.max_items("inputs", 100, 100);
        r.result_cap(Some("9999"), 10_000);
        r.result_cap(Some("opaque-cursor"), 10_000);
        r.result_cap(None, 10_000);
        assert!(r.into_parts().is_ok());

        let mut r = Request::new(&OP);
        r.path_param("thingId", "1");
        r.path_param("partId", "2");
        r.max_items("inputs", 101, 100);
        r.result_cap(Some("10000"), 10_000);
        let Err(Error::InvalidRequest { message, .. }) = r.into_parts() else {
            panic!("expected InvalidRequest");
        };
        assert!(
            message.contains("`inputs` has 101 items; the API accepts at most 100"),
            "{message}"
        );
        assert!(
            message.contains("the cursor `10000` is past the 10000 results"),
            "{message}"
        );
    }
}
