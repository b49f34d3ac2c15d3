//! The typed IR: the linked IR with the naming pass's names and the
//! resolver's types written onto each schema, parameter and response, so
//! later stages read them where they are and look nothing up.

use crate::diagnostic::{Diagnostics, Lint};
use crate::identifiers::{ActionNames, Names, ResourceNames};
use crate::ir::{
    Action, Api, ArgType, Linked, Param, ParamType, Resource, Response, Schema, SchemaLink, Typed,
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
    let resources: Vec<Resource<Typed>> = api
        .resources
        .into_iter()
        .zip(names.resources)
        .map(|(resource, names)| self::resource(resource, names, &of, &defs, diags))
        .collect();
    let mut defs = defs;
    defs.extend(super::by_status::defs(&resources));
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
            rust,
        })
        .collect();
    Api {
        meta: api.meta,
        resources,
        schemas,
        types: defs,
        error_type,
    }
}

fn resource(
    resource: Resource<Linked>,
    names: ResourceNames,
    of: &impl Fn(&SchemaLink) -> TypeRef,
    defs: &[TypeDef],
    diags: &mut Diagnostics,
) -> Resource<Typed> {
    Resource {
        name: resource.name,
        accessor: resource.accessor,
        description: resource.description,
        loc: resource.loc,
        idents: names.idents,
        actions: resource
            .actions
            .into_iter()
            .zip(names.actions)
            .map(|(action, names)| self::action(action, names, of, defs, diags))
            .collect(),
    }
}

fn action(
    action: Action<Linked>,
    names: ActionNames,
    of: &impl Fn(&SchemaLink) -> TypeRef,
    defs: &[TypeDef],
    diags: &mut Diagnostics,
) -> Action<Typed> {
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
        .map(|(param, ident)| self::param(param, ident, of))
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
        defs,
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
    }
}

fn param(
    param: Param<Linked>,
    ident: String,
    of: &impl Fn(&SchemaLink) -> TypeRef,
) -> Param<Typed> {
    let arg = match &param.ty {
        ParamType::String => ArgType::Str,
        ParamType::Boolean => ArgType::Bool,
        ParamType::Number => ArgType::Number,
        ParamType::Undefined => ArgType::Json,
        ParamType::Array => ArgType::List,
        ParamType::File => ArgType::File,
        ParamType::Schema(link) => ArgType::Model(of(link)),
    };
    Param {
        name: param.name,
        ident,
        ty: param.ty,
        arg,
        required: param.required,
        description: param.description,
        default: param.default,
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
