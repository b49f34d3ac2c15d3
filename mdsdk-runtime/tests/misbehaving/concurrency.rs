//! Item 7: a client can bound its requests in flight, and so the
//! connections it opens to a host.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::task::JoinSet;

use crate::support::{RawServer, TestApi, builder, json_response, read_request, write};

/// A keep-alive server answering `{}` after 30 ms, that records the most
/// requests it had in hand at once.
async fn slow_server() -> (RawServer, Arc<AtomicUsize>) {
    let (current, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let seen = most.clone();
    let server = RawServer::start(move |mut stream: TcpStream, _| {
        let (current, most) = (current.clone(), most.clone());
        async move {
            while read_request(&mut stream).await.is_some() {
                let now = current.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(30)).await;
                current.fetch_sub(1, Ordering::SeqCst);
                if !write(&mut stream, json_response("200 OK", "{}").as_bytes()).await {
                    return;
                }
            }
        }
    })
    .await;
    (server, seen)
}

async fn forty_calls(client: TestApi) {
    let mut calls = JoinSet::new();
    for _ in 0..40 {
        let client = client.clone();
        calls.spawn(async move { client.get().await });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_limit_is_in_flight_and_connected() {
    let (server, most) = slow_server().await;
    let client = builder(&server.base)
        .max_concurrent_requests(4)
        .build()
        .unwrap();

    forty_calls(client).await;

    assert_eq!(most.load(Ordering::SeqCst), 4);
    assert!(
        server.connections() <= 4,
        "{} connections",
        server.connections()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_limit_calls_run_side_by_side() {
    // The measure above can fail: without the limit it sees far more.
    let (server, most) = slow_server().await;

    forty_calls(builder(&server.base).build().unwrap()).await;

    assert!(most.load(Ordering::SeqCst) > 4);
    assert!(server.connections() > 4);
}
