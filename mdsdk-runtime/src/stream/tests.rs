//! Streams against event-stream servers of our own on loopback, which
//! write exactly the bytes each test needs and cut connections where it
//! says.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::Method;
use crate::call::Endpoint;
use crate::client::{Api, ApiDefaults, Client, ClientBuilder};
use crate::error::Error;
use crate::stream::{Event, EventStream, StreamError, StreamRequest};

crate::stream_events! {
    /// The events of the test stream.
    enum ThingEvent {
        /// A number.
        "count" => Count(u64),
        /// Any JSON.
        "reading" => Reading(Value),
        /// An event without a name.
        "message" => Message(Value),
    }
}

struct Readings(crate::Call);
crate::stream_request!(Readings -> ThingEvent, Value);

const READINGS: Endpoint = Endpoint {
    action: "things.readings",
    method: Method::GET,
    path: "/things/{id}/readings",
    success: &[200],
};

#[derive(Debug)]
struct Things(Client);

impl Api for Things {
    type ErrorBody = Value;
    const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
        base_url: "http://127.0.0.1:9",
        headers: &[],
        query: &[("_links", "true")],
        user_agent: "stream-tests",
    };
    fn from_client(client: Client) -> Self {
        Things(client)
    }
}

/// What one connection of the server does, in order.
#[derive(Clone, Debug)]
enum Step {
    /// Writes this text.
    Send(String),
    /// Writes these bytes, text or not.
    SendBytes(Vec<u8>),
    /// Waits.
    Wait(Duration),
    /// Holds the connection open until the client closes it.
    Hang,
}

/// A connection's answer: its status line and headers, then its steps;
/// the connection is closed after the last step.
#[derive(Clone, Debug)]
struct Answer {
    head: String,
    steps: Vec<Step>,
}

fn events(steps: Vec<Step>) -> Answer {
    Answer {
        head: "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n".into(),
        steps,
    }
}

fn status(status: &str, body: &str, extra: &str) -> Answer {
    Answer {
        head: format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\n\r\n{body}",
            body.len()
        ),
        steps: Vec::new(),
    }
}

fn send(text: &str) -> Step {
    Step::Send(text.into())
}

/// A loopback server answering its n-th connection with the n-th answer
/// (the last one again after that).
struct Server {
    url: String,
    /// The head of every request, in order.
    requests: Arc<Mutex<Vec<String>>>,
    /// Signalled when the client closes a connection the server holds.
    closed: Arc<Notify>,
    /// The bytes the server has written.
    written: Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    async fn start(answers: Vec<Answer>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(Notify::new());
        let written = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let server = Server {
            url,
            requests: requests.clone(),
            closed: closed.clone(),
            written: written.clone(),
        };
        tokio::spawn(async move {
            for n in 0.. {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let answer = answers[n.min(answers.len() - 1)].clone();
                let (requests, closed, written) =
                    (requests.clone(), closed.clone(), written.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    requests
                        .lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&head).into_owned());
                    if socket.write_all(answer.head.as_bytes()).await.is_err() {
                        return;
                    }
                    for step in answer.steps {
                        match step {
                            Step::Send(text) => {
                                if socket.write_all(text.as_bytes()).await.is_err() {
                                    return;
                                }
                                written.fetch_add(text.len(), std::sync::atomic::Ordering::SeqCst);
                            }
                            Step::SendBytes(bytes) => {
                                if socket.write_all(&bytes).await.is_err() {
                                    return;
                                }
                            }
                            Step::Wait(time) => tokio::time::sleep(time).await,
                            Step::Hang => {
                                let mut rest = [0u8; 64];
                                while socket.read(&mut rest).await.unwrap_or(0) > 0 {}
                                closed.notify_one();
                                return;
                            }
                        }
                    }
                });
            }
        });
        server
    }

    fn client(&self) -> Client {
        let Things(client) = ClientBuilder::<Things>::new()
            .base_url(&self.url)
            .auth_token("secret-token")
            .build()
            .unwrap();
        client
    }

    fn readings(&self) -> Readings {
        Readings(self.client().stream_call(&READINGS, &["t1"]))
    }

    fn request(&self, n: usize) -> String {
        self.requests.lock().unwrap()[n].clone()
    }

    fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

/// The `Last-Event-ID` a request head sends, if any.
fn last_event_id(head: &str) -> Option<String> {
    head.lines()
        .find_map(|line| line.strip_prefix("last-event-id: "))
        .map(str::to_owned)
}

async fn next(stream: &mut EventStream<ThingEvent, Value>) -> Event<ThingEvent> {
    let next = tokio::time::timeout(Duration::from_secs(20), stream.next());
    next.await
        .expect("an event within 20 s")
        .expect("an event")
        .expect("not an error")
}

async fn end(stream: &mut EventStream<ThingEvent, Value>) -> Option<Error<Value>> {
    let next = tokio::time::timeout(Duration::from_secs(20), stream.next());
    match next.await.expect("the end within 20 s") {
        None => None,
        Some(Err(e)) => Some(e),
        Some(Ok(event)) => panic!("an event: {event:?}"),
    }
}

/// A server's `retry:` of 10 ms: the tests' reconnections are quick.
const QUICK: &str = "retry: 10\n\n";

#[tokio::test]
async fn each_event_is_decoded_by_its_name_and_an_undeclared_one_is_kept_raw() {
    let server = Server::start(vec![events(vec![
        send("event: count\nid: 1\ndata: 42\n\n"),
        send("event: reading\ndata: {\"temp\": 21.5}\n\n"),
        send("data: \"no name\"\n\n"),
        send("id: 2\nevent: surprise\ndata: {not json\n\n"),
    ])])
    .await;
    let mut stream = server.readings().await.unwrap();
    let first = next(&mut stream).await;
    assert_eq!(first.data, ThingEvent::Count(42));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(
        next(&mut stream).await.data,
        ThingEvent::Reading(json!({"temp": 21.5}))
    );
    let unnamed = next(&mut stream).await;
    assert_eq!(unnamed.data, ThingEvent::Message(json!("no name")));
    // The id stays the last one set.
    assert_eq!(unnamed.id.as_deref(), Some("1"));
    let surprise = next(&mut stream).await;
    assert_eq!(
        surprise.data,
        ThingEvent::Unknown {
            name: "surprise".into(),
            data: "{not json".into()
        }
    );
    assert_eq!(surprise.id.as_deref(), Some("2"));
    // The stream sends none of the client's default query, and asks for
    // an event stream with the client's token.
    let head = server.request(0);
    assert!(
        head.starts_with("GET /things/t1/readings HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("accept: text/event-stream\r\n"), "{head}");
    assert!(
        head.contains("authorization: Bearer secret-token\r\n"),
        "{head}"
    );
    assert_eq!(last_event_id(&head), None);
}

#[tokio::test]
async fn data_of_the_wrong_type_is_an_error_item_and_the_stream_goes_on() {
    let server = Server::start(vec![events(vec![
        send("event: count\ndata: \"forty-two\"\n\n"),
        send("event: count\ndata: 43\n\n"),
    ])])
    .await;
    let mut stream = server.readings().await.unwrap();
    match stream.next().await {
        Some(Err(Error::Decode { body, .. })) => assert_eq!(&body[..], b"\"forty-two\""),
        other => panic!("{other:?}"),
    }
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(43));
}

#[tokio::test]
async fn keep_alive_comments_multi_line_data_and_crlf_are_read_as_the_spec_says() {
    let server = Server::start(vec![events(vec![
        send(": keep-alive\n\n:\n"),
        send("event: reading\r\ndata: [1,\r\ndata: 2]\r\n\r\n"),
        send(": keep-alive\r\n"),
        send("event: reading\rdata: {\"a\":\rdata: \"b\\nc\"}\r\r"),
        send("event: reading\ndata: \"split"),
        send(" across writes\"\n"),
        send("\n"),
    ])])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(
        next(&mut stream).await.data,
        ThingEvent::Reading(json!([1, 2]))
    );
    assert_eq!(
        next(&mut stream).await.data,
        ThingEvent::Reading(json!({"a": "b\nc"}))
    );
    assert_eq!(
        next(&mut stream).await.data,
        ThingEvent::Reading(json!("split across writes"))
    );
}

#[tokio::test]
async fn a_cut_mid_event_drops_the_partial_event_and_reconnects_with_the_last_id() {
    let server = Server::start(vec![
        events(vec![
            send(QUICK),
            send("id: 7\nevent: count\ndata: 1\n\n"),
            send("id: 8\nevent: count\ndata: 2"),
        ]),
        events(vec![send("id: 9\nevent: count\ndata: 3\n\n"), Step::Hang]),
    ])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    let after = next(&mut stream).await;
    assert_eq!(
        after.data,
        ThingEvent::Count(3),
        "the cut event is not delivered"
    );
    assert_eq!(after.id.as_deref(), Some("9"));
    assert_eq!(server.request_count(), 2);
    assert_eq!(last_event_id(&server.request(1)).as_deref(), Some("7"));
    // Every connection carries the token.
    assert!(
        server
            .request(1)
            .contains("authorization: Bearer secret-token\r\n")
    );
}

#[tokio::test]
async fn the_servers_retry_time_is_waited_before_reconnecting() {
    let server = Server::start(vec![
        events(vec![send("retry: 1500\nevent: count\ndata: 1\n\n")]),
        events(vec![send("event: count\ndata: 2\n\n"), Step::Hang]),
    ])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    let started = tokio::time::Instant::now();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(2));
    // The default would have been at most 1.25 s.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1500), "{waited:?}");
}

#[tokio::test]
async fn a_401_ends_the_stream_when_opening_and_when_reconnecting() {
    let unauthorized = status(
        "401 Unauthorized",
        r#"{"type":"Unauthorized","message":"no"}"#,
        "",
    );
    let server = Server::start(vec![unauthorized.clone()]).await;
    match server.readings().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 401);
            assert_eq!(
                e.body,
                Some(json!({"type": "Unauthorized", "message": "no"}))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 1, "a 401 is not retried");

    let server = Server::start(vec![
        events(vec![send(QUICK), send("event: count\ndata: 1\n\n")]),
        unauthorized,
    ])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    match end(&mut stream).await {
        Some(Error::Api(e)) => assert_eq!(e.status.as_u16(), 401),
        other => panic!("{other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "nothing after the last error"
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_503_and_a_429_are_retried_until_the_stream_opens() {
    let server = Server::start(vec![
        status("503 Service Unavailable", "{}", ""),
        status("429 Too Many Requests", "{}", "retry-after: 1\r\n"),
        events(vec![send("event: count\ndata: 1\n\n"), Step::Hang]),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    assert_eq!(server.request_count(), 3);
    // The 429's `Retry-After` of a second was waited.
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn reconnects_stop_at_the_limit_with_the_last_failure() {
    let server = Server::start(vec![status("503 Service Unavailable", "{}", "")]).await;
    let opened = server.readings().with_max_reconnects(2).await;
    match opened {
        Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 503),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.request_count(),
        3,
        "the first connection and two more"
    );
}

#[tokio::test]
async fn a_server_that_says_204_ends_the_stream_without_an_error() {
    let server = Server::start(vec![
        events(vec![send(QUICK), send("event: count\ndata: 1\n\n")]),
        status("204 No Content", "", ""),
    ])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    assert!(end(&mut stream).await.is_none());
}

#[tokio::test]
async fn an_idle_connection_is_replaced_after_the_idle_limit() {
    let server = Server::start(vec![
        events(vec![
            send(QUICK),
            send("id: 1\nevent: count\ndata: 1\n\n"),
            Step::Hang,
        ]),
        events(vec![send("event: count\ndata: 2\n\n"), Step::Hang]),
    ])
    .await;
    let mut stream = server
        .readings()
        .with_idle_timeout(Duration::from_millis(300))
        .await
        .unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    let started = tokio::time::Instant::now();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(2));
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(last_event_id(&server.request(1)).as_deref(), Some("1"));
}

#[tokio::test]
async fn keep_alives_keep_a_connection_from_being_idle() {
    // 2.5 s of keep-alives, one every 100 ms, against an idle limit of
    // 1 s: ten times the gap between them.
    let mut steps = vec![send(QUICK)];
    for _ in 0..25 {
        steps.push(Step::Wait(Duration::from_millis(100)));
        steps.push(send(":\n"));
    }
    steps.push(send("event: count\ndata: 1\n\n"));
    steps.push(Step::Hang);
    let server = Server::start(vec![events(steps)]).await;
    let mut stream = server
        .readings()
        .with_idle_timeout(Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn the_idle_limit_is_three_keep_alive_intervals_of_the_request() {
    let mut call = Server::start(vec![]).await.readings().0;
    assert_eq!(call.idle_limit(), None);
    call.keep_alive_param("keepAliveInterval", 2.0);
    assert_eq!(call.idle_limit(), Some(Duration::from_secs(6)));
    call.query("keepAliveInterval", 5);
    assert_eq!(call.idle_limit(), Some(Duration::from_secs(15)));
    // The parameter goes in the query, without the client's defaults.
    assert_eq!(call.url().unwrap().query(), Some("keepAliveInterval=5"));
}

#[tokio::test]
async fn an_oversized_event_ends_the_stream_with_a_typed_error() {
    let big = format!("event: reading\ndata: \"{}\"\n\n", "x".repeat(5000));
    let server = Server::start(vec![events(vec![
        send("event: count\ndata: 1\n\n"),
        send(&big),
    ])])
    .await;
    let mut stream = server
        .readings()
        .with_max_event_size(4096)
        .open()
        .await
        .unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    match end(&mut stream).await {
        Some(Error::Stream(StreamError::TooLarge { limit: 4096 })) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 1, "not reconnected");
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let server = Server::start(vec![events(vec![
        send("event: count\ndata: 1\n\n"),
        Step::Hang,
    ])])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    let closed = server.closed.notified();
    drop(stream);
    tokio::time::timeout(Duration::from_secs(20), closed)
        .await
        .expect("the server sees the connection close");
}

#[tokio::test]
async fn a_body_that_is_not_an_event_stream_ends_it() {
    let server = Server::start(vec![status("200 OK", "{}", "")]).await;
    match server.readings().await {
        Err(Error::Stream(StreamError::NotAnEventStream { content_type })) => {
            assert_eq!(content_type, "application/json")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_slow_consumer_slows_the_server_instead_of_filling_memory() {
    const EVENTS: usize = 1000;
    const SIZE: usize = 64 * 1024;
    let event = format!("event: reading\ndata: \"{}\"\n\n", "x".repeat(SIZE));
    let steps = (0..EVENTS).map(|_| Step::Send(event.clone())).collect();
    let server = Server::start(vec![events(steps)]).await;
    let mut stream = server.readings().await.unwrap();
    for _ in 0..100 {
        next(&mut stream).await;
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // 100 events read of 1,000 (64 MB): what the server could write
    // beyond them is what the sockets and the client's buffer hold, not
    // the rest of the stream.
    let written = server.written.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        written < 40 * 1024 * 1024,
        "the server wrote {written} bytes"
    );
    let mut read = 100;
    while let Some(item) = stream.next().await {
        item.unwrap();
        read += 1;
        if read == EVENTS {
            break;
        }
    }
    assert_eq!(read, EVENTS);
}

#[tokio::test]
async fn each_connection_goes_through_the_hook_and_each_reconnect_is_logged() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let server = Server::start(vec![
        events(vec![send(QUICK), send("id: a\nevent: count\ndata: 1\n\n")]),
        events(vec![send("event: count\ndata: 2\n\n"), Step::Hang]),
    ])
    .await;
    let hooked = Arc::new(AtomicUsize::new(0));
    let seen = hooked.clone();
    let Things(client) = ClientBuilder::<Things>::new()
        .base_url(&server.url)
        .request_hook(move |request: &mut reqwest::Request| {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            request
                .headers_mut()
                .insert("x-signed", n.to_string().parse().unwrap());
            Ok(())
        })
        .build()
        .unwrap();
    let ((first, second), messages) = first_two_logged(&client).await;
    assert_eq!(
        (first, second),
        (ThingEvent::Count(1), ThingEvent::Count(2))
    );
    assert_eq!(hooked.load(Ordering::SeqCst), 2);
    assert!(server.request(0).contains("x-signed: 0\r\n"));
    assert!(server.request(1).contains("x-signed: 1\r\n"));
    assert_eq!(last_event_id(&server.request(1)).as_deref(), Some("a"));
    let reconnects: Vec<_> = messages
        .iter()
        .filter(|m| m.starts_with("reconnecting the event stream"))
        .collect();
    assert_eq!(reconnects.len(), 1, "{messages:?}");
    assert!(
        reconnects[0].contains("action=things.readings"),
        "{messages:?}"
    );
    assert!(
        reconnects[0].contains("why=the server ended the connection"),
        "{messages:?}"
    );
}

/// The first two events of the stream `client` opens, and the runtime's
/// `tracing` events meanwhile (`Logged`).
async fn first_two_logged(client: &Client) -> ((ThingEvent, ThingEvent), Vec<String>) {
    use tracing::instrument::WithSubscriber;

    let logged = Logged::default();
    let dispatch = tracing::Dispatch::new(logged.clone());
    // A second dispatcher makes callsites ask every one, this included.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();
    let read = async {
        let call = client.stream_call(&READINGS, &["t1"]);
        let mut stream = Readings(call).await.unwrap();
        (next(&mut stream).await.data, next(&mut stream).await.data)
    };
    let read = read.with_subscriber(dispatch).await;
    let messages = logged.0.lock().unwrap().clone();
    (read, messages)
}

/// A subscriber that keeps each event of the runtime as its message
/// followed by its other fields (`name=value`).
#[derive(Clone, Default)]
struct Logged(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Logged {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.is_event() && metadata.target().starts_with("mdsdk_runtime")
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = LoggedLine::default();
        event.record(&mut line);
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", line.message, line.fields.join(" ")));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[derive(Default)]
struct LoggedLine {
    message: String,
    fields: Vec<String>,
}

impl tracing::field::Visit for LoggedLine {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.fields.push(format!("{}={value}", field.name()));
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            name => self.fields.push(format!("{name}={value:?}")),
        }
    }
}

#[tokio::test]
async fn the_mock_sends_each_connection_its_events_then_ends_the_stream() {
    let mock = crate::mock::MockServer::start().await;
    let route = mock.stream_route::<ThingEvent, Value>(&READINGS);
    route
        .sends([ThingEvent::Count(1), ThingEvent::Count(2)])
        .sends(&[ThingEvent::Unknown {
            name: "note".into(),
            data: "two\nlines".into(),
        }]);
    let Things(client) = ClientBuilder::<Things>::new()
        .base_url(mock.url())
        .build()
        .unwrap();
    let mut stream = Readings(client.stream_call(&READINGS, &["t1"]))
        .await
        .unwrap();
    let mut got = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        got.push((event.id.unwrap(), event.data));
    }
    let note = ThingEvent::Unknown {
        name: "note".into(),
        data: "two\nlines".into(),
    };
    assert_eq!(
        got,
        [
            ("1".into(), ThingEvent::Count(1)),
            ("2".into(), ThingEvent::Count(2)),
            ("3".into(), note)
        ]
    );
    // Two connections with events, then the `204` that ended the stream.
    let calls = route.calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].path_param("id"), Some("t1"));
    assert_eq!(calls[0].header("last-event-id"), None);
    assert_eq!(calls[1].header("last-event-id"), Some("2"));
    assert_eq!(calls[2].header("last-event-id"), Some("3"));

    // An error answer ends the stream as the API's would.
    route.fails(404, json!({"type": "NotFound", "message": "no such thing"}));
    match Readings(client.stream_call(&READINGS, &["t2"])).await {
        Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 404),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_undeclared_event_is_reported_when_the_client_reports_undocumented_properties() {
    for report in [true, false] {
        let server = Server::start(vec![events(vec![
            send("event: surprise\ndata: {}\n\n"),
            send("event: count\ndata: 1\n\n"),
            Step::Hang,
        ])])
        .await;
        let Things(client) = ClientBuilder::<Things>::new()
            .base_url(&server.url)
            .report_undocumented(report)
            .build()
            .unwrap();
        let ((first, second), messages) = first_two_logged(&client).await;
        assert!(matches!(first, ThingEvent::Unknown { .. }), "{first:?}");
        assert_eq!(second, ThingEvent::Count(1));
        let reported: Vec<_> = messages
            .iter()
            .filter(|m| m.starts_with("an event the docs do not declare"))
            .collect();
        if report {
            assert_eq!(reported.len(), 1, "{messages:?}");
            assert!(
                reported[0].contains("action=things.readings"),
                "{messages:?}"
            );
            assert!(reported[0].contains("event=\"surprise\""), "{messages:?}");
        } else {
            assert!(reported.is_empty(), "{messages:?}");
        }
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_followed_without_the_token() {
    let elsewhere = Server::start(vec![events(vec![
        send("event: count\ndata: 1\n\n"),
        Step::Hang,
    ])])
    .await;
    let location = format!("location: {}/moved\r\n", elsewhere.url);
    let server = Server::start(vec![status("307 Temporary Redirect", "", &location)]).await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    assert!(
        server
            .request(0)
            .contains("authorization: Bearer secret-token\r\n")
    );
    let moved = elsewhere.request(0);
    assert!(moved.starts_with("GET /moved HTTP/1.1\r\n"), "{moved}");
    assert!(!moved.contains("authorization"), "{moved}");
    assert!(moved.contains("accept: text/event-stream\r\n"), "{moved}");
}

#[tokio::test]
async fn a_stream_that_is_not_utf_8_ends_with_a_typed_error_and_no_reconnect() {
    let mut bad = b"event: reading\ndata: \"".to_vec();
    bad.extend_from_slice(&[0xff, 0xfe]);
    bad.extend_from_slice(b"\"\n\n");
    let server = Server::start(vec![events(vec![
        send("event: count\ndata: 1\n\n"),
        Step::SendBytes(bad),
        Step::Hang,
    ])])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    match end(&mut stream).await {
        Some(Error::Stream(StreamError::Malformed)) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 1, "not reconnected");
}

#[tokio::test]
async fn a_retry_longer_than_the_reconnect_time_ends_the_stream_at_once() {
    let server = Server::start(vec![events(vec![send(
        "retry: 18446744073709551615\nevent: count\ndata: 1\n\n",
    )])])
    .await;
    let mut stream = server.readings().await.unwrap();
    assert_eq!(next(&mut stream).await.data, ThingEvent::Count(1));
    // No wait of 584 million years, no overflow: the wait would outlast
    // the default reconnect time, so the stream ends with why.
    match end(&mut stream).await {
        Some(Error::Stream(StreamError::Ended)) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 1);
}
