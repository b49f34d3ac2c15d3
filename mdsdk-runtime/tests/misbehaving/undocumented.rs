//! Issue 23, item 10: a property the docs do not describe never fails a
//! call whose documented part decodes. Its value is kept as written where
//! a `serde_json::Value` holds it exactly; one it cannot hold (nested
//! deeper than serde_json reads, a number out of `f64`'s range, an integer
//! wider than 64 bits) is skipped, and a `tracing` event names it.

use std::sync::{Arc, Mutex};

use mdsdk_runtime::{Endpoint, Error, Method, json_struct};
use serde_json::{Map, Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestApi, builder};

/// A thing whose schema allows other properties, kept in `extra`.
#[derive(Debug)]
pub struct Open {
    id: String,
    owner: Option<Owner>,
    extra: Map<String, Value>,
}
json_struct!(Open {
    id: "id" required String,
    owner: "owner" optional Owner,
} extra extra: Map<String, Value>);

#[derive(Debug)]
pub struct Owner {
    name: Option<String>,
    extra: Map<String, Value>,
}
json_struct!(Owner { name: "name" optional String } extra extra: Map<String, Value>);

/// A thing whose schema allows no other properties: they are dropped.
#[derive(Debug)]
pub struct Closed {
    id: String,
}
json_struct!(Closed { id: "id" required String });

pub struct GetOpen(mdsdk_runtime::Call);
mdsdk_runtime::request!(GetOpen -> Open, Value);

pub struct GetClosed(mdsdk_runtime::Call);
mdsdk_runtime::request!(GetClosed -> Closed, Value);

const GET: Endpoint = Endpoint {
    action: "things.get",
    method: Method::GET,
    path: "/things/{id}",
    success: &[200],
};

/// A server answering every request with `body`, as written.
async fn answering(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> TestApi {
    builder(&server.uri())
        .report_undocumented(false)
        .build()
        .unwrap()
}

async fn open(body: &str) -> Result<Open, Error> {
    let server = answering(body).await;
    GetOpen(client(&server).0.call(&GET, &["t1"])).await
}

async fn closed(body: &str) -> Result<Closed, Error> {
    let server = answering(body).await;
    GetClosed(client(&server).0.call(&GET, &["t1"])).await
}

/// `depth` arrays, one inside the other.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// The values a `Value` cannot hold as written.
fn unkeepable() -> [(&'static str, String); 5] {
    [
        ("deep", nested(130)),
        ("huge", "1e400".to_owned()),
        ("wide", "100000000000000000000000000000".to_owned()),
        ("negative", "-100000000000000000000000000000".to_owned()),
        ("tiny", "1e-400".to_owned()),
    ]
}

#[tokio::test]
async fn a_value_that_cannot_be_kept_is_skipped_and_the_call_succeeds() {
    for (name, value) in unkeepable() {
        let body = format!(
            r#"{{"id": "t1", "{name}": {value}, "kept": 1,
                "owner": {{"{name}": {value}, "name": "n", "also": [2]}}}}"#
        );

        let thing = open(&body)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));

        assert_eq!(thing.id, "t1");
        assert!(!thing.extra.contains_key(name), "{name}: {:?}", thing.extra);
        assert_eq!(thing.extra["kept"], 1, "{name}");
        let owner = thing.owner.unwrap();
        assert_eq!(owner.name.as_deref(), Some("n"));
        assert!(!owner.extra.contains_key(name), "{name}: {:?}", owner.extra);
        assert_eq!(owner.extra["also"], json!([2]), "{name}");

        // Where the schema allows no other properties, they are dropped.
        assert_eq!(closed(&body).await.unwrap().id, "t1", "{name}");
    }
}

#[tokio::test]
async fn values_a_value_holds_are_kept_as_written() {
    // 127 arrays deep is as deep as serde_json reads a value; inside the
    // owner, the body is 129 deep, which serde_json refuses as a whole.
    let deep = nested(127);
    let body = format!(
        r#"{{"id": "t1", "owner": {{"deep": {deep}}},
            "largest": 18446744073709551615, "smallest": -9223372036854775808,
            "float": 0.1, "zero": 0e-400, "exp": 1.5e300,
            "text": "a\"b\u00e9", "list": [1, {{"a": null, "b": [true, false]}}],
            "caf\u00e9": 7}}"#
    );

    let thing = open(&body).await.unwrap();

    let written: Value = serde_json::from_str(&body.replace(&deep, "null")).unwrap();
    let owner = thing.owner.unwrap();
    assert_eq!(serde_json::to_string(&owner.extra["deep"]).unwrap(), deep);
    for name in [
        "largest", "smallest", "float", "zero", "exp", "text", "list",
    ] {
        assert_eq!(thing.extra[name], written[name], "{name}");
    }
    assert_eq!(thing.extra["largest"].as_u64(), Some(u64::MAX));
    assert_eq!(thing.extra["smallest"].as_i64(), Some(i64::MIN));
    // A name written with an escape.
    assert_eq!(thing.extra["café"], 7);
}

#[tokio::test]
async fn a_value_that_cannot_be_kept_under_a_name_with_an_escape_is_skipped() {
    let body = r#"{"id": "t1", "caf\u00e9": 1e400, "plain": 2, "sp\u0061ce": 3}"#;

    let thing = open(body).await.unwrap();

    // The call succeeds; the values under names with an escape are
    // skipped, the others kept.
    assert_eq!(thing.id, "t1");
    assert_eq!(thing.extra.keys().collect::<Vec<_>>(), ["plain"]);
}

#[tokio::test]
async fn a_documented_part_that_fails_is_named_past_an_unkeepable_value() {
    let body = r#"{"huge": 1e400, "deep": [[[[]]]], "id": 5}"#;

    let error = open(body).await.unwrap_err();

    let Error::Decode { path, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(path, "id");
}

/// The `WARN` events of target `mdsdk_runtime::undocumented`, each as its
/// fields' `name=value` joined by spaces.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<String>>>);

impl tracing::Subscriber for Events {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "mdsdk_runtime::undocumented"
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields(Vec<String>);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push(format!("{}={value:?}", field.name()));
            }
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                self.0.push(format!("{}={value}", field.name()));
            }
        }
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0.join(" "));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn a_skipped_value_is_reported_by_path_even_with_the_report_off() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    // A second dispatcher makes tracing ask each one for its interest.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();
    let body = r#"{"id": "t1", "huge": 1e400, "kept": 1,
                   "owner": {"deep": [[[[1e999]]]], "name": "n"}}"#;

    let thing = open(body).await.unwrap();

    assert_eq!(thing.extra["kept"], 1);
    let events = events.0.lock().unwrap().clone();
    let [event] = &events[..] else {
        panic!("one event expected: {events:?}")
    };
    assert!(event.contains("action=things.get"), "{event}");
    assert!(event.contains("count=2"), "{event}");
    assert!(event.contains("properties=huge, owner.deep"), "{event}");
    assert!(
        event.contains("could not be kept as written and were skipped"),
        "{event}"
    );
}
