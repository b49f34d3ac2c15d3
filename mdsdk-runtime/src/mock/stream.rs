//! The mock's route of a stream action: the events each connection sends.

use std::borrow::{Borrow, Cow};
use std::marker::PhantomData;

use reqwest::Method;
use serde::Serialize;

use super::{Answer, MockServer, NoBody, RecordedCall};
use crate::StreamEvent;

/// The route of a stream action on the mock server: `T` is the enum of its
/// events, `E` its error body.
///
/// Each connection gets the next answer given, in order: [`sends`]'s
/// events, an error ([`fails`]) or anything ([`answers`]). A connection's
/// answer ends with its events, as a dropped connection does, so the
/// client reconnects and gets the next answer, sending the id of the last
/// event it got (`Last-Event-ID`, read from [`calls`]). After the last
/// answer the route says `204`, which ends the stream.
///
/// The events are numbered from 1 across the route's connections (`id:`),
/// and each answer asks the client to reconnect after 10 ms (`retry:`),
/// so tests do not wait for the client's default second.
///
/// [`sends`]: StreamRoute::sends
/// [`fails`]: StreamRoute::fails
/// [`answers`]: StreamRoute::answers
/// [`calls`]: StreamRoute::calls
pub struct StreamRoute<'a, T, E> {
    mock: &'a MockServer,
    method: Method,
    template: Cow<'static, str>,
    types: PhantomData<fn(T, E)>,
}

impl<'a, T, E> StreamRoute<'a, T, E> {
    pub(super) fn new(mock: &'a MockServer, method: Method, template: Cow<'static, str>) -> Self {
        StreamRoute {
            mock,
            method,
            template,
            types: PhantomData,
        }
    }

    /// Answers the next connection with these events, then ends it.
    ///
    /// # Panics
    ///
    /// When an event cannot be encoded (its data not as JSON, or a name
    /// with a line break): a mistake in the test, shown where it is made.
    pub fn sends<I>(&self, events: I) -> &Self
    where
        T: StreamEvent,
        I: IntoIterator,
        I::Item: Borrow<T>,
    {
        let mut state = self.mock.state();
        let answers = state.answers(&self.method, self.template.clone());
        let mut body = String::from("retry: 10\n\n");
        for event in events {
            let (name, data) = event
                .borrow()
                .encode()
                .unwrap_or_else(|e| panic!("the mock event cannot be encoded as JSON: {e}"));
            assert!(
                !name.contains(['\r', '\n']),
                "the mock event's name {name:?} has a line break"
            );
            let id = answers.next_event_id;
            answers.next_event_id += 1;
            body.push_str(&format!("id: {id}\nevent: {name}\n"));
            for line in data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
                body.push_str("data: ");
                body.push_str(line);
                body.push('\n');
            }
            body.push('\n');
        }
        let answer = Answer::bytes(200, "text/event-stream", body);
        answers.in_turn.push_back(answer);
        self
    }

    /// Answers the next connection with an error status and the API's
    /// error body.
    pub fn fails(&self, status: u16, body: impl Borrow<E>) -> &Self
    where
        E: Serialize,
    {
        self.answers(Answer::json(status, body.borrow()))
    }

    /// Answers the next connection with anything: a bare status, a
    /// `Retry-After`, the raw bytes of an event stream cut mid-event.
    pub fn answers(&self, answer: Answer) -> &Self {
        let mut state = self.mock.state();
        state
            .answers(&self.method, self.template.clone())
            .in_turn
            .push_back(answer);
        self
    }

    /// The connections this route answered, in order.
    pub fn calls(&self) -> Vec<RecordedCall<NoBody>> {
        self.mock.calls_of(&self.method, &self.template)
    }
}

impl<T, E> std::fmt::Debug for StreamRoute<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamRoute")
            .field("method", &self.method)
            .field("template", &self.template)
            .finish_non_exhaustive()
    }
}
