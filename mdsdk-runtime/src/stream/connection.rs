//! One connection of a stream: the request (through the hook and the
//! redirect rules of every call), the answer's status, and the body as a
//! stream of events, counted against the size limit and the idle limit.

use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use sse_stream::{Sse, SseByteStream};

use super::bound::{Bound, TooLarge};
use super::{DEFAULT_MAX_EVENT_SIZE, StreamError};
use crate::attempt::{limit_from_now, within};
use crate::call::Call;
use crate::decode::error_status;
use crate::error::{Error, TimeLimit};
use crate::send::Failure;

/// The events of one connection, in the order they came.
pub(crate) type Events =
    std::pin::Pin<Box<dyn Stream<Item = Result<Sse, sse_stream::Error>> + Send>>;

/// Why a connection could not be made, or what ended it.
pub(crate) enum Refusal<E> {
    /// Worth another connection: a transport failure, a timeout, a `5xx`,
    /// a `429` (with the wait its `Retry-After` asks for).
    Passing {
        error: Error<E>,
        retry_after: Option<Duration>,
    },
    /// Not worth another: the stream ends with this error.
    Final(Error<E>),
    /// `204 No Content`: the server has no stream for us, and the stream
    /// ends without an error.
    Closed,
}

/// Why a connection's body stopped early, as the byte source reports it
/// through the parser.
#[derive(Debug)]
pub(crate) enum Stop {
    Transport(reqwest::Error),
    TooLarge,
    Idle,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Transport(e) => write!(f, "transport: {e}"),
            Stop::TooLarge => f.write_str("an event over the size limit"),
            Stop::Idle => f.write_str("idle"),
        }
    }
}

impl std::error::Error for Stop {}

impl Call {
    /// Opens one connection of this stream call, sending `last_event_id`.
    pub(crate) async fn connect<E: DeserializeOwned>(
        &self,
        last_event_id: Option<&str>,
    ) -> Result<Events, Refusal<E>> {
        let mut call = self.clone();
        call.headers
            .insert("accept", HeaderValue::from_static("text/event-stream"));
        call.headers
            .insert("cache-control", HeaderValue::from_static("no-cache"));
        // An id HTTP cannot carry (a control character) is not sent.
        if let Some(value) = last_event_id.and_then(|id| HeaderValue::from_str(id).ok()) {
            call.headers.insert("last-event-id", value);
        }
        let inner = self.client.inner();
        let attempt_timeout = self.attempt_timeout.unwrap_or(inner.attempt_timeout);
        let limit = limit_from_now(attempt_timeout, TimeLimit::Attempt);
        let response = match within(limit, call.send_following_redirects()).await {
            Ok(Ok(response)) => response,
            Ok(Err(failure)) | Err(failure) => return Err(refusal(failure)),
        };
        let status = response.status();
        if status == StatusCode::OK {
            let content_type = response.headers().get(CONTENT_TYPE);
            let text = content_type.map(|value| String::from_utf8_lossy(value.as_bytes()));
            if let Some(text) = text.filter(|text| !is_event_stream(text)) {
                return Err(Refusal::Final(Error::Stream(
                    StreamError::NotAnEventStream {
                        content_type: text.into_owned(),
                    },
                )));
            }
            let max_event_size = self
                .stream
                .as_deref()
                .map_or(DEFAULT_MAX_EVENT_SIZE, |s| s.max_event_size);
            return Ok(events(response, max_event_size, self.idle_limit()));
        }
        if status == StatusCode::NO_CONTENT {
            return Err(Refusal::Closed);
        }
        let retry_after = crate::retry::retry_after(response.headers());
        let passing = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        // The body of an error status, read as any call's is.
        let raw = match self.read(response, limit, &tracing::Span::none()).await {
            Ok(raw) => raw,
            Err(failure) => return Err(refusal(failure)),
        };
        let error = error_status(raw.status, raw.headers, raw.body);
        Err(if passing {
            Refusal::Passing { error, retry_after }
        } else {
            Refusal::Final(error)
        })
    }
}

/// Whether a `Content-Type` is `text/event-stream` (with parameters or not).
fn is_event_stream(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("text/event-stream")
}

fn refusal<E>(failure: Failure) -> Refusal<E> {
    match failure {
        Failure::Transport(_) | Failure::Timeout(_) => Refusal::Passing {
            error: failure.into_error(),
            retry_after: None,
        },
        other => Refusal::Final(other.into_error()),
    }
}

/// The body's events: each chunk counted against the size limit, and a
/// wait for the next one longer than the idle limit reported as `Idle`.
/// The body is read only when the parser asks for more.
fn events(response: reqwest::Response, max_event_size: usize, idle: Option<Duration>) -> Events {
    let state = Some((response, Bound::new(max_event_size)));
    let chunks = futures_util::stream::unfold(state, move |state| async move {
        let (mut response, mut bound) = state?;
        // After the bytes before a limit crossed, the stop.
        if bound.crossed {
            return Some((Err(Stop::TooLarge), None));
        }
        let next = match idle {
            Some(idle) => match tokio::time::timeout(idle, response.chunk()).await {
                Ok(next) => next.map_err(Stop::Transport),
                Err(_) => Err(Stop::Idle),
            },
            None => response.chunk().await.map_err(Stop::Transport),
        };
        let chunk = match next {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return None,
            Err(stop) => return Some((Err(stop), None)),
        };
        let chunk = match bound.count(&chunk) {
            Ok(()) => chunk,
            Err(TooLarge { at }) => {
                bound.crossed = true;
                chunk.slice(..at)
            }
        };
        Some((Ok::<Bytes, Stop>(chunk), Some((response, bound))))
    });
    Box::pin(SseByteStream::new(chunks))
}
