//! The crate's `mock` used as an application's tests would: the real
//! client pointed at `MockApi`, each kind of answer (a typed body, an error
//! status with a typed error body, a bare status, anything else), and
//! assertions on the calls made, their bodies read as the actions' types.

use std::time::Duration;

use losant_rest::mock::{Answer, MockApi};
use losant_rest::models::{self, Organization, OrganizationInvitationPost, Role, Success};
use losant_rest::reqwest::Method;
use losant_rest::{Client, Error, Request, RetryPolicy};
use serde_json::json;

const ORG_ID: &str = "575ec8687ae143cd83dc4a97";

fn client(mock: &MockApi) -> Client {
    Client::builder()
        .base_url(mock.url())
        .auth_token("token-1")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn acme() -> Organization {
    Organization {
        id: Some(ORG_ID.into()),
        name: Some("Acme".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_typed_body_is_answered_with_the_documented_status_and_the_call_recorded() {
    let mock = MockApi::start().await;
    mock.org().get().returns(acme());

    let response = client(&mock)
        .org()
        .get(ORG_ID)
        .with_query("_links", false)
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), &acme());
    let [call] = &mock.org().get().calls()[..] else {
        panic!("{:?}", mock.calls())
    };
    assert_eq!(call.method, Method::GET);
    assert_eq!(call.route.as_deref(), Some("/orgs/{orgId}"));
    assert_eq!(call.path_param("orgId"), Some(ORG_ID));
    assert_eq!(call.query_param("_links"), Some("false"));
    assert_eq!(call.query_param("_embedded"), Some("true"));
    assert_eq!(call.header("authorization"), Some("Bearer token-1"));
    assert_eq!(call.header("accept-version"), Some("^1.3.8"));
    // Another action's route saw nothing.
    assert!(mock.org().patch().calls().is_empty());
}

#[tokio::test]
async fn a_body_sent_is_read_back_as_the_actions_body_type() {
    let mock = MockApi::start().await;
    let invite = mock.org().invite_member();
    invite.returns(Vec::new());
    let post = OrganizationInvitationPost::new("ann@example.com", Role::Edit);

    let invitations = client(&mock)
        .org()
        .invite_member(ORG_ID, &post)
        .await
        .unwrap();

    assert!(invitations.is_empty());
    let calls = invite.calls();
    let sent: OrganizationInvitationPost = calls[0].json().unwrap();
    assert_eq!(sent, post);
    assert_eq!(calls[0].header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn an_error_status_arrives_with_the_apis_error_body_typed() {
    let mock = MockApi::start().await;
    mock.org().delete().fails(
        404,
        models::Error {
            r#type: Some("NotFound".into()),
            message: Some("Organization was not found".into()),
            ..Default::default()
        },
    );

    let err = client(&mock).org().delete(ORG_ID).await.unwrap_err();

    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 404);
    let body = api.body.as_ref().unwrap();
    assert_eq!(body.r#type.as_deref(), Some("NotFound"));
    assert_eq!(
        err.to_string(),
        "API error 404 Not Found: NotFound: Organization was not found"
    );
}

#[tokio::test]
async fn a_bare_status_and_other_answers_are_sent_as_given() {
    let mock = MockApi::start().await;
    let delete = mock.org().delete();
    let client = client(&mock);

    delete.answers(Answer::status(503));
    let err = client.org().delete(ORG_ID).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status.as_u16(), api.body.is_none()), (503, true));

    delete.answers(Answer::status(204));
    let err = client.org().delete(ORG_ID).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, .. } if *status == 204),
        "{err:?}"
    );

    // A delay far past the deadline, and a deadline long enough for the
    // call to reach the mock and be recorded, even on a busy machine.
    let answer = Answer::json(200, &json!({ "success": true }));
    delete.answers(answer.delay(Duration::from_secs(60)));
    let err = client
        .org()
        .delete(ORG_ID)
        .with_timeout(Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");

    delete.returns(Success::default());
    assert_eq!(
        client.org().delete(ORG_ID).await.unwrap(),
        Success::default()
    );
    assert_eq!(delete.calls().len(), 4);
}

#[tokio::test]
async fn a_call_no_route_answers_is_a_404_recorded_and_other_routes_can_be_added() {
    let mock = MockApi::start().await;
    let client = client(&mock);

    let err = client.org().pending_invites(ORG_ID).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));

    mock.server()
        .on(Method::GET, "/orgs/{orgId}/invites")
        .returns(json!([]));
    assert!(
        client
            .org()
            .pending_invites(ORG_ID)
            .await
            .unwrap()
            .is_empty()
    );

    let routes: Vec<Option<String>> = mock.calls().into_iter().map(|c| c.route).collect();
    assert_eq!(routes, [None, Some("/orgs/{orgId}/invites".into())]);
}
