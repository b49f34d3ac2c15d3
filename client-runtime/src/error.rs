//! The one error type of a generated client.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything a call can fail with. `E` is the API's error body type.
#[derive(Debug)]
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
    /// refused, timeout, TLS, a dropped connection.
    Transport(reqwest::Error),
    /// A success response whose body is not the documented type.
    Decode {
        /// The success status the body came with.
        status: StatusCode,
        /// Where in the body decoding failed: `members[2].role`.
        path: String,
        /// What serde found wrong there.
        source: serde_json::Error,
        /// The whole body, as received.
        body: Bytes,
    },
    /// The request hook refused the request.
    Hook(BoxError),
    /// The request could not be built: a bad base URL, a path value such as
    /// `..` that would change the path, a body that cannot be encoded.
    InvalidRequest(String),
}

/// An error any hook or layer may return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An error response: its status, its body decoded when it is the API's
/// error JSON, and the raw body always.
#[derive(Debug, Clone)]
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
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::InvalidRequest(_) | Error::Hook(_) => None,
        }
    }

    /// Whether the same request may succeed later: a `429`, `502`, `503`,
    /// `504`, a failure to connect or a timeout. (The client's retry policy
    /// has already retried idempotent requests when this is true.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => crate::retry::is_retryable_status(e.status),
            Error::Transport(e) => e.is_connect() || e.is_timeout(),
            _ => false,
        }
    }

    /// The error body when the API sent its error JSON.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn transport(error: reqwest::Error) -> Self {
        Error::Transport(error.without_url())
    }
}

/// The first bytes of a body as text, for messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    if body.len() > MAX {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}

impl<E: ApiErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(f, "API error {}", e.status)?;
                match e.body.as_ref().map(|b| (b.error_type(), b.message())) {
                    Some((Some(kind), Some(message))) => write!(f, ": {kind}: {message}"),
                    Some((Some(text), None) | (None, Some(text))) => write!(f, ": {text}"),
                    _ if e.raw.is_empty() => Ok(()),
                    _ => write!(f, ": {}", snippet(&e.raw)),
                }
            }
            Error::UnexpectedStatus { status, .. } => {
                write!(f, "unexpected response status {status}")
            }
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Decode {
                status,
                path,
                source,
                body,
            } => write!(
                f,
                "cannot decode the {status} response at `{path}`: {source}; body: {}",
                snippet(body)
            ),
            Error::Hook(e) => write!(f, "the request hook failed: {e}"),
            Error::InvalidRequest(why) => write!(f, "invalid request: {why}"),
        }
    }
}

impl<E: ApiErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Hook(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
