//! Item 2: a response body is read up to a limit and no further, whatever
//! the server sends and whatever the status.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mdsdk_runtime::{Error, Request};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Notify;

use crate::support::{HANG, PATIENCE, RawServer, at_once, builder, read_request, write};

const MIB: usize = 1024 * 1024;

/// The server side's send buffer: small, so that what it has written is
/// close to what the client has taken.
const SEND_BUFFER: u32 = 64 * 1024;

/// A server that answers `status` with an endless chunked body, counting
/// the body bytes it manages to write; `done` fires when the client is gone.
async fn endless(status: &'static str) -> (RawServer, Arc<AtomicUsize>, Arc<Notify>, usize) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_send_buffer_size(SEND_BUFFER).unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let send_buffer = socket.send_buffer_size().unwrap() as usize;
    let listener = socket.listen(16).unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(Notify::new());
    let (count, finished) = (written.clone(), done.clone());
    let server = RawServer::on(listener, move |mut stream: TcpStream, _| {
        let (count, finished) = (count.clone(), finished.clone());
        async move {
            read_request(&mut stream).await;
            let head = format!("HTTP/1.1 {status}\r\ntransfer-encoding: chunked\r\n\r\n");
            let payload = vec![b'x'; 64 * 1024];
            let mut chunk = format!("{:x}\r\n", payload.len()).into_bytes();
            chunk.extend_from_slice(&payload);
            chunk.extend_from_slice(b"\r\n");
            if write(&mut stream, head.as_bytes()).await {
                while write(&mut stream, &chunk).await {
                    count.fetch_add(payload.len(), Ordering::SeqCst);
                }
            }
            finished.notify_one();
        }
    });
    (server, written, done, send_buffer)
}

/// The most the client's kernel may hold for it: its receive buffer's
/// largest size, as autotuning may grow it.
fn receive_buffer_max() -> usize {
    let text = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_rmem").unwrap();
    text.split_whitespace().nth(2).unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_and_memory_stays_bounded() {
    let (server, written, done, send_buffer) = endless("200 OK").await;
    let client = builder(&server.base)
        .max_response_size(MIB)
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap();

    // At once: a body read on until the deadline ends in a timeout, not in
    // `BodyTooLarge`.
    let err = at_once(client.get()).await.unwrap_err();

    let Error::BodyTooLarge {
        status,
        limit,
        ref prefix,
        ..
    } = err
    else {
        panic!("expected Error::BodyTooLarge, got {err:?}")
    };
    assert_eq!((status.as_u16(), limit), (200, MIB));
    assert_eq!(&prefix[..], &[b'x'; 1024][..], "the first KiB is kept");
    assert_eq!(
        err.to_string(),
        "the 200 OK response body is larger than the limit of 1048576 bytes \
         (`max_response_size` sets it)"
    );
    // The server writes until the client has gone: what it got rid of is
    // what the client read (at most the limit) plus what the sockets and
    // hyper's read buffer held. Without a limit it is gigabytes in 5 s.
    tokio::time::timeout(PATIENCE, done.notified())
        .await
        .expect("the client closed the connection");
    let written = written.load(Ordering::SeqCst);
    let bound = MIB + receive_buffer_max() + send_buffer + MIB;
    assert!(
        written <= bound,
        "the server wrote {written} bytes, bound {bound}"
    );
    eprintln!("endless body: the server wrote {written} bytes before the client gave up");
}

#[tokio::test]
async fn an_error_status_body_is_limited_too() {
    let (server, _, _, _) = endless("500 Internal Server Error").await;
    let client = builder(&server.base)
        .max_response_size(MIB)
        .build()
        .unwrap();

    let err = client.get().await.unwrap_err();

    assert!(
        matches!(&err, Error::BodyTooLarge { status, .. } if status.as_u16() == 500),
        "{err:?}"
    );
    assert_eq!(err.raw_body().map(|b| b.len()), Some(1024));
}

#[tokio::test]
async fn a_declared_length_over_the_limit_fails_before_any_body_arrives() {
    // The head promises 500 MB, then the server sends nothing more.
    let server = RawServer::start(|mut stream: TcpStream, _| async move {
        read_request(&mut stream).await;
        write(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 500000000\r\n\r\n",
        )
        .await;
        tokio::time::sleep(HANG).await;
    })
    .await;
    let client = builder(&server.base).build().unwrap();

    // At once: not after waiting for a body that does not come.
    let err = at_once(client.get()).await.unwrap_err();

    assert!(
        matches!(&err, Error::BodyTooLarge { limit, prefix, .. }
            if *limit == mdsdk_runtime::DEFAULT_MAX_RESPONSE_SIZE && prefix.is_empty()),
        "{err:?}"
    );
}

/// A server answering a JSON string of `length` bytes in chunks of 10,
/// without a `Content-Length`.
async fn chunked_json_of(length: usize) -> RawServer {
    RawServer::start(move |mut stream: TcpStream, _| async move {
        while read_request(&mut stream).await.is_some() {
            let body = format!("\"{}\"", "y".repeat(length - 2));
            let mut response = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
            for piece in body.as_bytes().chunks(10) {
                response.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                response.extend_from_slice(piece);
                response.extend_from_slice(b"\r\n");
            }
            response.extend_from_slice(b"0\r\n\r\n");
            if !write(&mut stream, &response).await {
                return;
            }
        }
    })
    .await
}

#[tokio::test]
async fn the_limit_is_exact_and_set_per_request() {
    let server = chunked_json_of(100).await;
    let client = builder(&server.base).max_response_size(99).build().unwrap();

    let err = client.get().await.unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge { limit: 99, .. }),
        "{err:?}"
    );
    let body = client.get().with_max_response_size(100).await.unwrap();
    assert_eq!(body.as_str().map(str::len), Some(98));
}
