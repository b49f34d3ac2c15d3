//! A request the mock server received, kept for the test to assert on.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// One request the mock server received, in the order they came.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedCall {
    /// The HTTP method.
    pub method: Method,
    /// The path as sent, percent-encoded: `/orgs/a%2Fb`.
    pub path: String,
    /// The path template of the route it matched (`/orgs/{orgId}`), `None`
    /// when no route had an answer for it (it was answered `404`).
    pub route: Option<String>,
    /// The values of the template's placeholders, decoded: `orgId = a/b`.
    pub path_params: Vec<(String, String)>,
    /// The query parameters, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body as sent.
    pub body: Vec<u8>,
}

impl RecordedCall {
    /// The value of the placeholder `name` of the route's template.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        lookup(&self.path_params, name)
    }

    /// The first value of the query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        lookup(&self.query, name)
    }

    /// The value of header `name`, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body decoded from JSON.
    pub fn json<B: DeserializeOwned>(&self) -> Result<B, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}
