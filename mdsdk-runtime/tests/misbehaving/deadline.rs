//! Item 3: the client's timeout is a deadline for the whole call, and an
//! attempt may have a timeout of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mdsdk_runtime::{Error, RetryPolicy, TimeLimit};
use serde_json::json;
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    HANG, RawServer, Retries, builder, ends_at, json_response, read_request, timed, write,
};

const DEADLINE: Duration = Duration::from_millis(300);

/// A server that sends `head`, then one byte of `trickle` every 50 ms,
/// for as long as the client listens.
async fn trickling(head: &'static str, trickle: &'static [u8]) -> RawServer {
    RawServer::start(move |mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        write(&mut stream, head.as_bytes()).await;
        for byte in trickle.iter().cycle() {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if !write(&mut stream, &[*byte]).await {
                return;
            }
        }
    })
    .await
}

async fn assert_deadline_passes(server: &RawServer) {
    let client = builder(&server.base)
        .timeout(Some(DEADLINE))
        .build()
        .unwrap();

    // The trickle never ends: only the deadline ends the call.
    let err = ends_at(DEADLINE, client.get()).await.unwrap_err();

    assert!(
        matches!(err, Error::Timeout(TimeLimit::Call(limit)) if limit == DEADLINE),
        "{err:?}"
    );
    assert!(err.is_timeout() && err.is_retryable(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "timed out: the call's deadline of 300ms passed"
    );
}

#[tokio::test]
async fn trickled_headers_end_at_the_deadline() {
    let server = trickling("HTTP/1.1 200 OK\r\n", b"x-slow: abcdefgh\r\n").await;
    assert_deadline_passes(&server).await;
}

#[tokio::test]
async fn a_trickled_body_ends_at_the_deadline() {
    let server = trickling("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n", b"\"").await;
    assert_deadline_passes(&server).await;
}

/// The deadline of the test below: long enough for several attempts even
/// on a busy machine, short enough for a quick test.
const RETRY_DEADLINE: Duration = Duration::from_secs(1);

/// The longest backoff of the test below: a dozen waits or more fit in
/// the deadline, and they take most of it, not the round trips between.
const BACKOFF: Duration = Duration::from_millis(100);

#[tokio::test]
async fn retries_and_their_waits_end_by_the_deadline() {
    // Always 503: on main, each attempt had the whole timeout and the
    // back-off came on top, so the retries went on for the policy's 30 s.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let counter = attempts.clone();
    let client = builder(&server.uri())
        .timeout(Some(RETRY_DEADLINE))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(u32::MAX)
                .initial_backoff(BACKOFF)
                .max_backoff(BACKOFF),
        )
        .request_hook(move |_: &mut mdsdk_runtime::reqwest::Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
        .build()
        .unwrap();
    let retries = Retries::default();

    let (result, took) = timed(RETRY_DEADLINE, retries.record(client.get())).await;

    // The waits the runtime chose, each the policy's, all within the
    // deadline.
    let waits = retries.all();
    assert!(!waits.is_empty(), "no retry within {RETRY_DEADLINE:?}");
    for (n, retry) in waits.iter().enumerate() {
        assert_eq!(retry.attempt, n as u64 + 1, "{waits:?}");
        assert_eq!(retry.status, Some(503), "{waits:?}");
        assert!(retry.delay <= BACKOFF, "{waits:?}");
    }
    let waited: Duration = waits.iter().map(|r| r.delay).sum();
    assert!(waited < RETRY_DEADLINE, "{waited:?} of waits");
    // No wait starts that would end past the deadline: each one is
    // followed by the attempt it waited for. (A wait cut short by the
    // deadline would end the call with no attempt after it.)
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        waits.len() + 1,
        "attempts after {} waits",
        waits.len()
    );
    // So the last 503 comes back before the deadline, or the deadline
    // passes during the last attempt: which one depends on how long that
    // round trip takes, so both are right.
    match result.unwrap_err() {
        Error::Timeout(TimeLimit::Call(limit)) => {
            assert_eq!(limit, RETRY_DEADLINE);
            assert!(took >= RETRY_DEADLINE, "{took:?}");
        }
        err => {
            assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
            assert!(took >= waited, "{took:?}");
        }
    }
}

/// A server that never answers its first connection (it stays silent for
/// [`HANG`]) and answers `{}` on the others.
async fn hanging_first() -> RawServer {
    RawServer::start(|mut stream: TcpStream, number| async move {
        while read_request(&mut stream).await.is_some() {
            if number == 0 {
                tokio::time::sleep(HANG).await;
                return;
            }
            if !write(&mut stream, json_response("200 OK", "{}").as_bytes()).await {
                return;
            }
        }
    })
    .await
}

#[tokio::test]
async fn an_attempt_timeout_retries_a_get_within_the_deadline() {
    // Each attempt has this long: the second must get its answer within
    // it, so it is more than a busy machine takes for one.
    let attempt = Duration::from_secs(1);
    let server = hanging_first().await;
    let client = builder(&server.base)
        .timeout(Some(Duration::from_secs(20)))
        .attempt_timeout(Some(attempt))
        .build()
        .unwrap();

    // The first attempt times out, the second is answered at once.
    let body = ends_at(attempt, client.get()).await.unwrap();

    assert_eq!(body, json!({}));
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn an_attempt_timeout_does_not_retry_a_post() {
    let attempt = Duration::from_millis(200);
    let server = hanging_first().await;
    let client = builder(&server.base)
        .attempt_timeout(Some(attempt))
        .build()
        .unwrap();

    let err = ends_at(attempt, client.post(&json!({"n": 1})))
        .await
        .unwrap_err();

    assert!(
        matches!(err, Error::Timeout(TimeLimit::Attempt(limit)) if limit == attempt),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1);
}
