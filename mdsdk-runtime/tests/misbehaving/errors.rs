//! Item 4: an error says what went wrong at its root, and text from the
//! server cannot drive the terminal or forge a log line.

use std::time::Duration;

use mdsdk_runtime::{Error, RetryPolicy};
use serde_json::json;
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RawServer, at_once, builder, read_request, write};

#[tokio::test]
async fn a_refused_connection_says_so() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = builder(&base)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let err = client.get().await.unwrap_err();

    assert!(err.is_connect() && !err.is_timeout(), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("transport error: "), "{message}");
    assert!(message.contains("Connection refused"), "{message}");
}

#[tokio::test]
async fn a_response_head_too_large_says_so() {
    let server = RawServer::start(|mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        let huge = format!("HTTP/1.1 200 OK\r\nx-huge: {}\r\n", "h".repeat(1024 * 1024));
        write(&mut stream, huge.as_bytes()).await;
    })
    .await;

    let err = builder(&server.base)
        .build()
        .unwrap()
        .get()
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.is_connect() && !err.is_timeout(), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("message head is too large"), "{message}");
}

#[tokio::test]
async fn a_connection_reset_mid_body_fails_at_once() {
    let server = RawServer::start(|mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n[1,2,",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        // Linger 0: the close sends a reset, not a clean end.
        stream.set_zero_linger().unwrap();
        drop(stream);
    })
    .await;
    let client = builder(&server.base).build().unwrap();

    // At once: not at the deadline, a minute later.
    let err = at_once(client.get()).await.unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.is_timeout(), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("transport error: "), "{message}");
    assert!(message.contains("reset"), "the cause is named: {message}");
}

#[tokio::test]
async fn an_empty_success_body_says_the_body_was_empty() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let err = builder(&server.uri())
        .build()
        .unwrap()
        .get_number()
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot decode the 200 OK response: the body was empty"
    );
}

#[tokio::test]
async fn server_text_is_shown_with_control_characters_escaped() {
    let server = MockServer::start().await;
    let message = "bad\n2024-01-01 INFO forged line \u{1b}[2J\u{1b}[31mred\u{202e}";
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"type": "Bad\r", "message": message})),
        )
        .mount(&server)
        .await;

    let err = builder(&server.uri())
        .build()
        .unwrap()
        .get()
        .await
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        r"API error 400 Bad Request: Bad\r: bad\n2024-01-01 INFO forged line \u{1b}[2J\u{1b}[31mred\u{202e}"
    );
    // The decoded body keeps the text as sent.
    assert_eq!(err.api_body().unwrap()["message"], message);
}
