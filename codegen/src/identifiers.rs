//! The naming pass: every identifier and file path of the generated crate,
//! chosen once, after the checks and before types are resolved.
//!
//! Each scope of the generated code starts with the names the generated
//! code itself uses there, and takes the docs' names in doc order by the
//! rules of [`crate::naming`]: a reserved name gets a trailing `_`, the
//! second of two names that became one identifier is numbered. So a
//! resource `Models` is the module `models_`, an action `new` the method
//! `new_`, a required parameter `call` the argument `call_`, and an action
//! named like its resource (`org.org`) the request type `OrgRequest`.
//! Emission reads these names from the IR and computes none.

mod lock;
mod params;
pub(crate) mod places;
pub(crate) mod shapes;

use std::collections::{HashMap, HashSet};

use crate::ir::{
    ActionIdents, Api, EventIdents, EventVariant, Linked, Param, Resource, ResourceIdents, Stream,
};
use crate::naming::{self, Case, Scope};

pub use lock::Lock;
pub(crate) use lock::kept_order;
pub(crate) use params::EnumNames;

/// Every Rust name the generated code declares, in the order of the IR it
/// names: what [`crate::resolve()`] writes onto the typed IR.
#[derive(Debug, Clone)]
pub struct Names {
    pub(crate) resources: Vec<ResourceNames>,
    /// The type of each documented schema, by [`SchemaId`](crate::ir::SchemaId).
    pub(crate) schemas: Vec<String>,
    /// The names of each parameter enum, by [`EnumId`](crate::ir::EnumId).
    pub(crate) enums: Vec<EnumNames>,
    /// The models module's names so far, which the inline types' names
    /// join when the schemas are resolved.
    pub(crate) types: Scope,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResourceNames {
    pub idents: ResourceIdents,
    pub actions: Vec<ActionNames>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActionNames {
    pub idents: ActionIdents,
    /// Each parameter's argument or setter.
    pub params: Vec<String>,
}

/// Module names at the crate root besides the resources': the models, the
/// parameter enums and the mock, the files cargo treats specially
/// (`lib.rs`, `main.rs`), the crates the runtime's `crates` re-exports
/// (a resource module would hide them), the crates the generated code
/// names, and the crate's features besides the resources': a resource's
/// module is also its feature, which must not merge with another
/// (`native_tls` with `native-tls` as a reader would). So a resource
/// `Full` is the module and feature `full_`.
const MODULES: &[&str] = &[
    "models",
    "params",
    "mock",
    "rustls",
    "native_tls",
    "full",
    "default",
    "lib",
    "main",
    "bytes",
    "reqwest",
    "serde",
    "serde_json",
    "url",
    "mdsdk_runtime",
    "std",
    "core",
    "alloc",
];

/// Methods of `Client` besides the accessors: its own, its traits', those
/// clippy expects to implement a trait, and those of `mock::MockApi`,
/// which has the client's accessors.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "new",
    "start",
    "url",
    "calls",
    "server",
    "default",
    "clone",
    "fmt",
    "from_client",
    "as_ref",
    "borrow",
    "deref",
];

/// Types of a resource module besides its handle and request types: the
/// prelude types its code spells by their short names.
const RESOURCE_TYPES: &[&str] = &[
    "String", "Option", "Vec", "Box", "Some", "None", "Ok", "Err",
];

/// Names a handle type cannot take: `New`, whose constructor `new` clippy
/// would read as a self-named constructor.
const HANDLE_TYPES: &[&str] = &["New"];

/// Methods of a resource handle besides its actions: its constructor, its
/// derives, and those clippy expects to implement a trait.
const HANDLE_METHODS: &[&str] = &[
    "new",
    "clone",
    "fmt",
    "as_ref",
    "borrow",
    "deref",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "hash",
    "index",
];

/// Locals of an action method's body, which a required parameter (an
/// argument of the method) would be shadowed by.
const METHOD_LOCALS: &[&str] = &["call"];

/// Methods of a request type besides the setters of its optional
/// parameters: the `request!` macro's, a paged list's streams, the
/// runtime's `Request` trait's, and those clippy expects to implement an
/// operator trait.
const SETTERS: &[&str] = &[
    "send",
    "send_with_response",
    "pages",
    "items",
    "into_future",
    "call_mut",
    "with_query",
    "with_header",
    "with_timeout",
    "with_attempt_timeout",
    "with_max_response_size",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "shl",
    "shr",
    "bitand",
    "bitor",
    "bitxor",
];

/// Type names of the models module that its code or the runtime's macros
/// use by their short names (`Visitor`, and the generic parameters `A` and
/// `D` inside `json_struct!` and `by_status!`; `Default::default()`), and
/// those the IR's text of a type (`api.json`) reads as built-in types:
/// `String` is text and `Value` any JSON value there, so a model of either
/// name would come back as the other when the names lock reads it.
pub const MODEL_TYPES: &[&str] = &["A", "D", "Visitor", "Default", "String", "Value"];

/// Names every resource, action, parameter and documented schema, keeping
/// each name `lock` has for the same item.
pub fn assign(api: &Api<Linked>, lock: &Lock) -> Names {
    let mut modules = Scope::new(Case::Snake, MODULES);
    let mut accessors = Scope::new(Case::Snake, CLIENT_METHODS);
    modules.hold(lock.resources().map(|r| r.module.as_str()));
    accessors.hold(lock.resources().map(|r| r.accessor.as_str()));
    let resources = api
        .resources
        .iter()
        .map(|resource| resource_names(resource, lock, &mut modules, &mut accessors))
        .collect();
    let mut types = Scope::new(Case::Pascal, MODEL_TYPES);
    types.hold(lock.type_names());
    let items: Vec<places::Item> = api
        .schemas
        .iter()
        .map(|schema| places::Item {
            places: vec![places::Place {
                key: format!("{}#", schema.anchor),
                own: naming::pascal(&schema.title),
                shared: None,
            }],
        })
        .collect();
    // A schema is kept by its anchor, or by its title when only its anchor
    // moved.
    let anchors: HashSet<&str> = api.schemas.iter().map(|s| s.anchor.as_str()).collect();
    let titles: HashMap<String, &str> = api
        .schemas
        .iter()
        .map(|s| (format!("{}#", s.anchor), s.title.as_str()))
        .collect();
    let kept = |key: &str| {
        lock.type_name(key)
            .or_else(|| lock.moved_schema(titles.get(key)?, &anchors))
    };
    let schemas = places::assign(&items, kept, &mut types)
        .into_iter()
        .map(|mut names| names.places.remove(0))
        .collect();
    let mut names = Names {
        resources,
        schemas,
        enums: params::assign(&api.enums, lock),
        types,
    };
    name_response_enums(api, lock, &mut names);
    names
}

/// A resource's module, accessor and handle, and its actions' names.
fn resource_names(
    resource: &Resource<Linked>,
    lock: &Lock,
    modules: &mut Scope,
    accessors: &mut Scope,
) -> ResourceNames {
    let kept = lock.resource(&resource.accessor);
    let snake = naming::snake(&resource.accessor);
    let mut types = Scope::new(Case::Pascal, RESOURCE_TYPES);
    let mut methods = Scope::new(Case::Snake, HANDLE_METHODS);
    let kept_actions: Vec<&ActionIdents> = resource
        .actions
        .iter()
        .filter_map(|a| lock.action(&resource.accessor, &a.method))
        .collect();
    types.hold(kept.map(|k| k.handle.as_str()));
    types.hold(kept_actions.iter().map(|a| a.request.as_str()));
    types.hold(
        kept_actions
            .iter()
            .filter_map(|a| a.events.as_ref())
            .map(|e| e.name.as_str()),
    );
    methods.hold(kept_actions.iter().map(|a| a.method.as_str()));
    let idents = ResourceIdents {
        // Module names are never raw: `type_`, not `r#type`.
        module: keep(kept.map(|k| &k.module), modules, naming::RAW_KEYWORDS)
            .unwrap_or_else(|| modules.claim_avoiding(naming::unraw(&snake), naming::RAW_KEYWORDS)),
        accessor: keep(kept.map(|k| &k.accessor), accessors, &[])
            .unwrap_or_else(|| accessors.claim(&snake)),
        handle: keep(kept.map(|k| &k.handle), &mut types, HANDLE_TYPES).unwrap_or_else(|| {
            types.claim_avoiding(&naming::pascal(&resource.accessor), HANDLE_TYPES)
        }),
    };
    let actions = resource
        .actions
        .iter()
        .map(|action| {
            let kept = lock.action(&resource.accessor, &action.method);
            let request = naming::pascal(&action.method);
            let arguments = lock.arguments(&resource.accessor, &action.method);
            let method = keep(kept.map(|k| &k.method), &mut methods, &[])
                .unwrap_or_else(|| methods.claim(&naming::snake(&action.method)));
            let request = keep(kept.map(|k| &k.request), &mut types, &[])
                .unwrap_or_else(|| types.claim_or(&request, &format!("{request}Request")));
            let events = action.stream.as_ref().map(|stream| {
                event_names(
                    stream,
                    &request,
                    kept.and_then(|k| k.events.as_ref()),
                    &mut types,
                )
            });
            ActionNames {
                idents: ActionIdents {
                    method,
                    request,
                    responses: None,
                    arguments: argument_order(&action.params, arguments),
                    events,
                },
                params: param_names(&resource.accessor, &action.method, &action.params, lock),
            }
        })
        .collect();
    ResourceNames { idents, actions }
}

/// Variants of a stream's enum besides its events': the one the runtime's
/// `stream_events!` adds for an event the overlay does not declare.
const EVENT_VARIANTS: &[&str] = &["Unknown"];

/// A stream's enum of events (`StateStreamEvent` for the request
/// `StateStream`) and a variant per event (`deviceState`: `DeviceState`),
/// keeping the names `kept` has for the same enum and events.
fn event_names(
    stream: &Stream<Linked>,
    request: &str,
    kept: Option<&EventIdents>,
    types: &mut Scope,
) -> EventIdents {
    let own = format!("{request}Event");
    let name = keep(kept.map(|k| &k.name), types, &[])
        .unwrap_or_else(|| types.claim_or(&own, &format!("{own}s")));
    let mut scope = Scope::new(Case::Pascal, EVENT_VARIANTS);
    let kept_variant = |event: &str| {
        kept.and_then(|k| k.variants.iter().find(|v| v.event == event))
            .map(|v| &v.variant)
    };
    scope.hold(
        stream
            .events
            .iter()
            .filter_map(|e| kept_variant(&e.name))
            .map(String::as_str),
    );
    let variants = stream
        .events
        .iter()
        .map(|e| EventVariant {
            event: e.name.clone(),
            variant: keep(kept_variant(&e.name), &mut scope, EVENT_VARIANTS)
                .unwrap_or_else(|| scope.claim(&naming::pascal(&e.name))),
        })
        .collect();
    EventIdents { name, variants }
}

/// `kept`, taken in `scope` when it is free there (and not one of `also`).
fn keep(kept: Option<&String>, scope: &mut Scope, also: &[&str]) -> Option<String> {
    kept.filter(|name| scope.take_avoiding(name, also)).cloned()
}

/// The wire names of an action's arguments (its required parameters) in
/// the order the previous generation gave them, new ones after in doc
/// order; empty when that is the doc order.
fn argument_order(params: &[Param<Linked>], kept: &[String]) -> Vec<String> {
    let doc: Vec<&str> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
    let ordered = lock::kept_order(doc.clone(), &kept, |n| *n);
    if ordered == doc {
        return Vec::new();
    }
    ordered.into_iter().map(str::to_owned).collect()
}

/// The models' enum of each action whose success statuses carry different
/// bodies: `DevicesPatchResponse` for `devices.patch`, after the schemas'
/// types, which keep their names.
fn name_response_enums(api: &Api<Linked>, lock: &Lock, names: &mut Names) {
    for (resource, resource_names) in api.resources.iter().zip(&mut names.resources) {
        for (action, action_names) in resource.actions.iter().zip(&mut resource_names.actions) {
            if action.success_by_status() {
                let name = format!(
                    "{}{}Response",
                    naming::pascal(&resource.accessor),
                    naming::pascal(&action.method)
                );
                let key = format!("{}.{}", resource.accessor, action.method);
                let kept = lock.type_name(&key).map(str::to_owned);
                let types = &mut names.types;
                action_names.idents.responses =
                    Some(keep(kept.as_ref(), types, &[]).unwrap_or_else(|| types.claim(&name)));
            }
        }
    }
}

/// The variant of a [`TypeKind::ByStatus`](crate::types::TypeKind::ByStatus)
/// enum for a status: its reason phrase (`Ok`, `Accepted`, `NoContent`),
/// else `Status299`. Distinct statuses get distinct names.
pub fn status_variant(code: u16) -> String {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map_or_else(|| format!("Status{code}"), naming::pascal)
}

/// A required parameter is an argument of the action's method, an
/// optional one a setter of its request type and that setter's argument.
fn param_names(resource: &str, action: &str, params: &[Param<Linked>], lock: &Lock) -> Vec<String> {
    let mut scope = Scope::new(Case::Snake, &[]);
    let kept: Vec<Option<&str>> = params
        .iter()
        .map(|p| lock.param(resource, action, &p.name))
        .collect();
    scope.hold(kept.iter().flatten().copied());
    params
        .iter()
        .zip(kept)
        .map(|(param, kept)| {
            let reserved = if param.required {
                METHOD_LOCALS
            } else {
                SETTERS
            };
            match kept {
                Some(kept) if scope.take_avoiding(kept, reserved) => kept.to_owned(),
                _ => scope.claim_avoiding(&naming::snake(&param.name), reserved),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::MODULES;

    /// The generated crate root glob-imports the runtime's `crates`, which
    /// a resource module of the same name would hide.
    #[test]
    fn the_crates_the_runtime_re_exports_are_reserved_module_names() {
        let listed = include_str!("../../mdsdk-runtime/src/crates.rs");
        let crates: Vec<&str> = listed
            .lines()
            .filter_map(|line| line.strip_prefix("pub use ")?.strip_suffix(';'))
            .filter(|path| !path.contains("::"))
            .collect();
        assert!(crates.contains(&"reqwest"), "{crates:?}");
        for krate in crates {
            assert!(MODULES.contains(&krate), "`{krate}` is not reserved");
        }
    }
}
