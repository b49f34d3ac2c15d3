//! The crate's README (generated) states the runtime's defaults and names
//! what the crate re-exports: the numbers are checked against the
//! runtime's, the names against the crate.

/// The crates the README says are re-exported, named through this crate.
#[allow(unused_imports)]
use losant_rest::{bytes, reqwest, serde, serde_json, url};

/// The crate's README (generated) states the runtime's defaults: these are
/// the numbers it gives, read from the runtime the crate is built on.
#[test]
fn the_crate_readme_states_the_runtimes_defaults() {
    let readme = include_str!("../README.md");
    let retries = format!("{:?}", losant_rest::RetryPolicy::default());
    let timeout = losant_rest::DEFAULT_TIMEOUT.as_secs();
    let limit = losant_rest::DEFAULT_MAX_RESPONSE_SIZE / (1024 * 1024);
    let event_size = losant_rest::DEFAULT_MAX_EVENT_SIZE;
    let reconnect_time = losant_rest::DEFAULT_RECONNECT_TIME.as_secs();
    for (claim, fact) in [
        (
            "`with_max_event_size` (1 MiB unless set)".into(),
            event_size == 1024 * 1024,
        ),
        (
            "`with_reconnect_time` (5 minutes unless set)".into(),
            reconnect_time == 5 * 60,
        ),
        (format!("{timeout} s unless set"), true),
        (format!("up to {limit} MiB"), true),
        (
            "at most 3 attempts".into(),
            retries.contains("max_attempts: 3"),
        ),
        (
            "later than 30 s after the first".into(),
            retries.contains("max_elapsed: 30s"),
        ),
        (
            "backoff from 200 ms".into(),
            retries.contains("initial_backoff: 200ms"),
        ),
    ] {
        assert!(readme.contains(&claim), "README.md does not say {claim:?}");
        assert!(fact, "{claim:?} is not the runtime's default: {retries}");
    }
}
