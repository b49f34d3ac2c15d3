//! What the response size limit costs: a 1 MB body from a loopback server
//! read by `mdsdk_runtime`'s limited read (with the default 32 MiB limit)
//! and by `reqwest::Response::bytes`, the whole read the runtime did
//! before: `cargo bench -p mdsdk-runtime`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use mdsdk_runtime::DEFAULT_MAX_RESPONSE_SIZE;
use mdsdk_runtime::body::read_limited;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const BODY_SIZE: usize = 1_000_000;

/// A keep-alive server answering every request with a 1 MB body; its URL.
async fn start() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/body", listener.local_addr().unwrap());
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {BODY_SIZE}\r\n\r\n"
    )
    .into_bytes();
    response.resize(response.len() + BODY_SIZE, b'7');
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, response.clone()));
        }
    });
    url
}

/// Answers each request (a GET: its head ends the request) with `response`.
async fn connection(mut stream: TcpStream, response: Vec<u8>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(end) => {
                buffer.drain(..end + 4);
                if stream.write_all(&response).await.is_err() {
                    return;
                }
            }
            None => match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            },
        }
    }
}

async fn whole(http: &reqwest::Client, url: &str) -> usize {
    let response = http.get(url).send().await.unwrap();
    response.bytes().await.unwrap().len()
}

async fn limited(http: &reqwest::Client, url: &str) -> usize {
    let response = http.get(url).send().await.unwrap();
    let body = read_limited(response, DEFAULT_MAX_RESPONSE_SIZE).await;
    body.unwrap().len()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn reads(c: &mut Criterion, runtime: &tokio::runtime::Runtime, http: &reqwest::Client, url: &str) {
    let mut group = c.benchmark_group("GET of a 1 MB body on loopback");
    group.bench_function("reqwest bytes()", |b| {
        b.to_async(runtime)
            .iter(|| async { black_box(whole(http, url).await) })
    });
    group.bench_function("limited read", |b| {
        b.to_async(runtime)
            .iter(|| async { black_box(limited(http, url).await) })
    });
    group.finish();
}

/// The cost as a ratio measured in one run: rounds of calls of each,
/// alternating which goes first, so that the machine's drift (it is noisy)
/// falls on both alike; the median of the rounds' ratios.
fn interleaved_ratio(runtime: &tokio::runtime::Runtime, http: &reqwest::Client, url: &str) -> f64 {
    const ROUNDS: usize = 40;
    const CALLS: usize = 40;
    runtime.block_on(async {
        let time = |read_limited: bool| async move {
            let started = Instant::now();
            for _ in 0..CALLS {
                let read = if read_limited {
                    limited(http, url).await
                } else {
                    whole(http, url).await
                };
                assert_eq!(black_box(read), BODY_SIZE);
            }
            started.elapsed()
        };
        time(true).await;
        time(false).await;
        let mut ratios = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
            for limited_first in [round % 2 == 0, round % 2 == 1] {
                let elapsed = time(limited_first).await;
                if limited_first {
                    ours = elapsed;
                } else {
                    theirs = elapsed;
                }
            }
            ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        ratios[ROUNDS / 2]
    })
}

fn main() {
    let runtime = runtime();
    let url = runtime.block_on(start());
    let http = reqwest::Client::new();
    let mut criterion = Criterion::default().configure_from_args();
    reads(&mut criterion, &runtime, &http, &url);
    criterion.final_summary();
    let ratio = interleaved_ratio(&runtime, &http, &url);
    println!(
        "limited read / reqwest bytes(), interleaved median: {ratio:.4} ({:+.1}%)",
        (ratio - 1.0) * 100.0
    );
}
