//! What held before issue 11 and must go on holding: a POST or PATCH is
//! never sent twice, a header with CR or LF is refused before sending, a
//! GET is retried on a temporary failure. (The token in `Debug` and on
//! redirects: `secrets.rs`, `redirects.rs`.)

use mdsdk_runtime::{Error, InvalidRequest, Request};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::api;

/// 503 once, then 200.
async fn unavailable_once() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_post_and_a_patch_are_never_retried_a_get_is() {
    for call in ["post", "patch", "get"] {
        let server = unavailable_once().await;
        let client = api(&server.uri());

        let result = match call {
            "post" => client.post(&json!({})).await,
            "patch" => client.patch(&json!({})).await,
            _ => client.get().await,
        };

        let sent = server.received_requests().await.unwrap().len();
        if call == "get" {
            assert_eq!((result.unwrap(), sent), (json!({}), 2));
        } else {
            let err = result.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{call}");
            assert!(err.is_retryable());
            assert_eq!(sent, 1, "{call}");
        }
    }
}

#[tokio::test]
async fn a_header_with_cr_or_lf_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = api(&server.uri());
    for value in ["a\rb", "a\nb", "a\r\nx-injected: 1"] {
        let err = client.get().with_header("x-note", value).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(InvalidRequest::HeaderValue { name }) if name == "x-note"),
            "{value:?}: {err:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_request_that_cannot_be_built_says_why_in_a_type_and_is_not_sent() {
    let server = MockServer::start().await;
    let client = api(&server.uri());
    // JSON object keys must be strings: serde_json refuses these.
    let body = std::collections::BTreeMap::from([(vec![1u8], 1)]);
    let mut call = client.0.call(&crate::support::POST, &[]);
    call.json(&body);
    let err = crate::support::Post(call).await.unwrap_err();

    let Error::InvalidRequest(InvalidRequest::Body { source }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(source.to_string(), "key must be a string");
    assert_eq!(
        err.to_string(),
        "invalid request: the body cannot be encoded: key must be a string"
    );
    let cause = std::error::Error::source(&err).unwrap();
    assert!(
        cause.downcast_ref::<InvalidRequest>().is_some(),
        "{cause:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn a_base_url_that_cannot_be_one_is_refused_without_its_password() {
    let cases = [
        (
            "http://user:pw@x/api?key=1",
            "the base URL `http://<redacted>@x/api?key=1` must not have a query or fragment",
        ),
        (
            "ftp://user:pw@x",
            "`ftp://<redacted>@x` is not an http or https URL",
        ),
        (
            "not a url",
            "`not a url` is not a base URL: relative URL without a base",
        ),
    ];
    for (base_url, message) in cases {
        let err = crate::support::builder(base_url).build().unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert_eq!(err.to_string(), format!("invalid request: {message}"));
    }
}
