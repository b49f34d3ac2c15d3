//! The eight Org actions against a real HTTP server: the exact request each
//! sends, the documented type each decodes, and each documented error.

mod common;

use common::*;
use losant_rest::models::{
    self, Member, Organization, OrganizationInvitation, OrganizationInvitationPost,
    OrganizationMemberPatch, OrganizationPatch, Role, Success, Summary,
};
use losant_rest::{Client, Error, InvalidRequest};
use serde::Serialize;
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

const ORG_ID: &str = "575ec8687ae143cd83dc4a97";
const USER_ID: &str = "575ed70c7ae143cd83dc4aa9";
const INVITE_ID: &str = "575ed71e7ae143cd83dc4aaa";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Delete,
    Get,
    InviteMember,
    ModifyMember,
    Patch,
    PendingInvites,
    RemoveMember,
    RevokeInvite,
}

use Action::*;

const ALL: [Action; 8] = [
    Delete,
    Get,
    InviteMember,
    ModifyMember,
    Patch,
    PendingInvites,
    RemoveMember,
    RevokeInvite,
];

// What the docs (`spec/org.md`, plus the transport facts) say of each action.
impl Action {
    /// The method and the path after `/orgs/{orgId}`.
    fn route(self) -> (&'static str, &'static str) {
        match self {
            Delete => ("DELETE", ""),
            Get => ("GET", ""),
            InviteMember => ("POST", "/invites"),
            ModifyMember => ("PATCH", "/member"),
            Patch => ("PATCH", ""),
            PendingInvites => ("GET", "/invites"),
            RemoveMember => ("DELETE", "/member"),
            RevokeInvite => ("DELETE", "/invites"),
        }
    }

    /// The action's own query pairs (as [`Action::send`] sets them), besides
    /// the defaults.
    fn query(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RemoveMember => &[("userId", USER_ID)],
            RevokeInvite => &[("inviteId", INVITE_ID)],
            _ => &[],
        }
    }

    /// The exact JSON body of the request [`Action::send`] makes.
    fn body(self) -> Option<Value> {
        match self {
            InviteMember => Some(json!({"email": "a@b.co", "role": "admin"})),
            ModifyMember => Some(json!({"userId": USER_ID, "role": "edit"})),
            // `description: None` is left out.
            Patch => Some(json!({"name": "Renamed"})),
            _ => None,
        }
    }

    /// A body of the documented success type.
    fn response(self) -> Value {
        match self {
            Delete => success_json(),
            Get | ModifyMember | Patch | RemoveMember => organization_json(),
            InviteMember | PendingInvites | RevokeInvite => invitations_json(),
        }
    }

    /// The documented error statuses.
    fn errors(self) -> &'static [u16] {
        match self {
            Delete | Get | PendingInvites => &[404],
            InviteMember | ModifyMember | Patch | RemoveMember | RevokeInvite => &[400, 404],
        }
    }

    /// Sends the action for `org_id`; the decoded result comes back as JSON.
    async fn send(self, client: &Client, org_id: &str) -> losant_rest::Result<Value> {
        fn to_json<T: Serialize>(result: losant_rest::Result<T>) -> losant_rest::Result<Value> {
            result.map(|value| serde_json::to_value(value).unwrap())
        }
        let org = client.org();
        match self {
            Delete => to_json(org.delete(org_id).await),
            Get => to_json(org.get(org_id).await),
            InviteMember => {
                let invite = OrganizationInvitationPost::new("a@b.co", Role::Admin);
                to_json(org.invite_member(org_id, &invite).await)
            }
            ModifyMember => {
                let member = OrganizationMemberPatch::new(USER_ID, Role::Edit);
                to_json(org.modify_member(org_id, &member).await)
            }
            Patch => {
                let patch = OrganizationPatch {
                    name: Some("Renamed".into()),
                    description: None,
                };
                to_json(org.patch(org_id, &patch).await)
            }
            PendingInvites => to_json(org.pending_invites(org_id).await),
            RemoveMember => to_json(org.remove_member(org_id, USER_ID).await),
            RevokeInvite => to_json(org.revoke_invite(org_id, INVITE_ID).await),
        }
    }
}

// Numbers are written as floats: the schemas say `number`, so they decode
// as `f64` and must come back equal when encoded again.

fn success_json() -> Value {
    json!({"success": true, "deletedAt": "2016-06-13T04:00:00.000Z"})
}

fn organization_json() -> Value {
    json!({
        "id": ORG_ID,
        "orgId": ORG_ID,
        "creationDate": "2016-06-13T04:00:00.000Z",
        "lastUpdated": "2016-06-14T04:00:00.000Z",
        "name": "My Org",
        "description": "Where the devices live",
        "members": [
            {
                "userId": USER_ID,
                "firstName": "Ada",
                "lastName": "Lovelace",
                "email": "ada@example.com",
                "avatarUrl": "https://example.com/ada.png",
                "role": "admin"
            },
            {"userId": "575ed70c7ae143cd83dc4aab", "email": "bob@example.com", "role": "owner", "joined": 2016.0}
        ],
        "summary": {"appCount": 2.0, "dashCount": 5.0, "deviceCount": 7.0},
        "iotEnabled": true
    })
}

fn invitations_json() -> Value {
    json!([
        {
            "id": INVITE_ID,
            "email": "a@b.co",
            "role": "admin",
            "inviteDate": "2016-06-13T04:00:00.000Z",
            "ttl": 86400000.0,
            "hasExpired": false
        },
        {"id": "575ed71e7ae143cd83dc4aab", "email": "c@d.co", "role": "owner", "hasExpired": true, "inviter": "ada"}
    ])
}

/// The body of a documented error of `status`.
fn error_json(status: u16) -> Value {
    match status {
        400 => {
            json!({"type": "Validation", "message": "email must be a valid email", "field": "email"})
        }
        404 => json!({"type": "NotFound", "message": "Organization was not found"}),
        _ => json!({"type": "ServerError", "message": "Something went wrong"}),
    }
}

#[tokio::test]
async fn every_action_sends_the_documented_request_and_decodes_its_response() {
    for action in ALL {
        let (method, suffix) = action.route();
        let server = json_server(200, action.response()).await;

        let decoded = action.send(&client(&server), ORG_ID).await;

        // The decoded value holds everything sent, unknown fields included.
        assert_eq!(decoded.unwrap(), action.response(), "{action:?}");
        let request = the_request(&server).await;
        assert_eq!(request.method.as_str(), method, "{action:?}");
        assert_eq!(
            request.url.path(),
            format!("/orgs/{ORG_ID}{suffix}"),
            "{action:?}"
        );
        assert_eq!(
            query(&request),
            expected_query(action.query()),
            "{action:?}"
        );
        assert_common_headers(&request);
        match action.body() {
            Some(body) => {
                assert_eq!(
                    header(&request, "content-type"),
                    ["application/json"],
                    "{action:?}"
                );
                assert_eq!(request.body_json::<Value>().unwrap(), body, "{action:?}");
            }
            None => {
                assert!(header(&request, "content-type").is_empty(), "{action:?}");
                assert!(request.body.is_empty(), "{action:?}");
            }
        }
    }
}

#[tokio::test]
async fn patch_leaves_out_every_unset_field() {
    let cases = [
        (OrganizationPatch::default(), json!({})),
        (
            OrganizationPatch {
                name: None,
                description: Some(String::new()),
            },
            json!({"description": ""}),
        ),
        (
            OrganizationPatch {
                name: Some("N".into()),
                description: Some("D".into()),
            },
            json!({"name": "N", "description": "D"}),
        ),
    ];
    for (patch, body) in cases {
        let server = json_server(200, json!({})).await;
        client(&server).org().patch(ORG_ID, &patch).await.unwrap();
        assert_eq!(
            the_request(&server).await.body_json::<Value>().unwrap(),
            body
        );
    }
}

#[tokio::test]
async fn get_decodes_an_organization_with_members_and_summary() {
    let server = json_server(200, organization_json()).await;

    let org = client(&server).org().get(ORG_ID).await.unwrap();

    let expected = Organization {
        id: Some(ORG_ID.into()),
        org_id: Some(ORG_ID.into()),
        creation_date: Some("2016-06-13T04:00:00.000Z".into()),
        last_updated: Some("2016-06-14T04:00:00.000Z".into()),
        name: Some("My Org".into()),
        description: Some("Where the devices live".into()),
        members: Some(vec![
            Member {
                user_id: Some(USER_ID.into()),
                first_name: Some("Ada".into()),
                last_name: Some("Lovelace".into()),
                email: Some("ada@example.com".into()),
                avatar_url: Some("https://example.com/ada.png".into()),
                role: Some(Role::Admin),
                extra: Default::default(),
            },
            Member {
                user_id: Some("575ed70c7ae143cd83dc4aab".into()),
                email: Some("bob@example.com".into()),
                role: Some(Role::Unknown("owner".into())),
                extra: object(json!({"joined": 2016.0})),
                ..Default::default()
            },
        ]),
        summary: Some(Summary {
            app_count: Some(2.0),
            dash_count: Some(5.0),
            extra: object(json!({"deviceCount": 7.0})),
        }),
        extra: object(json!({"iotEnabled": true})),
    };
    assert_eq!(org, expected);
    assert_eq!(
        org.members.unwrap()[1].role.as_ref().unwrap().as_str(),
        "owner"
    );
}

#[tokio::test]
async fn delete_decodes_success() {
    let server = json_server(200, success_json()).await;

    let result = client(&server).org().delete(ORG_ID).await.unwrap();

    let extra = object(json!({"deletedAt": "2016-06-13T04:00:00.000Z"}));
    assert_eq!(
        result,
        Success {
            success: Some(true),
            extra
        }
    );
}

#[tokio::test]
async fn pending_invites_decodes_a_list_of_invitations() {
    let server = json_server(200, invitations_json()).await;

    let invites: Vec<OrganizationInvitation> =
        client(&server).org().pending_invites(ORG_ID).await.unwrap();

    let expected = vec![
        OrganizationInvitation {
            id: Some(INVITE_ID.into()),
            email: Some("a@b.co".into()),
            role: Some(Role::Admin),
            invite_date: Some("2016-06-13T04:00:00.000Z".into()),
            ttl: Some(86_400_000.0),
            has_expired: Some(false),
            extra: Default::default(),
        },
        OrganizationInvitation {
            id: Some("575ed71e7ae143cd83dc4aab".into()),
            email: Some("c@d.co".into()),
            role: Some(Role::Unknown("owner".into())),
            has_expired: Some(true),
            extra: object(json!({"inviter": "ada"})),
            ..Default::default()
        },
    ];
    assert_eq!(invites, expected);
}

/// Checks that `result` is `Error::Api` of `status` with `body` decoded, and
/// that its message says status, type and message.
fn assert_api_error(result: losant_rest::Result<Value>, status: u16, body: &Value, context: &str) {
    let err = result.expect_err(context);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{context}");
    let display = err.to_string();
    let Error::Api(api) = err else {
        panic!("{context}: expected Error::Api, got {err:?}")
    };
    let expected: models::Error = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(api.body.as_ref(), Some(&expected), "{context}");
    assert_eq!(
        serde_json::from_slice::<Value>(&api.raw).unwrap(),
        *body,
        "{context}"
    );
    let (kind, message) = (expected.r#type.unwrap(), expected.message.unwrap());
    assert_eq!(
        display,
        format!("API error {}: {kind}: {message}", api.status),
        "{context}"
    );
}

#[tokio::test]
async fn every_documented_error_decodes_as_an_api_error() {
    for action in ALL {
        for &status in action.errors() {
            let body = error_json(status);
            let server = json_server(status, body.clone()).await;

            let result = action.send(&client(&server), ORG_ID).await;

            assert_api_error(result, status, &body, &format!("{action:?} {status}"));
            assert_eq!(requests(&server).await.len(), 1);
        }
    }
}

#[tokio::test]
async fn documented_errors_carry_the_typed_body() {
    let server = json_server(400, error_json(400)).await;

    let invite = OrganizationInvitationPost::new("nope", Role::View);

    let err = client(&server)
        .org()
        .invite_member(ORG_ID, &invite)
        .await
        .unwrap_err();

    let body = err.api_body().unwrap();
    assert_eq!(body.r#type.as_deref(), Some("Validation"));
    assert_eq!(body.message.as_deref(), Some("email must be a valid email"));
    assert_eq!(body.extra, object(json!({"field": "email"})));
    assert_eq!(
        err.to_string(),
        "API error 400 Bad Request: Validation: email must be a valid email"
    );
}

#[tokio::test]
async fn an_undocumented_error_status_with_json_is_an_api_error() {
    let server = json_server(500, error_json(500)).await;

    let result = Get.send(&client(&server), ORG_ID).await;

    assert_api_error(result, 500, &error_json(500), "500");
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = server(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;

    let err = client(&server).org().get(ORG_ID).await.unwrap_err();

    // The message gives the body's length, not its bytes.
    assert_eq!(
        err.to_string(),
        format!("API error 502 Bad Gateway; body: {} bytes", html.len())
    );
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.body, None);
    assert_eq!(&api.raw[..], html.as_bytes());
    assert_eq!(api.headers.get("content-type").unwrap(), "text/html");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_type_is_a_decode_error() {
    // The body, and the path of the value that failed to decode.
    let cases = [
        (Get, "[1, 2, 3]", ""),
        (Get, "<html>maintenance</html>", ""),
        (Get, "", ""),
        (Delete, r#"{"success": "yes"}"#, "success"),
        (PendingInvites, r#"{"items": []}"#, ""),
        (
            ModifyMember,
            r#"{"members": [{"role": 7}]}"#,
            "members[0].role",
        ),
    ];
    for (action, body, path) in cases {
        let server =
            server(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;

        let err = action.send(&client(&server), ORG_ID).await.unwrap_err();

        let display = err.to_string();
        let Error::Decode {
            status,
            path: at,
            body: raw,
            ..
        } = err
        else {
            panic!("{action:?} {body:?}: expected Error::Decode, got {err:?}")
        };
        assert_eq!(status.as_u16(), 200);
        assert_eq!(&raw[..], body.as_bytes(), "the raw body is kept");
        let at = if at == "." { String::new() } else { at };
        assert_eq!(at, path, "{action:?} {body:?}");
        if body.is_empty() {
            assert_eq!(
                display,
                "cannot decode the 200 OK response: the body was empty"
            );
            continue;
        }
        assert!(
            display.starts_with("cannot decode the 200 OK response at `"),
            "{display}"
        );
        assert!(
            display.ends_with(&format!("; body: {} bytes", body.len())),
            "{display}"
        );
    }
}

#[tokio::test]
async fn a_decode_error_shows_the_body_length_and_keeps_the_body() {
    let body = format!("\"{}\"", "x".repeat(1000));
    let server =
        server(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;

    let err = client(&server).org().get(ORG_ID).await.unwrap_err();

    assert!(err.to_string().ends_with("; body: 1002 bytes"), "{err}");
    assert!(!format!("{err:?}").contains("xxx"), "{err:?}");
    assert_eq!(err.raw_body().map(|b| b.len()), Some(body.len()));
    let Error::Decode { body: raw, .. } = err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(raw.len(), body.len(), "the whole body is kept");
}

#[tokio::test]
async fn path_values_stay_one_encoded_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("a%2Fb", "a%252Fb"),
    ];
    for action in ALL {
        let (_, suffix) = action.route();
        for (org_id, encoded) in cases {
            let server = json_server(200, action.response()).await;

            action.send(&client(&server), org_id).await.unwrap();

            let request = the_request(&server).await;
            let context = format!("{action:?} {org_id:?}");
            assert_eq!(
                request.url.path(),
                format!("/orgs/{encoded}{suffix}"),
                "{context}"
            );
            assert_eq!(query(&request), expected_query(action.query()), "{context}");
        }
    }
}

#[tokio::test]
async fn path_values_that_would_move_the_path_are_refused_unsent() {
    let server = json_server(200, json!({})).await;
    let client = client(&server);
    for action in ALL {
        for org_id in ["..", ".", ""] {
            let err = action.send(&client, org_id).await.unwrap_err();
            assert!(
                matches!(&err, Error::InvalidRequest(InvalidRequest::PathValue { name, value })
                    if name == "orgId" && value == org_id),
                "{action:?} {org_id:?}: {err:?}"
            );
            assert!(err.to_string().starts_with("invalid request: "), "{err}");
        }
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn query_values_are_encoded_not_spliced() {
    let server = json_server(200, json!({})).await;
    client(&server)
        .org()
        .remove_member(ORG_ID, "u&_links=false#x")
        .await
        .unwrap();
    let request = the_request(&server).await;
    assert_eq!(
        query(&request),
        expected_query(&[("userId", "u&_links=false#x")])
    );

    let server = json_server(200, json!([])).await;
    client(&server)
        .org()
        .revoke_invite(ORG_ID, "a b+c=d")
        .await
        .unwrap();
    let request = the_request(&server).await;
    assert_eq!(query(&request), expected_query(&[("inviteId", "a b+c=d")]));
}
