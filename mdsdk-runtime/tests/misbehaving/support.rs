//! What every test uses: an API of the runtime's own (as a generated crate
//! declares one), and small loopback servers, wiremock's for the ordinary
//! answers and raw TCP ones for the misbehaviour wiremock cannot produce.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mdsdk_runtime::{Api, ApiDefaults, Call, Client, ClientBuilder, Endpoint, Method};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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

/// Checks that `elapsed` is within `[at_least, at_most]`.
pub fn assert_took(started: Instant, at_least: Duration, at_most: Duration) {
    let elapsed = started.elapsed();
    assert!(
        elapsed >= at_least && elapsed <= at_most,
        "took {elapsed:?}, expected {at_least:?} to {at_most:?}"
    );
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
