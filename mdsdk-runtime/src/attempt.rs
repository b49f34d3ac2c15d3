//! The attempts of a call. Each waits for its turn (when the client limits
//! requests in flight), sends the request and follows its redirects, then
//! reads the body, all within the attempt's timeout; the retry policy and
//! the call's deadline decide whether another attempt follows.

use std::future::Future;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::Either;
use tokio::time::Instant;

use crate::body::{BodyError, read_limited};
use crate::call::Call;
use crate::decode::RawResponse;
use crate::error::TimeLimit;
use crate::redirect::{self, MAX_REDIRECTS, RedirectRefusal};
use crate::retry::Outcome;
use crate::send::Failure;

/// A time limit in force: when it passes, and which limit it is.
pub(crate) type Limit = Option<(Instant, TimeLimit)>;

/// A time limit from now, `None` when there is none (or it is too far to
/// be represented, which is the same).
pub(crate) fn limit_from_now(time: Option<Duration>, kind: fn(Duration) -> TimeLimit) -> Limit {
    limit_from(Instant::now(), time, kind)
}

/// A time limit from `now`, a clock read already made.
pub(crate) fn limit_from(
    now: Instant,
    time: Option<Duration>,
    kind: fn(Duration) -> TimeLimit,
) -> Limit {
    let time = time?;
    Some((now.checked_add(time)?, kind(time)))
}

/// Runs `work` unless `limit` passes first.
///
/// Not an `async fn`: its future would hold `work` and the timeout around
/// it side by side, twice the size, and a call's futures are moved (and
/// so copied) a few times on their way to the executor.
pub(crate) fn within<F: Future>(
    limit: Limit,
    work: F,
) -> impl Future<Output = Result<F::Output, Failure>> {
    match limit {
        Some((at, which)) => Either::Left(
            tokio::time::timeout_at(at, work)
                .map(move |done| done.map_err(|_| Failure::Timeout(which))),
        ),
        None => Either::Right(work.map(Ok)),
    }
}

impl Call {
    /// Makes attempts until one gets an answer the policy does not retry,
    /// never starting a wait that would end after `deadline`. The count and
    /// the status are recorded on `span`, the call's own (never the
    /// caller's current span, which a disabled call span would leave).
    /// `started` is when the call began: a clock read the caller made.
    pub(crate) async fn attempts(
        &self,
        started: Instant,
        deadline: Option<Instant>,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failure> {
        let inner = self.client.inner();
        let attempt_timeout = self.attempt_timeout.unwrap_or(inner.attempt_timeout);
        let mut attempt = 1;
        loop {
            span.record("attempts", attempt);
            let permit = match &inner.concurrency {
                Some(concurrency) => concurrency.permit().await,
                None => None,
            };
            // The first attempt starts with the call, unless it waited for
            // its turn: no other clock read.
            let now = if attempt == 1 && permit.is_none() {
                started
            } else {
                Instant::now()
            };
            let limit = limit_from(now, attempt_timeout, TimeLimit::Attempt);
            let sent = within(limit, self.send_following_redirects())
                .await
                .and_then(|sent| sent);
            if let Some(delay) = self.retry_delay(attempt, started, deadline, &sent) {
                match &sent {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        tracing::debug!(attempt, status, ?delay, "retrying");
                    }
                    Err(failure) => tracing::debug!(attempt, %failure, ?delay, "retrying"),
                }
                drop((sent, permit));
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            return self.read(sent?, limit, span).await;
        }
    }

    /// How long to wait before another attempt, or `None` for no other.
    fn retry_delay(
        &self,
        attempt: u32,
        started: Instant,
        deadline: Option<Instant>,
        sent: &Result<reqwest::Response, Failure>,
    ) -> Option<Duration> {
        let outcome = match sent {
            Ok(response) => Outcome::Status(response.status(), response.headers()),
            Err(Failure::Transport(e)) if e.is_connect() => Outcome::ConnectFailed,
            Err(Failure::Transport(e)) if e.is_timeout() => Outcome::TimedOut,
            Err(Failure::Timeout(_)) => Outcome::TimedOut,
            Err(_) => Outcome::OtherFailure,
        };
        let method = &self.endpoint.method;
        let delay =
            (self.client.inner().retry).next_delay(method, attempt, started.elapsed(), outcome)?;
        // A wait that would outlast the deadline is not started: the last
        // answer is returned now instead of a timeout later.
        let fits = deadline.is_none_or(|deadline| {
            Instant::now()
                .checked_add(delay)
                .is_some_and(|end| end < deadline)
        });
        fits.then_some(delay)
    }

    /// Reads the body of the answer, up to the size limit, within the
    /// attempt's time limit.
    pub(crate) async fn read(
        &self,
        mut response: reqwest::Response,
        limit: Limit,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failure> {
        let inner = self.client.inner();
        let status = response.status();
        span.record("status", status.as_u16());
        let mut headers = std::mem::take(response.headers_mut());
        inner.sensitive.mark(&mut headers);
        let max = self.max_response_size.unwrap_or(inner.max_response_size);
        match within(limit, read_limited(response, max)).await? {
            Ok(body) => Ok(RawResponse {
                status,
                headers,
                body,
            }),
            Err(BodyError::TooLarge { prefix }) => Err(Failure::BodyTooLarge {
                status,
                headers: Box::new(headers),
                limit: max,
                prefix,
            }),
            Err(BodyError::Transport(e)) => Err(Failure::Transport(e)),
        }
    }

    /// Sends the request, through the hook, and follows the redirects the
    /// client allows: sensitive headers never go to another origin than
    /// the first, a body only when the client allows it.
    pub(crate) async fn send_following_redirects(&self) -> Result<reqwest::Response, Failure> {
        let inner = self.client.inner();
        let mut request = self.to_reqwest().map_err(Failure::Invalid)?;
        let mut method = self.endpoint.method.clone();
        let mut with_body = self.body.is_some();
        // The first hop's origin, made only when a redirect needs it.
        let mut origin: Option<url::Origin> = None;
        let mut hops = 0;
        loop {
            if let Some(hook) = &inner.hook {
                hook.on_request(&mut request).await.map_err(Failure::Hook)?;
            }
            // A later hop's origin is compared with the first's.
            if origin
                .as_ref()
                .is_some_and(|first| request.url().origin() != *first)
            {
                inner.sensitive.strip(request.headers_mut());
            }
            let response = inner
                .http
                .execute(request)
                .await
                .map_err(Failure::Transport)?;
            let status = response.status();
            let refuse = |reason: RedirectRefusal| {
                let mut headers = Box::new(response.headers().clone());
                inner.sensitive.mark(&mut headers);
                Failure::Redirect {
                    status,
                    headers,
                    reason,
                }
            };
            let hop = match redirect::next_hop(status, response.headers(), response.url(), &method)
            {
                None => return Ok(response),
                Some(hop) => hop.map_err(refuse)?,
            };
            if hops == MAX_REDIRECTS {
                return Err(refuse(RedirectRefusal::TooMany));
            }
            // The first hop's URL is its response's: the `reqwest` client
            // follows no redirects itself (see `ClientBuilder::http_client`).
            let origin = &*origin.get_or_insert_with(|| response.url().origin());
            let to = hop.url.origin();
            let body = with_body && hop.keeps_body;
            if body && to != *origin && !inner.cross_origin_redirects_with_body {
                return Err(refuse(RedirectRefusal::BodyToAnotherOrigin(
                    to.ascii_serialization(),
                )));
            }
            tracing::debug!(status = status.as_u16(), to = %to.ascii_serialization(), "following a redirect");
            request = self
                .build_request(hop.method.clone(), hop.url, body)
                .map_err(Failure::Invalid)?;
            (method, with_body) = (hop.method, body);
            hops += 1;
        }
    }
}
