//! The IR as an OpenAPI 3.1 document, so the Markdown docs can feed any
//! OpenAPI tool: paths and operations from the routes, parameters where
//! they travel, request bodies, responses, and every schema of the schema
//! doc under `components/schemas` with its `$ref`s pointing there.

use serde_json::{Map, Value, json};

use crate::ir::{
    Action, Api, Location, Param, ParamType, QueryStyle, Resource, Response, SchemaId, Stream,
    Typed,
};
use crate::resolve::refs::{Refs, Target};

pub fn document(api: &Api) -> Value {
    let refs = Refs::new(&api.schemas);
    let mut paths = Map::new();
    for resource in &api.resources {
        for action in &resource.actions {
            let item = paths
                .entry(action.route.path.clone())
                .or_insert_with(|| json!({}));
            item[action.route.method.as_str().to_ascii_lowercase()] =
                operation(api, resource, action);
        }
    }
    let mut schemas = Map::new();
    for (i, schema) in api.schemas.iter().enumerate() {
        let mut json = schema.json.clone();
        if let Some(object) = json.as_object_mut() {
            object.remove("$schema");
            if !schema.description.is_empty() {
                object
                    .entry("description")
                    .or_insert_with(|| schema.description.clone().into());
            }
        }
        rewrite_refs(api, &refs, i, &mut json);
        schemas.insert(component_name(api, i), json);
    }
    let mut parameters = Map::new();
    for query in &api.meta.default_query {
        let value: Value = serde_json::to_value(&query.value).unwrap_or(Value::Null);
        parameters.insert(
            query.name.clone(),
            json!({
                "name": query.name,
                "in": "query",
                "description": "Sent on every call unless overridden.",
                "schema": { "type": json_type(&value), "default": value },
            }),
        );
    }
    let mut info = json!({ "title": api.meta.title, "version": api.meta.version.as_deref().unwrap_or(&api.meta.crate_version) });
    if !api.meta.crate_description.is_empty() {
        info["description"] = api.meta.crate_description.clone().into();
    }
    json!({
        "openapi": "3.1.0",
        "info": info,
        "servers": [{ "url": api.meta.base_url }],
        "tags": api.resources.iter().map(|r| json!({ "name": r.name, "description": r.description })).collect::<Vec<_>>(),
        "security": [{ "bearerAuth": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": parameters,
            "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer" } },
        },
    })
}

/// The operation id of an action: `org.invite_member`.
pub fn operation_id(resource: &Resource, action: &Action) -> String {
    format!("{}.{}", resource.accessor, action.method)
}

/// A schema's name under `components/schemas`: its Rust type's name.
fn component_name(api: &Api, index: usize) -> String {
    api.schemas[index].ident.clone()
}

fn schema_ref(api: &Api, id: SchemaId) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", component_name(api, id.index())) })
}

fn operation(api: &Api, resource: &Resource, action: &Action) -> Value {
    // A stream sends none of the API's default query.
    let default_query = match action.stream {
        Some(_) => &[][..],
        None => &api.meta.default_query[..],
    };
    let mut parameters: Vec<Value> = default_query
        .iter()
        .filter(|q| !action.params.iter().any(|p| p.name == q.name))
        .map(|q| json!({ "$ref": format!("#/components/parameters/{}", q.name) }))
        .collect();
    parameters.extend(
        action
            .params
            .iter()
            .filter(|p| {
                matches!(
                    p.location,
                    Location::Path | Location::Query | Location::Header
                )
            })
            .map(|p| parameter(api, p)),
    );
    let mut operation = json!({
        "operationId": operation_id(resource, action),
        "tags": [resource.name],
        "summary": action.heading,
        "parameters": parameters,
        "responses": responses(api, action),
    });
    if !action.description.is_empty() {
        operation["description"] = action.description.clone().into();
    }
    if let Some(body) = request_body(api, action) {
        operation["requestBody"] = body;
    }
    if let Some(auth) = &action.auth {
        operation["x-scopes"] = auth.scopes.clone().into();
    }
    operation
}

fn param_schema(api: &Api, param: &Param) -> Value {
    let mut schema = match &param.ty {
        ParamType::String => json!({ "type": "string" }),
        ParamType::Boolean => json!({ "type": "boolean" }),
        ParamType::Number => json!({ "type": "number" }),
        ParamType::Undefined => json!({}),
        ParamType::Array => json!({ "type": "array", "items": {} }),
        ParamType::File => {
            json!({ "type": "string", "contentMediaType": "application/octet-stream" })
        }
        ParamType::Schema(link) => schema_ref(api, link.schema),
    };
    let Some(object) = schema.as_object_mut() else {
        return schema;
    };
    let default = param
        .default
        .as_ref()
        .and_then(|d| serde_json::to_value(d).ok())
        .and_then(|d| as_param_type(d, &param.ty));
    // The values the description lists: what the docs say the API accepts,
    // and its documented default, which the list sometimes leaves out.
    let mut accepted: Vec<Value> = param
        .accepted
        .iter()
        .filter_map(|value| as_param_type(value.clone().into(), &param.ty))
        .collect();
    if let Some(default) = &default {
        if !accepted.is_empty() && !accepted.contains(default) {
            accepted.push(default.clone());
        }
        object.insert("default".into(), default.clone());
    }
    if !accepted.is_empty() {
        object.insert("enum".into(), accepted.into());
    }
    schema
}

/// A documented value (a Default or Example cell, an accepted value) as a
/// value of the parameter's own type, or `None` when it cannot be one. A
/// `string` parameter defaulting to `100` defaults to `"100"`: the docs'
/// cells are text, and a schema's default must be of its type.
fn as_param_type(value: Value, ty: &ParamType) -> Option<Value> {
    match (ty, value) {
        (ParamType::String | ParamType::File, Value::String(text)) => Some(Value::String(text)),
        (ParamType::String | ParamType::File, Value::Number(n)) => Some(n.to_string().into()),
        (ParamType::String | ParamType::File, Value::Bool(b)) => Some(b.to_string().into()),
        (ParamType::Number, Value::Number(n)) => Some(Value::Number(n)),
        (ParamType::Number, Value::String(text)) => {
            serde_json::from_str::<serde_json::Number>(text.trim())
                .ok()
                .map(Value::Number)
        }
        (ParamType::Boolean, Value::Bool(b)) => Some(Value::Bool(b)),
        (ParamType::Boolean, Value::String(text)) => match text.trim() {
            "true" => Some(true.into()),
            "false" => Some(false.into()),
            _ => None,
        },
        (ParamType::Array, Value::Array(items)) => Some(Value::Array(items)),
        (ParamType::Array, Value::String(text)) => serde_json::from_str::<Value>(&text)
            .ok()
            .filter(Value::is_array),
        (ParamType::Undefined | ParamType::Schema(_), value) => Some(value),
        _ => None,
    }
}

fn parameter(api: &Api, param: &Param) -> Value {
    let location = match param.location {
        Location::Path => "path",
        Location::Header => "header",
        _ => "query",
    };
    let mut out = json!({
        "name": param.name,
        "in": location,
        "required": param.required || param.location == Location::Path,
        "description": param.description,
    });
    match (&param.ty, param.location) {
        // Object-valued query parameters travel flattened with brackets
        // (`name[key]=value`: a deep object, exploded), or JSON-encoded.
        (ParamType::Schema(_) | ParamType::Undefined, Location::Query) => match param.style {
            Some(QueryStyle::Brackets) => {
                out["schema"] = param_schema(api, param);
                out["style"] = "deepObject".into();
                out["explode"] = true.into();
            }
            _ => {
                out["content"] =
                    json!({ "application/json": { "schema": param_schema(api, param) } });
            }
        },
        (ParamType::Array, Location::Query) => {
            out["schema"] = param_schema(api, param);
            out["style"] = "deepObject".into();
        }
        _ => out["schema"] = param_schema(api, param),
    }
    if let Some((_, example)) = param
        .columns
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case("example"))
    {
        let written = serde_json::from_str(example).unwrap_or_else(|_| example.clone().into());
        let in_enum = |value: &Value| {
            out.pointer("/schema/enum")
                .and_then(Value::as_array)
                .is_none_or(|values| values.contains(value))
        };
        match (out.get("schema"), as_param_type(written, &param.ty)) {
            (Some(_), Some(example)) if in_enum(&example) => out["example"] = example,
            _ => {}
        }
    }
    out
}

fn request_body(api: &Api, action: &Action) -> Option<Value> {
    if let Some(body) = action.params.iter().find(|p| p.location == Location::Body) {
        return Some(json!({
            "required": body.required,
            "description": body.description,
            "content": { "application/json": { "schema": param_schema(api, body) } },
        }));
    }
    let fields: Vec<&Param> = action
        .params
        .iter()
        .filter(|p| p.location == Location::Form)
        .collect();
    if fields.is_empty() {
        return None;
    }
    let properties: Map<String, Value> = fields
        .iter()
        .map(|p| (p.name.clone(), param_schema(api, p)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.as_str())
        .collect();
    Some(json!({
        "required": true,
        "content": { "multipart/form-data": { "schema": { "type": "object", "properties": properties, "required": required } } },
    }))
}

fn responses(api: &Api, action: &Action) -> Value {
    let mut out = Map::new();
    for response in action.success.iter().chain(&action.errors) {
        out.insert(response.code.to_string(), response_object(api, response));
    }
    if let Some(stream) = &action.stream {
        for response in &action.success {
            out.insert(
                response.code.to_string(),
                stream_response(api, response, stream),
            );
        }
    }
    if out.is_empty() {
        out.insert(
            "default".into(),
            json!({ "description": "Any response; the docs list none." }),
        );
    }
    Value::Object(out)
}

fn response_object(api: &Api, response: &Response) -> Value {
    let mut out = json!({ "description": response.description });
    if let Some(link) = &response.schema {
        out["content"] = json!({ "application/json": { "schema": schema_ref(api, link.schema) } });
    }
    out
}

/// A stream's success: `text/event-stream`, each event's data one of the
/// events' schemas. OpenAPI has no words for an event's name, so the
/// description lists them and `x-events` maps each to its schema; the
/// keep-alive parameter is `x-keep-alive`.
fn stream_response(api: &Api, response: &Response, stream: &Stream) -> Value {
    let mut schemas: Vec<Value> = Vec::new();
    let mut events = Map::new();
    for event in &stream.events {
        let schema = schema_ref(api, event.schema.schema);
        if !schemas.contains(&schema) {
            schemas.push(schema.clone());
        }
        events.insert(event.name.clone(), schema);
    }
    let names: Vec<String> = stream
        .events
        .iter()
        .map(|e| format!("`{}` ({})", e.name, e.schema.title))
        .collect();
    let description = format!(
        "{}. Each event's data is JSON, by its name: {}.",
        response.description,
        names.join(", ")
    );
    let schema = match <[Value; 1]>::try_from(schemas) {
        Ok([only]) => only,
        Err(schemas) => json!({ "oneOf": schemas }),
    };
    let mut out = json!({
        "description": description,
        "content": { "text/event-stream": { "schema": schema } },
        "x-events": events,
    });
    if let Some(keep_alive) = &stream.keep_alive {
        out["x-keep-alive"] = keep_alive.clone().into();
    }
    out
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        _ => "string",
    }
}

/// Points every `$ref` of schema `root` at `components/schemas`.
fn rewrite_refs(api: &Api, refs: &Refs<'_, Typed>, root: usize, node: &mut Value) {
    match node {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                let target = match refs.resolve(root, reference) {
                    Target::Documented(i) => {
                        Some(format!("#/components/schemas/{}", component_name(api, i)))
                    }
                    Target::Local { root, pointer, .. } => Some(format!(
                        "#/components/schemas/{}{pointer}",
                        component_name(api, root)
                    )),
                    Target::Unresolved(_) => None,
                };
                match target {
                    Some(target) => {
                        object.insert("$ref".into(), target.into());
                    }
                    None => {
                        let reference = reference.clone();
                        object.remove("$ref");
                        object.insert(
                            "$comment".into(),
                            format!("unresolved $ref `{reference}`").into(),
                        );
                    }
                }
            }
            for value in object.values_mut() {
                rewrite_refs(api, refs, root, value);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_refs(api, refs, root, item);
            }
        }
        _ => {}
    }
}
