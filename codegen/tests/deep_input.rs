//! Input that nests or chains without end, or repeats one name thousands
//! of times: each run ends in a located diagnostic or a correct type,
//! never a stack overflow or a run that does not end. The pipeline runs
//! on a thread with a 2 MiB stack (a quarter of what `cargo xtask codegen`
//! has on its main thread), in the debug build the tests use.

use codegen::{Options, SourceFile, Sources};

const ACTIONS: &str = "# Things Actions

Things.

## Get

Returns a thing

```python
result = client.things.get(thingId=my_thing_id)
```

#### Available Parameters

| Name | Type | Required | Description | Default |
| ---- | ---- | -------- | ----------- | ------- |
| thingId | string | Y | ID of the thing |  |
| body | [Thing](_schemas.md#thing) | N | A thing |  |

#### Successful Responses

| Code | Type | Description |
| ---- | ---- | ----------- |
| 200 | [Thing](_schemas.md#thing) | The thing |
";

const OVERLAY: &str = "[crate]
name = \"deep\"
version = \"0.1.0\"

[api]
base_url = \"https://api.example.com\"

[routes.things]
get = \"GET /things/{thingId}\"
";

/// The schema doc with one section per `(title, JSON)`.
fn schema_doc(schemas: &[(String, String)]) -> String {
    let mut doc = String::from("# Schemas\n\n");
    for (title, json) in schemas {
        doc.push_str(&format!("## {title}\n\n```json\n{json}\n```\n\n"));
    }
    doc
}

fn sources(actions: &str, schemas: &str, overlay: &str) -> Sources {
    let mut sources = Sources::default();
    for (name, text) in [
        ("things.md", actions),
        ("_schemas.md", schemas),
        ("api.toml", overlay),
    ] {
        sources.add(SourceFile::new(name, name, text.to_owned()));
    }
    sources
}

/// Runs the whole pipeline on a 2 MiB stack: the errors as
/// `file:line: message`, or the generated files.
fn run(sources: Sources) -> Result<Vec<codegen::GeneratedFile>, Vec<String>> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let options = Options::new("../mdsdk-runtime", "0.1.0").parallel(true);
            match codegen::generate(&sources, &options) {
                Ok(generated) => {
                    // The OpenAPI export walks the schemas too.
                    drop(codegen::openapi::document(&generated.api));
                    Ok(generated.files)
                }
                Err(diagnostics) => Err(diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| format!("{}:{}: {}", d.loc.file, d.loc.line, d.message))
                    .collect()),
            }
        })
        .unwrap()
        .join()
        .expect("the pipeline neither panics nor overflows")
}

fn run_schemas(schemas: &[(&str, String)]) -> Result<Vec<codegen::GeneratedFile>, Vec<String>> {
    let schemas: Vec<(String, String)> = schemas
        .iter()
        .map(|(t, j)| ((*t).to_owned(), j.clone()))
        .collect();
    run(sources(ACTIONS, &schema_doc(&schemas), OVERLAY))
}

fn models(files: &[codegen::GeneratedFile]) -> &str {
    &files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .unwrap()
        .contents
}

#[test]
fn an_all_of_that_includes_itself() {
    let errors = run_schemas(&[("Thing", r##"{"allOf": [{"$ref": "#"}]}"##.into())]).unwrap_err();
    assert_eq!(
        errors,
        ["_schemas.md:6: the `allOf` of `thing#` includes itself through `$ref: #`"]
    );
}

#[test]
fn two_all_ofs_that_include_each_other() {
    let errors = run_schemas(&[
        (
            "Thing",
            r##"{"allOf": [{"$ref": "#/definitions/other"}]}"##.into(),
        ),
        (
            "Other",
            r##"{"allOf": [{"$ref": "#/definitions/thing"}]}"##.into(),
        ),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "_schemas.md:6: the `allOf` of `thing#` includes itself through `$ref: #/definitions/thing`",
            "_schemas.md:12: the `allOf` of `other#` includes itself through `$ref: #/definitions/other`",
        ]
    );
}

#[test]
fn a_ref_chain_through_two_thousand_properties() {
    let definitions: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                r##""d{i}": {{"type": "object", "properties": {{"next": {{"$ref": "#/definitions/d{}"}}}}}}"##,
                i + 1
            )
        })
        .collect();
    let json = format!(
        r##"{{"type": "object", "properties": {{"first": {{"$ref": "#/definitions/d0"}}}},
"definitions": {{
{}
}}}}"##,
        definitions.join(",\n")
    );
    let errors = run_schemas(&[("Thing", json)]).unwrap_err();
    assert_eq!(
        errors,
        ["_schemas.md:31: `thing#/definitions/d23` nests more than 48 schemas deep"]
    );
}

#[test]
fn five_thousand_aliases_in_a_row() {
    let mut schemas: Vec<(String, String)> = (0..5000)
        .map(|i| {
            let title = if i == 0 {
                "Thing".to_owned()
            } else {
                format!("A{i}")
            };
            (
                title,
                format!(r##"{{"$ref": "#/definitions/a{}"}}"##, i + 1),
            )
        })
        .collect();
    schemas.push(("A5000".into(), r#"{"type": "string"}"#.into()));
    let files = run(sources(ACTIONS, &schema_doc(&schemas), OVERLAY)).unwrap();
    assert!(models(&files).contains("pub type A4999 = A5000;"));
    // The same chain inside one schema, as `definitions`.
    let definitions: Vec<String> = (0..5000)
        .map(|i| format!(r##""a{i}": {{"$ref": "#/definitions/a{}"}}"##, i + 1))
        .collect();
    let json = format!(
        r##"{{"$ref": "#/definitions/a0", "definitions": {{{}}}}}"##,
        definitions.join(", ")
    );
    let errors = run_schemas(&[("Thing", json)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("nests more than 48 schemas deep"),
        "{errors:?}"
    );
}

#[test]
fn self_referencing_collections_are_types() {
    let files = run_schemas(&[
        (
            "Thing",
            r##"{"type": "array", "items": {"$ref": "#"}}"##.into(),
        ),
        (
            "Tree",
            r##"{"type": "object", "additionalProperties": {"$ref": "#"}}"##.into(),
        ),
    ])
    .unwrap();
    let models = models(&files);
    assert!(models.contains("pub enum Thing {"), "{models}");
    assert!(models.contains("List(Vec<Thing>),"), "{models}");
    assert!(models.contains("Map(BTreeMap<String, Tree>),"), "{models}");
}

#[test]
fn schemas_that_are_only_refs_to_each_other() {
    let errors = run_schemas(&[
        ("Thing", r##"{"$ref": "#/definitions/other"}"##.into()),
        ("Other", r##"{"$ref": "#/definitions/thing"}"##.into()),
        ("Itself", r##"{"$ref": "#"}"##.into()),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "_schemas.md:3: schema `Thing` is an alias of itself: its `$ref`s lead back to it with no list or object between",
            "_schemas.md:9: schema `Other` is an alias of itself: its `$ref`s lead back to it with no list or object between",
            "_schemas.md:15: schema `Itself` is an alias of itself: its `$ref`s lead back to it with no list or object between",
        ]
    );
}

#[test]
fn json_nested_deeper_than_the_parser_reads() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let errors = run_schemas(&[("Thing", json)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "_schemas.md:6: the schema `Thing` is not valid JSON: recursion limit exceeded"
        ),
        "{errors:?}"
    );
}

#[test]
fn json_nested_as_deep_as_the_parser_reads() {
    let items = format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"type\": \"array\", \"items\": ".repeat(120),
        "}".repeat(120)
    );
    let errors = run_schemas(&[("Thing", items)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("nests more than 48 schemas deep"),
        "{errors:?}"
    );
    let properties = format!(
        "{}{{\"type\": \"string\"}}{}",
        "{\"properties\": {\"a\": ".repeat(60),
        "}}".repeat(60)
    );
    let errors = run_schemas(&[("Thing", properties)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn json_nested_where_the_resolver_does_not_look() {
    // Shape keys and the OpenAPI export walk all of it: 120 levels.
    let unused = format!("{}{{}}{}", "{\"not\": ".repeat(120), "}".repeat(120));
    let json = format!(
        "{{\"type\": \"object\", \"properties\": {{\"a\": {{\"type\": \"string\"}}}}, \"definitions\": {{\"unused\": {unused}}}}}"
    );
    assert!(run_schemas(&[("Thing", json)]).is_ok());
}

#[test]
fn markdown_nested_without_end() {
    for nested in [
        "> ".repeat(50_000),
        (0..5_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        format!("{}x{}", "[".repeat(50_000), "](y)".repeat(50_000)),
        "*".repeat(100_000),
        format!("| a |\n| - |\n| {} |\n", "[".repeat(50_000)),
    ] {
        let actions = ACTIONS.replace("Returns a thing", &nested);
        let schemas = schema_doc(&[("Thing".into(), r#"{"type": "string"}"#.into())]);
        assert!(run(sources(&actions, &schemas, OVERLAY)).is_ok());
        let actions = format!("{nested}\n\n{ACTIONS}");
        let _ = run(sources(&actions, &schemas, OVERLAY));
    }
}

#[test]
fn an_overlay_nested_without_end() {
    let overlay = format!(
        "{OVERLAY}\n[crate.dev-dependencies]\nx = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    )
    .replace("[routes.things]", "[routes.things]");
    let schemas = schema_doc(&[("Thing".into(), r#"{"type": "string"}"#.into())]);
    let errors = run(sources(ACTIONS, &schemas, &overlay)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("api.toml:"), "{errors:?}");
}

#[test]
fn twenty_thousand_names_that_become_one_identifier() {
    // Private-use characters have no transliteration: every property is `field`.
    let properties: Vec<String> = (0..20_000u32)
        .map(|i| {
            format!(
                "\"{}\": {{\"type\": \"string\"}}",
                char::from_u32(0xF0000 + i).unwrap()
            )
        })
        .collect();
    let values: Vec<String> = (0..20_000)
        .map(|i| format!("\"a{}\"", "!".repeat(i % 50 + 1) + &i.to_string()))
        .collect();
    let json = format!(
        "{{\"type\": \"object\", \"properties\": {{{}, \"e\": {{\"type\": \"string\", \"enum\": [{}]}}}}}}",
        properties.join(", "),
        values.join(", ")
    );
    let started = std::time::Instant::now();
    let files = run_schemas(&[("Thing", json)]).unwrap();
    let models = models(&files);
    assert!(models.contains("pub field_20000: Option<String>,"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}
