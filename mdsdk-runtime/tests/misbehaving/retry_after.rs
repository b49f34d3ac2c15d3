//! Item 1: a server-given delay never overflows, and is waited for only
//! within the policy's budget and the call's deadline.

use std::time::{Duration, Instant};

use mdsdk_runtime::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{api, assert_took, builder};

/// A server answering with each of `answers` once, in order, then 200.
async fn answering_in_turn(answers: &[ResponseTemplate]) -> MockServer {
    let server = MockServer::start().await;
    for (turn, answer) in answers.iter().enumerate() {
        Mock::given(any())
            .respond_with(answer.clone())
            .up_to_n_times(1)
            .with_priority(turn as u8 + 1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .with_priority(u8::MAX)
        .mount(&server)
        .await;
    server
}

fn too_many(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("retry-after", retry_after)
}

#[tokio::test]
async fn a_retry_after_of_u64_max_after_a_wait_is_answered_not_a_panic() {
    // The second delay is added to more than a second elapsed: on main
    // this aborted with "overflow when adding durations".
    let server = answering_in_turn(&[too_many("1"), too_many("18446744073709551615")]).await;
    let started = Instant::now();

    let err = api(&server.uri()).get().await.unwrap_err();

    assert_took(started, Duration::from_secs(1), Duration::from_millis(1900));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let server = answering_in_turn(&[too_many("10")]).await;
    let client = builder(&server.uri())
        .timeout(Some(Duration::from_millis(500)))
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.get().await.unwrap_err();

    // The 429 itself, at once: not a timeout half a second later.
    assert_took(started, Duration::ZERO, Duration::from_millis(300));
    assert!(matches!(&err, Error::Api(e) if e.status == 429), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_after_within_the_budget_is_waited_for() {
    let server = answering_in_turn(&[too_many("0"), too_many("garbage")]).await;

    let started = Instant::now();
    api(&server.uri()).get().await.unwrap();

    assert_took(started, Duration::ZERO, Duration::from_millis(800));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
