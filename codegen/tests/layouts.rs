//! The same API in the older layout (`<resource>.md` with Python samples
//! beside `_schemas.md`) and in the vendor's newest (`docs/` with
//! JavaScript samples beside `lib/schemas/*.json`): the same Rust names,
//! types, routes and parameters, so switching layout is no rename and
//! sends the same requests. The fixtures `older-layout` and
//! `vendor-layout`.

use std::path::Path;

use codegen::ir::Api;
use serde_json::{Value, json};

fn ir(fixture: &str) -> Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let (api, diagnostics) = codegen::build_ir(&codegen::load(&dir).unwrap());
    api.unwrap_or_else(|| panic!("{fixture}: {diagnostics}"))
}

/// What users write and what goes on the wire: every Rust name and type,
/// each action's route, parameters and success type; without where in
/// the docs each was read.
fn surface(api: &Api) -> Value {
    let mut types: Vec<Value> = api
        .types
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    types.sort_by_key(|t| t["name"].to_string());
    let resources: Vec<Value> = api
        .resources
        .iter()
        .map(|r| {
            let actions: Vec<Value> = r
                .actions
                .iter()
                .map(|a| {
                    let params: Vec<Value> = a
                        .params
                        .iter()
                        .map(|p| {
                            json!([
                                p.name,
                                p.ident,
                                p.arg.to_string(),
                                p.required,
                                p.location.as_str()
                            ])
                        })
                        .collect();
                    json!({
                        "key": a.method,
                        "idents": a.idents,
                        "route": [a.route.method.as_str(), a.route.path],
                        "params": params,
                        "returns": a.success_type().to_string(),
                    })
                })
                .collect();
            json!({ "accessor": r.accessor, "idents": r.idents, "actions": actions })
        })
        .collect();
    let schemas: Vec<Value> = api
        .schemas
        .iter()
        .map(|s| {
            json!([
                s.title,
                s.anchor,
                s.ident,
                s.description,
                s.example.is_some()
            ])
        })
        .collect();
    let mut schemas = schemas;
    schemas.sort_by_key(|s| s.to_string());
    json!({ "types": types, "resources": resources, "schemas": schemas, "enums": api.enums.iter().map(|e| json!([e.ident, e.values])).collect::<Vec<_>>() })
}

#[test]
fn both_layouts_give_the_same_rust_and_the_same_requests() {
    let (older, newest) = (ir("older-layout"), ir("vendor-layout"));
    assert_eq!(surface(&newest), surface(&older));
    // The schema doc beside the files gave the example and the description
    // of the schema it names; an untitled file that only a `$ref` reaches
    // is titled by its name.
    let gadget = newest.schemas.iter().find(|s| s.title == "Gadget").unwrap();
    assert!(gadget.example.is_some());
    assert_eq!(
        gadget.description,
        "Schema for a single gadget, as the schema doc describes it"
    );
    assert!(newest.schemas.iter().any(|s| s.title == "Gadget Tag"));
}

#[test]
fn an_example_cell_linking_the_schema_doc_is_no_example_and_no_warning() {
    for fixture in ["older-layout", "vendor-layout"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let (api, diagnostics) = codegen::build_ir(&codegen::load(&dir).unwrap());
        assert!(diagnostics.is_empty(), "{fixture}: {diagnostics}");
        let clone = &api.unwrap().resources[0].actions[1];
        let options = clone.params.iter().find(|p| p.name == "options").unwrap();
        assert!(
            options
                .columns
                .iter()
                .all(|(header, _)| header != "Example"),
            "{fixture}"
        );
    }
}
