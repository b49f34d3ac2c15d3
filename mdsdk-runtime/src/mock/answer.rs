//! What the mock server answers a route with.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

/// An answer of the mock server: a status, headers, a body, and a delay
/// before it is sent.
///
/// ```
/// # use mdsdk_runtime::mock::Answer;
/// # use std::time::Duration;
/// let throttled = Answer::json(429, &serde_json::json!({ "message": "slow down" }))
///     .header("retry-after", "1")
///     .delay(Duration::from_millis(20));
/// ```
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The body and its media type.
    body: Option<(Vec<u8>, String)>,
    delay: Option<Duration>,
}

impl Answer {
    /// `body` as JSON with this status.
    ///
    /// # Panics
    ///
    /// When `body` cannot be encoded as JSON (a map whose keys are not
    /// strings): a mistake in the test, shown where it is made.
    pub fn json<B: Serialize + ?Sized>(status: u16, body: &B) -> Answer {
        let body = serde_json::to_vec(body)
            .unwrap_or_else(|e| panic!("the mock answer's body cannot be encoded as JSON: {e}"));
        Answer::bytes(status, "application/json", body)
    }

    /// This status with no body (`204`, or a bare `500`).
    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: None,
            delay: None,
        }
    }

    /// These bytes as the body, with this status and media type: what a
    /// proxy's HTML error page or a malformed body looks like.
    pub fn bytes(status: u16, media_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            body: Some((body.into(), media_type.to_owned())),
            ..Answer::status(status)
        }
    }

    /// Adds a response header.
    ///
    /// # Panics
    ///
    /// When the name or the value is not one HTTP allows: a mistake in the
    /// test, shown where it is made rather than as a dropped connection.
    pub fn header(mut self, name: &str, value: &str) -> Answer {
        let header = HeaderName::try_from(name)
            .ok()
            .zip(HeaderValue::try_from(value).ok());
        let Some(header) = header else {
            panic!("the mock answer's header `{name}: {value:?}` is not a valid header");
        };
        self.headers.push(header);
        self
    }

    /// Waits this long before answering (for timeouts).
    pub fn delay(mut self, delay: Duration) -> Answer {
        self.delay = Some(delay);
        self
    }

    /// The answer as wiremock sends it.
    pub(crate) fn template(&self) -> wiremock::ResponseTemplate {
        let mut template = wiremock::ResponseTemplate::new(self.status)
            .append_headers(self.headers.iter().cloned());
        if let Some((body, media_type)) = &self.body {
            template = template.set_body_raw(body.clone(), media_type);
        }
        match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}
