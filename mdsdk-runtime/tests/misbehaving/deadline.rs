//! Item 3: the client's timeout is a deadline for the whole call, and an
//! attempt may have a timeout of its own.

use std::time::{Duration, Instant};

use mdsdk_runtime::{Error, RetryPolicy, TimeLimit};
use serde_json::json;
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RawServer, assert_took, builder, json_response, read_request, write};

const DEADLINE: Duration = Duration::from_millis(300);

/// A server that sends `head`, then one byte of `trickle` every 50 ms.
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
    let started = Instant::now();

    let err = client.get().await.unwrap_err();

    assert_took(started, DEADLINE, DEADLINE + Duration::from_millis(300));
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

#[tokio::test]
async fn retries_and_their_waits_end_by_the_deadline() {
    // Always 503: on main, each attempt had the whole timeout and the
    // back-off came on top.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .timeout(Some(Duration::from_millis(400)))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(50)
                .initial_backoff(Duration::from_millis(100))
                .max_backoff(Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.get().await.unwrap_err();

    // No wait starts that would end past the deadline: the last 503 comes
    // back before it.
    assert_took(started, Duration::ZERO, Duration::from_millis(450));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    let attempts = server.received_requests().await.unwrap().len();
    assert!((2..50).contains(&attempts), "{attempts} attempts");
}

/// A server that never answers its first connection and answers `{}` on
/// the others.
async fn hanging_first() -> RawServer {
    RawServer::start(|mut stream: TcpStream, number| async move {
        while read_request(&mut stream).await.is_some() {
            if number == 0 {
                tokio::time::sleep(Duration::from_secs(10)).await;
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
    let server = hanging_first().await;
    let client = builder(&server.base)
        .timeout(Some(Duration::from_secs(3)))
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let started = Instant::now();

    let body = client.get().await.unwrap();

    assert_eq!(body, json!({}));
    assert_took(
        started,
        Duration::from_millis(200),
        Duration::from_millis(700),
    );
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn an_attempt_timeout_does_not_retry_a_post() {
    let server = hanging_first().await;
    let client = builder(&server.base)
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.post(&json!({"n": 1})).await.unwrap_err();

    assert_took(
        started,
        Duration::from_millis(200),
        Duration::from_millis(500),
    );
    assert!(
        matches!(err, Error::Timeout(TimeLimit::Attempt(limit)) if limit.as_millis() == 200),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1);
}
