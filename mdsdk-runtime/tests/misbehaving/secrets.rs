//! Item 5: no secret shows in `Debug` output or in a message: not a
//! credential header however it was set, not a base URL's password, not a
//! response body.

use mdsdk_runtime::{ClientBuilder, Error, InvalidRequest, Request};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TOKEN, TestApi, builder};

const SECRETS: [&str; 5] = [
    "api-key-0001",
    "cookie-0002",
    "proxy-0003",
    "custom-0004",
    "call-0005",
];

fn assert_no_secret(shown: &str) {
    for secret in SECRETS.iter().chain([&TOKEN]) {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}

#[test]
fn credential_headers_never_show_in_debug() {
    let builder = builder("http://127.0.0.1:9")
        .default_header("X-Api-Key", SECRETS[0])
        .default_header("Cookie", SECRETS[1])
        .default_header("proxy-authorization", SECRETS[2])
        .default_header("X-Custom-Auth", SECRETS[3])
        .sensitive_header("x-custom-auth");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let request = client
        .get()
        .with_header("authorization", SECRETS[4])
        .with_header("x-trace", "visible-0006");

    let request_debug = format!("{:?}", request.0);
    for shown in [&builder_debug, &format!("{client:?}"), &request_debug] {
        assert_no_secret(shown);
        assert!(
            shown.contains("Sensitive") || shown.contains("<redacted>"),
            "{shown}"
        );
    }
    // The rest is still shown.
    assert!(builder_debug.contains("127.0.0.1:9"), "{builder_debug}");
    assert!(request_debug.contains("visible-0006"), "{request_debug}");
}

#[test]
fn a_base_url_password_never_shows() {
    let builder: ClientBuilder<TestApi> =
        ClientBuilder::new().base_url("http://user-0007:pass-0008@127.0.0.1:9/api");
    let builder_debug = format!("{builder:?}");
    let client_debug = format!("{:?}", builder.build().unwrap());
    let refused = ClientBuilder::<TestApi>::new()
        .base_url("ftp://user-0007:pass-0008@host")
        .build()
        .unwrap_err();

    for shown in [
        builder_debug,
        client_debug,
        refused.to_string(),
        format!("{refused:?}"),
    ] {
        assert!(!shown.contains("pass-0008"), "{shown}");
        assert!(!shown.contains("user-0007"), "{shown}");
        assert!(shown.contains("<redacted>@"), "{shown}");
    }
}

#[tokio::test]
async fn bodies_show_as_their_length_and_stay_available() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string("<html>session=api-key-0001</html>")
                .insert_header("set-cookie", "sid=cookie-0002"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!("cookie-0002")))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();

    let api = client.get().await.unwrap_err();
    let decode = client.get_number().await.unwrap_err();

    assert!(matches!(api, Error::Api(_)), "{api:?}");
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_eq!(
        api.to_string(),
        "API error 401 Unauthorized; body: 33 bytes"
    );
    assert_eq!(
        decode.to_string(),
        "cannot decode the 200 OK response at `.`: \
         invalid type: string \"…\", expected u64 at line 1 column 13; body: 13 bytes"
    );
    for shown in [format!("{api:?}"), format!("{decode:?}")] {
        assert_no_secret(&shown);
        assert!(
            shown.contains("<33 bytes>") || shown.contains("<13 bytes>"),
            "{shown}"
        );
    }
    assert_eq!(
        &api.raw_body().unwrap()[..],
        b"<html>session=api-key-0001</html>"
    );
    assert_eq!(&decode.raw_body().unwrap()[..], b"\"cookie-0002\"");
}

#[tokio::test]
async fn an_invalid_header_value_is_refused_unsent_and_not_echoed() {
    let server = MockServer::start().await;
    let client = builder(&server.uri()).build().unwrap();

    let err = client
        .get()
        .with_header("x-token", "call-0005\r\nx-injected: 1")
        .await
        .unwrap_err();

    assert!(
        matches!(&err, Error::InvalidRequest(InvalidRequest::HeaderValue { name }) if name == "x-token"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid request: the value of header `x-token` holds a control character such as CR or LF"
    );
    assert_no_secret(&format!("{err:?}"));
    assert!(server.received_requests().await.unwrap().is_empty());
}
