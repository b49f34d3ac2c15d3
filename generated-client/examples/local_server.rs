//! A real call, end to end, without a Losant account: this example starts
//! an HTTP server on 127.0.0.1 that answers like the API, points the client
//! at it and prints what comes back.
//!
//! `cargo run -p losant-rest --example local_server`

use losant_rest::models::{OrganizationInvitationPost, Role};
use losant_rest::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "575ec8687ae143cd83dc4a97";

#[tokio::main]
async fn main() -> losant_rest::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/orgs/{ORG_ID}")))
        .and(header("authorization", "Bearer my-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": ORG_ID,
            "name": "Acme Sensors",
            "members": [
                { "userId": "575ed70c7ae143cd83dc4aa9", "email": "ada@example.com", "role": "admin" },
                { "userId": "575ed70c7ae143cd83dc4aaa", "email": "bob@example.com", "role": "view" }
            ],
            "summary": { "appCount": 3, "dashCount": 5 }
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/orgs/{ORG_ID}/invites")))
        .and(body_json(json!({ "email": "cy@example.com", "role": "edit" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            { "id": "575ed8e97ae143cd83dc4aab", "email": "cy@example.com", "role": "edit", "hasExpired": false }
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/000000000000000000000000"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "NotFound", "message": "Organization was not found"
        })))
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .auth_token("my-token")
        .build()?;
    println!("client: {client:?}\n");

    let org = client.org().get(ORG_ID).await?;
    println!(
        "{} ({} applications)",
        org.name.unwrap_or_default(),
        org.summary.and_then(|s| s.app_count).unwrap_or(0.0)
    );
    for member in org.members.unwrap_or_default() {
        println!(
            "  {} as {}",
            member.email.unwrap_or_default(),
            member.role.map(|r| r.to_string()).unwrap_or_default()
        );
    }

    let invite = OrganizationInvitationPost::new("cy@example.com", Role::Edit);
    let invitations = client
        .org()
        .invite_member(ORG_ID, &invite)
        .send_with_response()
        .await?;
    println!(
        "\ninvited, status {}: {:?}",
        invitations.status(),
        invitations.body()
    );

    match client.org().get("000000000000000000000000").await {
        Err(error @ Error::Api(_)) => println!("\nas expected: {error}"),
        other => println!("\nunexpected: {other:?}"),
    }
    Ok(())
}
