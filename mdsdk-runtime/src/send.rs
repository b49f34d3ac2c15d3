//! Sending a call: its deadline, a tracing span around its attempts
//! (`attempt.rs`), and decoding. Everything but the final decode is
//! independent of the response type, so it is compiled once, not once per
//! action.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::attempt::{limit_from, within};
use crate::call::{Call, ResponseFuture};
use crate::decode::{DecodeSuccess, RawResponse};
use crate::error::{BoxError, Error, TimeLimit};
use crate::invalid::InvalidRequest;
use crate::redirect::RedirectRefusal;
use crate::response::Response;

impl Call {
    /// Sends the request and decodes a documented success status as `T`,
    /// an error status's body as `E`.
    pub fn send<T, E>(self) -> ResponseFuture<T, E>
    where
        T: DecodeSuccess + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        let (success, action, report) = self.decoding();
        Box::pin(async move {
            let raw = self.execute().await.map_err(Failure::into_error)?;
            Ok(raw.decode::<T, E>(success, action, report)?.into_body())
        })
    }

    /// Like [`Call::send`], keeping the status and headers of the response.
    pub fn send_with_response<T, E>(self) -> ResponseFuture<Response<T>, E>
    where
        T: DecodeSuccess + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        let (success, action, report) = self.decoding();
        Box::pin(async move {
            let raw = self.execute().await.map_err(Failure::into_error)?;
            raw.decode(success, action, report)
        })
    }

    /// The documented success statuses, the action's name, and whether
    /// the client reports undocumented properties of responses.
    pub(crate) fn decoding(&self) -> (&'static [u16], &'static str, bool) {
        let report = self.client.inner().report_undocumented;
        (self.endpoint.success, self.endpoint.action, report)
    }

    /// Makes the attempts within the call's deadline, inside a span that
    /// records the action, method, path template, status, attempts and
    /// elapsed time, and never the token or a body.
    ///
    /// It borrows the call: an `async fn` that took it would hold it twice
    /// (as its argument and as its local), and a call's future is copied
    /// as it is built and boxed.
    pub(crate) async fn execute(&self) -> Result<RawResponse, Failure> {
        let span = tracing::info_span!(
            "request",
            action = self.endpoint.action,
            method = %self.endpoint.method,
            path = self.endpoint.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let timeout = self.timeout.unwrap_or(self.client.inner().timeout);
        let deadline = limit_from(started, timeout, TimeLimit::Call);
        let call = async {
            let attempts = self.attempts(started, deadline.map(|(at, _)| at), &span);
            within(deadline, attempts).await.and_then(|result| result)
        };
        // Without a subscriber that wants the span, skip the bookkeeping.
        if span.is_disabled() {
            return call.await;
        }
        let result = call.instrument(span.clone()).await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        if let Err(failure) = &result {
            span.in_scope(|| tracing::debug!(failure = %failure.kind(), "request failed"));
        }
        result
    }
}

/// Why a call got no response to decode.
pub(crate) enum Failure {
    Invalid(InvalidRequest),
    Transport(reqwest::Error),
    Hook(BoxError),
    Timeout(TimeLimit),
    BodyTooLarge {
        status: StatusCode,
        headers: Box<HeaderMap>,
        limit: usize,
        prefix: Bytes,
    },
    Redirect {
        status: StatusCode,
        headers: Box<HeaderMap>,
        reason: RedirectRefusal,
    },
}

impl Failure {
    fn kind(&self) -> &'static str {
        match self {
            Failure::Invalid(_) => "invalid request",
            Failure::Transport(_) => "transport",
            Failure::Hook(_) => "request hook",
            Failure::Timeout(_) => "timeout",
            Failure::BodyTooLarge { .. } => "body too large",
            Failure::Redirect { .. } => "redirect not followed",
        }
    }

    pub(crate) fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Invalid(why) => Error::InvalidRequest(why),
            Failure::Transport(e) => Error::transport(e),
            Failure::Hook(e) => Error::Hook(e),
            Failure::Timeout(limit) => Error::Timeout(limit),
            Failure::BodyTooLarge {
                status,
                headers,
                limit,
                prefix,
            } => Error::BodyTooLarge {
                status,
                headers,
                limit,
                prefix,
            },
            Failure::Redirect {
                status,
                headers,
                reason,
            } => Error::Redirect {
                status,
                headers,
                reason,
            },
        }
    }
}

/// For logs: the kind, and a transport error's text without its URL.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Transport(e) => {
                let mut text = e.to_string();
                if let Some(url) = e.url() {
                    text = text.replace(url.as_str(), "<url>");
                }
                write!(f, "transport: {text}")
            }
            Failure::Timeout(TimeLimit::Attempt(limit)) => {
                write!(f, "the attempt timeout of {limit:?} passed")
            }
            other => f.write_str(other.kind()),
        }
    }
}
