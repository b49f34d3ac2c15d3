//! Why a request could not be built: the problems found before anything is
//! sent, each a variant a caller can match on.

use std::sync::Arc;

/// A request that could not be built, held by
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
///
/// Values that may be secret (a header's value, a base URL's password) are
/// never part of it.
///
/// It is `Clone` (an encoding error is shared behind an `Arc`) because a
/// request being built keeps the first problem it met, and
/// [`Call::to_reqwest`](crate::Call::to_reqwest) reports it each time it is
/// called.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRequest {
    /// The base URL does not parse as a URL.
    #[error("`{url}` is not a base URL: {source}")]
    BaseUrl {
        /// The URL as given, its password left out.
        url: String,
        /// Why it does not parse.
        source: url::ParseError,
    },
    /// The base URL is not an http or https URL that can have a path.
    #[error("`{url}` is not an http or https URL")]
    BaseUrlScheme {
        /// The URL as given, its password left out.
        url: String,
    },
    /// The base URL has a query or a fragment, which every request's own
    /// would follow.
    #[error("the base URL `{url}` must not have a query or fragment")]
    BaseUrlQuery {
        /// The URL as given, its password left out.
        url: String,
    },
    /// An https base URL, and neither TLS feature (`rustls`, `native-tls`)
    /// is on: the client the builder makes speaks plain http only. (A
    /// client of your own, given with
    /// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client),
    /// is taken as it is.)
    #[error(
        "`{url}` is an https URL, and this build has no TLS: turn on the `rustls` or `native-tls` feature"
    )]
    NoTls {
        /// The URL as given, its password left out.
        url: String,
    },
    /// A path value that would change which resource the path names: empty
    /// (it would leave a hole), `.` or `..` (every URL parser resolves them
    /// away, whatever their encoding).
    #[error("`{value}` cannot be used as `{name}`: it would change the request path")]
    PathValue {
        /// The placeholder: `orgId`.
        name: String,
        /// The value given.
        value: String,
    },
    /// The path template has more placeholders than values were given.
    #[error("no value for `{{{name}}}` in `{template}`")]
    MissingPathValue {
        /// The placeholder without a value.
        name: String,
        /// The path template: `/orgs/{orgId}`.
        template: &'static str,
    },
    /// The path template has a `{` without its `}`.
    #[error("unbalanced braces in `{template}`")]
    PathTemplate {
        /// The path template.
        template: &'static str,
    },
    /// A header name that HTTP does not allow.
    #[error("`{name}` is not a header name")]
    HeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value with a character HTTP does not allow, such as CR or
    /// LF. The value is left out: it may be a secret.
    #[error("the value of header `{name}` holds a control character such as CR or LF")]
    HeaderValue {
        /// The header's name.
        name: String,
    },
    /// The user agent is not a valid header value.
    #[error("the user agent is not a valid header value")]
    UserAgent,
    /// The auth token is not a valid header value. The token is left out.
    #[error("the auth token is not a valid header value")]
    AuthToken,
    /// A parameter whose value cannot be encoded as JSON.
    #[error("`{name}` cannot be encoded: {source}")]
    Param {
        /// The parameter's name on the wire.
        name: String,
        /// What serde found wrong.
        source: Arc<serde_json::Error>,
    },
    /// The body cannot be encoded as JSON.
    #[error("the body cannot be encoded: {source}")]
    Body {
        /// What serde found wrong.
        source: Arc<serde_json::Error>,
    },
    /// A file's media type is not one (`text/csv`).
    #[error("`{media_type}` is not a media type")]
    MediaType {
        /// The media type as given.
        media_type: String,
    },
    /// The URL the base URL, path and query make does not parse.
    #[error("the request URL cannot be parsed: {0}")]
    Url(#[source] url::ParseError),
    /// reqwest refused to build the request.
    #[error("the request cannot be built: {0}")]
    Build(#[source] Arc<reqwest::Error>),
}
