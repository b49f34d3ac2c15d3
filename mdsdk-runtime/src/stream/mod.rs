//! Server-sent event streams: an action that answers with
//! `text/event-stream` instead of one JSON body.
//!
//! Awaiting a stream request opens the stream: the first connection is
//! made (an error status is returned as for any call), and an
//! [`EventStream`] of typed events follows. It stays up by itself: after a
//! dropped connection, a `5xx`, a `429` (after its `Retry-After`), or no
//! byte for longer than the idle limit, it connects again, after a backoff
//! with jitter that starts at the server's `retry:` (one second unless the
//! server says), sending `Last-Event-ID` so that the server can resume. A
//! `4xx` other than `429` ends it with that error, as does an outage longer
//! than the reconnect limits ([`StreamRequest`]); a `204` ends it cleanly.
//!
//! Every connection is a request of the client, so the request hook, the
//! token, the redaction of sensitive headers and the redirect rules apply
//! to each; its attempt timeout bounds the wait for the response head, the
//! call's deadline does not apply (a stream has none), and a stream holds
//! no place in the client's concurrency limit. A stream sends none of the
//! client's default query parameters.
//!
//! Memory is bounded: an event or a line longer than the size limit ends
//! the stream with [`StreamError::TooLarge`], and nothing is read from the
//! connection while the consumer does not ask for the next event. Dropping
//! the stream closes the connection.

mod bound;
mod connection;
mod live;
mod settings;
#[cfg(test)]
mod tests;

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;

use crate::error::Error;

pub(crate) use settings::StreamSettings;
pub use settings::{DEFAULT_MAX_EVENT_SIZE, DEFAULT_RECONNECT_TIME, StreamRequest};

/// One event of a stream: its decoded data, and its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The last event id the server set (`id:`), on this event or an
    /// earlier one: what a reconnection sends as `Last-Event-ID`.
    pub id: Option<String>,
    /// The event, by its name (`event:`).
    pub data: T,
}

/// The events a stream action declares, decoded by their names: what
/// `stream_events!` implements for the enum of a stream's events, which
/// holds one variant per declared event and `Unknown` for the others.
pub trait StreamEvent: Sized + Send + 'static {
    /// The names of the declared events.
    const NAMES: &'static [&'static str];

    /// Decodes an event: by its declared type when its name is one of
    /// [`NAMES`](Self::NAMES), else as `Unknown`.
    #[doc(hidden)]
    fn decode(event: Received) -> Result<Self, DecodeFailure>;

    /// The event's name and its data as sent (JSON, but for `Unknown`):
    /// what the mock server sends.
    #[doc(hidden)]
    fn encode(&self) -> Result<(&str, String), serde_json::Error>;
}

/// An event as received: its name (`message` when the server gave none)
/// and its data.
#[doc(hidden)]
#[derive(Debug)]
pub struct Received {
    name: String,
    data: Bytes,
}

/// Why an event's data is not its declared type.
#[doc(hidden)]
#[derive(Debug)]
pub struct DecodeFailure {
    path: String,
    source: serde_json::Error,
    /// The data that failed, as sent.
    data: Bytes,
}

impl Received {
    /// The event's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The data as the type of a declared event: JSON, read whole. Not
    /// through `decode_documented`, as a response's body is: its
    /// bookkeeping of undocumented properties took the typed stream from
    /// about +15% to +31% of the hand-written reading's time per event
    /// (`benches/stream.rs`, one run each).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeFailure> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.data);
        let decoded = T::deserialize(&mut deserializer).and_then(|v| {
            deserializer.end()?;
            Ok(v)
        });
        decoded.map_err(|source| {
            // Read again to find where: only a failure pays for the path.
            let mut deserializer = serde_json::Deserializer::from_slice(&self.data);
            let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                Err(e) => e.path().to_string(),
                Ok(_) => String::from("."),
            };
            let data = self.data.clone();
            DecodeFailure { path, source, data }
        })
    }

    /// The name and the data as text, for an event the stream does not
    /// declare.
    pub fn into_unknown(self) -> (String, String) {
        // The data came as text: no copy, and nothing replaced.
        let data = String::from_utf8(Vec::from(self.data))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        (self.name, data)
    }
}

/// Why a stream ended, beyond the errors of any call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamError {
    /// An event, or one line, was longer than the limit
    /// ([`StreamRequest::with_max_event_size`]); reading stopped there.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The server answered `200` with a body that is not an event stream.
    NotAnEventStream {
        /// Its `Content-Type`.
        content_type: String,
    },
    /// The stream is not valid UTF-8 where a field's value must be.
    Malformed,
    /// No byte came for longer than the idle limit, and the reconnect
    /// limits allowed no other connection.
    Idle {
        /// The idle limit.
        limit: Duration,
    },
    /// The server ended the connection, and the reconnect limits allowed
    /// no other.
    Ended,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::TooLarge { limit } => {
                write!(f, "an event longer than the limit of {limit} bytes")
            }
            StreamError::NotAnEventStream { content_type } => {
                f.write_str("the answer is not an event stream but `")?;
                fmt::Write::write_str(&mut crate::escape::Escaping(f), content_type)?;
                f.write_str("`")
            }
            StreamError::Malformed => f.write_str("the event stream is not valid UTF-8"),
            StreamError::Idle { limit } => {
                write!(
                    f,
                    "nothing came for longer than the idle limit of {limit:?}"
                )
            }
            StreamError::Ended => f.write_str("the server ended the event stream"),
        }
    }
}

impl std::error::Error for StreamError {}

/// A stream's events, decoded: a [`Stream`] of `Result<Event<T>, Error>`.
///
/// An event whose data is not its declared type is an `Err`
/// ([`Error::Decode`]) and the stream goes on; any other `Err` is the last
/// item. Read it with `TryStreamExt::try_next` or `StreamExt::next`.
#[must_use = "a stream does nothing unless polled"]
pub struct EventStream<T, E> {
    inner: Pin<Box<dyn Stream<Item = Item<T, E>> + Send>>,
}

/// An item of an [`EventStream`].
type Item<T, E> = Result<Event<T>, Error<E>>;

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}
