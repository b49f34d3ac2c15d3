//! Item 1: a server-given delay never overflows, and is waited for only
//! within the policy's budget and the call's deadline.

use std::time::Duration;

use mdsdk_runtime::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{Retries, Retry, api, at_once, builder, ends_at};

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

/// The retry after `attempt`, answered `status`, waiting `delay`.
fn retry(attempt: u64, status: u64, delay: Duration) -> Retry {
    Retry {
        attempt,
        status: Some(status),
        delay,
    }
}

#[tokio::test]
async fn a_retry_after_of_u64_max_after_a_wait_is_answered_not_a_panic() {
    // The second delay is added to more than a second elapsed: on main
    // this aborted with "overflow when adding durations".
    let server = answering_in_turn(&[too_many("1"), too_many("18446744073709551615")]).await;
    let retries = Retries::default();

    let err = ends_at(
        Duration::from_secs(1),
        retries.record(api(&server.uri()).get()),
    )
    .await
    .unwrap_err();

    assert_eq!(retries.all(), [retry(1, 429, Duration::from_secs(1))]);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_is_not_waited_for() {
    // Within the policy's 30 s budget, past the deadline: waiting for it
    // would end in a timeout 20 s later.
    let server = answering_in_turn(&[too_many("25")]).await;
    let client = builder(&server.uri())
        .timeout(Some(Duration::from_secs(20)))
        .build()
        .unwrap();
    let retries = Retries::default();

    let err = at_once(retries.record(client.get())).await.unwrap_err();

    // The 429 itself, at once: not a timeout later.
    assert!(retries.all().is_empty(), "{:?}", retries.all());
    assert!(matches!(&err, Error::Api(e) if e.status == 429), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_after_within_the_budget_is_waited_for() {
    let server = answering_in_turn(&[too_many("0"), too_many("garbage")]).await;
    let retries = Retries::default();

    at_once(retries.record(api(&server.uri()).get()))
        .await
        .unwrap();

    // `0` is waited for as given; `garbage` is no `Retry-After`, so the
    // policy's backoff applies: at most 5 ms doubled for a second retry.
    let waits = retries.all();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert_eq!(waits[0], retry(1, 429, Duration::ZERO));
    assert_eq!((waits[1].attempt, waits[1].status), (2, Some(429)));
    assert!(waits[1].delay <= Duration::from_millis(10), "{waits:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
