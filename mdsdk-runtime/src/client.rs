//! The client: where requests go and what every request carries.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::call::{Call, Endpoint};
use crate::concurrency::Concurrency;
use crate::error::Error;
use crate::hook::RequestHook;
use crate::invalid::InvalidRequest;
use crate::retry::RetryPolicy;
use crate::sensitive::{SensitiveHeaders, redact_userinfo};

/// What a generated crate knows about its API: the documented defaults.
#[derive(Debug)]
pub struct ApiDefaults {
    /// Where requests go unless the builder says otherwise.
    pub base_url: &'static str,
    /// Headers sent on every request (`Accept`, `Accept-Version`).
    pub headers: &'static [(&'static str, &'static str)],
    /// Query parameters sent on every request unless overridden.
    pub query: &'static [(&'static str, &'static str)],
    /// The `User-Agent` header: the generated crate's name and version.
    pub user_agent: &'static str,
}

/// A generated client type: built by [`ClientBuilder`] around a [`Client`].
pub trait Api: Sized {
    /// The type error responses decode into.
    type ErrorBody;
    /// The documented defaults the builder starts from.
    const DEFAULTS: &'static ApiDefaults;
    /// Wraps a built client. Generated code calls it, yours need not: it
    /// is not part of what a generated crate shows.
    #[doc(hidden)]
    fn from_client(client: Client) -> Self;
}

/// Whether this build has a TLS backend (the `rustls` or `native-tls`
/// feature). Without one the client it builds speaks plain http only, and
/// an https base URL is refused when it is built rather than on every call.
const TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// How long a call may take, in all (every attempt, the waits between
/// them and reading the response), unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body read unless the builder says otherwise:
/// 32 MiB, far above any JSON document of an API, far below a machine's
/// memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// Configures a client; `build()` checks the configuration.
pub struct ClientBuilder<C> {
    base_url: String,
    token: Option<String>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    max_response_size: usize,
    max_concurrent_requests: Option<usize>,
    cross_origin_redirects_with_body: bool,
    /// `None` when the value given is not a valid header value.
    user_agent: Option<HeaderValue>,
    /// Each value as given: a `HeaderValue`, or `None` when it was text
    /// HTTP does not allow (reported by `build()`).
    headers: Vec<(String, Option<HeaderValue>)>,
    sensitive_headers: Vec<String>,
    query: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    hook: Option<Arc<dyn RequestHook>>,
    report_undocumented: bool,
    client: PhantomData<fn() -> C>,
}

impl<C: Api> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Api> ClientBuilder<C> {
    /// A builder holding the API's documented defaults.
    pub fn new() -> Self {
        let defaults = C::DEFAULTS;
        ClientBuilder {
            base_url: defaults.base_url.to_owned(),
            token: None,
            timeout: Some(DEFAULT_TIMEOUT),
            attempt_timeout: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_concurrent_requests: None,
            cross_origin_redirects_with_body: false,
            user_agent: HeaderValue::try_from(defaults.user_agent).ok(),
            headers: Vec::new(),
            sensitive_headers: Vec::new(),
            query: Vec::new(),
            http: None,
            retry: RetryPolicy::default(),
            hook: None,
            report_undocumented: cfg!(debug_assertions),
            client: PhantomData,
        }
    }

    /// Where requests go, instead of the documented base URL. A path prefix
    /// (`http://localhost:8080/api`) is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The token sent as `Authorization: Bearer <token>`. It never appears
    /// in `Debug` output.
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The deadline of every call: the time from its start to its decoded
    /// response, every attempt, the waits between them and the reading of
    /// the body included. [`DEFAULT_TIMEOUT`] unless set; `.timeout(None)`
    /// (or [`no_timeout`](Self::no_timeout)) for no limit. When it passes,
    /// the call fails with [`Error::Timeout`]; no retry starts that could
    /// not end before it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// No deadline for a whole call: the same as `.timeout(None)`. Each
    /// attempt is still bounded by the [`attempt_timeout`](Self::attempt_timeout),
    /// if set.
    pub fn no_timeout(self) -> Self {
        self.timeout(None)
    }

    /// The time one attempt may take (sending, then reading the response
    /// head and body), within the call's [`timeout`](Self::timeout): a
    /// `Duration`, or `None`, the default, for no limit of its own. An
    /// attempt of an idempotent request that runs out of it is retried as
    /// the retry policy says.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = timeout.into();
        self
    }

    /// The largest response body read, in bytes, whatever the status:
    /// reading stops as soon as a body is longer and the call fails with
    /// [`Error::BodyTooLarge`]. [`DEFAULT_MAX_RESPONSE_SIZE`] unless set.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// At most this many requests of this client (and its clones) in
    /// flight at once, from sending to the end of reading the response;
    /// more calls wait their turn, within their deadline. Each request in
    /// flight holds one connection, so this also bounds the connections in
    /// use. No limit unless set. Any number is taken: `0` counts as 1,
    /// and one above `usize::MAX >> 3` (more requests than a process can
    /// hold, `usize::MAX` say) as no limit.
    pub fn max_concurrent_requests(mut self, requests: usize) -> Self {
        self.max_concurrent_requests = Some(requests.max(1));
        self
    }

    /// Whether a redirect (`307`, `308`) that would send the request's body
    /// to another origin (scheme, host, port) is followed. By default it is
    /// not: the call fails with [`Error::Redirect`]. Sensitive headers are
    /// never sent to another origin either way.
    pub fn cross_origin_redirects_with_body(mut self, follow: bool) -> Self {
        self.cross_origin_redirects_with_body = follow;
        self
    }

    /// The `User-Agent` header: text or a `HeaderValue`; `build()` reports
    /// one HTTP does not allow.
    pub fn user_agent<V>(mut self, user_agent: V) -> Self
    where
        HeaderValue: TryFrom<V>,
    {
        self.user_agent = HeaderValue::try_from(user_agent).ok();
        self
    }

    /// A header sent on every request, replacing a default of that name.
    /// The name is text or a `HeaderName` (`reqwest::header::ACCEPT_LANGUAGE`),
    /// the value text or a `HeaderValue` (one marked sensitive stays so);
    /// `build()` reports a name or value HTTP does not allow.
    pub fn default_header<V>(mut self, name: impl AsRef<str>, value: V) -> Self
    where
        HeaderValue: TryFrom<V>,
    {
        let value = HeaderValue::try_from(value).ok();
        self.headers.push((name.as_ref().to_owned(), value));
        self
    }

    /// Treats header `name` (text or a `HeaderName`) as a secret, as
    /// `Authorization`, `Cookie`, `Proxy-Authorization`, `Set-Cookie` and
    /// `X-Api-Key` are: its value never shows in `Debug` output and is not
    /// sent to another origin on a redirect. (A value marked with
    /// `HeaderValue::set_sensitive`, by a request hook say, is treated
    /// alike.)
    pub fn sensitive_header(mut self, name: impl AsRef<str>) -> Self {
        self.sensitive_headers.push(name.as_ref().to_owned());
        self
    }

    /// A query parameter sent on every request, replacing a default of that
    /// name (`.default_query("_links", false)`).
    pub fn default_query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sends through this `reqwest` client (its proxy, TLS and pool settings).
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: this
    /// client then follows redirects itself, by the rules above. One that
    /// follows them on its own sends headers such as `X-Api-Key`, and
    /// bodies, wherever a server redirects.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Which failures are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A hook run before each attempt of each request, which may change it
    /// (refresh a token, add a header).
    pub fn request_hook(mut self, hook: impl RequestHook) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Whether a response that carries properties its documented type does
    /// not describe is reported: a `tracing` event at `WARN` level, target
    /// `mdsdk_runtime::undocumented`, with the action (`org.get`), the
    /// count and the paths of those properties (`items[].owner.team`), so
    /// drift between the docs and the live API shows up. The response
    /// decodes as it would without (the properties kept in the struct's
    /// `extra` map, or skipped where the schema allows none).
    ///
    /// A value the `extra` map cannot hold as written (nested more than
    /// 127 levels deep, an integer wider than 64 bits, a number beyond
    /// `f64`'s range) is skipped rather than fail the call, and reported
    /// whatever this setting: an event of the same target and level,
    /// naming the action and the paths of the values skipped.
    ///
    /// On by default in a debug build, off in a release build. The
    /// properties are noted by the decode that reads the response, and
    /// only while a subscriber is interested in the event; one scan of the
    /// body then turns them into paths.
    pub fn report_undocumented(mut self, report: bool) -> Self {
        self.report_undocumented = report;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        let invalid = Error::InvalidRequest;
        let base_url = checked_base_url(&self.base_url).map_err(invalid)?;
        let mut sensitive = SensitiveHeaders::default();
        for name in &self.sensitive_headers {
            sensitive.add(
                HeaderName::try_from(name.as_str())
                    .map_err(|_| invalid(InvalidRequest::HeaderName { name: name.clone() }))?,
            );
        }
        let mut headers = HeaderMap::new();
        let defaults = C::DEFAULTS
            .headers
            .iter()
            .map(|&(n, v)| (n.to_owned(), HeaderValue::try_from(v).ok()));
        for (name, value) in defaults.chain(self.headers) {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|_| invalid(InvalidRequest::HeaderName { name: name.clone() }))?;
            let value = value.ok_or_else(|| {
                invalid(InvalidRequest::HeaderValue {
                    name: name.to_string(),
                })
            })?;
            headers.insert(name, value);
        }
        let agent = self
            .user_agent
            .ok_or_else(|| invalid(InvalidRequest::UserAgent))?;
        headers.insert(USER_AGENT, agent);
        if let Some(token) = self.token {
            let mut value = HeaderValue::try_from(format!("Bearer {token}"))
                .map_err(|_| invalid(InvalidRequest::AuthToken))?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        sensitive.mark(&mut headers);
        let mut query: Vec<(String, String)> = C::DEFAULTS
            .query
            .iter()
            .map(|&(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        for (name, value) in self.query {
            match query.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => query.push((name, value)),
            }
        }
        let http = match self.http {
            Some(http) => http,
            None if base_url.starts_with("https:") && !TLS => {
                return Err(invalid(InvalidRequest::NoTls {
                    url: redact_userinfo(&base_url).into_owned(),
                }));
            }
            // Redirects are followed by `redirect.rs`, by rules reqwest's
            // policy cannot express.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(Error::transport)?,
        };
        Ok(C::from_client(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                headers,
                encoded_query: encode_query(query.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
                query,
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                max_response_size: self.max_response_size,
                concurrency: self.max_concurrent_requests.and_then(Concurrency::new),
                cross_origin_redirects_with_body: self.cross_origin_redirects_with_body,
                sensitive,
                retry: self.retry,
                hook: self.hook,
                report_undocumented: self.report_undocumented,
            }),
        }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sensitive = SensitiveHeaders::default();
        let is_sensitive = |name: &str| {
            sensitive.contains_text(name)
                || self
                    .sensitive_headers
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name))
        };
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = match value {
                    _ if is_sensitive(name) => "<redacted>",
                    Some(value) if value.is_sensitive() => "<redacted>",
                    Some(value) => value.to_str().unwrap_or("<not text>"),
                    None => "<invalid>",
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("auth_token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field(
                "cross_origin_redirects_with_body",
                &self.cross_origin_redirects_with_body,
            )
            .field("user_agent", &self.user_agent)
            .field("headers", &headers)
            .field("sensitive_headers", &self.sensitive_headers)
            .field("query", &self.query)
            .field("retry", &self.retry)
            .field("hook", &self.hook.is_some())
            .field("report_undocumented", &self.report_undocumented)
            .finish_non_exhaustive()
    }
}

/// `name=value&…`, form-encoded.
pub(crate) fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
        out.push('=');
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
    }
    out
}

/// The base URL without a trailing `/`, or why it cannot be one.
fn checked_base_url(text: &str) -> Result<String, InvalidRequest> {
    let shown = || redact_userinfo(text).into_owned();
    let url = Url::parse(text).map_err(|source| InvalidRequest::BaseUrl {
        url: shown(),
        source,
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(InvalidRequest::BaseUrlScheme { url: shown() });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(InvalidRequest::BaseUrlQuery { url: shown() });
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A configured connection to the API: cheap to clone, shared by requests.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// Sent on every request; the `Authorization` value is marked sensitive.
    pub(crate) headers: HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    /// `query` encoded once, for the calls that override none of it.
    pub(crate) encoded_query: String,
    /// The deadline of a whole call.
    pub(crate) timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) max_response_size: usize,
    pub(crate) concurrency: Option<Concurrency>,
    pub(crate) cross_origin_redirects_with_body: bool,
    pub(crate) sensitive: SensitiveHeaders,
    pub(crate) retry: RetryPolicy,
    pub(crate) hook: Option<Arc<dyn RequestHook>>,
    /// Whether responses' undocumented properties are reported.
    pub(crate) report_undocumented: bool,
}

impl Client {
    /// Starts a request of an action; generated code calls this.
    pub fn call(&self, endpoint: &'static Endpoint, path: &[&str]) -> Call {
        Call::new(self.clone(), endpoint, path)
    }

    /// Starts a request of a stream action (`text/event-stream`); generated
    /// code calls this. It sends none of the client's default query.
    pub fn stream_call(&self, endpoint: &'static Endpoint, path: &[&str]) -> Call {
        let mut call = Call::new(self.clone(), endpoint, path);
        call.stream = Some(Box::default());
        call
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // HeaderMap's Debug prints sensitive values as `Sensitive`.
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &redact_userinfo(&inner.base_url))
            .field("headers", &inner.headers)
            .field("query", &inner.query)
            .field("timeout", &inner.timeout)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("max_response_size", &inner.max_response_size)
            .field("concurrency", &inner.concurrency)
            .field(
                "cross_origin_redirects_with_body",
                &inner.cross_origin_redirects_with_body,
            )
            .field("retry", &inner.retry)
            .field("hook", &inner.hook.is_some())
            .field("report_undocumented", &inner.report_undocumented)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API whose documented base URL is https.
    #[derive(Debug)]
    struct Secure;

    impl Api for Secure {
        type ErrorBody = serde_json::Value;
        const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
            base_url: "https://api.example.com",
            headers: &[],
            query: &[],
            user_agent: "tls-tests",
        };
        fn from_client(_: Client) -> Self {
            Secure
        }
    }

    /// Run by CI with the default features and with none: https needs a
    /// TLS backend, plain http never does.
    #[test]
    fn an_https_base_url_needs_a_tls_feature() {
        let https = ClientBuilder::<Secure>::new()
            .base_url("https://user:secret@api.example.com")
            .build();
        if TLS {
            assert!(https.is_ok(), "{https:?}");
        } else {
            let Err(Error::InvalidRequest(InvalidRequest::NoTls { url })) = &https else {
                panic!("{https:?}");
            };
            assert_eq!(url, "https://<redacted>@api.example.com");
            let message = https.unwrap_err().to_string();
            assert!(
                message.ends_with("turn on the `rustls` or `native-tls` feature"),
                "{message}"
            );
        }
        let http = ClientBuilder::<Secure>::new()
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(http.is_ok(), "{http:?}");
        let own = reqwest::Client::new();
        let given = ClientBuilder::<Secure>::new().http_client(own).build();
        assert!(
            given.is_ok(),
            "a client of your own is taken as it is: {given:?}"
        );
    }
}
