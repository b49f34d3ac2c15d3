//! One request of one action: built by generated code, sent here.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, Url};
use serde::Serialize;

use crate::client::Client;
use crate::error::Error;
use crate::invalid::InvalidRequest;
use crate::param::ParamValue;
use crate::path;

/// The static facts of an action: generated as a `const` per action.
#[derive(Debug)]
pub struct Endpoint {
    /// `org.get`: the resource accessor and method, for logs and spans.
    pub action: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template: `/orgs/{orgId}`.
    pub path: &'static str,
    /// The documented success statuses; empty for any 2xx.
    pub success: &'static [u16],
}

/// The future of a sent request.
pub type ResponseFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'static>>;

/// A request being built: path filled, query, headers and body added.
///
/// A problem found while building (a path value of `..`, a body that cannot
/// be encoded) is kept and returned by `send`, so building never fails.
/// A clone is the same request, to send again (the next page of a list).
#[derive(Clone)]
pub struct Call {
    pub(crate) client: Client,
    pub(crate) endpoint: &'static Endpoint,
    path: Result<String, InvalidRequest>,
    /// Set by this call; replaces a client default of the same name.
    query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    /// The call's deadline, when it replaces the client's.
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) attempt_timeout: Option<Option<Duration>>,
    pub(crate) max_response_size: Option<usize>,
    /// The most pages a stream of this call's pages asks for.
    pub(crate) max_pages: Option<u64>,
    pub(crate) problem: Option<InvalidRequest>,
    /// A stream call's settings (`stream/`); a stream sends none of the
    /// client's default query.
    pub(crate) stream: Option<Box<crate::stream::StreamSettings>>,
}

impl Call {
    pub(crate) fn new(client: Client, endpoint: &'static Endpoint, path: &[&str]) -> Self {
        Call {
            path: path::expand(endpoint.path, path),
            client,
            endpoint,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            attempt_timeout: None,
            max_response_size: None,
            max_pages: None,
            problem: None,
            stream: None,
        }
    }

    /// Sets a query parameter, replacing an earlier value of that name.
    pub fn query(&mut self, name: impl Into<Cow<'static, str>>, value: impl fmt::Display) {
        self.set_query(name.into(), value.to_string());
    }

    /// Sets a query parameter to a value's text, replacing an earlier
    /// value of that name: what the setters of text parameters call.
    pub fn query_value(&mut self, name: &'static str, value: impl ParamValue) {
        self.set_query(name.into(), value.to_wire().into_owned());
    }

    fn set_query(&mut self, name: Cow<'static, str>, value: String) {
        match self.query.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.query.push((name, value)),
        }
    }

    /// The value this call sets for a query parameter, if it sets one.
    pub(crate) fn query_set(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a query parameter to a JSON value: a string as itself, anything
    /// else JSON-encoded as one string, the convention for object-valued
    /// ("advanced query") parameters.
    pub fn query_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => self.query(name, text),
            Ok(json) => self.query(name, json),
            Err(e) => self.problem(encoding(name, e)),
        }
    }

    /// Sets a query parameter to a value flattened with brackets, to any
    /// depth: `name[0][key]=k&name[0][value]=v`. A string, number or boolean
    /// goes as itself (`name=text`); an empty object or array, or `null`,
    /// sends nothing. Setting it again replaces every pair of the earlier
    /// value.
    pub fn query_brackets<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match crate::brackets::flatten(name, value) {
            Ok(pairs) => {
                self.query
                    .retain(|(n, _)| n != name && !is_element_of(n, name));
                self.query
                    .extend(pairs.into_iter().map(|(n, v)| (n.into(), v)));
            }
            Err(e) => self.problem(encoding(name, e)),
        }
    }

    /// Sets an array query parameter as `name[0]=a&name[1]=b`.
    /// Setting it again replaces the whole array.
    pub fn query_array<V: fmt::Display>(&mut self, name: &'static str, values: &[V]) {
        self.query.retain(|(n, _)| !is_element_of(n, name));
        for (i, value) in values.iter().enumerate() {
            self.query
                .push((format!("{name}[{i}]").into(), value.to_string()));
        }
    }

    /// Sets a header, replacing a default of that name. A value with CR,
    /// LF or another control character is refused (and not echoed in the
    /// error: it may be a secret).
    pub fn header(&mut self, name: &str, value: &str) {
        self.set_header(name, HeaderValue::try_from(value).ok());
    }

    /// Sets a header to a value's text, as [`Call::header`] does.
    pub fn header_value(&mut self, name: &str, value: impl ParamValue) {
        self.header(name, &value.to_wire());
    }

    /// Sets a header to a value already made (`None`: one HTTP does not
    /// allow), replacing a default of that name.
    fn set_header(&mut self, name: &str, value: Option<HeaderValue>) {
        let Ok(name) = HeaderName::try_from(name) else {
            return self.problem(InvalidRequest::HeaderName { name: name.into() });
        };
        let Some(mut value) = value else {
            return self.problem(InvalidRequest::HeaderValue {
                name: name.to_string(),
            });
        };
        if self.client.inner().sensitive.contains(&name) {
            value.set_sensitive(true);
        }
        self.headers.insert(name, value);
    }

    /// Sets the JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(json) => self.body = Some(Body::Json(json.into())),
            Err(e) => self.problem(InvalidRequest::Body {
                source: Arc::new(e),
            }),
        }
    }

    /// Adds a text field to the multipart form body.
    pub fn form_text(&mut self, name: &'static str, value: impl fmt::Display) {
        self.form_part(name, FormValue::Text(value.to_string()));
    }

    /// Adds a text field holding a value's text to the multipart form body.
    pub fn form_value(&mut self, name: &'static str, value: impl ParamValue) {
        self.form_part(name, FormValue::Text(value.to_wire().into_owned()));
    }

    /// Adds a field holding a JSON value to the multipart form body: a
    /// string as itself, anything else as JSON text.
    pub fn form_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => self.form_part(name, FormValue::Text(text)),
            Ok(json) => self.form_part(name, FormValue::Text(json.to_string())),
            Err(e) => self.problem(encoding(name, e)),
        }
    }

    /// Adds `name[0]`, `name[1]`, … fields to the multipart form body.
    /// Setting it again replaces the whole array.
    pub fn form_array<V: fmt::Display>(&mut self, name: &'static str, values: &[V]) {
        if let Some(Body::Form(parts)) = &mut self.body {
            parts.retain(|(n, _)| !is_element_of(n, name));
        }
        for (i, value) in values.iter().enumerate() {
            let element = format!("{name}[{i}]");
            match &mut self.body {
                Some(Body::Form(parts)) => {
                    parts.push((element.into(), FormValue::Text(value.to_string())))
                }
                _ => {
                    self.body = Some(Body::Form(vec![(
                        element.into(),
                        FormValue::Text(value.to_string()),
                    )]))
                }
            }
        }
    }

    /// Adds a file to the multipart form body.
    pub fn form_file(&mut self, name: &'static str, file: File) {
        self.form_part(name, FormValue::File(file));
    }

    /// Sets a form field, replacing an earlier value of that name.
    fn form_part(&mut self, name: &'static str, value: FormValue) {
        match &mut self.body {
            Some(Body::Form(parts)) => match parts.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value,
                None => parts.push((name.into(), value)),
            },
            _ => self.body = Some(Body::Form(vec![(name.into(), value)])),
        }
    }

    /// Sets the deadline of this call, `None` for no limit: see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(&mut self, timeout: impl Into<Option<Duration>>) {
        self.timeout = Some(timeout.into());
    }

    /// Sets the timeout of each attempt of this call, `None` for no limit:
    /// see [`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout).
    pub fn attempt_timeout(&mut self, timeout: impl Into<Option<Duration>>) {
        self.attempt_timeout = Some(timeout.into());
    }

    /// Sets the largest response body this call reads, in bytes: see
    /// [`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size).
    pub fn max_response_size(&mut self, bytes: usize) {
        self.max_response_size = Some(bytes);
    }

    /// Sets the most pages a stream of this call's pages (or of their
    /// items) asks for: see [`Call::pages`]. A call that is not a paged
    /// list's ignores it.
    pub fn max_pages(&mut self, pages: u64) {
        self.max_pages = Some(pages);
    }

    fn problem(&mut self, why: InvalidRequest) {
        self.problem.get_or_insert(why);
    }

    /// The full URL this call goes to.
    pub fn url(&self) -> Result<Url, InvalidRequest> {
        let path = self.path.as_ref().map_err(Clone::clone)?;
        let inner = self.client.inner();
        // One string, parsed once: cheaper than editing a parsed URL.
        let mut text = String::with_capacity(
            inner.base_url.len() + path.len() + inner.encoded_query.len() + 64,
        );
        text.push_str(&inner.base_url);
        text.push_str(path);
        let query = if self.stream.is_some() {
            // A stream sends only its own parameters.
            Cow::Owned(crate::client::encode_query(
                self.query.iter().map(|(n, v)| (&**n, v.as_str())),
            ))
        } else if self.query.is_empty() {
            // The usual case: the client's defaults, encoded once.
            Cow::Borrowed(inner.encoded_query.as_str())
        } else {
            let defaults = inner
                .query
                .iter()
                .filter(|(n, _)| !self.query.iter().any(|(o, _)| o == n));
            Cow::Owned(crate::client::encode_query(
                defaults
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .chain(self.query.iter().map(|(n, v)| (&**n, v.as_str()))),
            ))
        };
        if !query.is_empty() {
            text.push('?');
            text.push_str(&query);
        }
        Url::parse(&text).map_err(InvalidRequest::Url)
    }
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body is left out: it may hold secrets.
        f.debug_struct("Call")
            .field("action", &self.endpoint.action)
            .field("method", &self.endpoint.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("has_body", &self.body.is_some())
            .finish_non_exhaustive()
    }
}

/// The problem of a parameter whose value cannot be encoded.
fn encoding(name: &str, error: serde_json::Error) -> InvalidRequest {
    InvalidRequest::Param {
        name: name.to_owned(),
        source: Arc::new(error),
    }
}

/// Whether `field` is `name[i]`, an element of the array `name`.
fn is_element_of(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
}

/// A request body, kept in a form that can be inspected and resent.
#[derive(Clone)]
pub(crate) enum Body {
    Json(Bytes),
    Form(Vec<(Cow<'static, str>, FormValue)>),
}

#[derive(Clone)]
pub(crate) enum FormValue {
    Text(String),
    File(File),
}

/// A file to upload in a multipart form: its name, bytes and media type.
#[derive(Clone)]
pub struct File {
    file_name: String,
    bytes: Bytes,
    media_type: Option<String>,
}

impl File {
    /// A file with this name and contents; its media type is left to the
    /// server unless set with [`File::media_type`].
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        File {
            file_name: file_name.into(),
            bytes: bytes.into(),
            media_type: None,
        }
    }

    /// The `Content-Type` of the file's part (`text/csv`).
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("file_name", &self.file_name)
            .field("len", &self.bytes.len())
            .field("media_type", &self.media_type)
            .finish()
    }
}

/// A fresh multipart form of the parts: each attempt needs its own.
pub(crate) fn form(parts: &[(Cow<'static, str>, FormValue)]) -> Result<Form, InvalidRequest> {
    let mut form = Form::new();
    for (name, value) in parts {
        form = match value {
            FormValue::Text(text) => form.text(name.clone(), text.clone()),
            FormValue::File(file) => {
                let mut part = Part::stream(file.bytes.clone()).file_name(file.file_name.clone());
                if let Some(media_type) = &file.media_type {
                    part = part
                        .mime_str(media_type)
                        .map_err(|_| InvalidRequest::MediaType {
                            media_type: media_type.clone(),
                        })?;
                }
                form.part(name.clone(), part)
            }
        };
    }
    Ok(form)
}

/// What every generated request type offers besides its own setters.
pub trait Request: Sized {
    #[doc(hidden)]
    fn call_mut(&mut self) -> &mut Call;

    /// Sets a query parameter, replacing its value if set, the defaults of
    /// every call included: `.with_query("_links", false)`.
    fn with_query(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.call_mut().query(name.to_owned(), value);
        self
    }

    /// Sets a header on this request only: the name as text or a
    /// `HeaderName`, the value as text or a `HeaderValue` (one marked
    /// sensitive stays so). A name or value HTTP does not allow fails the
    /// call with [`InvalidRequest`].
    fn with_header<V>(mut self, name: impl AsRef<str>, value: V) -> Self
    where
        HeaderValue: TryFrom<V>,
    {
        self.call_mut()
            .set_header(name.as_ref(), HeaderValue::try_from(value).ok());
        self
    }

    /// The deadline of this call (every attempt, the waits between them,
    /// reading the response): a `Duration`, or `None` for no limit;
    /// replaces the client's.
    fn with_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.call_mut().timeout(timeout);
        self
    }

    /// The time each attempt of this call may take: a `Duration`, or `None`
    /// for no limit; replaces the client's.
    fn with_attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.call_mut().attempt_timeout(timeout);
        self
    }

    /// The largest response body this call reads, in bytes; replaces the
    /// client's.
    fn with_max_response_size(mut self, bytes: usize) -> Self {
        self.call_mut().max_response_size(bytes);
        self
    }

    /// The most pages the `pages()` or `items()` stream of a paged list
    /// asks for, counted from its first: the stream ends after that many
    /// pages, as it ends at the last page (with `0`, before asking for
    /// any). No limit unless set: a stream ends by itself at the end of
    /// the list, or at a page that repeats the items of the one before.
    /// A request that is not a paged list's ignores it.
    fn with_max_pages(mut self, pages: u64) -> Self {
        self.call_mut().max_pages(pages);
        self
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::client::{Api, ApiDefaults, ClientBuilder};

    #[derive(Debug)]
    struct Things(Client);

    impl Api for Things {
        type ErrorBody = serde_json::Value;
        const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
            base_url: "http://127.0.0.1:9",
            headers: &[],
            query: &[("_links", "true")],
            user_agent: "call-tests",
        };
        fn from_client(client: Client) -> Self {
            Things(client)
        }
    }

    const LIST: Endpoint = Endpoint {
        action: "things.list",
        method: Method::GET,
        path: "/things",
        success: &[200],
    };

    /// A call of `GET /things` on a client with one default query pair.
    pub(crate) fn call() -> Call {
        let Things(client) = ClientBuilder::<Things>::new().build().unwrap();
        client.call(&LIST, &[])
    }

    #[test]
    fn a_bracketed_value_replaces_every_pair_of_the_last_one() {
        let mut call = call();
        call.query_brackets("filter", &json!([{"key": "a"}, {"key": "b"}]));
        call.query("filterless", "kept");
        call.query_brackets("filter", &json!({"key": "c"}));
        assert_eq!(
            call.url().unwrap().query(),
            Some("_links=true&filterless=kept&filter%5Bkey%5D=c")
        );
        call.query_brackets("filter", &json!([]));
        assert_eq!(
            call.url().unwrap().query(),
            Some("_links=true&filterless=kept")
        );
    }

    #[test]
    fn a_value_json_cannot_hold_is_kept_as_the_calls_problem() {
        let mut call = call();
        let keys: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        call.query_brackets("filter", &keys);
        let Some(InvalidRequest::Param { name, .. }) = &call.problem else {
            panic!("{:?}", call.problem);
        };
        assert_eq!(name, "filter");
    }
}
