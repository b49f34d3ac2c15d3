//! Helpers for the loopback tests of generated clients: a real HTTP server
//! on 127.0.0.1 (wiremock) and ways to look at what it received, multipart
//! bodies included. Each generated crate's `tests/common` adds its own
//! client and expected headers on top.

mod logs;
mod multipart;

pub use logs::Logs;
pub use multipart::{Part, multipart};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// All values of query parameter `name` in `request`, in order.
pub fn query_values(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
        .collect()
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

/// The object `value`, for comparing with an `extra` map.
pub fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The `defaults` with `pairs` set (replacing a default of the same name),
/// sorted: what [`query`] returns for a call that set `pairs`.
pub fn expected_query(defaults: &[(&str, &str)], pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let defaults = defaults
        .iter()
        .filter(|(name, _)| !pairs.iter().any(|(n, _)| n == name));
    let mut all: Vec<_> = defaults
        .chain(pairs)
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    all.sort();
    all
}
