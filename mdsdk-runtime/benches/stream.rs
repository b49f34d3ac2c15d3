//! Events per second through a typed event stream (`Call::open_stream`:
//! the size limit's count, the parser, the decode into the event enum),
//! against the same bytes from the same loopback connection read with
//! `sse-stream` alone, and with `sse-stream` plus `serde_json` into the
//! same type, as one would write it by hand:
//! `cargo bench -p mdsdk-runtime --bench stream`.
//!
//! Each iteration opens a connection to a loopback server that writes
//! 2,000 device-state events (about 130 bytes each) and reads them all.

use std::time::Duration;

use criterion::{Criterion, Throughput};
use futures_util::StreamExt;
use mdsdk_runtime::{Api, ApiDefaults, Call, Client, ClientBuilder, Endpoint, Method};
use serde_json::{Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const EVENTS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceState {
    pub data: Map<String, Value>,
    pub time: Option<String>,
    pub flow_version: Option<String>,
}
mdsdk_runtime::json_struct!(DeviceState {
    data: "data" required Map<String, Value>,
    time: "time" optional String,
    flow_version: "flowVersion" optional String,
});

mdsdk_runtime::stream_events! {
    /// The events of the bench's stream.
    pub enum StateEvent {
        /// A state report.
        "deviceState" => DeviceState(DeviceState),
    }
}

pub struct StateStream(Call);
mdsdk_runtime::stream_request!(StateStream -> StateEvent, Value);

const STATE_STREAM: Endpoint = Endpoint {
    action: "device.state_stream",
    method: Method::GET,
    path: "/devices/{id}/stateStream",
    success: &[200],
};

struct Devices(Client);

impl Api for Devices {
    type ErrorBody = Value;
    const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
        base_url: "http://127.0.0.1:9",
        headers: &[],
        query: &[],
        user_agent: "stream-bench",
    };
    fn from_client(client: Client) -> Self {
        Devices(client)
    }
}

/// The body every connection gets.
fn body() -> String {
    let mut body = String::new();
    for n in 0..EVENTS {
        body.push_str(&format!(
            "id: {n}\nevent: deviceState\ndata: {{\"data\":{{\"temp\":{}.5,\"on\":true,\"label\":\"lamp {n}\"}},\"time\":\"2026-12-07T00:00:00.000Z\"}}\n\n",
            n % 40
        ));
    }
    body
}

/// A loopback server answering every connection with `body`, then
/// closing it (and saying so: a client must not pool it).
async fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.ends_with(b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime.block_on(serve(body()));
    let Devices(client) = ClientBuilder::<Devices>::new()
        .base_url(&url)
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let raw_url = format!("{url}/devices/d1/stateStream");

    let mut criterion = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(5));
    let mut group = criterion.benchmark_group("stream");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("typed stream", |b| {
        b.to_async(&runtime).iter(|| async {
            let call = client.stream_call(&STATE_STREAM, &["d1"]);
            let mut events = StateStream(call).await.unwrap();
            for _ in 0..EVENTS {
                let event = events.next().await.unwrap().unwrap();
                std::hint::black_box(event);
            }
        })
    });
    group.bench_function("sse-stream and serde_json", |b| {
        b.to_async(&runtime).iter(|| async {
            let mut events = raw_events(&http, &raw_url).await;
            for _ in 0..EVENTS {
                let event = events.next().await.unwrap().unwrap();
                let data = event.data.unwrap();
                // From bytes, the models' fast path (`from_str` takes the
                // general one).
                let state: DeviceState = serde_json::from_slice(data.as_bytes()).unwrap();
                std::hint::black_box((event.id, state));
            }
        })
    });
    group.bench_function("sse-stream alone", |b| {
        b.to_async(&runtime).iter(|| async {
            let mut events = raw_events(&http, &raw_url).await;
            for _ in 0..EVENTS {
                let event = events.next().await.unwrap().unwrap();
                std::hint::black_box(event);
            }
        })
    });
    group.finish();
    criterion.final_summary();
}

/// The events of one connection, parsed by `sse-stream` from the body's
/// chunks as reqwest reads them.
async fn raw_events(
    http: &reqwest::Client,
    url: &str,
) -> impl futures_util::Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> {
    let response = http
        .get(url)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    let chunks = futures_util::stream::unfold(response, |mut response| async move {
        let chunk = response.chunk().await.transpose()?;
        Some((chunk, response))
    });
    sse_stream::SseByteStream::new(Box::pin(chunks))
}
