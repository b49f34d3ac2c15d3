//! Helpers shared by the integration tests: a real HTTP server on
//! 127.0.0.1 (wiremock) and ways to look at what it received.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use losant_rest::Client;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const TOKEN: &str = "secret-token";

/// The query every call sends unless it is overridden.
pub const DEFAULT_QUERY: [(&str, &str); 3] = [
    ("_actions", "false"),
    ("_embedded", "true"),
    ("_links", "true"),
];

/// A server answering every request with `response`.
pub async fn server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server answering every request with `status` and the JSON `body`.
pub async fn json_server(status: u16, body: Value) -> MockServer {
    server(ResponseTemplate::new(status).set_body_json(body)).await
}

/// The client of the tests: pointed at `server`, holding [`TOKEN`].
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .auth_token(TOKEN)
        .build()
        .unwrap()
}

/// Every request the server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The one request the server received; fails when there were more or none.
pub async fn the_request(server: &MockServer) -> Request {
    let mut requests = requests(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.pop().unwrap()
}

/// The decoded query pairs of `request`, sorted.
pub fn query(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = request
        .url
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// The default query with `pairs` set (replacing a default of the same
/// name), sorted: what [`query`] must return.
pub fn expected_query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let defaults = DEFAULT_QUERY
        .iter()
        .filter(|(name, _)| !pairs.iter().any(|(n, _)| n == name));
    let mut all: Vec<_> = defaults
        .chain(pairs)
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    all.sort();
    all
}

/// All values of header `name` in `request`.
pub fn header<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

/// Checks the headers every request carries, the token included.
pub fn assert_common_headers(request: &Request) {
    assert_eq!(header(request, "accept"), ["application/json"]);
    assert_eq!(header(request, "accept-version"), ["^1.3.8"]);
    assert_eq!(
        header(request, "authorization"),
        [format!("Bearer {TOKEN}")]
    );
    assert_eq!(
        header(request, "user-agent"),
        [concat!("losant-rest/", env!("CARGO_PKG_VERSION"))]
    );
}

/// The object `value`, for comparing with an `extra` map.
pub fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}
