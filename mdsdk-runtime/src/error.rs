//! The one error type of a generated client.

use std::fmt::{self, Write};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::escape::Escaping;
use crate::invalid::InvalidRequest;
use crate::redirect::RedirectRefusal;
use crate::stream::StreamError;

/// Everything a call can fail with. `E` is the API's error body type.
///
/// Neither its message nor its `Debug` output shows a body's bytes (an
/// auth response carries a token), only their length; the bytes are
/// available from [`Error::raw_body`]. Text that came from the server is
/// shown with control characters escaped.
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The API answered with an error status (400 or above).
    Api(Box<ApiError<E>>),
    /// The API answered with a status below 400 that the docs do not list
    /// for this action.
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The body, as received.
        body: Bytes,
    },
    /// The request could not be sent, or the response not read: connection
    /// refused, TLS, a dropped connection, a response head too large, a
    /// timeout of your own `reqwest` client.
    Transport(reqwest::Error),
    /// A success response whose body is not the documented type.
    Decode {
        /// The success status the body came with.
        status: StatusCode,
        /// Where in the body decoding failed: `members[2].role`.
        path: String,
        /// What serde found wrong there. Its message may quote the body;
        /// this error's message and `Debug` leave such values out.
        source: serde_json::Error,
        /// The whole body, as received.
        body: Bytes,
    },
    /// The response body was longer than the limit
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)),
    /// whatever its status; reading stopped there.
    BodyTooLarge {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The limit, in bytes.
        limit: usize,
        /// The first bytes of the body (at most 1 KiB).
        prefix: Bytes,
    },
    /// The call's deadline, or its last attempt's timeout, passed.
    Timeout(TimeLimit),
    /// A redirect the client does not follow: to another origin with the
    /// request's body, to a URL that is not http or https, or one too many.
    Redirect {
        /// The redirect status.
        status: StatusCode,
        /// Its headers (`Location`).
        headers: Box<HeaderMap>,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },
    /// The request hook refused the request.
    Hook(BoxError),
    /// The request could not be built: a bad base URL, a path value such as
    /// `..` that would change the path, a body that cannot be encoded. It
    /// was not sent.
    InvalidRequest(InvalidRequest),
    /// An event stream ended: an event over the size limit, a body that is
    /// not an event stream, or an outage longer than the reconnect limits
    /// that no failed connection explains.
    Stream(StreamError),
}

/// Which time limit a call ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// The deadline of the whole call
    /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    Call(Duration),
    /// The timeout of one attempt
    /// ([`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)).
    Attempt(Duration),
}

/// An error any hook or layer may return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An error response: its status, its body decoded when it is the API's
/// error JSON, and the raw body always.
#[derive(Clone)]
pub struct ApiError<E> {
    /// The error status.
    pub status: StatusCode,
    /// The response headers (`Retry-After`, request ids).
    pub headers: HeaderMap,
    /// The decoded error body, `None` when the body is not the error JSON
    /// (a proxy's HTML 502 page, say).
    pub body: Option<E>,
    /// The body as received.
    pub raw: Bytes,
}

/// What an error body says, for [`Error`]'s message.
pub trait ApiErrorBody {
    /// The API's name for the error (`NotFound`).
    fn error_type(&self) -> Option<&str> {
        None
    }
    /// The human-readable message.
    fn message(&self) -> Option<&str> {
        None
    }
}

impl ApiErrorBody for serde_json::Value {
    fn error_type(&self) -> Option<&str> {
        self.get("type").and_then(serde_json::Value::as_str)
    }
    fn message(&self) -> Option<&str> {
        self.get("message").and_then(serde_json::Value::as_str)
    }
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::Timeout(_) | Error::InvalidRequest(_) | Error::Hook(_) | Error::Stream(_) => {
                None
            }
        }
    }

    /// Whether the same request may succeed later: a `429`, `502`, `503`,
    /// `504`, a failure to connect or a timeout. (The client's retry policy
    /// has already retried idempotent requests when this is true.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => crate::retry::is_retryable_status(e.status),
            _ => self.is_connect() || self.is_timeout(),
        }
    }

    /// Whether a time limit passed: the call's deadline, an attempt's
    /// timeout, or a timeout of your own `reqwest` client.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Transport(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection could be made: refused, unreachable, a name
    /// that does not resolve, a failed TLS handshake.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// The error body when the API sent its error JSON.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// The bytes of the response body, when there was one: whole, or for
    /// [`Error::BodyTooLarge`] its first bytes.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Error::Api(e) => Some(&e.raw),
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            Error::BodyTooLarge { prefix, .. } => Some(prefix),
            _ => None,
        }
    }

    pub(crate) fn transport(error: reqwest::Error) -> Self {
        Error::Transport(error.without_url())
    }
}

impl<E: ApiErrorBody> Error<E> {
    /// The message, written to `out`: [`fmt::Display`] escapes it.
    fn write_message(&self, out: &mut impl Write) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(out, "API error {}", e.status)?;
                match e.body.as_ref().map(|b| (b.error_type(), b.message())) {
                    Some((Some(kind), Some(message))) => write!(out, ": {kind}: {message}"),
                    Some((Some(text), None) | (None, Some(text))) => write!(out, ": {text}"),
                    _ if e.raw.is_empty() => Ok(()),
                    _ => write!(out, "; body: {} bytes", e.raw.len()),
                }
            }
            Error::UnexpectedStatus { status, .. } => {
                write!(out, "unexpected response status {status}")
            }
            Error::Transport(e) => write!(out, "transport error: {}", WithRootCause(e)),
            Error::Decode { status, .. } if is_blank(self.raw_body()) => {
                write!(
                    out,
                    "cannot decode the {status} response: the body was empty"
                )
            }
            Error::Decode {
                status,
                path,
                source,
                body,
            } => write!(
                out,
                "cannot decode the {status} response at `{path}`: {}; body: {} bytes",
                without_values(&source.to_string()),
                body.len()
            ),
            Error::BodyTooLarge { status, limit, .. } => write!(
                out,
                "the {status} response body is larger than the limit of {limit} bytes \
                 (`max_response_size` sets it)"
            ),
            Error::Timeout(TimeLimit::Call(limit)) => {
                write!(out, "timed out: the call's deadline of {limit:?} passed")
            }
            Error::Timeout(TimeLimit::Attempt(limit)) => {
                write!(out, "timed out: the attempt timeout of {limit:?} passed")
            }
            Error::Redirect { status, reason, .. } => {
                write!(out, "redirect {status} not followed: {reason}")
            }
            Error::Hook(e) => write!(out, "the request hook failed: {}", WithRootCause(&**e)),
            Error::InvalidRequest(why) => write!(out, "invalid request: {why}"),
            Error::Stream(why) => write!(out, "event stream: {why}"),
        }
    }
}

/// A serde message without the values from the body it quotes (`invalid
/// type: string "<a token>"`, `unknown variant `…``): each becomes `…`.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest.as_bytes()[open];
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let close = match quote {
            b'"' => closing_quote(after),
            _ => after
                .find('`')
                .filter(|_| out.ends_with("unknown variant `") || out.ends_with("unknown field `")),
        };
        match close {
            Some(close) => {
                out.push('…');
                out.push(quote as char);
                rest = &after[close + 1..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Where the `"` that ends a Rust-escaped string is.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' if !escaped => return Some(i),
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

/// An empty or all-whitespace body (which decodes as JSON `null`).
pub(crate) fn is_blank(body: Option<&Bytes>) -> bool {
    body.is_none_or(|b| b.iter().all(u8::is_ascii_whitespace))
}

/// An error's message followed by its root cause's, which transport errors
/// keep in their `source()` chain: "error sending request: Connection
/// refused (os error 111)".
struct WithRootCause<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for WithRootCause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let top = self.0.to_string();
        let mut root = self.0;
        while let Some(source) = root.source() {
            root = source;
        }
        let cause = root.to_string();
        if std::ptr::addr_eq(root, self.0) || top.contains(&cause) {
            f.write_str(&top)
        } else {
            write!(f, "{top}: {cause}")
        }
    }
}

impl<E: ApiErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(&mut Escaping(f))
    }
}

impl<E: ApiErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Hook(e) => Some(e.as_ref()),
            Error::InvalidRequest(e) => Some(e),
            Error::Stream(e) => Some(e),
            _ => None,
        }
    }
}

/// A body in `Debug` output: its length only.
struct Length<'a>(&'a [u8]);

impl fmt::Debug for Length<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Error::UnexpectedStatus {
                status,
                headers,
                body,
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", headers)
                .field("body", &Length(body))
                .finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Decode {
                status,
                path,
                source,
                body,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("path", path)
                .field("source", &without_values(&source.to_string()))
                .field("body", &Length(body))
                .finish(),
            Error::BodyTooLarge {
                status,
                headers,
                limit,
                prefix,
            } => f
                .debug_struct("BodyTooLarge")
                .field("status", status)
                .field("headers", headers)
                .field("limit", limit)
                .field("prefix", &Length(prefix))
                .finish(),
            Error::Timeout(limit) => f.debug_tuple("Timeout").field(limit).finish(),
            Error::Redirect {
                status,
                headers,
                reason,
            } => f
                .debug_struct("Redirect")
                .field("status", status)
                .field("headers", headers)
                .field("reason", reason)
                .finish(),
            Error::Hook(e) => f.debug_tuple("Hook").field(e).finish(),
            Error::InvalidRequest(why) => f.debug_tuple("InvalidRequest").field(why).finish(),
            Error::Stream(why) => f.debug_tuple("Stream").field(why).finish(),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("raw", &Length(&self.raw))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::without_values;

    #[test]
    fn values_quoted_from_the_body_are_left_out() {
        for (message, shown) in [
            (
                r#"invalid type: string "tok\"en", expected u64 at line 1 column 9"#,
                r#"invalid type: string "…", expected u64 at line 1 column 9"#,
            ),
            (
                "unknown variant `secret`, expected `a` or `b`",
                "unknown variant `…`, expected `a` or `b`",
            ),
            (
                "invalid type: map, expected an object for `Thing`",
                "invalid type: map, expected an object for `Thing`",
            ),
            ("missing field `id`", "missing field `id`"),
            (r#"unterminated "quote"#, r#"unterminated "quote"#),
        ] {
            assert_eq!(without_values(message), shown, "{message}");
        }
    }
}
