//! A Rust example for each action's rustdoc, made from the doc's Python
//! example: the same parameters, with values from the `Example` column
//! where the doc gives one, and bodies built from the schema's types.
//! Each is a `no_run` doctest, so it is compiled.

use crate::ir::{Action, Api, ArgType, Location, Param, ParamEnum, ParamType, Resource};
use crate::naming;
use crate::types::{TypeKind, TypeRef};

/// The most optional parameters an example sets, to stay readable.
const MAX_OPTIONAL: usize = 2;

pub fn action_example(api: &Api, resource: &Resource, action: &Action) -> String {
    let setters: String = action
        .params
        .iter()
        .filter(|p| !p.required && p.location != Location::Header)
        .filter_map(|p| Some((p, example_cell(p)?)))
        .filter_map(|(p, cell)| {
            let value = simple_value(api, p, cell)?;
            Some(format!("\n    .{}({value})", p.ident))
        })
        .take(MAX_OPTIONAL)
        .collect();
    let call = call(api, resource, action);
    let mut code = start(api, action, &[&call, &setters]);
    code.push_str(&format!(
        "let result = {call}{setters}\n    .await?;\n{}",
        use_result(api, action),
    ));
    finish(code)
}

/// The example of a paged list's stream `method` (`pages`, `items`): each
/// page or item read in turn.
pub fn stream_example(api: &Api, resource: &Resource, action: &Action, method: &str) -> String {
    let krate = api.meta.crate_ident();
    let call = call(api, resource, action);
    let models = format!("use {krate}::models;\n");
    let mut code = start(api, action, &[&call]).replacen(
        &models,
        &format!("{models}use {krate}::TryStreamExt;\n"),
        1,
    );
    code.push_str(&format!(
        "let mut stream = {call}\n    .{method}();\nwhile let Some(next) = stream.try_next().await? {{\n    println!(\"{{next:?}}\");\n}}\n",
    ));
    finish(code)
}

/// The example of an event stream: opened, then each event matched.
pub fn event_stream_example(api: &Api, resource: &Resource, action: &Action) -> String {
    let krate = api.meta.crate_ident();
    let keep_alive = action
        .stream
        .as_ref()
        .and_then(|s| s.keep_alive.as_ref())
        .and_then(|wire| action.params.iter().find(|p| &p.name == wire))
        .map(|p| format!("\n    .{}(5)", p.ident))
        .unwrap_or_default();
    let call = call(api, resource, action);
    let models = format!("use {krate}::models;\n");
    let mut code = start(api, action, &[&call]).replacen(
        &models,
        &format!("{models}use {krate}::TryStreamExt;\n"),
        1,
    );
    code.push_str(&format!(
        "let mut events = {call}{keep_alive}\n    .await?;\n"
    ));
    code.push_str("while let Some(event) = events.try_next().await? {\n    match event.data {\n");
    if let Some(events) = &action.idents.events {
        let path = format!("{krate}::{}::{}", resource.idents.module, events.name);
        for v in &events.variants {
            code.push_str(&format!(
                "        {path}::{}(data) => println!(\"{}: {{data:?}}\"),\n",
                v.variant,
                // A literal, and a format string: braces doubled.
                v.event
                    .escape_default()
                    .to_string()
                    .replace('{', "{{")
                    .replace('}', "}}")
            ));
        }
    }
    code.push_str("        other => println!(\"{other:?}\"),\n    }\n}\n");
    finish(code)
}

/// The example's start: imports (`params` when `code` names it), the
/// function around it, and a `let` for each required argument passed by
/// reference.
fn start(api: &Api, action: &Action, code: &[&str]) -> String {
    let krate = api.meta.crate_ident();
    let params = if code.iter().any(|c| c.contains("params::")) {
        format!("use {krate}::params;\n")
    } else {
        String::new()
    };
    let mut code = format!(
        "```no_run\n# #[allow(unused_imports)]\nuse {krate}::models;\n{params}\n\
         # async fn example(client: {krate}::Client) -> {krate}::Result<()> {{\n"
    );
    for param in action.arguments() {
        if let (Some(binding), _) = argument(api, param) {
            code.push_str(&binding);
            code.push('\n');
        }
    }
    code
}

/// `client.devices().get(args)`, over lines.
fn call(api: &Api, resource: &Resource, action: &Action) -> String {
    let args: Vec<String> = action
        .arguments()
        .into_iter()
        .map(|p| argument(api, p).1)
        .collect();
    format!(
        "client\n    .{}()\n    .{}({})",
        resource.idents.accessor,
        action.idents.method,
        args.join(", ")
    )
}

fn finish(mut code: String) -> String {
    code.push_str("# Ok(())\n# }\n```\n");
    code
}

/// What the example does with the result: prints it, or for an enum of
/// the success statuses, matches each.
fn use_result(api: &Api, action: &Action) -> String {
    let by_status = action.idents.responses.as_ref().and_then(|name| {
        let def = api.types.iter().find(|t| &t.name == name)?;
        match &def.kind {
            TypeKind::ByStatus { variants } => Some((name, variants)),
            _ => None,
        }
    });
    let Some((name, variants)) = by_status else {
        return "println!(\"{result:?}\");\n".into();
    };
    let mut code = String::from("match result {\n");
    for v in variants {
        let arm = if v.ty == TypeRef::Unit {
            format!("models::{name}::{} => println!(\"{}\"),", v.name, v.code)
        } else {
            format!(
                "models::{name}::{}(body) => println!(\"{}: {{body:?}}\"),",
                v.name, v.code
            )
        };
        code.push_str(&format!("    {arm}\n"));
    }
    code.push_str("}\n");
    code
}

/// The parameter's `Example` cell, when filled in.
pub fn example_cell(param: &Param) -> Option<&str> {
    param
        .columns
        .iter()
        .find(|(header, _)| header.eq_ignore_ascii_case("example"))
        .map(|(_, cell)| cell.as_str())
        .filter(|cell| !cell.is_empty())
}

/// A `let` for values passed by reference, and the argument text.
pub(super) fn argument(api: &Api, param: &Param) -> (Option<String>, String) {
    let name = &param.ident;
    let cell = example_cell(param);
    match (&param.ty, &param.arg) {
        (_, ArgType::Model(ty)) => (
            Some(format!("let {name} = {};", value(api, ty, 0))),
            format!("&{name}"),
        ),
        (ParamType::Undefined, _) => {
            let json = cell
                .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
                .unwrap_or_else(|| serde_json::json!({}));
            (
                Some(format!("let {name} = serde_json::json!({json});")),
                format!("&{name}"),
            )
        }
        (ParamType::File, _) => (
            Some(format!(
                "let {name} = {}::File::new(\"data.csv\", b\"name\\n\".to_vec());",
                api.meta.crate_ident()
            )),
            name.clone(),
        ),
        _ => (
            None,
            simple_value(api, param, cell.unwrap_or(""))
                .unwrap_or_else(|| placeholder(&param.ident)),
        ),
    }
}

/// A string, boolean, number or array parameter's value from its example:
/// a text parameter whose cells hold integers or booleans takes one as
/// itself.
fn simple_value(api: &Api, param: &Param, cell: &str) -> Option<String> {
    if let Some(id) = param.value_enum {
        return Some(variant(&api.enums[id.index()], cell));
    }
    match &param.ty {
        ParamType::String if cell.is_empty() => None,
        // The kind is what the filled cells, this one included, agree on.
        ParamType::String if param.kind.is_some() => Some(cell.to_owned()),
        ParamType::String => Some(format!("{cell:?}")),
        ParamType::Boolean => Some(if cell == "false" { "false" } else { "true" }.into()),
        ParamType::Number => Some(number(cell)),
        ParamType::Array => {
            let items: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(cell)
                .ok()?
                .iter()
                .map(|v| {
                    format!(
                        "{:?}",
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                    )
                })
                .collect();
            Some(format!("&[{}]", items.join(", ")))
        }
        _ => None,
    }
}

/// The variant of the enum's value `cell`, else its first: an example of
/// a parameter that takes a [`ParamEnum`].
fn variant(e: &ParamEnum, cell: &str) -> String {
    let variant = e
        .variants
        .iter()
        .find(|v| v.wire == cell)
        .or(e.variants.first())
        .map_or("Unknown(String::new())", |v| v.name.as_str());
    format!("params::{}::{variant}", e.ident)
}

/// A number as Rust writes it: `10` stays an integer, `2.5` a float.
fn number(cell: &str) -> String {
    if cell.parse::<i64>().is_ok() {
        return cell.to_owned();
    }
    match cell.parse::<f64>() {
        Ok(n) if n.is_finite() => format!("{n:?}"),
        _ => "1".to_owned(),
    }
}

/// `org_id` to `"my-org-id"`, as the Python example's `my_org_id`.
fn placeholder(ident: &str) -> String {
    format!("\"my-{}\"", naming::unraw(ident).replace('_', "-"))
}

/// How many types deep an example value is built before `todo!()` stands
/// in for the rest (a union whose first form leads back to it, say).
const MAX_VALUE_DEPTH: usize = crate::limits::EXAMPLE_DEPTH;

/// How many aliases in a row an example follows to the type they name.
const MAX_ALIAS_HOPS: usize = crate::limits::ALIAS_HOPS;

/// An expression building a value of `ty`, `todo!()` where it cannot.
pub(super) fn example_value(api: &Api, ty: &TypeRef) -> String {
    value(api, ty, 0)
}

/// An expression building a value of `ty`.
fn value(api: &Api, ty: &TypeRef, depth: usize) -> String {
    if depth > MAX_VALUE_DEPTH {
        return "todo!()".into();
    }
    match ty {
        TypeRef::String => "\"text\"".into(),
        TypeRef::Bool => "true".into(),
        TypeRef::Integer => "1".into(),
        TypeRef::Number => "1.0".into(),
        TypeRef::Value => "serde_json::json!({})".into(),
        TypeRef::Unit => "()".into(),
        TypeRef::Vec(_) => "Vec::new()".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Option(_) => "None".into(),
        TypeRef::Box(inner) => format!("Box::new({})", value(api, inner, depth)),
        TypeRef::Named(name) => named_value(api, name, depth),
    }
}

fn named_value(api: &Api, name: &str, depth: usize) -> String {
    let mut name = name;
    let mut hops = 0;
    let def = loop {
        let Some(def) = api.types.iter().find(|t| t.name == name) else {
            return "Default::default()".into();
        };
        // Aliases of aliases are followed here, not by recursion.
        match &def.kind {
            TypeKind::Alias {
                target: TypeRef::Named(next),
            } if hops < MAX_ALIAS_HOPS => {
                name = next;
                hops += 1;
            }
            _ => break def,
        }
    };
    match &def.kind {
        TypeKind::Alias { target } => value(api, target, depth),
        TypeKind::Enum { variants } => match variants.first() {
            Some(v) => format!("models::{name}::{}", v.name),
            None => format!("models::{name}::Unknown(String::new())"),
        },
        TypeKind::Union { variants } => match variants.first() {
            Some(v) => format!(
                "models::{name}::{}({})",
                v.name,
                value(api, &v.ty, depth + 1)
            ),
            None => "Default::default()".into(),
        },
        TypeKind::ByStatus { variants } => match variants.first() {
            Some(v) if v.ty == TypeRef::Unit => format!("models::{name}::{}", v.name),
            Some(v) => format!(
                "models::{name}::{}({})",
                v.name,
                value(api, &v.ty, depth + 1)
            ),
            None => "todo!()".into(),
        },
        TypeKind::Struct { fields, .. } => {
            let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
            if required.is_empty() {
                format!("models::{name}::default()")
            } else if depth > 3 {
                "todo!()".into()
            } else {
                let args: Vec<String> = required
                    .iter()
                    .map(|f| {
                        let text = || {
                            format!(
                                "{:?}",
                                format!("my-{}", naming::unraw(&f.name).replace('_', "-"))
                            )
                        };
                        match (&f.ty, f.nullable) {
                            (TypeRef::String, false) => text(),
                            (TypeRef::String, true) => format!("Some({}.into())", text()),
                            (ty, false) => value(api, ty, depth + 1),
                            (ty, true) => format!("Some({})", value(api, ty, depth + 1)),
                        }
                    })
                    .collect();
                format!("models::{name}::new({})", args.join(", "))
            }
        }
    }
}
