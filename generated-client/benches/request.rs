//! What the generated client costs per call, next to the same call written
//! by hand with reqwest, against one loopback server: `cargo bench -p
//! losant-rest`. Both send the same method, URL, query and headers
//! (user agent included), with the same timeout (the client's default),
//! and decode the same model. Also the cost of building a request without
//! sending it (path, query, headers, JSON body).

use std::hint::black_box;

use criterion::Criterion;
use losant_rest::models::{Organization, OrganizationInvitationPost, Role};
use losant_rest::{Client, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ORG_ID: &str = "575ec8687ae143cd83dc4a97";

/// The `User-Agent` the generated client sends.
const USER_AGENT: &str = concat!("losant-rest/", env!("CARGO_PKG_VERSION"));

const BODY: &str = r#"{"id":"575ec8687ae143cd83dc4a97","orgId":"575ec8687ae143cd83dc4a97","name":"Acme Sensors","description":"Sensors on every floor","creationDate":"2016-06-13T04:00:00.000Z","lastUpdated":"2016-06-14T04:00:00.000Z","members":[{"userId":"575ed70c7ae143cd83dc4aa9","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","role":"admin"},{"userId":"575ed70c7ae143cd83dc4aaa","firstName":"Bob","lastName":"Builder","email":"bob@example.com","role":"view"}],"summary":{"appCount":3,"dashCount":5}}"#;

/// The call through the generated client.
async fn generated(client: &Client) -> Organization {
    client.org().get(ORG_ID).await.unwrap()
}

/// The same call written by hand with reqwest: the same URL, query,
/// headers and timeout, the same model.
async fn by_hand(http: &losant_rest::reqwest::Client, url: &str) -> Organization {
    let response = http
        .get(url)
        .header("accept", "application/json")
        .header("accept-version", "^1.3.8")
        .header("authorization", "Bearer token")
        .header("user-agent", USER_AGENT)
        .timeout(mdsdk_runtime_timeout())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let body = response.bytes().await.unwrap();
    serde_json::from_slice::<Organization>(&body).unwrap()
}

/// The server started on loopback, the generated client and a plain
/// reqwest client pointed at it, and the URL the hand-written call uses.
async fn start() -> (Client, losant_rest::reqwest::Client, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener));
    let client = Client::builder()
        .base_url(&base)
        .auth_token("token")
        .build()
        .unwrap();
    let url = format!("{base}/orgs/{ORG_ID}?_actions=false&_embedded=true&_links=true");
    (client, losant_rest::reqwest::Client::new(), url)
}

/// A keep-alive HTTP/1.1 server answering every request with [`BODY`].
async fn serve(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(connection(stream));
    }
}

async fn connection(mut stream: TcpStream) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        // Read up to the end of the headers, then the body its length says.
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < end + 4 + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..end + 4 + length);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn requests(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (client, http, url) = runtime.block_on(start());

    let mut group = c.benchmark_group("GET /orgs/{orgId} on loopback");
    group.bench_function("generated client", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(generated(&client).await) })
    });
    group.bench_function("hand-written reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| async { black_box(by_hand(&http, &url).await) })
    });
    group.finish();

    let invite = OrganizationInvitationPost::new("cy@example.com", Role::Edit);
    let mut group = c.benchmark_group("build a request, not sent");
    group.bench_function("get (path, query, headers)", |b| {
        b.iter(|| black_box(client.org().get(ORG_ID).call_mut().to_reqwest().unwrap()))
    });
    group.bench_function("invite_member (and a JSON body)", |b| {
        b.iter(|| {
            black_box(
                client
                    .org()
                    .invite_member(ORG_ID, &invite)
                    .call_mut()
                    .to_reqwest()
                    .unwrap(),
            )
        })
    });
    group.bench_function("hand-written reqwest get", |b| {
        b.iter(|| {
            black_box(
                http.get(&url)
                    .header("accept", "application/json")
                    .header("accept-version", "^1.3.8")
                    .header("authorization", "Bearer token")
                    .build()
                    .unwrap(),
            )
        })
    });
    group.finish();
}

/// The timeout the generated client sets on every request by default.
fn mdsdk_runtime_timeout() -> std::time::Duration {
    std::time::Duration::from_secs(60)
}

/// The overhead as a ratio measured in one run: rounds of calls through
/// each, alternating which goes first, so that the machine's drift (this
/// one is noisy) falls on both alike. Criterion's two separate
/// measurements can drift apart by more than the difference measured.
fn interleaved_overhead() -> f64 {
    const ROUNDS: usize = 40;
    const CALLS: usize = 400;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, http, url) = start().await;
        let generated = || async {
            for _ in 0..CALLS {
                black_box(generated(&client).await);
            }
        };
        let by_hand = || async {
            for _ in 0..CALLS {
                black_box(by_hand(&http, &url).await);
            }
        };
        generated().await;
        by_hand().await;
        let mut ratios = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            let (mut a, mut b) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
            for first in [round % 2 == 0, round % 2 == 1] {
                let started = std::time::Instant::now();
                if first {
                    generated().await
                } else {
                    by_hand().await
                }
                let elapsed = started.elapsed();
                if first { a = elapsed } else { b = elapsed }
            }
            ratios.push(a.as_secs_f64() / b.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        ratios[ROUNDS / 2]
    })
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    requests(&mut criterion);
    criterion.final_summary();
    let ratio = interleaved_overhead();
    println!(
        "generated client / hand-written reqwest, interleaved median: {ratio:.4} ({:+.1}%)",
        (ratio - 1.0) * 100.0
    );
    // Beside criterion's results, for `cargo xtask bench`.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(
        dir.join("overhead.json"),
        format!("{{\"ratio\": {ratio}}}\n"),
    );
}
