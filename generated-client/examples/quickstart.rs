//! A first program against the real API: an organization read, its
//! admins listed, a patch, and a documented error status. Run it with
//! `LOSANT_TOKEN=... LOSANT_ORG=... cargo run -p losant-rest --example quickstart`.

use losant_rest::models::{OrganizationPatch, Role};
use losant_rest::{Client, Error};

#[tokio::main]
async fn main() -> losant_rest::Result<()> {
    let token = std::env::var("LOSANT_TOKEN").unwrap_or_default();
    let org_id = std::env::var("LOSANT_ORG").unwrap_or_default();
    let client = Client::builder().auth_token(token).build()?;

    // Required parameters are arguments; the call is a future.
    let org = client.org().get(&org_id).await?;
    for member in org.members.unwrap_or_default() {
        if member.role == Some(Role::Admin) {
            println!("admin: {}", member.email.unwrap_or_default());
        }
    }

    // Bodies are the schema's types.
    let patch = OrganizationPatch {
        name: Some("Renamed".into()),
        ..Default::default()
    };
    client.org().patch(&org_id, &patch).await?;

    // Documented error statuses arrive as `Error::Api`, body decoded.
    match client.org().get("000000000000000000000000").await {
        Err(Error::Api(e)) if e.status == 404 => println!("not found: {:?}", e.body),
        other => println!("{other:?}"),
    }
    Ok(())
}
