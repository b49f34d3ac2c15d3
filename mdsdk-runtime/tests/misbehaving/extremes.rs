//! Issue 23, item 11: no input to the client builder, or to a request's
//! own settings, panics. Each setter is driven with its extreme values
//! through `build()` and a call against a loopback server: the value is
//! taken (a client that works, or a call that fails with a typed error,
//! as the value says) or refused by `build()` with `InvalidRequest`.

use std::time::Duration;

use mdsdk_runtime::{ClientBuilder, Error, Request, RetryPolicy};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{Get, RawServer, TestApi, builder, read_request, write};

/// What a case came to.
#[derive(Debug)]
enum Outcome {
    /// `build()` refused the configuration.
    Refused(Error),
    /// The client was built, and the call answered this.
    Called(Result<Value, Error>),
}

fn works(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Called(Ok(value)) if *value == json!({}))
}

fn refused(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Refused(Error::InvalidRequest(_)))
}

/// A call that fails before sending, with `InvalidRequest`.
fn invalid_call(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Called(Err(Error::InvalidRequest(_))))
}

fn unavailable(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Called(Err(Error::Api(api))) if api.status == 503)
}

fn unavailable_or_timeout(outcome: &Outcome) -> bool {
    unavailable(outcome) || matches!(outcome, Outcome::Called(Err(Error::Timeout(_))))
}

/// A time limit of (about) nothing: the call may beat the timer's tick on
/// loopback, or not.
fn works_or_timeout(outcome: &Outcome) -> bool {
    works(outcome) || matches!(outcome, Outcome::Called(Err(error)) if error.is_timeout())
}

fn too_large(outcome: &Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Called(Err(Error::BodyTooLarge { limit: 0, .. }))
    )
}

/// Anything but a panic: the value is extreme enough that what the server
/// or the transport makes of it may vary (a header of a megabyte).
fn typed(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Refused(error) => matches!(error, Error::InvalidRequest(_)),
        Outcome::Called(_) => true,
    }
}

type Configure = Box<dyn FnOnce(ClientBuilder<TestApi>) -> ClientBuilder<TestApi> + Send>;
type Adjust = Box<dyn FnOnce(Get) -> Get + Send>;
/// Whether an outcome is the one a case must come to.
type Expect = fn(&Outcome) -> bool;

/// The cases: a builder's settings, or a request's, each with what it
/// must come to.
#[derive(Default)]
struct Cases {
    builders: Vec<(String, Configure, Expect)>,
    requests: Vec<(String, Adjust, Expect)>,
}

impl Cases {
    fn builder(
        &mut self,
        name: impl Into<String>,
        configure: impl FnOnce(ClientBuilder<TestApi>) -> ClientBuilder<TestApi> + Send + 'static,
        expect: Expect,
    ) {
        self.builders
            .push((name.into(), Box::new(configure), expect));
    }

    fn request(
        &mut self,
        name: impl Into<String>,
        adjust: impl FnOnce(Get) -> Get + Send + 'static,
        expect: Expect,
    ) {
        self.requests.push((name.into(), Box::new(adjust), expect));
    }
}

/// A server answering `{}` to everything.
async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_builder_or_request_setting_panics() {
    let ok = answering(200).await;
    let down = answering(503).await;
    let (base, down) = (ok.uri(), down.uri());
    let port = base.rsplit(':').next().unwrap().to_owned();
    let huge = "v".repeat(1024 * 1024);
    let mut cases = Cases::default();

    // Base URLs.
    for url in [
        "",
        "not a url",
        "http://",
        "http://[::1",
        "http://127.0.0.1:99999",
        "ftp://127.0.0.1/",
        "data:text/plain,x",
        "mailto:someone@example.com",
    ] {
        cases.builder(
            format!("base_url({url:?})"),
            move |b| b.base_url(url),
            refused,
        );
    }
    for suffix in ["/?q=1", "#top", "/a?"] {
        let url = format!("{base}{suffix}");
        cases.builder(
            format!("base_url({url:?})"),
            move |b| b.base_url(url),
            refused,
        );
    }
    for url in [
        format!("  {base}/prefix/  "),
        format!("HTTP://127.0.0.1:{port}"),
        format!("http://user:p%zz@127.0.0.1:{port}"),
        format!("{base}/{}", "a".repeat(10_000)),
        format!("{base}//double//"),
    ] {
        let shown: String = url.chars().take(40).collect();
        cases.builder(
            format!("base_url({shown:?}…)"),
            move |b| b.base_url(url),
            works,
        );
    }
    // https without a TLS feature is refused; with one, the handshake
    // with a plain http server fails.
    let https = format!("https://127.0.0.1:{port}");
    cases.builder("base_url(https)", move |b| b.base_url(https), typed);

    // The token.
    cases.builder("auth_token(\"\")", |b| b.auth_token(""), works);
    cases.builder("auth_token(CR LF)", |b| b.auth_token("a\r\nb"), refused);
    cases.builder("auth_token(NUL)", |b| b.auth_token("\0"), refused);
    let token = huge.clone();
    cases.builder("auth_token(1 MiB)", move |b| b.auth_token(token), typed);

    // Time limits.
    for (name, limit) in [
        ("Duration::MAX", Some(Duration::MAX)),
        ("u64::MAX / 2 s", Some(Duration::from_secs(u64::MAX / 2))),
        ("100 years", Some(Duration::from_secs(100 * 365 * 86_400))),
        ("None", None),
    ] {
        cases.builder(format!("timeout({name})"), move |b| b.timeout(limit), works);
        let attempt = move |b: ClientBuilder<TestApi>| b.attempt_timeout(limit);
        cases.builder(format!("attempt_timeout({name})"), attempt, works);
    }
    for (name, limit) in [("ZERO", Duration::ZERO), ("1 ns", Duration::from_nanos(1))] {
        let timeout = move |b: ClientBuilder<TestApi>| b.timeout(limit);
        cases.builder(format!("timeout({name})"), timeout, works_or_timeout);
        let attempt = move |b: ClientBuilder<TestApi>| b.attempt_timeout(limit);
        cases.builder(
            format!("attempt_timeout({name})"),
            attempt,
            works_or_timeout,
        );
    }
    cases.builder("no_timeout()", |b| b.no_timeout(), works);

    // Sizes.
    cases.builder(
        "max_response_size(0)",
        |b| b.max_response_size(0),
        too_large,
    );
    let max = |b: ClientBuilder<TestApi>| b.max_response_size(usize::MAX);
    cases.builder("max_response_size(usize::MAX)", max, works);
    for requests in [
        0,
        1,
        usize::MAX >> 4,
        usize::MAX >> 3,
        (usize::MAX >> 3) + 1,
        usize::MAX - 1,
        usize::MAX,
    ] {
        let limit = move |b: ClientBuilder<TestApi>| b.max_concurrent_requests(requests);
        cases.builder(format!("max_concurrent_requests({requests})"), limit, works);
    }

    // Switches.
    for on in [true, false] {
        let follow = move |b: ClientBuilder<TestApi>| b.cross_origin_redirects_with_body(on);
        cases.builder(
            format!("cross_origin_redirects_with_body({on})"),
            follow,
            works,
        );
        let report = move |b: ClientBuilder<TestApi>| b.report_undocumented(on);
        cases.builder(format!("report_undocumented({on})"), report, works);
    }

    // Headers.
    cases.builder("user_agent(\"\")", |b| b.user_agent(""), works);
    cases.builder("user_agent(\"é\")", |b| b.user_agent("é"), works);
    cases.builder("user_agent(LF)", |b| b.user_agent("a\nb"), refused);
    cases.builder("user_agent(DEL)", |b| b.user_agent("\x7f"), refused);
    for name in ["", " ", "bad name", "é", "a:b", "x\r\ny"] {
        let header = move |b: ClientBuilder<TestApi>| b.default_header(name, "v");
        cases.builder(format!("default_header({name:?}, _)"), header, refused);
        let secret = move |b: ClientBuilder<TestApi>| b.sensitive_header(name);
        cases.builder(format!("sensitive_header({name:?})"), secret, refused);
    }
    let long_name = "n".repeat(70_000);
    let header = long_name.clone();
    let named = move |b: ClientBuilder<TestApi>| b.default_header(header, "v");
    cases.builder("default_header(70,000 characters, _)", named, refused);
    let secret = move |b: ClientBuilder<TestApi>| b.sensitive_header(long_name);
    cases.builder("sensitive_header(70,000 characters)", secret, refused);
    for value in ["\r\n", "\0", "a\nb", "\x7f"] {
        let header = move |b: ClientBuilder<TestApi>| b.default_header("x-odd", value);
        cases.builder(format!("default_header(_, {value:?})"), header, refused);
    }
    for value in ["", " padded ", "é", "\t"] {
        let header = move |b: ClientBuilder<TestApi>| b.default_header("x-odd", value);
        cases.builder(format!("default_header(_, {value:?})"), header, works);
    }
    let value = huge.clone();
    let header = move |b: ClientBuilder<TestApi>| b.default_header("x-huge", value);
    cases.builder("default_header(_, 1 MiB)", header, typed);
    let twice = |b: ClientBuilder<TestApi>| {
        b.sensitive_header("x-api-key")
            .sensitive_header("X-API-KEY")
    };
    cases.builder("sensitive_header twice", twice, works);

    // Query pairs.
    for (name, value) in [("", ""), ("&=?#", "\0\r\n"), ("é", "%zz"), ("a[b]", " ")] {
        let query = move |b: ClientBuilder<TestApi>| b.default_query(name, value);
        cases.builder(format!("default_query({name:?}, {value:?})"), query, works);
    }

    // A reqwest client of one's own.
    let own = |b: ClientBuilder<TestApi>| {
        let http = reqwest::Client::builder()
            .timeout(Duration::ZERO)
            .build()
            .unwrap();
        b.http_client(http)
    };
    cases.builder("http_client(timeout ZERO)", own, works_or_timeout);

    // Retry policies, against a server answering 503. A deadline of 1 s
    // bounds a policy that would retry for ever (or may wait longer); one
    // that must end with its few attempts' 503 has a deadline no busy
    // machine reaches, though the others hammer the same server meanwhile.
    let (bounded, ample) = (Duration::from_secs(1), Duration::from_secs(30));
    let policies: [(&str, RetryPolicy, Duration, Expect); 6] = [
        (
            "max_attempts(0)",
            RetryPolicy::default().max_attempts(0),
            ample,
            unavailable,
        ),
        (
            "every extreme MAX",
            RetryPolicy::default()
                .max_attempts(u32::MAX)
                .initial_backoff(Duration::MAX)
                .max_backoff(Duration::MAX)
                .max_elapsed(Duration::MAX),
            bounded,
            unavailable_or_timeout,
        ),
        (
            "u32::MAX attempts, no wait, no time",
            RetryPolicy::default()
                .max_attempts(u32::MAX)
                .initial_backoff(Duration::ZERO)
                .max_backoff(Duration::ZERO)
                .max_elapsed(Duration::ZERO),
            bounded,
            unavailable_or_timeout,
        ),
        (
            "u32::MAX attempts, no wait, all the time",
            RetryPolicy::default()
                .max_attempts(u32::MAX)
                .initial_backoff(Duration::ZERO)
                .max_elapsed(Duration::MAX),
            bounded,
            unavailable_or_timeout,
        ),
        (
            "initial_backoff(MAX)",
            RetryPolicy::default().initial_backoff(Duration::MAX),
            bounded,
            unavailable_or_timeout,
        ),
        (
            "initial_backoff(MAX), max_backoff(ZERO)",
            RetryPolicy::default()
                .initial_backoff(Duration::MAX)
                .max_backoff(Duration::ZERO),
            ample,
            unavailable,
        ),
    ];
    for (name, policy, deadline, expect) in policies {
        let down = down.clone();
        let retry = move |b: ClientBuilder<TestApi>| {
            b.base_url(down).retry_policy(policy).timeout(deadline)
        };
        cases.builder(format!("retry_policy({name})"), retry, expect);
    }
    let none = |b: ClientBuilder<TestApi>| b.retry_policy(RetryPolicy::none());
    cases.builder("retry_policy(none)", none, works);

    // A request's own settings, on a client built with the defaults.
    cases.request(
        "with_timeout(MAX)",
        |g| g.with_timeout(Duration::MAX),
        works,
    );
    cases.request("with_timeout(None)", |g| g.with_timeout(None), works);
    let zero = |g: Get| g.with_timeout(Duration::ZERO);
    cases.request("with_timeout(ZERO)", zero, works_or_timeout);
    let attempt = |g: Get| g.with_attempt_timeout(Duration::MAX);
    cases.request("with_attempt_timeout(MAX)", attempt, works);
    let attempt = |g: Get| g.with_attempt_timeout(Duration::ZERO);
    cases.request("with_attempt_timeout(ZERO)", attempt, works_or_timeout);
    let size = |g: Get| g.with_max_response_size(0);
    cases.request("with_max_response_size(0)", size, too_large);
    let size = |g: Get| g.with_max_response_size(usize::MAX);
    cases.request("with_max_response_size(MAX)", size, works);
    cases.request(
        "with_header(\"\", _)",
        |g| g.with_header("", "v"),
        invalid_call,
    );
    cases.request(
        "with_header(_, LF)",
        |g| g.with_header("x", "\n"),
        invalid_call,
    );
    cases.request("with_query(\"\", \"\")", |g| g.with_query("", ""), works);
    // A request that is not a paged list's ignores a page limit.
    cases.request("with_max_pages(0)", |g| g.with_max_pages(0), works);
    cases.request("with_max_pages(MAX)", |g| g.with_max_pages(u64::MAX), works);

    // Each case in a task of its own, so that a panic is caught and named.
    let mut tasks = Vec::new();
    for (name, configure, expect) in cases.builders {
        let base = base.clone();
        let task = tokio::spawn(async move {
            match configure(builder(&base)).build() {
                Err(error) => Outcome::Refused(error),
                Ok(client) => Outcome::Called(client.get().await),
            }
        });
        tasks.push((name, task, expect));
    }
    for (name, adjust, expect) in cases.requests {
        let client = builder(&base).build().unwrap();
        let task = tokio::spawn(async move { Outcome::Called(adjust(client.get()).await) });
        tasks.push((name, task, expect));
    }
    let mut failed = Vec::new();
    for (name, task, expect) in tasks {
        match task.await {
            Ok(outcome) if expect(&outcome) => {}
            Ok(outcome) => failed.push(format!("{name}: {outcome:?}")),
            Err(error) => failed.push(format!("{name}: {error}")),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[tokio::test]
async fn an_unbounded_response_size_does_not_trust_a_huge_declared_length() {
    // A body declared 2^62 bytes long, of which a few arrive, in chunks:
    // with no size limit, the length declared is not reserved up front.
    let server = RawServer::start(|mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            1u64 << 62
        );
        write(&mut stream, head.as_bytes()).await;
        for _ in 0..4 {
            if !write(&mut stream, b"[1,").await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    let client = builder(&server.base)
        .max_response_size(usize::MAX)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let error = client.get().await.unwrap_err();

    // The connection closed before the body was whole.
    assert!(matches!(&error, Error::Transport(_)), "{error:?}");
}
