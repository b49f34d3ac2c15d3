//! What an application writes against `losant-rest`, naming through it
//! every item of the runtime that the crate's API shows: the builder
//! `Client::builder` returns, the types inside `Error` (the `bytes`,
//! `serde_json`, `url` and `reqwest` ones too), what `send` returns, the
//! traits `Client` implements, the defaults the builder documents, and the
//! mock's types as an application's tests name them. It depends on
//! `losant-rest` alone, so it compiles only while the crate re-exports
//! each of them; `cargo test -p xtask --test exports` fails when the
//! runtime lists an item this file does not name.

use std::time::Duration;

use losant_rest::bytes::Bytes;
use losant_rest::mock::{Answer, MockApi, MockServer, NoBody, RecordedCall, Route, StreamRoute};
use losant_rest::models::{Organization, OrganizationPatch};
use losant_rest::reqwest::StatusCode;
use losant_rest::reqwest::header::HeaderMap;
use losant_rest::{
    Api, ApiDefaults, ApiError, ApiErrorBody, BoxError, Client, ClientBuilder,
    DEFAULT_MAX_EVENT_SIZE, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_RECONNECT_TIME, DEFAULT_TIMEOUT,
    DecodeSuccess, EncodeSuccess, Endpoint, Error, Event, EventStream, File, InvalidRequest,
    Nullable, NumberValue, Page, PageStream, ParamValue, RedirectRefusal, Request, RequestHook,
    Response, ResponseFuture, Result, RetryPolicy, Stream, StreamError, StreamEvent, StreamExt,
    StreamRequest, TimeLimit, TryStreamExt,
};

/// A builder configured the way an application would, every setter's
/// argument type named through the crate.
pub fn configured(base_url: &str) -> ClientBuilder<Client> {
    Client::builder()
        .base_url(base_url)
        .timeout(Some(DEFAULT_TIMEOUT * 2))
        .max_response_size(DEFAULT_MAX_RESPONSE_SIZE / 2)
        .retry_policy(RetryPolicy::none())
        .request_hook(Signer)
}

/// A request hook, as an application writes one to sign requests.
#[derive(Debug)]
pub struct Signer;

impl RequestHook for Signer {
    fn on_request<'a>(
        &'a self,
        request: &'a mut losant_rest::reqwest::Request,
    ) -> std::pin::Pin<Box<dyn Future<Output = std::result::Result<(), BoxError>> + Send + 'a>>
    {
        Box::pin(async move {
            request.headers_mut().insert("x-signed", "yes".parse()?);
            Ok(())
        })
    }
}

/// What an application tells its users about a failed call, matching on
/// each kind of error and the types inside.
pub fn explain(error: &Error) -> String {
    match error {
        Error::Api(api) => api_error(api),
        Error::Timeout(TimeLimit::Call(limit)) => format!("the call took over {limit:?}"),
        Error::Timeout(TimeLimit::Attempt(limit)) => format!("an attempt took over {limit:?}"),
        Error::InvalidRequest(InvalidRequest::PathValue { name, .. }) => {
            format!("bad value for {name}")
        }
        Error::InvalidRequest(InvalidRequest::BaseUrl { source, .. }) => bad_url(source),
        Error::InvalidRequest(other) => format!("not sent: {other}"),
        Error::Decode { source, body, .. } => undecodable(source, body),
        Error::Redirect {
            reason: RedirectRefusal::BodyToAnotherOrigin(origin),
            ..
        } => format!("not sent on to {origin}"),
        other => other.to_string(),
    }
}

fn bad_url(error: &losant_rest::url::ParseError) -> String {
    format!("bad base URL: {error}")
}

/// A body that is not the documented type: serde_json's error, and the
/// bytes as received.
fn undecodable(error: &losant_rest::serde_json::Error, body: &Bytes) -> String {
    format!("line {}: {} bytes", error.line(), body.len())
}

/// Any model as the JSON it is sent as, through the serde the crate uses.
pub fn to_json(model: &impl losant_rest::serde::Serialize) -> String {
    losant_rest::serde_json::to_string(model).unwrap_or_default()
}

/// A property that may be left out, sent as `null`, or given a value, as
/// an application reads one from its own input.
pub fn nullable_from(input: Option<Option<String>>) -> Nullable<String> {
    match input {
        None => Nullable::Absent,
        Some(None) => Nullable::Null,
        Some(Some(value)) => Nullable::Value(value),
    }
}

/// An action's route as its `Endpoint` describes it.
pub fn route(endpoint: &Endpoint) -> String {
    format!("{} {}", endpoint.method, endpoint.path)
}

fn api_error(api: &ApiError<losant_rest::models::Error>) -> String {
    let status: StatusCode = api.status;
    let headers: &HeaderMap = &api.headers;
    let message = api.body.as_ref().and_then(ApiErrorBody::message);
    format!(
        "{status}: {} ({} headers)",
        message.unwrap_or("no message"),
        headers.len()
    )
}

/// A call kept as a future to await later, and one whose response head is
/// kept.
pub fn calls(
    client: &Client,
    patch: &OrganizationPatch,
) -> (
    ResponseFuture<Organization, losant_rest::models::Error>,
    ResponseFuture<Response<Organization>, losant_rest::models::Error>,
) {
    let later = client
        .org()
        .get("org-1")
        .with_timeout(Some(Duration::from_secs(5)));
    let with_head = client.org().patch("org-1", patch);
    (later.send(), with_head.send_with_response())
}

/// The API's documented defaults, through the trait `Client` implements.
pub fn defaults() -> &'static ApiDefaults {
    <Client as Api>::DEFAULTS
}

/// An identifier type of the application's own, passed to the client as
/// itself.
#[derive(Debug, Clone, Copy)]
pub struct OrgNumber(pub u32);

impl ParamValue for OrgNumber {
    fn to_wire(&self) -> std::borrow::Cow<'_, str> {
        format!("org-{}", self.0).into()
    }
}

/// A call naming the organization by the application's own type.
pub fn get_by_number(client: &Client, org: OrgNumber) -> losant_rest::org::Get {
    client.org().get(org)
}

/// A page size an application keeps as any number type.
pub fn page_size(size: impl NumberValue) -> String {
    size.to_wire().into_owned()
}

/// A file to upload.
pub fn upload(bytes: Vec<u8>) -> File {
    File::new("devices.csv", bytes).media_type("text/csv")
}

/// The first `limit` items of a paged list's stream, read with the stream
/// traits the crate re-exports.
pub async fn first_items<T>(
    items: PageStream<T, losant_rest::models::Error>,
    limit: usize,
) -> Result<Vec<T>> {
    items.take(limit).try_collect().await
}

/// How many items a page stream says it has left, by the `Stream` trait.
pub fn items_left<T>(items: &impl Stream<Item = T>) -> usize {
    items.size_hint().0
}

/// How many items a page of any paged list holds.
pub fn items_on(page: &impl Page) -> usize {
    page.item_count()
}

/// The name of a type an action's success decodes into.
pub fn success_type<T: DecodeSuccess>() -> &'static str {
    std::any::type_name::<T>()
}

/// The status a mock answers a success body with, when the body says
/// (an enum of the success statuses does).
pub fn answered_status<T: EncodeSuccess>(body: &T) -> Option<u16> {
    body.success_status()
}

/// An application's test helper: a mock answering the organization, and
/// a client of it.
pub async fn mocked(org: &Organization) -> (MockApi, Result<Client>) {
    let mock = MockApi::start().await;
    get_route(&mock).returns(org);
    let client = Client::builder().base_url(mock.url()).build();
    (mock, client)
}

/// The mock's route of `org.get`, by its type.
pub fn get_route(mock: &MockApi) -> Route<'_, Organization, losant_rest::models::Error, NoBody> {
    mock.org().get()
}

/// The bodies the code under test patched organizations with, typed.
pub fn patches_sent(mock: &MockApi) -> Vec<OrganizationPatch> {
    let calls: Vec<RecordedCall<OrganizationPatch>> = mock.org().patch().calls();
    calls.iter().filter_map(|call| call.json().ok()).collect()
}

/// An outage of a route the docs do not list, on the mock's server.
pub fn outage(server: &MockServer) {
    let route = server.on(losant_rest::reqwest::Method::GET, "/status");
    route.answers(Answer::status(503));
}

/// A client built from [`configured`], or why not.
pub fn build(base_url: &str) -> Result<Client> {
    configured(base_url).build()
}

/// The settings an application gives any stream request.
pub fn stream_limits<R: StreamRequest>(request: R) -> R {
    request
        .with_max_event_size(DEFAULT_MAX_EVENT_SIZE / 2)
        .with_reconnect_time(DEFAULT_RECONNECT_TIME * 2)
}

/// The first event of any stream, or the error that ended it.
pub async fn first_event<T: StreamEvent>(
    mut events: EventStream<T, losant_rest::models::Error>,
) -> Result<Option<Event<T>>> {
    events.try_next().await
}

/// Why a stream ended, when it is a stream's own reason.
pub fn stream_problem(error: &Error) -> Option<&StreamError> {
    match error {
        Error::Stream(problem) => Some(problem),
        _ => None,
    }
}

/// What an application's test checks of a stream's reconnection: the id
/// the client sent when it connected again.
pub fn resumed_from<T, E>(route: &StreamRoute<'_, T, E>) -> Option<String> {
    let calls = route.calls();
    calls.last()?.header("last-event-id").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_items_are_the_ones_the_client_uses() {
        assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 32 * 1024 * 1024);
        assert_eq!(defaults().base_url, "https://api.losant.com");
        let err = build("ftp://example.com").unwrap_err();
        assert_eq!(
            explain(&err),
            "not sent: `ftp://example.com` is not an http or https URL"
        );
        assert!(build("http://127.0.0.1:9").is_ok());
        let err = build("http://[::1").unwrap_err();
        assert!(explain(&err).starts_with("bad base URL: "), "{err}");
        assert_eq!(to_json(&OrganizationPatch::default()), "{}");
        assert!(format!("{:?}", upload(b"a,b".to_vec())).contains("text/csv"));
        assert_eq!(page_size(50u8), "50");
        let client = build("http://127.0.0.1:9").unwrap();
        let request = format!("{:?}", get_by_number(&client, OrgNumber(7)));
        assert!(request.contains("/orgs/org-7"), "{request}");
    }
}
