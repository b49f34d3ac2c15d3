//! Item 6: a redirect does not carry a body to another origin unless
//! allowed, nor any sensitive header ever; and the guarantee that held
//! before: the token stays on its host.

use mdsdk_runtime::{BoxError, ClientBuilder, Error, reqwest};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{TOKEN, TestApi, builder};

/// Two servers on two ports, so two origins: `from` redirects every
/// request to `to`'s `/landing` with `status`; `to` answers `{}`.
async fn redirecting(status: u16) -> (MockServer, MockServer) {
    let (from, to) = (MockServer::start().await, MockServer::start().await);
    Mock::given(path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&to)
        .await;
    Mock::given(path("/things/same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&from)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(status).insert_header("location", "/things/same"))
        .up_to_n_times(1)
        .mount(&from)
        .await;
    let landing = format!("{}/landing", to.uri());
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", landing.as_str()))
        .mount(&from)
        .await;
    (from, to)
}

/// A client sending every kind of secret header: the token, a default
/// `X-Api-Key`, a header named sensitive, one the hook marks sensitive;
/// and a plain one.
fn client_with_secrets(from: &MockServer) -> ClientBuilder<TestApi> {
    builder(&from.uri())
        .default_header("x-api-key", "key-1")
        .default_header("x-tenant-secret", "tenant-2")
        .sensitive_header("x-tenant-secret")
        .default_header("x-plain", "plain-3")
        .request_hook(|request: &mut reqwest::Request| -> Result<(), BoxError> {
            let mut signature = reqwest::header::HeaderValue::from_static("sig-4");
            signature.set_sensitive(true);
            request.headers_mut().insert("x-signature", signature);
            Ok(())
        })
}

fn assert_no_secret_headers(request: &Request) {
    for name in [
        "authorization",
        "x-api-key",
        "x-tenant-secret",
        "x-signature",
    ] {
        assert!(
            !request.headers.contains_key(name),
            "{name} went to another origin: {:?}",
            request.headers
        );
    }
    assert_eq!(request.headers["x-plain"], "plain-3");
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

#[tokio::test]
async fn a_body_is_not_sent_to_another_origin_by_default() {
    for status in [307, 308] {
        let (from, to) = redirecting(status).await;
        let client = client_with_secrets(&from).build().unwrap();

        let err = client.post(&json!({"secret": "body"})).await.unwrap_err();

        let Error::Redirect {
            status: got,
            ref headers,
            ..
        } = err
        else {
            panic!("expected Error::Redirect, got {err:?}")
        };
        assert_eq!(got.as_u16(), status);
        assert_eq!(headers["location"], format!("{}/landing", to.uri()));
        assert!(
            err.to_string().contains(&format!(
                "it would send the request's body to another origin, {}",
                to.uri()
            )),
            "{err}"
        );
        assert!(requests(&to).await.is_empty(), "{status}");
    }
}

#[tokio::test]
async fn a_body_goes_to_another_origin_when_allowed_without_secret_headers() {
    let (from, to) = redirecting(307).await;
    let client = client_with_secrets(&from)
        .cross_origin_redirects_with_body(true)
        .build()
        .unwrap();

    client.post(&json!({"n": 1})).await.unwrap();

    let landed = requests(&to).await;
    assert_eq!(landed.len(), 1);
    assert_eq!(landed[0].method.as_str(), "POST");
    assert_eq!(landed[0].body, br#"{"n":1}"#);
    assert_no_secret_headers(&landed[0]);
    let first = &requests(&from).await[0];
    assert_eq!(first.headers["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(first.headers["x-signature"], "sig-4");
}

#[tokio::test]
async fn a_get_follows_to_another_origin_without_secret_headers() {
    let (from, to) = redirecting(302).await;
    let client = client_with_secrets(&from).build().unwrap();

    // The first GET is redirected on the same origin, the second across.
    client.get().await.unwrap();
    client.get().await.unwrap();

    let same = &requests(&from).await[1];
    assert_eq!(same.url.path(), "/things/same");
    assert_eq!(same.headers["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(same.headers["x-api-key"], "key-1");
    let landed = requests(&to).await;
    assert_eq!(landed.len(), 1);
    assert_no_secret_headers(&landed[0]);
}

#[tokio::test]
async fn a_post_answered_303_becomes_a_get_without_its_body() {
    let (from, to) = redirecting(303).await;

    client_with_secrets(&from)
        .build()
        .unwrap()
        .post(&json!({"n": 1}))
        .await
        .unwrap();

    let landed = &requests(&to).await[0];
    assert_eq!(landed.method.as_str(), "GET");
    assert!(landed.body.is_empty());
    assert!(!landed.headers.contains_key("content-type"));
    assert_no_secret_headers(landed);
}

#[tokio::test]
async fn a_redirect_loop_ends_after_ten_hops() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/things/t1"))
        .mount(&server)
        .await;

    let err = builder(&server.uri())
        .build()
        .unwrap()
        .get()
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "redirect 302 Found not followed: more than 10 redirects"
    );
    assert_eq!(requests(&server).await.len(), 11);
}
