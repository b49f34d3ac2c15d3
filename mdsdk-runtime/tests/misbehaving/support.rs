//! What every test uses: an API of the runtime's own (as a generated crate
//! declares one), small loopback servers, wiremock's for the ordinary
//! answers and raw TCP ones for the misbehaviour wiremock cannot produce,
//! bounds on the time a call takes that a busy machine cannot break, and a
//! record of the waits the runtime chose.

use std::future::{Future, IntoFuture};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mdsdk_runtime::{Api, ApiDefaults, Call, Client, ClientBuilder, Endpoint, Method};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tracing::instrument::WithSubscriber;

pub const TOKEN: &str = "secret-token-4f2a";

/// The API of these tests, declared as generated code declares one.
#[derive(Debug, Clone)]
pub struct TestApi(pub Client);

impl Api for TestApi {
    type ErrorBody = Value;
    const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
        base_url: "http://127.0.0.1:9",
        headers: &[("accept", "application/json")],
        query: &[],
        user_agent: "runtime-tests",
    };
    fn from_client(client: Client) -> Self {
        TestApi(client)
    }
}

/// `GET /things/{id}`, any JSON.
pub struct Get(pub Call);
mdsdk_runtime::request!(Get -> Value, Value);

/// `GET /things/{id}`, a number: anything else fails to decode.
pub struct GetNumber(pub Call);
mdsdk_runtime::request!(GetNumber -> u64, Value);

/// `POST /things` with a JSON body.
pub struct Post(pub Call);
mdsdk_runtime::request!(Post -> Value, Value);

/// `PATCH /things/{id}` with a JSON body.
pub struct Patch(pub Call);
mdsdk_runtime::request!(Patch -> Value, Value);

const GET: Endpoint = Endpoint {
    action: "things.get",
    method: Method::GET,
    path: "/things/{id}",
    success: &[200],
};
pub const POST: Endpoint = Endpoint {
    action: "things.post",
    method: Method::POST,
    path: "/things",
    success: &[200],
};
const PATCH: Endpoint = Endpoint {
    action: "things.patch",
    method: Method::PATCH,
    path: "/things/{id}",
    success: &[200],
};

impl TestApi {
    pub fn get(&self) -> Get {
        Get(self.0.call(&GET, &["t1"]))
    }

    pub fn get_number(&self) -> GetNumber {
        GetNumber(self.0.call(&GET, &["t1"]))
    }

    pub fn post(&self, body: &Value) -> Post {
        let mut call = self.0.call(&POST, &[]);
        call.json(body);
        Post(call)
    }

    pub fn patch(&self, body: &Value) -> Patch {
        let mut call = self.0.call(&PATCH, &["t1"]);
        call.json(body);
        Patch(call)
    }
}

/// A builder pointed at `base`, holding [`TOKEN`], retrying fast.
pub fn builder(base: &str) -> ClientBuilder<TestApi> {
    ClientBuilder::new()
        .base_url(base)
        .auth_token(TOKEN)
        .retry_policy(
            mdsdk_runtime::RetryPolicy::default().initial_backoff(Duration::from_millis(5)),
        )
}

pub fn api(base: &str) -> TestApi {
    builder(base).build().unwrap()
}

/// How much longer than its limit a call may take on a busy machine and
/// still count as ending at it. Seconds, not milliseconds: CI runs on two
/// cores, sometimes busy, where a process can stall for hundreds of
/// milliseconds. Each test that bounds a time by it makes the failure it
/// guards against take far longer (a server silent for [`HANG`], a wait of
/// 20 s or more), so the bound still tells the two apart.
pub const SLACK: Duration = Duration::from_secs(5);

/// How long a server that hangs stays silent: far beyond [`SLACK`], so a
/// call that waits for it instead of ending at its own limit fails.
pub const HANG: Duration = Duration::from_secs(60);

/// How long a test waits for something that happens at once when all is
/// well (a request reaching the server, a task being polled): only a
/// failing test waits this long.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Awaits `call` and returns its output with the time it took; fails if it
/// has not ended [`SLACK`] after `limit` (and stops waiting then, so a hang
/// is a failure, not a hung test).
pub async fn timed<F: IntoFuture>(limit: Duration, call: F) -> (F::Output, Duration) {
    let started = Instant::now();
    match tokio::time::timeout(limit + SLACK, call).await {
        Ok(output) => (output, started.elapsed()),
        Err(_) => panic!("still running {SLACK:?} after the limit of {limit:?}"),
    }
}

/// Awaits `call`, which should end `limit` after it starts: not before
/// (exact, as a tokio timer never fires early), and not [`SLACK`] after.
pub async fn ends_at<F: IntoFuture>(limit: Duration, call: F) -> F::Output {
    let (output, took) = timed(limit, call).await;
    assert!(took >= limit, "ended after {took:?}, before {limit:?}");
    output
}

/// Awaits `call`, which should end at once: within [`SLACK`].
pub async fn at_once<F: IntoFuture>(call: F) -> F::Output {
    ends_at(Duration::ZERO, call).await
}

/// One `retrying` event of the runtime: the attempt that failed, its
/// status (none for a failure without a response), and the wait chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub attempt: u64,
    pub status: Option<u64>,
    pub delay: Duration,
}

/// Records the runtime's `retrying` events: the waits it chose, exactly,
/// rather than inferred from the time a call took.
#[derive(Clone, Default)]
pub struct Retries(Arc<Mutex<Vec<Retry>>>);

impl Retries {
    /// Awaits `call` with this recorder as the subscriber of its events.
    pub async fn record<F: IntoFuture>(&self, call: F) -> F::Output {
        let dispatch = tracing::Dispatch::new(self.clone());
        // With a single dispatcher registered, tracing decides whether a
        // callsite is wanted from the default of whichever thread reaches
        // it first: a test on another thread, without a subscriber, would
        // turn the event off for all. A second one makes it ask every
        // registered dispatcher, this included; the rebuild fixes callsites
        // already reached.
        let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
        tracing::callsite::rebuild_interest_cache();
        call.into_future().with_subscriber(dispatch).await
    }

    /// The events recorded so far, in order.
    pub fn all(&self) -> Vec<Retry> {
        self.0.lock().unwrap().clone()
    }
}

impl tracing::Subscriber for Retries {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.is_event() && metadata.target().starts_with("mdsdk_runtime")
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = RetryFields::default();
        event.record(&mut fields);
        if fields.message.as_deref() != Some("retrying") {
            return;
        }
        let retry = Retry {
            attempt: fields.attempt.expect("a retry names its attempt"),
            status: fields.status,
            delay: parse_duration(&fields.delay.expect("a retry has a delay")),
        };
        self.0.lock().unwrap().push(retry);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[derive(Default)]
struct RetryFields {
    message: Option<String>,
    attempt: Option<u64>,
    status: Option<u64>,
    delay: Option<String>,
}

impl tracing::field::Visit for RetryFields {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        match field.name() {
            "attempt" => self.attempt = Some(value),
            "status" => self.status = Some(value),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = Some(format!("{value:?}")),
            "delay" => self.delay = Some(format!("{value:?}")),
            _ => {}
        }
    }
}

/// A `Duration` from its `Debug` text (`0ns`, `1s`, `12.345678ms`), exactly:
/// that text writes out every digit.
fn parse_duration(text: &str) -> Duration {
    let units = [
        ("ns", 1),
        ("µs", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
    ];
    let (number, unit) = units
        .iter()
        .find_map(|&(suffix, nanos)| Some((text.strip_suffix(suffix)?, nanos)))
        .unwrap_or_else(|| panic!("not a duration: {text}"));
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let scale = 10u128.pow(fraction.len() as u32);
    let digits: u128 = format!("{whole}{fraction}").parse().unwrap();
    Duration::from_nanos((digits * unit / scale) as u64)
}

/// A raw HTTP server on loopback: `handle` gets each accepted connection
/// and its number (from 0).
pub struct RawServer {
    pub base: String,
    pub connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start<F, Fut>(handle: F) -> RawServer
    where
        F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        Self::on(TcpListener::bind("127.0.0.1:0").await.unwrap(), handle)
    }

    /// Serves on `listener`.
    pub fn on<F, Fut>(listener: TcpListener, handle: F) -> RawServer
    where
        F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let base = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let number = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handle(stream, number));
            }
        });
        RawServer { base, connections }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the
/// client closed the connection first.
pub async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buffer.len() >= end + 4 + length {
                return Some(String::from_utf8_lossy(&buffer).into_owned());
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Writes `bytes`, ignoring a client that has gone.
pub async fn write(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).await.is_ok()
}

/// A complete response with a JSON body.
pub fn json_response(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}
