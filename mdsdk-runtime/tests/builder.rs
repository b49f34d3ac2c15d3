//! The client builder and the request methods take what reqwest's do: a
//! `Duration` (or `None`) for a time limit, a `HeaderName` or text for a
//! header's name, a `HeaderValue` or text for its value. Each against a
//! loopback server, asserting what arrives and what fails.

#[allow(dead_code)]
#[path = "misbehaving/support.rs"]
mod support;

use std::time::Duration;

use mdsdk_runtime::reqwest::header::{ACCEPT_LANGUAGE, HeaderName, HeaderValue};
use mdsdk_runtime::{ClientBuilder, Error, InvalidRequest, Request, TimeLimit};
use serde_json::json;
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use support::{HANG, RawServer, builder, ends_at, read_request};

/// A server that reads each request and never answers (it stays silent
/// for [`HANG`]).
async fn silent() -> RawServer {
    RawServer::start(|mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(HANG).await;
    })
    .await
}

fn assert_timed_out(err: &Error<serde_json::Value>, expected: TimeLimit) {
    assert!(
        matches!(err, Error::Timeout(limit) if *limit == expected),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_duration_sets_the_deadline_and_none_lifts_it() {
    let server = silent().await;
    let limit = Duration::from_millis(200);
    // An attempt's limit longer than the deadline: where the deadline is
    // lifted, only the attempt's ends the call; where it is not, the
    // deadline still ends it first.
    let longer = Duration::from_millis(400);

    // `.timeout(Duration)`, as reqwest's builder takes it.
    let client = builder(&server.base).timeout(limit).build().unwrap();
    // With no deadline for the call, only the attempt's limit ends it (a
    // POST is not retried).
    let lifted = |client: ClientBuilder<support::TestApi>| {
        let client = client.attempt_timeout(longer).build().unwrap();
        async move { ends_at(longer, client.post(&json!({}))).await }
    };
    // Per request, a `Duration` replaces the client's deadline, and `None`
    // lifts it.
    let short = Duration::from_millis(100);
    let per_request = client
        .post(&json!({}))
        .with_timeout(None)
        .with_attempt_timeout(longer);

    // Side by side, so the test takes the longest of them.
    let (deadline, no_timeout, timeout_none, replaced, lifted_per_request) = tokio::join!(
        ends_at(limit, client.get()),
        lifted(builder(&server.base).timeout(limit).no_timeout()),
        lifted(builder(&server.base).timeout(None)),
        ends_at(short, client.get().with_timeout(short)),
        ends_at(longer, per_request),
    );

    assert_timed_out(&deadline.unwrap_err(), TimeLimit::Call(limit));
    assert_timed_out(&no_timeout.unwrap_err(), TimeLimit::Attempt(longer));
    assert_timed_out(&timeout_none.unwrap_err(), TimeLimit::Attempt(longer));
    assert_timed_out(&replaced.unwrap_err(), TimeLimit::Call(short));
    assert_timed_out(&lifted_per_request.unwrap_err(), TimeLimit::Attempt(longer));
}

#[tokio::test]
async fn headers_take_typed_names_and_values() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let mut secret = HeaderValue::from_static("tenant-secret-9");
    secret.set_sensitive(true);
    let builder = builder(&server.uri())
        .default_header(ACCEPT_LANGUAGE, "de")
        .default_header("x-tenant", secret)
        .default_header(String::from("x-shard"), 7)
        .user_agent(HeaderValue::from_static("my-app/2.0"));
    assert!(
        !format!("{builder:?}").contains("tenant-secret-9"),
        "{builder:?}"
    );
    let client = builder.build().unwrap();

    let request = client
        .get()
        .with_header(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("t-1"),
        )
        .with_header("x-attempt", String::from("first"));
    client.get().await.unwrap();
    request.await.unwrap();

    let received = server.received_requests().await.unwrap();
    let header = |i: usize, name: &str| {
        received[i]
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for i in 0..2 {
        assert_eq!(header(i, "accept-language").as_deref(), Some("de"));
        assert_eq!(header(i, "x-tenant").as_deref(), Some("tenant-secret-9"));
        assert_eq!(header(i, "x-shard").as_deref(), Some("7"));
        assert_eq!(header(i, "user-agent").as_deref(), Some("my-app/2.0"));
    }
    assert_eq!(header(0, "x-trace"), None);
    assert_eq!(header(1, "x-trace").as_deref(), Some("t-1"));
    assert_eq!(header(1, "x-attempt").as_deref(), Some("first"));
}

#[tokio::test]
async fn a_header_value_http_refuses_is_reported_with_its_name() {
    let refused = builder("http://127.0.0.1:9")
        .default_header("x-note", "a\r\nb")
        .build()
        .unwrap_err();
    assert!(
        matches!(&refused, Error::InvalidRequest(InvalidRequest::HeaderValue { name }) if name == "x-note"),
        "{refused:?}"
    );

    let refused = builder("http://127.0.0.1:9")
        .user_agent(String::from("app\r\n"))
        .build()
        .unwrap_err();
    assert!(
        matches!(&refused, Error::InvalidRequest(InvalidRequest::UserAgent)),
        "{refused:?}"
    );

    let client = builder("http://127.0.0.1:9").build().unwrap();
    let err = client
        .get()
        .with_header("x-note", "a\nb")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(InvalidRequest::HeaderValue { name }) if name == "x-note"),
        "{err:?}"
    );
}
