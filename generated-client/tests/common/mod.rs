//! Helpers shared by the integration tests: a real HTTP server on
//! 127.0.0.1 (wiremock) and ways to look at what it received.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code, unused_imports)]

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use losant_rest::Client;
pub use test_support::{
    header, json_server, object, query, query_values, requests, server, the_request,
};
use wiremock::{MockServer, Request};

pub const TOKEN: &str = "secret-token";

/// The query every call sends unless it is overridden.
pub const DEFAULT_QUERY: [(&str, &str); 3] = [
    ("_actions", "false"),
    ("_embedded", "true"),
    ("_links", "true"),
];

/// The client of the tests: pointed at `server`, holding [`TOKEN`].
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .auth_token(TOKEN)
        .build()
        .unwrap()
}

/// The default query with `pairs` set (replacing a default of the same
/// name), sorted: what [`query`] must return.
pub fn expected_query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    test_support::expected_query(&DEFAULT_QUERY, pairs)
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

/// How much longer than its limit a call may take on a busy machine and
/// still count as ending at it. Seconds, not milliseconds: CI runs on two
/// cores, sometimes busy, where a process can stall for hundreds of
/// milliseconds. A test bounded by it makes the failure it guards against
/// take far longer (a server that answers after a minute), so the bound
/// still tells the two apart.
pub const SLACK: Duration = Duration::from_secs(5);

/// Awaits `call`, which should end `limit` after it starts: not before
/// (exact, as a tokio timer never fires early), and not [`SLACK`] after
/// (then it is abandoned, so a hang is a failure, not a hung test).
pub async fn ends_at<F: IntoFuture>(limit: Duration, call: F) -> F::Output {
    let started = Instant::now();
    let Ok(output) = tokio::time::timeout(limit + SLACK, call).await else {
        panic!("still running {SLACK:?} after the limit of {limit:?}");
    };
    let took = started.elapsed();
    assert!(took >= limit, "ended after {took:?}, before {limit:?}");
    output
}
