//! Retries, timeouts, the request hook, tracing and responses with their
//! status and headers, against a real HTTP server on 127.0.0.1.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{TOKEN, client, ends_at, requests};
use losant_rest::models::{OrganizationInvitationPost, Role};
use losant_rest::{Client, Error, Request, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "575ec8687ae143cd83dc4a97";

/// A server answering the first `times` requests with `first`, then `then`.
async fn server_answering(
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// A client that retries quickly, so the tests do not wait.
fn fast_retrying_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .auth_token(TOKEN)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn ok_org() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "id": ORG_ID, "name": "Acme" }))
}

#[tokio::test]
async fn a_get_answered_503_twice_then_200_succeeds() {
    let server = server_answering(ResponseTemplate::new(503), 2, ok_org()).await;

    let org = fast_retrying_client(&server)
        .org()
        .get(ORG_ID)
        .await
        .unwrap();

    assert_eq!(org.name.as_deref(), Some("Acme"));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retries_stop_after_the_last_attempt() {
    let server = server_answering(ResponseTemplate::new(502), 10, ok_org()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(4)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();

    let err = client.org().get(ORG_ID).await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let server = server_answering(ResponseTemplate::new(503), 2, ok_org()).await;
    let invite = OrganizationInvitationPost::new("a@b.co", Role::View);

    let err = fast_retrying_client(&server)
        .org()
        .invite_member(ORG_ID, &invite)
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_patch_is_never_retried() {
    let server = server_answering(ResponseTemplate::new(503), 2, ok_org()).await;
    let patch = losant_rest::models::OrganizationPatch::default();

    let err = fast_retrying_client(&server)
        .org()
        .patch(ORG_ID, &patch)
        .await
        .unwrap_err();

    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);
}

/// Captures the client's `DEBUG` events on this thread, as text, until the
/// guard is dropped.
fn capture_logs() -> (test_support::Logs, impl Sized) {
    let captured = test_support::Logs::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // As in `each_request_has_a_span_without_secrets`: a second dispatcher
    // makes tracing ask every registered one whether it wants a callsite.
    let second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();
    (captured, (guard, second))
}

#[tokio::test(flavor = "current_thread")]
async fn retry_after_is_honoured() {
    let server = server_answering(
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
        ok_org(),
    )
    .await;
    let (logs, _guard) = capture_logs();

    let call = fast_retrying_client(&server).org().get(ORG_ID);
    ends_at(Duration::from_secs(1), call).await.unwrap();

    // The wait the client chose: the server's, not its own backoff.
    let logs = logs.take();
    let retries: Vec<&str> = logs.lines().filter(|l| l.contains("retrying")).collect();
    assert_eq!(retries.len(), 1, "{logs}");
    assert!(
        retries[0].ends_with("retrying attempt=1 status=429 delay=1s"),
        "{logs}"
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_is_not_waited_for() {
    let server = server_answering(
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        1,
        ok_org(),
    )
    .await;

    let err = fast_retrying_client(&server)
        .org()
        .get(ORG_ID)
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = server_answering(ResponseTemplate::new(503), 2, ok_org()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    assert!(client.org().get(ORG_ID).await.is_err());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn errors_that_are_not_temporary_are_not_retried() {
    for status in [400, 404, 500] {
        let server = server_answering(ResponseTemplate::new(status), 1, ok_org()).await;

        let err = fast_retrying_client(&server)
            .org()
            .get(ORG_ID)
            .await
            .unwrap_err();

        assert!(!err.is_retryable(), "{status}");
        assert_eq!(requests(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    // An answer a minute late: far past the deadlines and their slack.
    let server = common::server(ok_org().set_delay(Duration::from_secs(60))).await;
    let deadline = Duration::from_millis(100);
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Some(deadline))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let err = ends_at(deadline, client.org().get(ORG_ID))
        .await
        .unwrap_err();

    assert!(matches!(&err, Error::Timeout(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "timed out: the call's deadline of 100ms passed"
    );
    assert!(err.is_timeout() && err.is_retryable());

    // A per-request timeout overrides the client's.
    let shorter = Duration::from_millis(50);
    let call = client.org().get(ORG_ID).with_timeout(Some(shorter));
    let err = ends_at(shorter, call).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "timed out: the call's deadline of 50ms passed"
    );
}

#[tokio::test]
async fn status_and_headers_are_kept_on_success() {
    let server = common::server(ok_org().insert_header("x-request-id", "r-1")).await;

    let response = client(&server)
        .org()
        .get(ORG_ID)
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-request-id"], "r-1");
    assert_eq!(response.name.as_deref(), Some("Acme"), "derefs to the body");
    assert_eq!(response.into_body().id.as_deref(), Some(ORG_ID));
}

#[tokio::test]
async fn the_hook_changes_every_attempt() {
    let server = server_answering(ResponseTemplate::new(503), 1, ok_org()).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .request_hook(move |request: &mut losant_rest::reqwest::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            request
                .headers_mut()
                .insert("authorization", format!("Bearer fresh-{n}").parse()?);
            Ok(())
        })
        .build()
        .unwrap();

    client.org().get(ORG_ID).await.unwrap();

    let tokens: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(tokens, ["Bearer fresh-1", "Bearer fresh-2"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_hook_stops_the_call() {
    let server = common::server(ok_org()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .request_hook(|_: &mut losant_rest::reqwest::Request| Err("token refresh failed".into()))
        .build()
        .unwrap();

    let err = client.org().get(ORG_ID).await.unwrap_err();

    assert!(matches!(err, Error::Hook(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the request hook failed: token refresh failed"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_callers_own_reqwest_client_and_user_agent_are_used() {
    let server = common::server(ok_org()).await;
    let http = losant_rest::reqwest::Client::builder().build().unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .http_client(http)
        .user_agent("my-app/2.0")
        .default_header("x-tenant", "t1")
        .build()
        .unwrap();

    client.org().get(ORG_ID).await.unwrap();

    let request = common::the_request(&server).await;
    assert_eq!(request.headers["user-agent"], "my-app/2.0");
    assert_eq!(request.headers["x-tenant"], "t1");
    assert_eq!(request.headers["accept-version"], "^1.3.8");
}

#[tokio::test(flavor = "current_thread")]
async fn each_request_has_a_span_without_secrets() {
    let captured = test_support::Logs::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // With a single dispatcher registered, tracing computes a callsite's
    // interest from the default of whichever thread reaches it first: a
    // test on another thread (no subscriber) would disable the span for all.
    // A second one makes it ask every registered dispatcher, this included;
    // the rebuild fixes callsites already reached.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();
    let server = server_answering(ResponseTemplate::new(503), 1, ok_org()).await;
    let invite = OrganizationInvitationPost::new("secret-address@example.com", Role::Admin);

    fast_retrying_client(&server)
        .org()
        .get(ORG_ID)
        .await
        .unwrap();
    let _ = fast_retrying_client(&server)
        .org()
        .invite_member(ORG_ID, &invite)
        .await;

    let logs = captured.take();
    let closes: Vec<&str> = logs.lines().filter(|l| l.contains("close")).collect();
    assert_eq!(closes.len(), 2, "{logs}");
    for field in [
        "action=\"org.get\"",
        "method=GET",
        "path=\"/orgs/{orgId}\"",
        "status=200",
        "attempts=2",
        "elapsed_ms=",
    ] {
        assert!(
            closes[0].contains(field),
            "{field} missing from {}",
            closes[0]
        );
    }
    assert!(
        closes[1].contains("action=\"org.invite_member\""),
        "{}",
        closes[1]
    );
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(TOKEN), "the token was logged: {logs}");
    assert!(
        !logs.contains("secret-address"),
        "a body was logged: {logs}"
    );
}

#[tokio::test]
async fn connection_failures_are_retried_for_a_get_only() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let attempts = Arc::new(AtomicUsize::new(0));
    let counter = attempts.clone();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_attempts(3),
        )
        .request_hook(move |_: &mut losant_rest::reqwest::Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
        .build()
        .unwrap();

    let err = client.org().get(ORG_ID).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(
        attempts.swap(0, Ordering::SeqCst),
        3,
        "a GET is attempted three times"
    );

    let invite = OrganizationInvitationPost::new("a@b.co", Role::View);
    assert!(client.org().invite_member(ORG_ID, &invite).await.is_err());
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        1,
        "a POST is attempted once"
    );
}

/// A subscriber that wants the application's own spans (target `app`)
/// and not the client's, and keeps each field recorded on a span after it
/// was made.
struct AppSpansOnly {
    recorded: Arc<std::sync::Mutex<Vec<String>>>,
    entered: std::sync::Mutex<Option<&'static tracing::Metadata<'static>>>,
}

impl tracing::Subscriber for AppSpansOnly {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "app"
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        *self.entered.lock().unwrap() = Some(span.metadata());
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        self.recorded.lock().unwrap().push(format!("{values:?}"));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
    fn current_span(&self) -> tracing_core::span::Current {
        match *self.entered.lock().unwrap() {
            Some(metadata) => {
                tracing_core::span::Current::new(tracing::span::Id::from_u64(1), metadata)
            }
            None => tracing_core::span::Current::none(),
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_records_nothing_on_the_callers_span() {
    let recorded = Arc::new(std::sync::Mutex::new(Vec::new()));
    let subscriber = AppSpansOnly {
        recorded: recorded.clone(),
        entered: std::sync::Mutex::new(None),
    };
    let _guard = tracing::subscriber::set_default(subscriber);
    // As in the test above: every registered dispatcher is asked.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();
    let server = server_answering(ResponseTemplate::new(503), 1, ok_org()).await;

    // The application's span has fields named like the client's.
    let span = tracing::info_span!(
        target: "app",
        "handler",
        status = tracing::field::Empty,
        attempts = tracing::field::Empty
    );
    let _entered = span.enter();
    fast_retrying_client(&server)
        .org()
        .get(ORG_ID)
        .await
        .unwrap();

    assert_eq!(*recorded.lock().unwrap(), Vec::<String>::new());
}
