//! A stand-in for the API in the tests of code that calls a generated
//! client (the `mock` feature): a loopback HTTP server, wiremock's, that
//! answers the routes a test chooses with the bodies, statuses or errors it
//! chooses, and records every call so the test can assert what was sent.
//!
//! The client under test is a real one, pointed at [`MockServer::url`]:
//! everything between your code and the wire (URL, query, headers, body,
//! retries, decoding) runs as it does against the real API. A generated
//! crate adds one typed route per action over [`MockServer::route`].
//!
//! ```
//! use mdsdk_runtime::mock::{MockServer, NoBody};
//! use mdsdk_runtime::{Api, ApiDefaults, Call, Client, ClientBuilder, Endpoint, Error, Method};
//! # use serde_json::{json, Value};
//!
//! // What a generated crate declares for an API with one action.
//! struct Things(Client);
//! impl Api for Things {
//!     type ErrorBody = Value;
//!     const DEFAULTS: &'static ApiDefaults = &ApiDefaults {
//!         base_url: "https://api.example.com",
//!         headers: &[],
//!         query: &[],
//!         user_agent: "doc",
//!     };
//!     fn from_client(client: Client) -> Self {
//!         Things(client)
//!     }
//! }
//! const GET: Endpoint = Endpoint {
//!     action: "things.get",
//!     method: Method::GET,
//!     path: "/things/{id}",
//!     success: &[200],
//! };
//! struct Get(Call);
//! mdsdk_runtime::request!(Get -> Value, Value);
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockServer::start().await;
//! let get = mock.route::<Value, Value, NoBody>(&GET);
//! get.returns(json!({ "id": "t1", "name": "lamp" }));
//!
//! let api: Things = ClientBuilder::new().base_url(mock.url()).build().unwrap();
//! let mut call = api.0.call(&GET, &["t1"]);
//! call.query("fields", "name");
//! let thing = Get(call).await.unwrap();
//!
//! assert_eq!(thing["name"], "lamp");
//! let calls = get.calls();
//! assert_eq!(calls.len(), 1);
//! assert_eq!(calls[0].path_param("id"), Some("t1"));
//! assert_eq!(calls[0].query_param("fields"), Some("name"));
//!
//! // An error answer arrives as the API's would.
//! get.fails(404, json!({ "type": "NotFound", "message": "no such thing" }));
//! let err = Get(api.0.call(&GET, &["t2"])).await.unwrap_err();
//! assert!(matches!(&err, Error::Api(e) if e.status == 404), "{err:?}");
//! # }
//! ```

mod answer;
mod recorded;
mod stream;
mod template;

use std::borrow::{Borrow, Cow};
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

pub use answer::Answer;
pub use recorded::{NoBody, RecordedCall};
pub use stream::StreamRoute;

use crate::{EncodeSuccess, Endpoint};

/// A loopback server standing in for the API; see the [module](self).
///
/// Dropping it stops the server.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<Mutex<State>>,
}

/// The routes' answers and the calls received, shared with the server.
#[derive(Default)]
struct State {
    routes: Vec<(Method, Cow<'static, str>, Answers)>,
    calls: Vec<RecordedCall>,
}

/// What a route answers: the answers given in turn first (a stream's
/// route: one per connection), else the one answer to every call, else
/// `204`, which ends a stream.
#[derive(Default)]
struct Answers {
    in_turn: std::collections::VecDeque<Answer>,
    every: Option<Answer>,
    /// The id of the next event a stream's route sends.
    next_event_id: u64,
}

impl Answers {
    fn next(&mut self) -> wiremock::ResponseTemplate {
        let answer = self.in_turn.pop_front().or_else(|| self.every.clone());
        answer.unwrap_or_else(|| Answer::status(204)).template()
    }
}

impl MockServer {
    /// Starts a server on 127.0.0.1, on a port of its own, answering `404`
    /// to every call until a route is given an answer.
    pub async fn start() -> MockServer {
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        MockServer { server, state }
    }

    /// The base URL to give the client builder: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// The route of an action, answering with its success type `T` or its
    /// error type `E`; its recorded calls read their JSON body as `B` (the
    /// action's body type, [`NoBody`] when it sends none). A success
    /// answers with the action's first documented success status.
    pub fn route<T, E, B>(&self, endpoint: &Endpoint) -> Route<'_, T, E, B> {
        Route {
            mock: self,
            method: endpoint.method.clone(),
            template: Cow::Borrowed(endpoint.path),
            success: endpoint.success.first().copied().unwrap_or(200),
            types: PhantomData,
        }
    }

    /// The route of `method` and a path template (`/orgs/{orgId}`), with
    /// any JSON as its bodies; a success answers `200`.
    pub fn on(
        &self,
        method: Method,
        template: impl Into<Cow<'static, str>>,
    ) -> Route<'_, Value, Value, Value> {
        Route {
            mock: self,
            method,
            template: template.into(),
            success: 200,
            types: PhantomData,
        }
    }

    /// The route of a stream action, sending events of `T` (the enum of its
    /// events), or failing with its error type `E`.
    pub fn stream_route<T, E>(&self, endpoint: &Endpoint) -> StreamRoute<'_, T, E> {
        StreamRoute::new(self, endpoint.method.clone(), Cow::Borrowed(endpoint.path))
    }

    /// Every call received so far, in order, answered or not.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.state().calls.clone()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The calls a route answered, their bodies read as `B`.
    fn calls_of<B>(&self, method: &Method, template: &str) -> Vec<RecordedCall<B>> {
        let state = self.state();
        let calls = state
            .calls
            .iter()
            .filter(|call| call.method == *method && call.route.as_deref() == Some(template));
        calls.map(|call| call.clone().read_as()).collect()
    }
}

impl State {
    /// What a route answers, made empty if it had no answer yet.
    fn answers(&mut self, method: &Method, template: Cow<'static, str>) -> &mut Answers {
        let at = self
            .routes
            .iter()
            .position(|(m, t, _)| (m, t) == (method, &template));
        let at = at.unwrap_or_else(|| {
            let answers = Answers {
                next_event_id: 1,
                ..Answers::default()
            };
            self.routes
                .push((method.clone(), template.clone(), answers));
            self.routes.len() - 1
        });
        &mut self.routes[at].2
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

/// One route of the mock server: what it answers, and the calls it got.
/// `T` is the action's success body, `E` its error body, `B` the JSON body
/// its calls send ([`NoBody`] for none).
///
/// The last answer given to a route is the one it sends, to every call
/// until another is given. When a path fills the templates of several
/// routes, the one with fewest placeholders answers (`/orgs/me` before
/// `/orgs/{orgId}`).
pub struct Route<'a, T, E, B = Value> {
    mock: &'a MockServer,
    method: Method,
    template: Cow<'static, str>,
    success: u16,
    types: PhantomData<fn(T, E) -> B>,
}

impl<T, E, B> Route<'_, T, E, B> {
    /// Answers with `body` and the action's success status (for an enum of
    /// the success statuses, its variant's status). A body of JSON `null`,
    /// `()` for a status documented without one, answers with no body.
    ///
    /// # Panics
    ///
    /// When `body` cannot be encoded as JSON (a map whose keys are not
    /// strings): a mistake in the test, shown where it is made.
    pub fn returns(&self, body: impl Borrow<T>)
    where
        T: EncodeSuccess,
    {
        let body = body.borrow();
        let status = body.success_status().unwrap_or(self.success);
        let json = body
            .success_json()
            .unwrap_or_else(|e| panic!("the mock answer's body cannot be encoded as JSON: {e}"));
        self.answers(match json {
            Some(json) if json != b"null" => Answer::bytes(status, "application/json", json),
            _ => Answer::status(status),
        });
    }

    /// Answers with an error status and the API's error body.
    pub fn fails(&self, status: u16, body: impl Borrow<E>)
    where
        E: Serialize,
    {
        self.answers(Answer::json(status, body.borrow()));
    }

    /// Answers with anything: a bare status, other bytes, headers, a delay.
    pub fn answers(&self, answer: Answer) {
        let mut state = self.mock.state();
        state.answers(&self.method, self.template.clone()).every = Some(answer);
    }

    /// The calls this route answered, in order, their bodies read as `B`.
    pub fn calls(&self) -> Vec<RecordedCall<B>> {
        self.mock.calls_of(&self.method, &self.template)
    }
}

impl<T, E, B> std::fmt::Debug for Route<'_, T, E, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("method", &self.method)
            .field("template", &self.template)
            .finish_non_exhaustive()
    }
}

/// Answers each request from the routes, and records it.
struct Responder(Arc<Mutex<State>>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let path = request.url.path();
        let matched = state
            .routes
            .iter_mut()
            .filter(|(method, _, _)| *method == request.method)
            .filter_map(|(_, t, answers)| Some((&*t, template::fill(t, path)?, answers)))
            .min_by_key(|(t, _, _)| template::placeholders(t));
        let (route, path_params, template) = match matched {
            Some((t, params, answers)) => (Some(t.to_string()), params, answers.next()),
            None => (None, Vec::new(), unanswered(&request.method, path)),
        };
        state.calls.push(RecordedCall::new(
            request.method.clone(),
            path.to_owned(),
            route,
            path_params,
            request.url.query_pairs().into_owned().collect(),
            request.headers.clone(),
            request.body.clone(),
        ));
        template
    }
}

/// The answer to a call no route answers: `404`, saying which call.
fn unanswered(method: &Method, path: &str) -> wiremock::ResponseTemplate {
    let message = format!("the mock server has no answer for {method} {path}");
    wiremock::ResponseTemplate::new(404)
        .set_body_json(serde_json::json!({ "type": "NotMocked", "message": message }))
}
