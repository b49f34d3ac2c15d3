//! The `mock` feature used as a generated crate's users would: a real
//! client of the runtime pointed at the mock server, each kind of answer,
//! and the calls it recorded.

use std::time::Duration;

use mdsdk_runtime::mock::{Answer, MockServer, NoBody};
use mdsdk_runtime::{
    Api, ApiDefaults, Call, Client, ClientBuilder, Endpoint, Error, Method, Request, RetryPolicy,
    TimeLimit,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Thing {
    id: String,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ApiFault {
    message: String,
}

impl mdsdk_runtime::ApiErrorBody for ApiFault {
    fn message(&self) -> Option<&str> {
        Some(&self.message)
    }
}

struct Things(Client);

impl Api for Things {
    type ErrorBody = ApiFault;
    const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
        base_url: "https://api.example.com",
        headers: &[("accept", "application/json")],
        query: &[("_links", "false")],
        user_agent: "mock-tests",
    };
    fn from_client(client: Client) -> Self {
        Things(client)
    }
}

const GET: Endpoint = Endpoint {
    action: "things.get",
    method: Method::GET,
    path: "/things/{id}",
    success: &[200],
};
const CREATE: Endpoint = Endpoint {
    action: "things.create",
    method: Method::POST,
    path: "/things",
    success: &[201],
};

const REMOVE: Endpoint = Endpoint {
    action: "things.remove",
    method: Method::DELETE,
    path: "/things/{id}",
    success: &[204],
};

struct Get(Call);
mdsdk_runtime::request!(Get -> Thing, ApiFault);
struct Remove(Call);
mdsdk_runtime::request!(Remove -> (), ApiFault);
struct Create(Call);
mdsdk_runtime::request!(Create -> Thing, ApiFault);

impl Things {
    fn get(&self, id: &str) -> Get {
        Get(self.0.call(&GET, &[id]))
    }

    fn create(&self, thing: &Thing) -> Create {
        let mut call = self.0.call(&CREATE, &[]);
        call.json(thing);
        Create(call)
    }
}

fn lamp() -> Thing {
    Thing {
        id: "t1".into(),
        name: "lamp".into(),
    }
}

fn client(mock: &MockServer) -> Things {
    ClientBuilder::new()
        .base_url(mock.url())
        .auth_token("token-1")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_typed_answer_is_decoded_and_the_call_recorded() {
    let mock = MockServer::start().await;
    let get = mock.route::<Thing, ApiFault, NoBody>(&GET);
    get.returns(lamp());

    let thing = client(&mock)
        .get("a/b")
        .with_query("fields", "name")
        .with_header("x-trace", "7")
        .await
        .unwrap();

    assert_eq!(thing, lamp());
    let [call] = &get.calls()[..] else {
        panic!("{:?}", mock.calls())
    };
    assert_eq!(call.method, Method::GET);
    assert_eq!(call.path, "/things/a%2Fb");
    assert_eq!(call.route.as_deref(), Some("/things/{id}"));
    assert_eq!(call.path_param("id"), Some("a/b"));
    assert_eq!(
        call.query,
        [
            ("_links".into(), "false".into()),
            ("fields".into(), "name".into())
        ]
    );
    assert_eq!(call.header("authorization"), Some("Bearer token-1"));
    assert_eq!(call.header("x-trace"), Some("7"));
    assert!(call.body.is_empty());
}

#[tokio::test]
async fn a_success_answers_with_the_documented_status_and_the_body_sent_is_recorded() {
    let mock = MockServer::start().await;
    let create = mock.route::<Thing, ApiFault, Thing>(&CREATE);
    let thing = lamp();
    // A body by reference, or by value as elsewhere.
    create.returns(&thing);

    let response = client(&mock)
        .create(&thing)
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(create.calls()[0].json().unwrap(), lamp());
    assert_eq!(
        create.calls()[0].header("content-type"),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_success_without_a_body_is_answered_with_none() {
    let mock = MockServer::start().await;
    mock.route::<(), ApiFault, NoBody>(&REMOVE).returns(());

    let things = client(&mock);
    let response = Remove(things.0.call(&REMOVE, &["t1"]))
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 204);
    // No body, so no media type: not a JSON `null`.
    assert!(response.headers().get("content-type").is_none());
    assert_eq!(
        mock.calls()[0].route.as_deref(),
        Some("/things/{id}"),
        "{:?}",
        mock.calls()
    );
}

#[tokio::test]
async fn an_error_answer_is_the_apis_error() {
    let mock = MockServer::start().await;
    mock.route::<Thing, ApiFault, NoBody>(&GET).fails(
        404,
        ApiFault {
            message: "no such thing".into(),
        },
    );

    let err = client(&mock).get("t9").await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.api_body().unwrap().message, "no such thing");
    assert_eq!(err.to_string(), "API error 404 Not Found: no such thing");
}

#[tokio::test]
async fn other_answers_are_sent_as_given() {
    let mock = MockServer::start().await;
    let get = mock.route::<Thing, ApiFault, NoBody>(&GET);

    get.answers(Answer::bytes(502, "text/html", "<h1>Bad gateway</h1>").header("x-proxy", "edge"));
    let err = client(&mock).get("t1").await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status.as_u16(), api.body.is_none()), (502, true));
    assert_eq!(&api.raw[..], b"<h1>Bad gateway</h1>");
    assert_eq!(api.headers["x-proxy"], "edge");

    get.answers(Answer::status(204));
    let err = client(&mock).get("t1").await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, .. } if status.as_u16() == 204),
        "{err:?}"
    );

    get.answers(Answer::json(200, &json!({ "id": 1 })));
    let err = client(&mock).get("t1").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "id"),
        "{err:?}"
    );

    // A delay far past the deadline, and a deadline long enough for the
    // call to reach the mock and be recorded, even on a busy machine.
    get.answers(Answer::json(200, &lamp()).delay(Duration::from_secs(60)));
    let deadline = Duration::from_secs(1);
    let err = client(&mock)
        .get("t1")
        .with_timeout(Some(deadline))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(TimeLimit::Call(limit)) if limit == deadline),
        "{err:?}"
    );
    assert_eq!(get.calls().len(), 4);
}

#[tokio::test]
async fn the_most_specific_route_answers_and_unanswered_calls_are_recorded() {
    let mock = MockServer::start().await;
    mock.on(Method::GET, "/things/{id}")
        .returns(json!({ "id": "any", "name": "x" }));
    mock.on(Method::GET, "/things/me")
        .returns(json!({ "id": "me", "name": "y" }));
    let things = client(&mock);

    assert_eq!(things.get("me").await.unwrap().id, "me");
    assert_eq!(things.get("t1").await.unwrap().id, "any");
    let err = things.create(&lamp()).await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.raw_body()
            .map(|b| serde_json::from_slice::<Value>(b).unwrap()["message"].clone()),
        Some(json!("the mock server has no answer for POST /things"))
    );
    let calls = mock.calls();
    let routes: Vec<Option<&str>> = calls.iter().map(|c| c.route.as_deref()).collect();
    assert_eq!(routes, [Some("/things/me"), Some("/things/{id}"), None]);
}
