//! The client around the actions: auth, configuration, query overrides,
//! base URLs, transport failures and what `Debug` shows.

mod common;

use common::*;
use losant_rest::models::OrganizationPatch;
use losant_rest::{Client, Error, InvalidRequest, Request};
use serde_json::json;

#[tokio::test]
async fn no_token_means_no_authorization_header() {
    let server = json_server(200, json!({})).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    client.org().get("abc").await.unwrap();

    let request = the_request(&server).await;
    assert!(
        header(&request, "authorization").is_empty(),
        "{:?}",
        request.headers
    );
    assert_eq!(header(&request, "accept"), ["application/json"]);
    assert_eq!(header(&request, "accept-version"), ["^1.3.8"]);
}

#[tokio::test]
async fn send_and_await_send_the_same_request() {
    let server = json_server(200, json!({"name": "My Org"})).await;
    let client = client(&server);

    let awaited = client.org().get("abc").await.unwrap();
    let sent = client.org().get("abc").send().await.unwrap();

    assert_eq!(sent, awaited);
    assert_eq!(sent.name.as_deref(), Some("My Org"));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/orgs/abc");
        assert_eq!(query(request), expected_query(&[]));
        assert_common_headers(request);
    }
}

#[tokio::test]
async fn a_call_overrides_a_default_query_parameter() {
    let server = json_server(200, json!({})).await;

    client(&server)
        .org()
        .get("x")
        .with_query("_links", false)
        .with_query("extra", 1)
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_eq!(
        query(&request),
        expected_query(&[("_links", "false"), ("extra", "1")])
    );
}

#[tokio::test]
async fn a_call_overrides_the_action_query_parameter() {
    let server = json_server(200, json!({})).await;

    client(&server)
        .org()
        .remove_member("x", "first")
        .with_query("userId", "second")
        .await
        .unwrap();

    let request = the_request(&server).await;
    assert_eq!(query(&request), expected_query(&[("userId", "second")]));
}

#[tokio::test]
async fn the_client_overrides_a_default_query_parameter() {
    let server = json_server(200, json!({})).await;
    let client = Client::builder()
        .base_url(server.uri())
        .auth_token(TOKEN)
        .default_query("_embedded", false)
        .default_query("tenant", "t1")
        .build()
        .unwrap();

    client.org().get("x").await.unwrap();
    client
        .org()
        .get("x")
        .with_query("_embedded", true)
        .await
        .unwrap();

    let requests = requests(&server).await;
    assert_eq!(
        query(&requests[0]),
        expected_query(&[("_embedded", "false"), ("tenant", "t1")])
    );
    assert_eq!(
        query(&requests[1]),
        expected_query(&[("_embedded", "true"), ("tenant", "t1")])
    );
}

#[tokio::test]
async fn headers_replace_the_defaults_instead_of_adding_to_them() {
    let server = json_server(200, json!({})).await;
    let client = Client::builder()
        .base_url(server.uri())
        .auth_token(TOKEN)
        .default_header("accept-version", "^1.4.0")
        .build()
        .unwrap();

    client.org().get("x").await.unwrap();
    client
        .org()
        .get("x")
        .with_header("accept", "application/vnd.test+json")
        .await
        .unwrap();

    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "accept-version"), ["^1.4.0"]);
    assert_eq!(header(&requests[0], "accept"), ["application/json"]);
    assert_eq!(
        header(&requests[1], "accept"),
        ["application/vnd.test+json"]
    );
    assert_eq!(
        header(&requests[1], "authorization"),
        [format!("Bearer {TOKEN}")]
    );
}

/// A JSON body's content type is `application/json` unless the call sets
/// its own, as a JSON merge patch does.
#[tokio::test]
async fn a_content_type_set_on_the_call_is_kept_for_a_json_body() {
    let server = json_server(200, json!({})).await;
    let client = client(&server);
    let patch = OrganizationPatch::default();

    client.org().patch("x", &patch).await.unwrap();
    client
        .org()
        .patch("x", &patch)
        .with_header("content-type", "application/merge-patch+json")
        .await
        .unwrap();

    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "content-type"), ["application/json"]);
    assert_eq!(
        header(&requests[1], "content-type"),
        ["application/merge-patch+json"]
    );
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = json_server(200, json!({})).await;
    for base_url in [
        format!("{}/api", server.uri()),
        format!("{}/api/", server.uri()),
    ] {
        let client = Client::builder()
            .base_url(base_url)
            .auth_token(TOKEN)
            .build()
            .unwrap();
        client.org().get("abc").await.unwrap();
        client.org().remove_member("abc", "u1").await.unwrap();
    }

    let requests = requests(&server).await;
    let paths: Vec<_> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/api/orgs/abc",
            "/api/orgs/abc/member",
            "/api/orgs/abc",
            "/api/orgs/abc/member"
        ]
    );
    assert_eq!(query(&requests[0]), expected_query(&[]));
    assert_eq!(query(&requests[1]), expected_query(&[("userId", "u1")]));
}

#[test]
fn an_invalid_base_url_is_refused() {
    for base_url in [
        "not a url",
        "ftp://x",
        "",
        "mailto:a@b.co",
        "http://x/api?key=1",
        "http://x/#top",
    ] {
        let err = Client::builder().base_url(base_url).build().unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest(
                    InvalidRequest::BaseUrl { .. }
                        | InvalidRequest::BaseUrlScheme { .. }
                        | InvalidRequest::BaseUrlQuery { .. }
                )
            ),
            "{base_url:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .auth_token(TOKEN)
        .build()
        .unwrap();

    let err = client.org().get("abc").await.unwrap_err();

    assert!(err.to_string().starts_with("transport error: "), "{err}");
    assert_eq!(err.status(), None);
    assert!(!format!("{err:?}").contains(TOKEN));
    let Error::Transport(cause) = err else {
        panic!("expected Error::Transport, got {err:?}")
    };
    assert!(cause.is_connect(), "{cause:?}");
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let builder = Client::builder()
        .base_url("http://127.0.0.1:1")
        .auth_token(TOKEN);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?}");
    let request_debug = format!("{:?}", client.org().get("abc"));

    for debug in [&builder_debug, &client_debug, &request_debug] {
        assert!(!debug.contains(TOKEN), "{debug}");
    }
    // Still useful: the rest is shown.
    assert!(
        builder_debug.contains("http://127.0.0.1:1"),
        "{builder_debug}"
    );
    assert!(builder_debug.contains("<redacted>"), "{builder_debug}");
    assert!(
        client_debug.contains("http://127.0.0.1:1"),
        "{client_debug}"
    );
    assert!(client_debug.contains("accept-version"), "{client_debug}");
    assert!(request_debug.contains("org.get"), "{request_debug}");
}

#[tokio::test]
async fn a_success_status_the_docs_do_not_list_is_unexpected() {
    let server = json_server(201, json!({"success": true})).await;

    let err = client(&server).org().delete("abc").await.unwrap_err();

    assert_eq!(err.to_string(), "unexpected response status 201 Created");
    let Error::UnexpectedStatus { status, body, .. } = err else {
        panic!("expected Error::UnexpectedStatus, got {err:?}")
    };
    assert_eq!(status.as_u16(), 201);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        json!({"success": true})
    );
}
