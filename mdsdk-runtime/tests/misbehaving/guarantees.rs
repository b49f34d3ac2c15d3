//! What held before issue 11 and must go on holding: a POST or PATCH is
//! never sent twice, a header with CR or LF is refused before sending, a
//! GET is retried on a temporary failure. (The token in `Debug` and on
//! redirects: `secrets.rs`, `redirects.rs`.)

use mdsdk_runtime::{Error, Request};
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
            matches!(err, Error::InvalidRequest(_)),
            "{value:?}: {err:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
