//! The typed IR: the linked IR with the naming pass's names and the
//! resolver's types written onto each schema, parameter and response, so
//! later stages read them where they are and look nothing up.

use crate::diagnostic::{Diagnostics, Lint};
use crate::identifiers::{ActionNames, Names, ResourceNames};
use crate::ir::{
    Action, Api, ArgType, EnumId, Linked, Param, ParamEnum, ParamType, Resource, Response, Schema,
    SchemaLink, Stream, StreamEvent, Typed,
};
use crate::types::{TypeDef, TypeRef};

use super::paging;

/// `api` typed: `schema_types` holds each documented schema's type, by
/// [`SchemaId`](crate::ir::SchemaId), and `defs` the types they need.
pub fn assemble(
    api: Api<Linked>,
    names: Names,
    schema_types: Vec<TypeRef>,
    defs: Vec<TypeDef>,
    diags: &mut Diagnostics,
) -> Api<Typed> {
    let of = |link: &SchemaLink| schema_types[link.schema.index()].clone();
    let error_type = error_type(&api, &of, diags);
    let enum_uses: Vec<Vec<String>> = names.enums.iter().map(|n| n.uses.clone()).collect();
    let enums: Vec<ParamEnum<Typed>> = api
        .enums
        .into_iter()
        .zip(names.enums)
        .map(|(e, names)| {
            let mut aliases: Vec<String> = Vec::new();
            for name in &names.uses {
                if *name != names.ident && !aliases.contains(name) {
                    aliases.push(name.clone());
                }
            }
            ParamEnum {
                param: e.param,
                values: e.values,
                description: e.description,
                uses: e.uses,
                ident: names.ident,
                aliases,
                naming: names.naming,
                variants: names.variants,
            }
        })
        .collect();
    let types = Types {
        schema: &of,
        enums: &enums,
        enum_uses: &enum_uses,
        defs: &defs,
    };
    let resources: Vec<Resource<Typed>> = api
        .resources
        .into_iter()
        .zip(names.resources)
        .map(|(resource, names)| self::resource(resource, names, &types, diags))
        .collect();
    let mut defs = defs;
    defs.extend(super::by_status::defs(&resources));
    super::boxed_variants::box_large_variants(&mut defs);
    let schemas = api
        .schemas
        .into_iter()
        .zip(names.schemas)
        .zip(schema_types.iter().cloned())
        .map(|((schema, ident), rust)| Schema {
            title: schema.title,
            ident,
            anchor: schema.anchor,
            description: schema.description,
            loc: schema.loc,
            json: schema.json,
            block: schema.block,
            example: schema.example,
            example_block: schema.example_block,
            rust,
        })
        .collect();
    Api {
        meta: api.meta,
        resources,
        schemas,
        types: defs,
        error_type,
        enums,
    }
}

/// What a parameter's Rust type is made from: the schemas' types and the
/// parameter enums; and the type definitions, which a paged list's page
/// type is read from.
struct Types<'t, F> {
    schema: &'t F,
    enums: &'t [ParamEnum<Typed>],
    /// Each enum's name at each of its uses.
    enum_uses: &'t [Vec<String>],
    defs: &'t [TypeDef],
}

fn resource<F: Fn(&SchemaLink) -> TypeRef>(
    resource: Resource<Linked>,
    names: ResourceNames,
    types: &Types<'_, F>,
    diags: &mut Diagnostics,
) -> Resource<Typed> {
    let actions = resource
        .actions
        .into_iter()
        .zip(names.actions)
        .map(|(action, names)| self::action(&resource.accessor, action, names, types, diags))
        .collect();
    Resource {
        name: resource.name,
        accessor: resource.accessor,
        description: resource.description,
        loc: resource.loc,
        idents: names.idents,
        actions,
    }
}

fn action<F: Fn(&SchemaLink) -> TypeRef>(
    resource: &str,
    action: Action<Linked>,
    names: ActionNames,
    types: &Types<'_, F>,
    diags: &mut Diagnostics,
) -> Action<Typed> {
    let of = types.schema;
    let responses = |rows: Vec<Response<Linked>>| {
        rows.into_iter()
            .map(|row| Response {
                rust: match &row.schema {
                    Some(link) => of(link),
                    None if row.code == 204 => TypeRef::Unit,
                    None => TypeRef::Value,
                },
                code: row.code,
                schema: row.schema,
                description: row.description,
                loc: row.loc,
            })
            .collect()
    };
    let params: Vec<Param<Typed>> = action
        .params
        .into_iter()
        .zip(names.params)
        .map(|(param, ident)| self::param(param, ident, (resource, &action.method), types))
        .collect();
    let success: Vec<Response<Typed>> = responses(action.success);
    let paging = paging::detect(
        paging::Action {
            heading: &action.heading,
            route: &action.route,
            params: &params,
            success: &success,
            by_status: names.idents.responses.is_some(),
        },
        types.defs,
        diags,
    );
    Action {
        heading: action.heading,
        method: action.method,
        description: action.description,
        loc: action.loc,
        idents: names.idents,
        route: action.route,
        params,
        success,
        errors: responses(action.errors),
        auth: action.auth,
        paging,
        stream: action.stream.map(|stream| Stream {
            events: stream
                .events
                .into_iter()
                .map(|e| StreamEvent {
                    rust: of(&e.schema),
                    name: e.name,
                    schema: e.schema,
                    loc: e.loc,
                })
                .collect(),
            keep_alive: stream.keep_alive,
        }),
    }
}

fn param<F: Fn(&SchemaLink) -> TypeRef>(
    param: Param<Linked>,
    ident: String,
    (resource, action): (&str, &str),
    types: &Types<'_, F>,
) -> Param<Typed> {
    // An enum's name where this parameter takes it: its own, or an alias.
    let enum_name = |id: EnumId| {
        let e = &types.enums[id.index()];
        let at = e
            .uses
            .iter()
            .position(|u| u.resource == resource && u.action == action);
        at.map_or_else(
            || e.ident.clone(),
            |at| types.enum_uses[id.index()][at].clone(),
        )
    };
    let arg = match (&param.ty, param.value_enum) {
        (_, Some(id)) => ArgType::Enum(enum_name(id)),
        (ParamType::String, None) => ArgType::Text,
        (ParamType::Boolean, None) => ArgType::Bool,
        (ParamType::Number, None) => ArgType::Numeric,
        (ParamType::Undefined, None) => ArgType::Json,
        (ParamType::Array, None) => ArgType::List,
        (ParamType::File, None) => ArgType::File,
        (ParamType::Schema(link), None) => ArgType::Model((types.schema)(link)),
    };
    Param {
        name: param.name,
        ident,
        ty: param.ty,
        arg,
        required: param.required,
        description: param.description,
        default: param.default,
        kind: param.kind,
        accepted: param.accepted,
        value_enum: param.value_enum,
        location: param.location,
        style: param.style,
        loc: param.loc,
        columns: param.columns,
    }
}

/// The type of error bodies: the one schema every error response links.
fn error_type(
    api: &Api<Linked>,
    of: &impl Fn(&SchemaLink) -> TypeRef,
    diags: &mut Diagnostics,
) -> TypeRef {
    let mut links = api
        .resources
        .iter()
        .flat_map(|r| &r.actions)
        .flat_map(|a| &a.errors)
        .filter_map(|e| e.schema.as_ref());
    let Some(first) = links.next() else {
        return TypeRef::Value;
    };
    if let Some(other) = links.find(|l| l.schema != first.schema) {
        diags.warning(
            Lint::MixedErrorSchemas,
            &other.loc,
            format!("error responses link both `{}` and `{}`", first.title, other.title),
            "error bodies are decoded as JSON values; link one error schema everywhere to type them",
        );
        return TypeRef::Value;
    }
    of(first)
}
