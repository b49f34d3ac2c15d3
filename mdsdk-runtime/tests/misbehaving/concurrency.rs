//! Item 7: a client can bound its requests in flight, and so the
//! connections it opens to a host.
//!
//! Nothing here depends on how fast the machine is: the server holds the
//! first requests until the test has seen how many got through, then lets
//! them all go.

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::support::{PATIENCE, RawServer, TestApi, builder, json_response, read_request, write};

const CALLS: usize = 40;
const LIMIT: usize = 4;

/// A keep-alive server answering `{}`, that records the most requests it
/// had in hand at once. It holds each request until the test opens the
/// gate (or [`PATIENCE`] has passed, when a test has failed).
struct GatedServer {
    server: RawServer,
    in_hand: watch::Receiver<usize>,
    most: Arc<AtomicUsize>,
    gate: watch::Sender<bool>,
}

async fn gated_server() -> GatedServer {
    let (count, in_hand) = watch::channel(0usize);
    let (gate, _) = watch::channel(false);
    let (count, most) = (Arc::new(count), Arc::new(AtomicUsize::new(0)));
    let (seen, opened) = (most.clone(), gate.clone());
    let server = RawServer::start(move |mut stream: TcpStream, _| {
        let (count, most, mut opened) = (count.clone(), most.clone(), opened.subscribe());
        async move {
            while read_request(&mut stream).await.is_some() {
                count.send_modify(|n| {
                    *n += 1;
                    most.fetch_max(*n, Ordering::SeqCst);
                });
                let _ = tokio::time::timeout(PATIENCE, opened.wait_for(|open| *open)).await;
                // Let go before answering: the client's turn ends after
                // the answer, so the next request comes after this.
                count.send_modify(|n| *n -= 1);
                if !write(&mut stream, json_response("200 OK", "{}").as_bytes()).await {
                    return;
                }
            }
        }
    })
    .await;
    GatedServer {
        server,
        in_hand,
        most: seen,
        gate,
    }
}

/// What the calls of a test came to so far.
#[derive(Clone, Default)]
struct Progress {
    /// Calls polled at least once: each is then in flight or waiting for
    /// its turn.
    polled: Arc<AtomicUsize>,
    /// Attempts sent: the request hook runs only once a call has its turn.
    sent: Arc<AtomicUsize>,
}

/// `client` (built from `builder`) making [`CALLS`] calls at once, each
/// counted in `progress`.
fn calls(client: TestApi, progress: &Progress) -> JoinSet<()> {
    let mut calls = JoinSet::new();
    for _ in 0..CALLS {
        let (client, polled) = (client.clone(), progress.polled.clone());
        calls.spawn(async move {
            counting_first_poll(client.get(), &polled).await.unwrap();
        });
    }
    calls
}

/// Awaits `call`, counting in `polled` once it has been polled once.
async fn counting_first_poll<F: IntoFuture>(call: F, polled: &AtomicUsize) -> F::Output {
    let mut call = std::pin::pin!(call.into_future());
    let mut first = true;
    std::future::poll_fn(|cx| {
        let poll = call.as_mut().poll(cx);
        if std::mem::take(&mut first) {
            polled.fetch_add(1, Ordering::SeqCst);
        }
        poll
    })
    .await
}

/// A client of `server` counting its attempts in `progress`, with at most
/// `limit` requests in flight if any.
fn client(server: &GatedServer, limit: Option<usize>, progress: &Progress) -> TestApi {
    let sent = progress.sent.clone();
    let mut client = builder(&server.server.base).request_hook(
        move |_: &mut mdsdk_runtime::reqwest::Request| {
            sent.fetch_add(1, Ordering::SeqCst);
            Ok(())
        },
    );
    if let Some(limit) = limit {
        client = client.max_concurrent_requests(limit);
    }
    client.build().unwrap()
}

/// Waits until `done` holds, failing after [`PATIENCE`].
async fn until(what: &str, done: impl Fn() -> bool) {
    let waiting = async {
        while !done() {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    };
    if tokio::time::timeout(PATIENCE, waiting).await.is_err() {
        panic!("waited {PATIENCE:?} for {what}");
    }
}

/// Waits until every call has been polled and the server holds
/// `expected` requests, checks how many were sent, then lets them all go
/// and waits for the calls to end.
async fn run(
    server: &mut GatedServer,
    mut calls: JoinSet<()>,
    progress: &Progress,
    expected: usize,
) {
    until("every call to be polled", || {
        progress.polled.load(Ordering::SeqCst) == CALLS
    })
    .await;
    // (`is_ok` lets go of the value at once: the server changes it.)
    let held = tokio::time::timeout(PATIENCE, server.in_hand.wait_for(|n| *n >= expected))
        .await
        .is_ok();
    assert!(held, "the server never held {expected} requests");
    // Every call has had its first poll, and no request was answered: the
    // calls that had their turn have sent, the others wait for it.
    assert_eq!(progress.sent.load(Ordering::SeqCst), expected, "sent");
    server.gate.send_replace(true);
    while let Some(result) = calls.join_next().await {
        result.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_limit_is_in_flight_and_connected() {
    let mut server = gated_server().await;
    let progress = Progress::default();
    let client = client(&server, Some(LIMIT), &progress);

    run(&mut server, calls(client, &progress), &progress, LIMIT).await;

    // Each request in hand is on a connection of its own (HTTP/1.1 sends
    // one at a time on a connection), so this is also the most connections
    // in use at once.
    assert_eq!(server.most.load(Ordering::SeqCst), LIMIT);
    assert_eq!(progress.sent.load(Ordering::SeqCst), CALLS);
    // Connections are reused, not one opened per call. Not at most the
    // limit, though: a call that finds no idle connection has the pool
    // open one while it waits for one to come back, and the pool keeps
    // both; one just let go may come back a moment after the next call
    // looked.
    let connections = server.server.connections();
    assert!(connections <= 2 * LIMIT, "{connections} connections");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_limit_calls_run_side_by_side() {
    // The measures above can fail: without the limit they see every call.
    let mut server = gated_server().await;
    let progress = Progress::default();
    let client = client(&server, None, &progress);

    run(&mut server, calls(client, &progress), &progress, CALLS).await;

    assert_eq!(server.most.load(Ordering::SeqCst), CALLS);
    assert_eq!(server.server.connections(), CALLS);
}
