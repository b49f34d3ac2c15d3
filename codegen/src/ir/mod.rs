//! The intermediate representation: what the docs and the overlay say about
//! the API, linked and checked ([`Linked`]), then named and typed
//! ([`Typed`]), ready for emission.
//!
//! Every node keeps the [`Loc`] it came from. The typed IR is serializable:
//! its snapshot is the review surface for parser changes, and `api.json`
//! keeps it for the next run's change report.

mod phase;

use serde::{Deserialize, Serialize};

use crate::source::Loc;
use crate::types::{TypeDef, TypeRef, Variant};

pub use phase::{Data, Linked, Phase, Typed};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Api<P: Phase = Typed> {
    pub meta: ApiMeta,
    pub resources: Vec<Resource<P>>,
    /// The documented schemas; a [`SchemaId`] indexes them.
    pub schemas: Vec<Schema<P>>,
    /// The Rust types resolved from the schemas, in emission order.
    pub types: P::Known<Vec<TypeDef>>,
    /// The type of the body of error responses, shared by every action.
    pub error_type: P::Known<TypeRef>,
    /// The value sets that text parameters' descriptions list: one enum
    /// each. An [`EnumId`] indexes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<ParamEnum<P>>,
}

impl<P: Phase> Api<P> {
    /// The schema a link names.
    pub fn schema(&self, id: SchemaId) -> &Schema<P> {
        &self.schemas[id.index()]
    }
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

impl ApiMeta {
    /// The crate's name as Rust code names it: `losant_rest`.
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }
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
#[serde(bound = "")]
pub struct Resource<P: Phase = Typed> {
    /// As the heading names it: `Org`.
    pub name: String,
    /// The accessor on the client, from the examples: `org`.
    pub accessor: String,
    pub description: String,
    pub loc: Loc,
    /// Its Rust identifiers, chosen by the naming pass.
    pub idents: P::Known<ResourceIdents>,
    pub actions: Vec<Action<P>>,
}

/// The Rust identifiers of a resource ([`crate::name()`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceIdents {
    /// Its module, never raw, and so its file `src/<module>.rs`: `org`.
    pub module: String,
    /// The client's method that returns the handle: `org`.
    pub accessor: String,
    /// The handle type in the module: `Org`.
    pub handle: String,
}

/// The Rust identifiers of an action ([`crate::name()`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionIdents {
    /// The handle's method: `invite_member`.
    pub method: String,
    /// The request type the method returns: `InviteMember`.
    pub request: String,
    /// The models' enum a success decodes into, by its status, when the
    /// success statuses carry different bodies
    /// ([`Action::success_by_status`]): `DevicesPatchResponse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<String>,
    /// The wire names of the method's arguments (the required parameters)
    /// in the order the names lock keeps, when it is not the doc order:
    /// the order is part of what callers write.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// For a stream action ([`Action::stream`]), its enum of events and
    /// their variants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<EventIdents>,
}

/// The Rust names of a stream's enum of events: `StateStreamEvent`, a
/// variant per declared event (`deviceState`: `DeviceState`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventIdents {
    /// The enum, in the resource's module.
    pub name: String,
    /// Each event's variant, by its wire name, in the stream's order.
    pub variants: Vec<EventVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventVariant {
    /// The event's name on the wire (the `event:` field).
    pub event: String,
    /// The enum's variant: `DeviceState`.
    pub variant: String,
}

/// One `## Heading` of an action doc, with its route from the overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Action<P: Phase = Typed> {
    /// The heading: `Invite Member`.
    pub heading: String,
    /// The method name, from the example call: `invite_member`.
    pub method: String,
    pub description: String,
    pub loc: Loc,
    /// Its Rust identifiers, chosen by the naming pass.
    pub idents: P::Known<ActionIdents>,
    pub route: Route,
    pub params: Vec<Param<P>>,
    pub success: Vec<Response<P>>,
    pub errors: Vec<Response<P>>,
    /// The `#### Authentication` section, when the doc has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    /// How the action's list is read page by page, when it is a paged
    /// list (found from its parameters and success type, or as the route
    /// says): its request streams its pages and their items.
    #[serde(
        default = "P::none::<Paging>",
        skip_serializing_if = "P::is_none::<Paging>"
    )]
    pub paging: P::Known<Option<Paging>>,
    /// For an event stream declared in the overlay (`[streams.<resource>.<name>]`),
    /// what it sends: the action answers `text/event-stream`, not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Stream<P>>,
}

/// What an event-stream action sends, as the overlay declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Stream<P: Phase = Typed> {
    /// The events it declares, in the overlay's order.
    pub events: Vec<StreamEvent<P>>,
    /// The query parameter giving the seconds between the server's
    /// keep-alive comments, when the stream has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_alive: Option<String>,
}

/// One declared event of a stream: `deviceState = "Device State"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct StreamEvent<P: Phase = Typed> {
    /// The name the server gives it (its `event:` field).
    pub name: String,
    /// The documented schema its data is.
    pub schema: SchemaLink,
    /// The schema's Rust type.
    pub rust: P::Known<TypeRef>,
    pub loc: Loc,
}

/// How a paged list action is read page by page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paging {
    /// The query parameter that moves from page to page, and how.
    pub by: PageBy,
    /// The query parameter of the page size (`perPage`, `limit`), left as
    /// the caller sets it.
    pub size: String,
    /// The type of the pages: the action's success type.
    pub page: TypeRef,
    /// The page's field holding the items, and their type.
    pub items: PageField,
    pub item: TypeRef,
    /// The page's field holding the whole list's count, when it has one:
    /// the stream ends at it, else at an empty page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<PageField>,
}

/// The query parameter that moves a paged list on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageBy {
    /// The page number (`page`), from the caller's, else its documented
    /// default, else 0.
    Number { param: String, first: u64 },
    /// The offset of the page's first item (`offset`).
    Offset { param: String },
}

impl PageBy {
    /// The query parameter's wire name.
    pub fn param(&self) -> &str {
        match self {
            PageBy::Number { param, .. } | PageBy::Offset { param } => param,
        }
    }
}

/// A field of a page type, as its Rust struct declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageField {
    /// The Rust field: `total_count`.
    pub name: String,
    /// Its type without the `Option` of an optional or nullable field:
    /// `Vec<Device>`, `i64`.
    pub ty: TypeRef,
    /// Whether the field may hold no value: an `Option`, or the runtime's
    /// `Nullable` when `nullable`.
    pub optional: bool,
    /// Whether the field is optional and nullable, a `Nullable`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
}

/// What an action's `#### Authentication` section says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Auth {
    pub description: String,
    /// The token scopes that grant access, any one of them.
    pub scopes: Vec<String>,
}

impl<P: Phase> Action<P> {
    /// The parameters in table order that go in the path, by template order.
    pub fn path_params(&self) -> Vec<&Param<P>> {
        self.route
            .placeholders()
            .filter_map(|name| self.params.iter().find(|p| p.name == name))
            .collect()
    }
}

impl<P: Phase> Action<P> {
    /// Whether the documented success statuses carry different bodies (two
    /// schemas, or a schema and none), so that a success decodes by its
    /// status into an enum of the bodies. Statuses that share one body
    /// keep its type.
    pub fn success_by_status(&self) -> bool {
        // A body is its schema, else none: `()` for a 204, any JSON otherwise.
        let body = |r: &Response<P>| match &r.schema {
            Some(link) => Ok(link.schema),
            None => Err(r.code == 204),
        };
        let mut bodies = self.success.iter().map(body);
        let first = bodies.next();
        first.is_some_and(|first| bodies.any(|b| b != first))
    }
}

impl Action<Typed> {
    /// The method's arguments: the required parameters, in the order the
    /// names lock keeps (doc order for a new action).
    pub fn arguments(&self) -> Vec<&Param> {
        let required = self.params.iter().filter(|p| p.required);
        if self.idents.arguments.is_empty() {
            return required.collect();
        }
        let mut ordered: Vec<&Param> = self
            .idents
            .arguments
            .iter()
            .filter_map(|name| self.params.iter().find(|p| p.required && p.name == *name))
            .collect();
        ordered.extend(required.filter(|p| !self.idents.arguments.contains(&p.name)));
        ordered
    }

    /// What a success decodes into: the enum by status when the statuses
    /// carry different bodies, else the type every documented success
    /// response has, else (none documented) any JSON value.
    pub fn success_type(&self) -> TypeRef {
        if let Some(name) = &self.idents.responses {
            return TypeRef::Named(name.clone());
        }
        match self.success.split_first() {
            Some((first, rest)) if rest.iter().all(|r| r.rust == first.rust) => first.rust.clone(),
            _ => TypeRef::Value,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub method: HttpMethod,
    /// The path template: `/orgs/{orgId}/invites`.
    pub path: String,
    pub loc: Loc,
    /// `paged = true` or `false` in the overlay: whether the action is a
    /// paged list, where the guess from its parameters and success type
    /// is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paged: Option<bool>,
}

impl Route {
    /// The `{names}` of the path template, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
    }

    /// The path with each placeholder's name left out (`/orgs/{}/member`):
    /// two routes of one shape send the same requests.
    pub fn path_shape(&self) -> String {
        let mut shape = String::with_capacity(self.path.len());
        let mut open = false;
        for c in self.path.chars() {
            match c {
                '{' => open = true,
                '}' => open = false,
                _ if open => continue,
                _ => {}
            }
            shape.push(c);
        }
        shape
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[serde(bound = "")]
pub struct Param<P: Phase = Typed> {
    /// The wire name: `orgId`.
    pub name: String,
    /// The Rust identifier (argument, setter), chosen by the naming pass:
    /// `org_id`, maybe raw (`r#type`).
    pub ident: P::Known<String>,
    pub ty: ParamType,
    /// The Rust type the generated method or setter takes it as.
    pub arg: P::Known<ArgType>,
    pub required: bool,
    pub description: String,
    /// The server's default, shown in docs; never sent unless set.
    pub default: Option<Scalar>,
    /// For a text parameter, the kind of value its Default and Example
    /// agree on: what its docs and examples show it taking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValueKind>,
    /// For a text parameter, the values its description lists as the
    /// accepted ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// The enum of those values, unless they are all integers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_enum: Option<EnumId>,
    pub location: Location,
    /// How its value travels in the query, for a schema-typed or `undefined`
    /// query parameter: set from the overlay when linking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<QueryStyle>,
    pub loc: Loc,
    /// Cells of columns this parser does not read (`Example`), by header.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<(String, String)>,
}

/// What a text parameter holds, by the cells of its row that are filled
/// in (Default, Example): all integers, or all booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Integer,
    Boolean,
}

/// The Type cell of a parameter row; a schema link is `L`, its text when
/// parsed and a [`SchemaLink`] once linked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType<L = SchemaLink> {
    String,
    Boolean,
    Number,
    /// Any JSON value.
    Undefined,
    Array,
    File,
    Schema(L),
}

impl<L> ParamType<L> {
    /// The same type with its link mapped, `None` when `link` gives none.
    pub fn try_map<M>(self, link: impl FnOnce(L) -> Option<M>) -> Option<ParamType<M>> {
        Some(match self {
            ParamType::String => ParamType::String,
            ParamType::Boolean => ParamType::Boolean,
            ParamType::Number => ParamType::Number,
            ParamType::Undefined => ParamType::Undefined,
            ParamType::Array => ParamType::Array,
            ParamType::File => ParamType::File,
            ParamType::Schema(l) => ParamType::Schema(link(l)?),
        })
    }
}

/// The Rust type a parameter is passed as: what users of the generated
/// client write, and so what the change report compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgType {
    /// `impl ParamValue`: a text parameter, taking anything written as
    /// text (`&str`, `String`, numbers, `bool`). The `str` of an `api.json`
    /// from generators that took `&str` reads as this, which takes all
    /// `&str` took.
    #[serde(alias = "str")]
    Text,
    Bool,
    /// `impl NumberValue`: a number parameter, taking any Rust number. The
    /// `number` (`f64`) of older generators reads as this, which takes it.
    #[serde(alias = "number")]
    Numeric,
    /// `&serde_json::Value`, for `undefined`.
    Json,
    /// `&[impl Display]`, for `array`.
    List,
    /// The runtime's `File`, for an upload.
    File,
    /// `&T` of a schema's type.
    Model(TypeRef),
    /// `impl Into<E>` of a parameter enum of the `params` module, by name:
    /// one of its values, or text (`&str`, `String`).
    Enum(String),
}

impl std::fmt::Display for ArgType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgType::Text => f.write_str("impl ParamValue"),
            ArgType::Bool => f.write_str("bool"),
            ArgType::Numeric => f.write_str("impl NumberValue"),
            ArgType::Json => f.write_str("&Value"),
            ArgType::List => f.write_str("&[impl Display]"),
            ArgType::File => f.write_str("File"),
            ArgType::Model(ty) => write!(f, "&{ty}"),
            ArgType::Enum(name) => write!(f, "impl Into<{name}>"),
        }
    }
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

/// How a schema-typed (object or array) query value travels. The docs do
/// not say; the overlay does (`query_style`), API-wide, by parameter name
/// and per route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryStyle {
    /// Flattened with brackets to any depth: `tagFilter[0][key]=k`. An
    /// empty object or array sends nothing.
    Brackets,
    /// One JSON-encoded value: `query={"$and":[…]}`.
    Json,
}

impl QueryStyle {
    /// The name `api.toml` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryStyle::Brackets => "brackets",
            QueryStyle::Json => "json",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "brackets" => QueryStyle::Brackets,
            "json" => QueryStyle::Json,
            _ => return None,
        })
    }

    /// How the docs and the change report say it.
    pub fn describe(self) -> &'static str {
        match self {
            QueryStyle::Brackets => "flattened with brackets (`name[key]=value`)",
            QueryStyle::Json => "as one JSON-encoded value",
        }
    }
}

/// `[Title](_schemas.md#anchor)` as the doc writes it, or
/// `[Title](../lib/schemas/title.json)`: a link to a schema file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkText {
    pub title: String,
    pub anchor: String,
    pub loc: Loc,
    /// For a link to a `.json` schema file: its path from the spec
    /// directory (`lib/schemas/success.json`), or `Err` with the link as
    /// written when it leads outside the spec directory.
    #[serde(skip)]
    pub file: Option<Result<String, String>>,
}

/// A link to a documented schema, resolved once when linking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaLink {
    pub title: String,
    pub anchor: String,
    pub loc: Loc,
    /// The schema it names.
    pub schema: SchemaId,
}

/// A documented schema, by its place in [`Api::schemas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SchemaId(pub u32);

impl SchemaId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The values that text parameters of one name accept, as their
/// descriptions list them ("Accepted values are: asc, desc"): one enum of
/// the generated `params` module, shared by every parameter of that name
/// that lists the same values, whatever their order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct ParamEnum<P: Phase = Typed> {
    /// The wire name of the parameters that take it: `sortDirection`.
    pub param: String,
    /// The values, in the order its first use lists them.
    pub values: Vec<String>,
    /// The description of its first use, less the list. Like the types'
    /// docs, not kept in `api.json`.
    #[serde(skip)]
    pub description: String,
    /// The actions whose parameter takes it, in doc order.
    pub uses: Vec<EnumUse>,
    /// Its name in the `params` module, chosen by the naming pass.
    pub ident: P::Known<String>,
    /// Its other names, each a type alias of it: the names of the places
    /// that take it under another name (`DevicesSortField` beside
    /// `FlowsSortField`), chosen by the naming pass.
    #[serde(
        default = "P::empty::<String>",
        skip_serializing_if = "P::is_empty::<String>"
    )]
    pub aliases: P::Known<Vec<String>>,
    /// The rule that gave it its name, for its rustdoc.
    pub naming: P::Known<EnumNaming>,
    /// A variant per value, named by the naming pass.
    pub variants: P::Known<Vec<Variant>>,
}

/// Which rule of the naming pass named a [`ParamEnum`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumNaming {
    /// For its parameter (`SortDirection`): every parameter of that name
    /// lists these values.
    Parameter,
    /// For its parameter (`SortField`): of the sets parameters of that
    /// name list, more resources listed this one than any other. Given by
    /// generators before the names lock; read from their `api.json`.
    MostListed,
    /// For a resource that lists it and its parameter (`FilesSortField`).
    Resource,
    /// For an action that lists it and its parameter
    /// (`DevicesGetLogSortField`): its resource lists other sets for
    /// parameters of that name too.
    Action,
    /// The name the previous generation gave it, kept by the names lock.
    Kept,
}

/// An action that takes a [`ParamEnum`]: its resource's accessor and its
/// method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumUse {
    pub resource: String,
    pub action: String,
}

/// A parameter enum, by its place in [`Api::enums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EnumId(pub u32);

impl EnumId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A row of the `Successful Responses` or `Error Responses` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Response<P: Phase = Typed> {
    pub code: u16,
    pub schema: Option<SchemaLink>,
    /// What its body decodes into: the schema's type, `()` for a `204`
    /// without one, else any JSON value.
    pub rust: P::Known<TypeRef>,
    pub description: String,
    pub loc: Loc,
}

/// A `## Title` section of the schema doc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Schema<P: Phase = Typed> {
    pub title: String,
    /// The Rust type's name, chosen by the naming pass.
    pub ident: P::Known<String>,
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
    /// Where the example block's content stands in the doc, to point
    /// diagnostics about the example at its line.
    #[serde(skip)]
    pub example_block: Loc,
    /// The Rust type the schema resolved to.
    pub rust: P::Known<TypeRef>,
}
