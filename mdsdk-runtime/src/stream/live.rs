//! A stream that stays up: the events of one connection after another,
//! with the reconnect rules and limits of `mod.rs`.

use std::marker::PhantomData;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use sse_stream::Sse;
use tokio::time::Instant;

use super::connection::{Events, Refusal, Stop};
use super::{Event, EventStream, Received, StreamError, StreamEvent};
use crate::call::{Call, ResponseFuture};
use crate::error::Error;

/// The wait before the first reconnection unless the server sets one
/// (`retry:`).
const DEFAULT_RETRY: Duration = Duration::from_secs(1);

/// The longest wait between reconnections that the backoff reaches (a
/// server's `retry:` or `Retry-After` may ask for longer).
const MAX_BACKOFF: Duration = Duration::from_secs(30);

impl Call {
    /// Opens the stream of this call: resolves when the first connection
    /// is made (reconnecting as the stream would), or with the error that
    /// ends it.
    pub fn open_stream<T, E>(self) -> ResponseFuture<EventStream<T, E>, E>
    where
        T: StreamEvent,
        E: DeserializeOwned + Send + 'static,
    {
        Box::pin(async move {
            let mut live = Live::<T, E>::new(self);
            match live.reconnect().await {
                Ok(()) => {}
                Err(Some(error)) => return Err(error),
                // A `204`: a stream that ends before its first event.
                Err(None) => live.ended = true,
            }
            // Boxed: each event's future takes the state and gives it back,
            // a move of a pointer rather than of the call and its state.
            let events = futures_util::stream::unfold(Box::new(live), |mut live| async move {
                let item = live.next().await?;
                Some((item, live))
            });
            Ok(EventStream {
                inner: Box::pin(events),
            })
        })
    }
}

/// The state of a stream between its events.
struct Live<T, E> {
    call: Call,
    connection: Option<Events>,
    /// The last id the server set: sent as `Last-Event-ID`.
    last_event_id: Option<String>,
    /// The server's reconnection time (`retry:`).
    retry: Option<Duration>,
    /// Whether a connection was ever made: every later one waits first.
    connected_before: bool,
    /// Why the last connection ended (for the reconnect's log), and the
    /// error the stream ends with if it is not replaced.
    why: &'static str,
    cause: Option<Error<E>>,
    /// Reconnections since the last event, and when the outage began.
    reconnects: u32,
    outage_since: Option<Instant>,
    ended: bool,
    decoded: PhantomData<fn() -> T>,
}

impl<T: StreamEvent, E: DeserializeOwned> Live<T, E> {
    fn new(call: Call) -> Self {
        Live {
            call,
            connection: None,
            last_event_id: None,
            retry: None,
            connected_before: false,
            why: "opening",
            cause: None,
            reconnects: 0,
            outage_since: None,
            ended: false,
            decoded: PhantomData,
        }
    }

    /// The next event, or the error that ends the stream, or `None` once
    /// it has ended.
    async fn next(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        loop {
            if self.ended {
                return None;
            }
            let Some(connection) = &mut self.connection else {
                match self.reconnect().await {
                    Ok(()) => continue,
                    Err(error) => {
                        self.ended = true;
                        return error.map(Err);
                    }
                }
            };
            match connection.next().await {
                Some(Ok(block)) => {
                    if let Some(item) = self.received(block) {
                        return Some(item);
                    }
                }
                Some(Err(e)) => {
                    self.connection = None;
                    if let Some(error) = self.stopped(e) {
                        self.ended = true;
                        return Some(Err(error));
                    }
                }
                None => {
                    self.connection = None;
                    self.why = "the server ended the connection";
                    self.cause = Some(Error::Stream(StreamError::Ended));
                }
            }
        }
    }

    /// An event block: its id and reconnection time kept, and its event,
    /// if it has data, decoded.
    fn received(&mut self, block: Sse) -> Option<Result<Event<T>, Error<E>>> {
        if let Some(id) = block.id {
            // An empty id resets it: no `Last-Event-ID` is sent.
            self.last_event_id = (!id.is_empty()).then_some(id);
        }
        if let Some(retry) = block.retry {
            self.retry = Some(Duration::from_millis(retry));
        }
        let data = block.data?;
        self.reconnects = 0;
        self.outage_since = None;
        let name = block
            .event
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| String::from("message"));
        let report = self.call.client.inner().report_undocumented;
        if report && !T::NAMES.contains(&name.as_str()) {
            tracing::warn!(
                target: crate::undocumented::TARGET,
                action = self.call.endpoint.action,
                event = ?name,
                "an event the docs do not declare"
            );
        }
        let received = Received {
            name,
            data: data.into(),
        };
        Some(match T::decode(received) {
            Ok(event) => Ok(Event {
                id: self.last_event_id.clone(),
                data: event,
            }),
            Err(failure) => Err(Error::Decode {
                status: StatusCode::OK,
                path: failure.path,
                source: failure.source,
                body: failure.data,
            }),
        })
    }

    /// A connection that stopped with an error: `None` to reconnect, or
    /// the error that ends the stream.
    fn stopped(&mut self, error: sse_stream::Error) -> Option<Error<E>> {
        let sse_stream::Error::Body(cause) = error else {
            return Some(Error::Stream(StreamError::Malformed));
        };
        let (why, cause) = match cause.downcast::<Stop>().map(|stop| *stop) {
            Ok(Stop::TooLarge) => {
                let limit = self.settings().max_event_size;
                return Some(Error::Stream(StreamError::TooLarge { limit }));
            }
            Ok(Stop::Idle) => {
                let limit = self.call.idle_limit().unwrap_or_default();
                ("idle", Error::Stream(StreamError::Idle { limit }))
            }
            Ok(Stop::Transport(e)) => ("the connection failed", Error::transport(e)),
            // The parser passes on only what the byte source gives it.
            Err(_) => ("the connection failed", Error::Stream(StreamError::Ended)),
        };
        self.why = why;
        self.cause = Some(cause);
        None
    }

    fn settings(&self) -> super::StreamSettings {
        self.call.stream.as_deref().cloned().unwrap_or_default()
    }

    /// Connects, waiting first unless it is the first connection, again and
    /// again within the limits: `Err(None)` when the server closed the
    /// stream (`204`), `Err(Some)` with the error that ends it.
    async fn reconnect(&mut self) -> Result<(), Option<Error<E>>> {
        let settings = self.settings();
        let outage_since = *self.outage_since.get_or_insert_with(Instant::now);
        let mut retry_after = None;
        let mut tried = false;
        loop {
            if self.connected_before || tried {
                self.reconnects = self.reconnects.saturating_add(1);
                let delay = self.delay(retry_after);
                let within_count = settings
                    .max_reconnects
                    .is_none_or(|most| self.reconnects <= most);
                let within_time = settings
                    .reconnect_time
                    .is_none_or(|time| outage_since.elapsed() + delay <= time);
                if !(within_count && within_time) {
                    let ended = Error::Stream(StreamError::Ended);
                    return Err(Some(self.cause.take().unwrap_or(ended)));
                }
                tracing::info!(
                    action = self.call.endpoint.action,
                    reconnect = self.reconnects,
                    ?delay,
                    why = self.why,
                    "reconnecting the event stream"
                );
                tokio::time::sleep(delay).await;
            }
            tried = true;
            match self.call.connect::<E>(self.last_event_id.as_deref()).await {
                Ok(connection) => {
                    self.connection = Some(connection);
                    self.connected_before = true;
                    return Ok(());
                }
                Err(Refusal::Passing {
                    error,
                    retry_after: after,
                }) => {
                    self.why = "the connection was refused";
                    self.cause = Some(error);
                    retry_after = after;
                }
                Err(Refusal::Final(error)) => return Err(Some(error)),
                Err(Refusal::Closed) => return Err(None),
            }
        }
    }

    /// The wait before the next connection: the server's reconnection time
    /// (a second unless it set one), doubled for each reconnection in a
    /// row after the first, up to a bound, plus up to a quarter more at
    /// random; never less than a `Retry-After`.
    fn delay(&self, retry_after: Option<Duration>) -> Duration {
        let base = self.retry.unwrap_or(DEFAULT_RETRY);
        let doublings = self.reconnects.saturating_sub(1).min(16);
        let backoff = base
            .saturating_mul(1 << doublings)
            .min(MAX_BACKOFF.max(base));
        let jitter = backoff.mul_f64(fastrand::f64() / 4.0);
        (backoff + jitter).max(retry_after.unwrap_or_default())
    }
}
