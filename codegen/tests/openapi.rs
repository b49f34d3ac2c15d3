//! The OpenAPI export of `spec/` and of every fixture, parsed back with a
//! maintained OpenAPI 3.1 crate: every action is an operation, every schema
//! a component, and every `$ref` lands on something.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn spec_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("../spec")];
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("api.toml").is_file() {
            dirs.push(path);
        }
    }
    dirs.sort();
    dirs
}

/// Every `$ref` in `node`.
fn refs<'a>(node: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_action_and_schema_is_in_the_openapi_document() {
    for dir in spec_dirs() {
        let (api, diagnostics) = codegen::build_ir(&codegen::load(&dir).unwrap());
        let api = api.unwrap_or_else(|| panic!("{}: {diagnostics}", dir.display()));
        assert_exported(&api, &dir);
    }
}

fn assert_exported(api: &codegen::ir::Api, dir: &Path) {
    {
        let document = codegen::openapi::document(api);
        let text = serde_json::to_string(&document).unwrap();

        let spec = oas3::from_json(&text)
            .unwrap_or_else(|e| panic!("{}: not OpenAPI 3.1: {e}", dir.display()));

        assert!(spec.openapi.starts_with("3.1"));
        let operations: BTreeSet<String> = spec
            .operations()
            .filter_map(|(_, _, op)| op.operation_id.clone())
            .collect();
        let actions: BTreeSet<String> = api
            .resources
            .iter()
            .flat_map(|r| {
                r.actions
                    .iter()
                    .map(move |a| codegen::openapi::operation_id(r, a))
            })
            .collect();
        assert_eq!(operations, actions, "{}", dir.display());
        for (path, method, operation) in spec.operations() {
            let id = operation.operation_id.clone().unwrap();
            let action = api
                .resources
                .iter()
                .flat_map(|r| {
                    r.actions
                        .iter()
                        .map(move |a| (codegen::openapi::operation_id(r, a), a))
                })
                .find(|(op, _)| *op == id)
                .unwrap()
                .1;
            assert_eq!(
                (path.as_str(), method.as_str()),
                (action.route.path.as_str(), action.route.method.as_str())
            );
            let statuses: BTreeSet<String> = operation
                .responses
                .as_ref()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let documented: BTreeSet<String> = action
                .success
                .iter()
                .chain(&action.errors)
                .map(|r| r.code.to_string())
                .collect();
            if !documented.is_empty() {
                assert_eq!(statuses, documented, "{id}");
            }
        }
        let components: BTreeSet<String> = spec
            .components
            .as_ref()
            .unwrap()
            .schemas
            .keys()
            .cloned()
            .collect();
        let schemas: BTreeSet<String> = api.schemas.iter().map(|s| s.rust.to_string()).collect();
        assert_eq!(components, schemas, "{}", dir.display());

        let mut found = Vec::new();
        refs(&document, &mut found);
        assert!(!found.is_empty());
        for reference in found {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("external $ref {reference}"));
            assert!(
                document.pointer(pointer).is_some(),
                "{}: `{reference}` points nowhere",
                dir.display()
            );
        }
    }
}

#[test]
fn openapi_of_spec() {
    let (api, _) = codegen::build_ir(
        &codegen::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap(),
    );
    insta::assert_json_snapshot!(codegen::openapi::document(&api.unwrap()));
}

/// The later-version fixture's parameter `name` of the operation at
/// `path` and `method`, as exported.
fn later_version_parameter(path: &str, method: &str, name: &str) -> serde_json::Value {
    fixture_parameter("later-version", path, method, name)
}

/// The parameter `name` of the operation at `path` and `method` of the
/// fixture `fixture`, as exported.
fn fixture_parameter(fixture: &str, path: &str, method: &str, name: &str) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let api = codegen::build_ir(&codegen::load(&dir).unwrap()).0.unwrap();
    let document = codegen::openapi::document(&api);
    let parameters = document["paths"][path][method]["parameters"]
        .as_array()
        .unwrap();
    parameters
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no {name}: {parameters:#?}"))
        .clone()
}

#[test]
fn query_styles_are_stated_as_openapi_says_them() {
    let devices = "/applications/{applicationId}/devices";
    let tag_filter = later_version_parameter(devices, "get", "tagFilter");
    assert_eq!(
        (
            &tag_filter["style"],
            &tag_filter["explode"],
            &tag_filter["in"]
        ),
        (&"deepObject".into(), &true.into(), &"query".into())
    );
    assert_eq!(
        tag_filter["schema"]["$ref"],
        "#/components/schemas/DeviceTagFilter"
    );
    assert!(tag_filter.get("content").is_none());
    for method in ["get", "patch"] {
        let query = later_version_parameter(devices, method, "query");
        assert_eq!(
            query["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AdvancedDeviceQuery",
            "{method}"
        );
        assert!(query.get("style").is_none() && query.get("schema").is_none());
    }
}

#[test]
fn accepted_values_are_the_parameters_enum() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/accepted-values");
    let (api, _) = codegen::build_ir(&codegen::load(&dir).unwrap());
    let document = codegen::openapi::document(&api.unwrap());
    let parameters =
        &document["paths"]["/applications/{applicationId}/events"]["get"]["parameters"];
    let schema = |name: &str| {
        let found = parameters
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name);
        found.unwrap()["schema"].clone()
    };
    assert_eq!(
        schema("sortDirection"),
        serde_json::json!({"type": "string", "default": "desc", "enum": ["desc", "asc"]})
    );
    // Integers listed as text stay text; a list that could not be read is
    // none.
    assert_eq!(
        schema("resolution")["enum"],
        serde_json::json!(["86400000", "3600000"])
    );
    assert_eq!(schema("level"), serde_json::json!({"type": "string"}));
    // The documented default and example agree with the schema they sit
    // in: text in a string schema, one of its enum's values (the
    // `86400000` of the Default cell was the number 86400000, which an
    // OpenAPI validator rejects twice).
    let resolution = parameters
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "resolution")
        .unwrap();
    assert_eq!(resolution["schema"]["default"], "86400000");
    assert_eq!(resolution["example"], "3600000");
}

/// A `string` parameter documented with the default `100` and the example
/// `10` defaults to the text `"100"`, as a string schema's default must be.
#[test]
fn defaults_and_examples_are_of_the_parameters_type() {
    let per_page = fixture_parameter(
        "accepted-values",
        "/applications/{applicationId}/devices",
        "get",
        "perPage",
    );
    assert_eq!(
        (&per_page["schema"], &per_page["example"]),
        (
            &serde_json::json!({"type": "string", "default": "100"}),
            &"10".into()
        )
    );
}
