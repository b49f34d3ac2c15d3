//! A request the mock server received, kept for the test to assert on.

use std::fmt;
use std::marker::PhantomData;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// One request the mock server received, in the order they came. `B` is
/// the type [`RecordedCall::json`] reads its body as: the action's body
/// type on a typed route, any JSON value otherwise.
#[non_exhaustive]
pub struct RecordedCall<B = serde_json::Value> {
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
    body_type: PhantomData<fn() -> B>,
}

/// The body type of an action that sends no JSON body (none, or a
/// multipart form): its recorded calls have no [`RecordedCall::json`];
/// their bytes are in [`RecordedCall::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBody {}

impl RecordedCall {
    /// A call as the server received it.
    pub(crate) fn new(
        method: Method,
        path: String,
        route: Option<String>,
        path_params: Vec<(String, String)>,
        query: Vec<(String, String)>,
        headers: HeaderMap,
        body: Vec<u8>,
    ) -> RecordedCall {
        RecordedCall {
            method,
            path,
            route,
            path_params,
            query,
            headers,
            body,
            body_type: PhantomData,
        }
    }
}

impl<B> RecordedCall<B> {
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

    /// The body decoded from JSON as `B`.
    pub fn json(&self) -> Result<B, serde_json::Error>
    where
        B: DeserializeOwned,
    {
        serde_json::from_slice(&self.body)
    }

    /// The same call, its body read as `C`.
    pub(crate) fn read_as<C>(self) -> RecordedCall<C> {
        RecordedCall {
            method: self.method,
            path: self.path,
            route: self.route,
            path_params: self.path_params,
            query: self.query,
            headers: self.headers,
            body: self.body,
            body_type: PhantomData,
        }
    }
}

impl<B> Clone for RecordedCall<B> {
    fn clone(&self) -> Self {
        RecordedCall {
            method: self.method.clone(),
            path: self.path.clone(),
            route: self.route.clone(),
            path_params: self.path_params.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            body_type: PhantomData,
        }
    }
}

impl<B> fmt::Debug for RecordedCall<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedCall")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("route", &self.route)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}
