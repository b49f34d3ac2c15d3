//! What a stream request can set besides its parameters: its reconnect
//! limits, its event size limit and its idle limit.

use std::time::Duration;

use crate::call::{Call, Request};

/// The largest event (or line) a stream reads unless set otherwise:
/// 1 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 1024 * 1024;

/// How long one outage of a stream may last, reconnecting, unless set
/// otherwise: 5 minutes.
pub const DEFAULT_RECONNECT_TIME: Duration = Duration::from_secs(5 * 60);

/// How many keep-alive intervals without a byte make a connection idle.
const KEEP_ALIVES_BEFORE_IDLE: u32 = 3;

/// The settings of a stream call.
#[derive(Debug, Clone)]
pub(crate) struct StreamSettings {
    /// The query parameter of the seconds between keep-alive comments, and
    /// its default: the idle limit is a few of them.
    pub(crate) keep_alive: Option<(&'static str, f64)>,
    pub(crate) idle_timeout: Option<Option<Duration>>,
    pub(crate) max_reconnects: Option<u32>,
    pub(crate) reconnect_time: Option<Duration>,
    pub(crate) max_event_size: usize,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            keep_alive: None,
            idle_timeout: None,
            max_reconnects: None,
            reconnect_time: Some(DEFAULT_RECONNECT_TIME),
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
        }
    }
}

impl Call {
    /// The settings of this stream call (a call made by
    /// [`Client::stream_call`](crate::Client::stream_call) has them).
    pub(crate) fn stream_settings(&mut self) -> &mut StreamSettings {
        self.stream.get_or_insert_default()
    }

    /// Names the query parameter of the seconds between the server's
    /// keep-alive comments, and its default: a connection with no byte for
    /// three of those intervals is idle, and replaced.
    pub fn keep_alive_param(&mut self, name: &'static str, default_seconds: f64) {
        self.stream_settings().keep_alive = Some((name, default_seconds));
    }

    /// How long a connection may go without a byte before it is replaced:
    /// what was set, else three keep-alive intervals (as the call's
    /// parameter sets it), else no limit.
    pub(crate) fn idle_limit(&self) -> Option<Duration> {
        let settings = self.stream.as_deref()?;
        if let Some(set) = settings.idle_timeout {
            return set;
        }
        let (name, default) = settings.keep_alive?;
        let seconds = self
            .query_set(name)
            .and_then(|text| text.trim().parse::<f64>().ok())
            .unwrap_or(default);
        let interval = Duration::try_from_secs_f64(seconds).ok()?;
        // A keep-alive of zero (or less) is not an interval: no limit.
        (!interval.is_zero()).then(|| interval.saturating_mul(KEEP_ALIVES_BEFORE_IDLE))
    }
}

/// The settings of a stream request, besides those of every request
/// ([`Request`]).
pub trait StreamRequest: Request {
    /// How many times in a row the stream reconnects without receiving an
    /// event before it ends with the last failure. No limit unless set:
    /// the reconnect time limits an outage.
    fn with_max_reconnects(mut self, reconnects: u32) -> Self {
        self.call_mut().stream_settings().max_reconnects = Some(reconnects);
        self
    }

    /// How long one outage may last, from losing the connection (or the
    /// first failure to open it) until an event arrives again, before the
    /// stream ends with the last failure; `None` for no limit. Default
    /// [`DEFAULT_RECONNECT_TIME`].
    fn with_reconnect_time(mut self, time: impl Into<Option<Duration>>) -> Self {
        self.call_mut().stream_settings().reconnect_time = time.into();
        self
    }

    /// The largest event, or line, the stream reads, in bytes: a longer
    /// one ends the stream with
    /// [`StreamError::TooLarge`](crate::StreamError::TooLarge). Default
    /// [`DEFAULT_MAX_EVENT_SIZE`].
    fn with_max_event_size(mut self, bytes: usize) -> Self {
        self.call_mut().stream_settings().max_event_size = bytes;
        self
    }

    /// How long a connection may go without receiving a byte (an event or
    /// a keep-alive comment) before the stream replaces it; `None` for no
    /// limit. Unless set, three of the keep-alive intervals the request
    /// asks the server for, when the action has such a parameter.
    fn with_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.call_mut().stream_settings().idle_timeout = Some(timeout.into());
        self
    }
}
