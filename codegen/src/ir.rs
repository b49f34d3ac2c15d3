//! The intermediate representation: what the docs and the overlay say about
//! the API, linked, checked and typed, ready for emission.
//!
//! Every node keeps the [`Loc`] it came from. The IR is serializable: its
//! snapshot is the review surface for parser changes.

use serde::{Deserialize, Serialize};

use crate::source::Loc;
use crate::types::{TypeDef, TypeRef};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub meta: ApiMeta,
    pub resources: Vec<Resource>,
    pub schemas: Vec<Schema>,
    /// The Rust types resolved from the schemas, in emission order.
    pub types: Vec<TypeDef>,
    /// The type of the body of error responses, shared by every action.
    pub error_type: TypeRef,
}

/// API-wide facts from the overlay (`api.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiMeta {
    pub crate_name: String,
    pub crate_version: String,
    pub crate_description: String,
    pub title: String,
    pub base_url: String,
    /// Sent as the `Accept-Version` header when set.
    pub version: Option<String>,
    /// Query parameters sent on every call unless overridden, as wire text.
    pub default_query: Vec<DefaultQuery>,
    /// Parameter names that travel as HTTP headers.
    pub header_params: Vec<String>,
    /// Extra dev-dependencies of the generated crate (its hand-written
    /// tests), as name and inline TOML value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dev_dependencies: Vec<(String, String)>,
    /// Hand-written criterion benches of the generated crate
    /// (`benches/<name>.rs`, run without the libtest harness).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benches: Vec<String>,
    /// What crates.io shows of the generated crate, each left out of its
    /// `Cargo.toml` when the overlay does not give it: the license (an SPDX
    /// expression), the repository URL, keywords and categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefaultQuery {
    pub name: String,
    pub value: Scalar,
}

/// A typed literal: a default value, or a default query value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Number(serde_json::Number),
    String(String),
}

impl Scalar {
    /// The text sent on the wire.
    pub fn wire(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::String(s) => s.clone(),
        }
    }
}

/// One action doc: `# Org Actions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// As the heading names it: `Org`.
    pub name: String,
    /// The accessor on the client, from the examples: `org`.
    pub accessor: String,
    pub description: String,
    pub loc: Loc,
    /// Its Rust identifiers, chosen by the naming pass.
    #[serde(default)]
    pub idents: ResourceIdents,
    pub actions: Vec<Action>,
}

/// The Rust identifiers of a resource ([`crate::identifiers`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceIdents {
    /// Its module, never raw, and so its file `src/<module>.rs`: `org`.
    pub module: String,
    /// The client's method that returns the handle: `org`.
    pub accessor: String,
    /// The handle type in the module: `Org`.
    pub handle: String,
}

/// The Rust identifiers of an action ([`crate::identifiers`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionIdents {
    /// The handle's method: `invite_member`.
    pub method: String,
    /// The request type the method returns: `InviteMember`.
    pub request: String,
}

/// One `## Heading` of an action doc, with its route from the overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// The heading: `Invite Member`.
    pub heading: String,
    /// The method name, from the example call: `invite_member`.
    pub method: String,
    pub description: String,
    pub loc: Loc,
    /// Its Rust identifiers, chosen by the naming pass.
    #[serde(default)]
    pub idents: ActionIdents,
    pub route: Route,
    pub params: Vec<Param>,
    pub success: Vec<Response>,
    pub errors: Vec<Response>,
    /// The `#### Authentication` section, when the doc has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
}

/// What an action's `#### Authentication` section says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Auth {
    pub description: String,
    /// The token scopes that grant access, any one of them.
    pub scopes: Vec<String>,
}

impl Action {
    /// The parameters in table order that go in the path, by template order.
    pub fn path_params(&self) -> Vec<&Param> {
        self.route
            .placeholders()
            .filter_map(|name| self.params.iter().find(|p| p.name == name))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub method: HttpMethod,
    /// The path template: `/orgs/{orgId}/invites`.
    pub path: String,
    pub loc: Loc,
}

impl Route {
    /// The `{names}` of the path template, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl HttpMethod {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            "HEAD" => HttpMethod::Head,
            "OPTIONS" => HttpMethod::Options,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Whether requests of this method carry a body.
    pub fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }
}

/// A row of the `Available Parameters` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// The wire name: `orgId`.
    pub name: String,
    /// The Rust identifier (argument, setter), chosen by the naming pass:
    /// `org_id`, maybe raw (`r#type`).
    #[serde(default)]
    pub ident: String,
    pub ty: ParamType,
    pub required: bool,
    pub description: String,
    /// The server's default, shown in docs; never sent unless set.
    pub default: Option<Scalar>,
    pub location: Location,
    pub loc: Loc,
    /// Cells of columns this parser does not read (`Example`), by header.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<(String, String)>,
}

/// The Type cell of a parameter row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    String,
    Boolean,
    Number,
    /// Any JSON value.
    Undefined,
    Array,
    File,
    Schema(SchemaLink),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
    /// A field of a multipart form: every parameter of an upload action.
    Form,
}

impl Location {
    /// The name `api.toml` overrides use.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
            Location::Form => "form",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            "body" => Location::Body,
            "form" => Location::Form,
            _ => return None,
        })
    }
}

/// `[Title](_schemas.md#anchor)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaLink {
    pub title: String,
    pub anchor: String,
    pub loc: Loc,
}

/// A row of the `Successful Responses` or `Error Responses` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub code: u16,
    pub schema: Option<SchemaLink>,
    pub description: String,
    pub loc: Loc,
}

/// A `## Title` section of the schema doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub title: String,
    /// The Rust type's name, chosen by the naming pass; the IR shows it as
    /// `rust`.
    #[serde(skip_serializing, default)]
    pub ident: String,
    pub anchor: String,
    pub description: String,
    pub loc: Loc,
    /// The JSON Schema document as written. Not serialized: the IR keeps
    /// what it resolved to (`rust` and the types), which is what changes of
    /// the API are judged by, and `api.json` stays small.
    #[serde(skip_serializing, default)]
    pub json: serde_json::Value,
    /// Where the JSON Schema block's content stands in the doc, to point
    /// diagnostics about a sub-schema at its line.
    #[serde(skip)]
    pub block: Loc,
    /// The `### Example` block, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The Rust type the schema resolved to.
    pub rust: TypeRef,
}
