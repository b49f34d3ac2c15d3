//! Event streams declared in the overlay (`[streams.<resource>.<name>]`):
//! on the frozen Org docs (`tests/frozen-org`) with two event schemas
//! added, each check of the overlay an error at its line with what to do,
//! the IR and the generated Rust, the change report and the OpenAPI
//! export.

mod common;

use codegen::changes::{self, Impact};
use codegen::{Diagnostic, Sources};

/// Two event schemas, appended to the frozen schema doc.
const SCHEMAS: &str = r#"

<br/>

## Device State

Schema for a single device state report

```json
{
  "type": "object",
  "properties": {
    "data": { "type": "object" },
    "time": { "type": "string" }
  },
  "required": ["data"],
  "additionalProperties": false
}
```

<br/>

## Device Command

Schema for a command sent to a device

```json
{
  "type": "object",
  "properties": {
    "name": { "type": "string" },
    "payload": {}
  },
  "required": ["name"],
  "additionalProperties": false
}
```
"#;

/// The stream the tests start from, appended to the frozen overlay.
const STREAM: &str = r#"
[streams.device.state_stream]
route = "GET /applications/{applicationId}/devices/{deviceId}/stateStream"
description = "Streams the state reports of a device as they arrive."
keep_alive = "keepAliveInterval"
events = { deviceState = "Device State" }

[streams.device.state_stream.params]
applicationId = { type = "string", required = true, description = "ID associated with the application" }
deviceId = { type = "string", required = true, description = "ID associated with the device" }
keepAliveInterval = { type = "number", default = 2, description = "Number of seconds between keep-alive messages" }
"#;

/// The frozen Org docs with the event schemas, and `overlay` appended to
/// the overlay after the edits of `STREAM`: (text to find, replacement).
fn spec_with(edits: &[(&str, &str)], overlay: &str) -> Sources {
    let mut stream = STREAM.to_owned();
    for (from, to) in edits {
        assert!(stream.contains(from), "the stream has no `{from}`");
        stream = stream.replacen(from, to, 1);
    }
    common::frozen_org(|name, text| match name {
        "_schemas.md" => text + SCHEMAS,
        "api.toml" => format!("{text}{stream}{overlay}"),
        _ => text,
    })
}

/// The line of the overlay that holds `needle`.
fn line_of(sources: &Sources, needle: &str) -> u32 {
    let text = &sources
        .iter()
        .find(|f| &*f.name == "api.toml")
        .unwrap()
        .text;
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("api.toml has no `{needle}`"));
    text[..at].matches('\n').count() as u32 + 1
}

fn errors(sources: &Sources) -> Vec<Diagnostic> {
    let options = codegen::Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
    let diagnostics =
        codegen::generate(sources, &options).expect_err("the broken overlay must not generate");
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Asserts there is exactly one error, in the overlay at the line holding
/// `at`, saying `message`, with a help saying `help`.
#[track_caller]
fn assert_one_error(sources: Sources, at: &str, message: &str, help: &str) {
    let errors = errors(&sources);
    let [error] = errors.as_slice() else {
        panic!("expected one error, got {errors:#?}")
    };
    let line = line_of(&sources, at);
    assert_eq!(
        (&*error.loc.file, error.loc.line),
        ("api.toml", line),
        "{error}"
    );
    assert!(
        error.message.contains(message),
        "`{}` does not say `{message}`",
        error.message
    );
    let said = error.help.as_deref().unwrap_or_default();
    assert!(
        said.contains(help),
        "the help `{said}` does not say `{help}`"
    );
}

fn generated(sources: &Sources) -> codegen::Generated {
    let options = codegen::Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
    codegen::generate(sources, &options).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn a_stream_makes_its_resource_and_an_action_of_it() {
    let generated = generated(&spec_with(&[], ""));
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
    let api = &generated.api;
    let device = api
        .resources
        .iter()
        .find(|r| r.accessor == "device")
        .unwrap();
    assert_eq!(device.name, "Device");
    assert_eq!(&*device.loc.file, "api.toml");
    let [action] = device.actions.as_slice() else {
        panic!("{:?}", device.actions)
    };
    assert_eq!(
        (action.heading.as_str(), action.method.as_str()),
        ("State Stream", "state_stream")
    );
    let stream = action.stream.as_ref().unwrap();
    assert_eq!(stream.keep_alive.as_deref(), Some("keepAliveInterval"));
    let [event] = stream.events.as_slice() else {
        panic!("{:?}", stream.events)
    };
    assert_eq!(
        (event.name.as_str(), event.schema.title.as_str()),
        ("deviceState", "Device State")
    );
    assert_eq!(event.rust.to_string(), "DeviceState");
    let events = action.idents.events.as_ref().unwrap();
    assert_eq!(events.name, "StateStreamEvent");
    assert_eq!(events.variants[0].variant, "DeviceState");
    let located: Vec<(&str, &str, bool)> = action
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.location.as_str(), p.required))
        .collect();
    assert_eq!(
        located,
        [
            ("applicationId", "path", true),
            ("deviceId", "path", true),
            ("keepAliveInterval", "query", false)
        ]
    );
    // The errors answer with the schema the docs' error responses link.
    let errors: Vec<(u16, Option<&str>)> = action
        .errors
        .iter()
        .map(|r| (r.code, r.schema.as_ref().map(|s| s.title.as_str())))
        .collect();
    assert_eq!(errors, [(400, Some("Error")), (404, Some("Error"))]);
    let file = generated
        .files
        .iter()
        .find(|f| f.path == "src/device.rs")
        .unwrap();
    insta::assert_snapshot!("device.rs", file.contents);
}

#[test]
fn an_event_schema_is_gated_by_the_stream_resource_feature() {
    let generated = generated(&spec_with(&[], ""));
    let models = generated
        .files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .unwrap();
    let at = models.contents.find("pub struct DeviceState").unwrap();
    let before = &models.contents[..at];
    let gate = before.rfind("#[cfg(").unwrap();
    assert!(
        before[gate..].starts_with("#[cfg(feature = \"device\")]"),
        "{}",
        &before[gate..]
    );
    // No action uses Device Command: it comes with `full` only.
    let at = models.contents.find("pub struct DeviceCommand").unwrap();
    let before = &models.contents[..at];
    let gate = before.rfind("#[cfg(").unwrap();
    assert!(
        before[gate..].starts_with("#[cfg(feature = \"full\")]"),
        "{}",
        &before[gate..]
    );
    codegen::check_features(&generated.api, &generated.files).unwrap();
}

#[test]
fn a_stream_resource_with_a_doc_gets_the_stream_beside_its_actions() {
    let sources = spec_with(
        &[
            (
                "[streams.device.state_stream]",
                "[streams.org.state_stream]",
            ),
            (
                "[streams.device.state_stream.params]",
                "[streams.org.state_stream.params]",
            ),
        ],
        "",
    );
    let generated = generated(&sources);
    let org = &generated.api.resources[0];
    assert_eq!(generated.api.resources.len(), 1);
    assert_eq!(org.actions.last().unwrap().method, "state_stream");
    assert!(org.actions.iter().filter(|a| a.stream.is_some()).count() == 1);
}

#[test]
fn an_unknown_schema_is_an_error_naming_the_nearest() {
    assert_one_error(
        spec_with(
            &[(
                "deviceState = \"Device State\"",
                "deviceState = \"Device Stat\"",
            )],
            "",
        ),
        "events = {",
        "the event's schema `Device Stat` is not documented",
        "did you mean `Device State`?",
    );
}

#[test]
fn an_event_declared_twice_is_an_error_at_its_line() {
    let sources = spec_with(
        &[(
            "events = { deviceState = \"Device State\" }",
            "events = { deviceState = \"Device State\", deviceState = \"Device Command\" }",
        )],
        "",
    );
    let errors = errors(&sources);
    let [error] = errors.as_slice() else {
        panic!("{errors:#?}")
    };
    assert_eq!(error.loc.line, line_of(&sources, "events = {"), "{error}");
    assert!(error.message.contains("duplicate key"), "{error}");
}

#[test]
fn a_placeholder_without_a_parameter_is_an_error_saying_where_to_declare_it() {
    assert_one_error(
        spec_with(
            &[(
                "deviceId = { type = \"string\", required = true, description = \"ID associated with the device\" }\n",
                "",
            )],
            "",
        ),
        "route = \"GET /applications",
        "the path names `{deviceId}`, which the stream `device.state_stream` does not take",
        "[streams.device.state_stream.params]",
    );
}

#[test]
fn a_path_parameter_not_in_the_route_is_an_error() {
    assert_one_error(
        spec_with(
            &[],
            "[streams.device.state_stream.params.flowId]\ntype = \"string\"\nrequired = true\nlocation = \"path\"\n",
        ),
        "[streams.device.state_stream.params.flowId]",
        "`flowId` is set to travel in the path, which has no `{flowId}`",
        "add the placeholder to the route",
    );
}

#[test]
fn an_optional_path_parameter_is_an_error() {
    assert_one_error(
        spec_with(
            &[(
                "deviceId = { type = \"string\", required = true,",
                "deviceId = { type = \"string\",",
            )],
            "",
        ),
        "deviceId = {",
        "`deviceId` is in the path of `State Stream` but optional",
        "`required = true`",
    );
}

#[test]
fn a_keep_alive_naming_no_query_parameter_is_an_error_naming_the_nearest() {
    assert_one_error(
        spec_with(
            &[(
                "keep_alive = \"keepAliveInterval\"",
                "keep_alive = \"keepAliveIntervl\"",
            )],
            "",
        ),
        "keep_alive = ",
        "`keep_alive` names `keepAliveIntervl`, which is not a query parameter of the stream",
        "did you mean `keepAliveInterval`?",
    );
    // A path parameter is not one either.
    assert_one_error(
        spec_with(
            &[(
                "keep_alive = \"keepAliveInterval\"",
                "keep_alive = \"deviceId\"",
            )],
            "",
        ),
        "keep_alive = ",
        "`keep_alive` names `deviceId`, which is not a query parameter of the stream",
        "",
    );
}

#[test]
fn a_keep_alive_parameter_needs_a_number_default() {
    assert_one_error(
        spec_with(
            &[("type = \"number\", default = 2, ", "type = \"number\", ")],
            "",
        ),
        "keepAliveInterval = {",
        "`keepAliveInterval` sets the keep-alive interval, but is not a `number` with a default above zero",
        "in seconds",
    );
}

#[test]
fn unknown_keys_are_errors_naming_the_nearest() {
    assert_one_error(
        spec_with(&[("keep_alive = ", "keep_alvie = ")], ""),
        "keep_alvie = ",
        "unknown field `keep_alvie`",
        "did you mean `keep_alive`?",
    );
    assert_one_error(
        spec_with(
            &[(
                "type = \"number\", default = 2,",
                "type = \"number\", defualt = 2,",
            )],
            "",
        ),
        "keepAliveInterval = {",
        "unknown field `defualt`",
        "did you mean `default`?",
    );
}

#[test]
fn a_stream_named_like_an_action_of_its_resource_is_an_error() {
    let sources = spec_with(
        &[
            ("[streams.device.state_stream]", "[streams.org.get]"),
            (
                "[streams.device.state_stream.params]",
                "[streams.org.get.params]",
            ),
        ],
        "",
    );
    assert_one_error(
        sources,
        "[streams.org.get]",
        "the stream `org.get` is named like the action `Get`",
        "give the stream another",
    );
}

#[test]
fn two_streams_of_one_key_are_an_error() {
    let second = STREAM
        .replace("state_stream", "stateStream")
        .replace("/stateStream", "/otherStream");
    assert_one_error(
        spec_with(&[], &second),
        "[streams.device.stateStream]",
        "the stream `device.stateStream` is named like the stream `device.state_stream`",
        "give each stream its own name",
    );
}

#[test]
fn a_stream_on_the_route_of_an_action_or_stream_is_an_error() {
    assert_one_error(
        spec_with(
            &[(
                "route = \"GET /applications/{applicationId}/devices/{deviceId}/stateStream\"",
                "route = \"GET /orgs/{applicationId}\"",
            )],
            "",
        ),
        "route = \"GET /orgs/{applicationId}\"",
        "the stream `device.state_stream` has the route of the action `org.get`: GET /orgs/{applicationId}",
        "its own route",
    );
    // Placeholders compare by place, not name.
    let second = STREAM
        .replace("state_stream", "command_stream")
        .replace("applicationId", "appId");
    assert_one_error(
        spec_with(&[], &second),
        "route = \"GET /applications/{appId}",
        "the stream `device.command_stream` has the route of the stream `device.state_stream`",
        "its own route",
    );
}

#[test]
fn a_stream_sent_with_another_method_is_an_error() {
    assert_one_error(
        spec_with(&[("route = \"GET ", "route = \"POST ")], ""),
        "route = \"POST",
        "is sent as `POST`",
        "read with GET",
    );
}

#[test]
fn bad_parameter_types_and_defaults_are_errors() {
    assert_one_error(
        spec_with(&[("type = \"number\"", "type = \"numbr\"")], ""),
        "keepAliveInterval = {",
        "`numbr` is not a parameter type of a stream",
        "did you mean `number`?",
    );
    assert_one_error(
        spec_with(&[("default = 2", "default = \"two\"")], ""),
        "keepAliveInterval = {",
        "the default of `keepAliveInterval` is not a number",
        "of the parameter's type",
    );
}

#[test]
fn a_stream_without_events_is_an_error() {
    assert_one_error(
        spec_with(
            &[("events = { deviceState = \"Device State\" }", "events = {}")],
            "",
        ),
        "events = {}",
        "declares no event",
        "events = {",
    );
}

#[test]
fn hostile_streams_are_errors_never_panics() {
    let cases: &[(&str, &str)] = &[
        (
            "events = { deviceState = \"Device State\" }",
            "events = { \"\" = \"Device State\" }",
        ),
        (
            "events = { deviceState = \"Device State\" }",
            "events = { \"a\\nb\" = \"Device State\" }",
        ),
        (
            "events = { deviceState = \"Device State\" }",
            "events = { \"x\" = \"\" }",
        ),
        ("events = { deviceState = \"Device State\" }", "events = 3"),
        (
            "route = \"GET /applications",
            "route = \"GET /{}{{applications",
        ),
        (
            "route = \"GET /applications",
            "route = \"TODO /applications",
        ),
        ("default = 2", "default = nan"),
        ("default = 2", "default = -1"),
        ("default = 2", "default = 1e308"),
        ("default = 2", "default = [2]"),
        ("keep_alive = \"keepAliveInterval\"", "keep_alive = \"\""),
        ("description = \"Streams", "description = \"\\u0000Streams"),
    ];
    let mut cases: Vec<(&str, &str, String)> = (cases.iter())
        .map(|(from, to)| (*from, *to, String::new()))
        .collect();
    // Streams of names no Rust item has, beside the first.
    for (resource, name) in [
        ("\"\"", "\"\""),
        ("\"💥\"", "\"r#type\""),
        ("self", "new"),
        ("org", "\"Get\""),
        ("mock", "\"state stream\""),
        ("device", "\"state-stream\""),
    ] {
        let stream = STREAM
            .replace(
                "[streams.device.state_stream",
                &format!("[streams.{resource}.{name}"),
            )
            .replace("/stateStream", &format!("/{}", cases.len()));
        cases.push(("", "", stream));
    }
    for (from, to, added) in &cases {
        let edits: &[(&str, &str)] = if from.is_empty() { &[] } else { &[(from, to)] };
        let sources = spec_with(edits, added);
        let options = codegen::Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
        match codegen::generate(&sources, &options) {
            Err(diagnostics) => assert!(diagnostics.has_errors(), "{to}"),
            // What generates must be well formed.
            Ok(generated) => {
                for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    syn::parse_file(&file.contents)
                        .unwrap_or_else(|e| panic!("{to}: {} does not parse: {e}", file.path));
                }
            }
        }
    }
}

/// The change report from the stream with `old` edits to it with `new`
/// edits (and `added` appended to the new overlay).
fn report_of(old: &[(&str, &str)], new: &[(&str, &str)], added: &str) -> (String, Option<Impact>) {
    let (old, diagnostics) = codegen::build_ir(&spec_with(old, ""));
    let old = old.unwrap_or_else(|| panic!("the old docs have errors:\n{diagnostics}"));
    let lock = codegen::Lock::from_ir(&old);
    let (new, diagnostics) = codegen::build_ir_keeping(&spec_with(new, added), &lock);
    let new = new.unwrap_or_else(|| panic!("the new docs have errors:\n{diagnostics}"));
    let found = changes::compare(&old, &new);
    let impact = found.iter().map(|c| c.impact).max();
    (changes::markdown("losant-rest", "0.1.0", &found), impact)
}

#[test]
fn a_stream_added_is_additive() {
    let second = STREAM
        .replace("state_stream", "command_stream")
        .replace("/stateStream", "/commandStream")
        .replace(
            "deviceState = \"Device State\"",
            "deviceCommand = \"Device Command\"",
        );
    let (report, impact) = report_of(&[], &[], &second);
    assert_eq!(impact, Some(Impact::Minor));
    insta::assert_snapshot!(report);
}

#[test]
fn a_stream_removed_is_breaking() {
    let (old, _) = codegen::build_ir(&spec_with(&[], ""));
    let old = old.unwrap();
    let (new, _) = codegen::build_ir(&common::frozen_org(|name, text| match name {
        "_schemas.md" => text + SCHEMAS,
        _ => text,
    }));
    let found = changes::compare(&old, &new.unwrap());
    assert_eq!(found.iter().map(|c| c.impact).max(), Some(Impact::Major));
    insta::assert_snapshot!(changes::markdown("losant-rest", "0.1.0", &found));
}

#[test]
fn a_stream_removed_from_a_resource_that_stays_is_breaking() {
    let on_org = [
        (
            "[streams.device.state_stream]",
            "[streams.org.state_stream]",
        ),
        (
            "[streams.device.state_stream.params]",
            "[streams.org.state_stream.params]",
        ),
    ];
    let (old, _) = codegen::build_ir(&spec_with(&on_org, ""));
    let (new, _) = codegen::build_ir(&common::frozen_org(|name, text| match name {
        "_schemas.md" => text + SCHEMAS,
        _ => text,
    }));
    let found = changes::compare(&old.unwrap(), &new.unwrap());
    assert_eq!(found.iter().map(|c| c.impact).max(), Some(Impact::Major));
    insta::assert_snapshot!(changes::markdown("losant-rest", "0.1.0", &found));
}

#[test]
fn events_added_removed_and_retyped_are_breaking() {
    let (report, impact) = report_of(
        &[],
        &[(
            "events = { deviceState = \"Device State\" }",
            "events = { deviceCommand = \"Device Command\" }",
        )],
        "",
    );
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!("events_added_and_removed", report);
    let (report, impact) = report_of(
        &[],
        &[(
            "deviceState = \"Device State\"",
            "deviceState = \"Device Command\"",
        )],
        "",
    );
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!("event_retyped", report);
}

#[test]
fn a_stream_route_params_and_keep_alive_changed() {
    let (report, impact) = report_of(
        &[],
        &[
            ("/stateStream\"", "/state\""),
            (
                "keepAliveInterval = { type",
                "since = { type = \"string\", description = \"Only states after this time\" }\ntopic = { type = \"string\", required = true, description = \"A topic\" }\nkeepAliveInterval = { type",
            ),
        ],
        "",
    );
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
    let (report, impact) = report_of(&[], &[("keep_alive = \"keepAliveInterval\"\n", "")], "");
    assert_eq!(impact, Some(Impact::Patch));
    insta::assert_snapshot!("keep_alive_removed", report);
}

#[test]
fn the_names_lock_keeps_a_stream_s_enum_and_variants() {
    // A new event whose variant would be `DeviceState`, declared first.
    let (old, _) = codegen::build_ir(&spec_with(&[], ""));
    let old = old.unwrap();
    let lock = codegen::Lock::from_ir(&old);
    let edits = [(
        "events = { deviceState = \"Device State\" }",
        "events = { DeviceState = \"Device Command\", deviceState = \"Device State\" }",
    )];
    let variants = |api: &codegen::ir::Api| -> Vec<(String, String)> {
        let action = &api.resources[1].actions[0];
        let events = action.idents.events.as_ref().unwrap();
        events
            .variants
            .iter()
            .map(|v| (v.event.clone(), v.variant.clone()))
            .collect()
    };
    let (kept, _) = codegen::build_ir_keeping(&spec_with(&edits, ""), &lock);
    let mut kept = variants(&kept.unwrap());
    kept.sort();
    assert_eq!(
        kept,
        [
            ("DeviceState".to_owned(), "DeviceState2".to_owned()),
            ("deviceState".to_owned(), "DeviceState".to_owned())
        ]
    );
    // Named anew, the first declared takes the name.
    let (anew, _) = codegen::build_ir(&spec_with(&edits, ""));
    let mut anew = variants(&anew.unwrap());
    anew.sort();
    assert_eq!(
        anew,
        [
            ("DeviceState".to_owned(), "DeviceState".to_owned()),
            ("deviceState".to_owned(), "DeviceState2".to_owned())
        ]
    );
}

#[test]
fn the_openapi_export_gives_a_stream_its_events() {
    let (api, _) = codegen::build_ir(&spec_with(
        &[(
            "events = { deviceState = \"Device State\" }",
            "events = { deviceState = \"Device State\", deviceCommand = \"Device Command\" }",
        )],
        "",
    ));
    let document = codegen::openapi::document(&api.unwrap());
    let operation =
        &document["paths"]["/applications/{applicationId}/devices/{deviceId}/stateStream"]["get"];
    // None of the API's default query.
    let parameters = operation["parameters"].as_array().unwrap();
    assert!(
        parameters.iter().all(|p| p.get("$ref").is_none()),
        "{parameters:?}"
    );
    assert_eq!(parameters.len(), 3);
    let ok = &operation["responses"]["200"];
    assert_eq!(
        ok["content"]["text/event-stream"]["schema"],
        serde_json::json!({ "oneOf": [
            { "$ref": "#/components/schemas/DeviceState" },
            { "$ref": "#/components/schemas/DeviceCommand" },
        ]})
    );
    assert_eq!(
        ok["x-events"]["deviceCommand"]["$ref"],
        "#/components/schemas/DeviceCommand"
    );
    assert_eq!(ok["x-keep-alive"], "keepAliveInterval");
    assert!(
        ok["description"]
            .as_str()
            .unwrap()
            .contains("`deviceState` (Device State)")
    );
    for code in ["400", "404"] {
        assert_eq!(
            operation["responses"][code]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
    }
}

#[test]
fn event_names_are_checked_at_their_line() {
    for (name, says) in [
        ("\"\"", "is empty"),
        ("\"device state\"", "holds ` `"),
        ("\"device:state\"", "holds `:`"),
        ("\"device\\u0007\"", "holds `\\u{7}`"),
    ] {
        assert_one_error(
            spec_with(&[("{ deviceState = ", &format!("{{ {name} = "))], ""),
            "events = {",
            says,
            "the name the server sends",
        );
    }
}

#[test]
fn a_required_parameter_with_a_default_is_an_error() {
    assert_one_error(
        spec_with(
            &[(
                "type = \"number\", default = 2,",
                "type = \"number\", required = true, default = 2,",
            )],
            "",
        ),
        "keepAliveInterval = {",
        "`keepAliveInterval` is required and has a default",
        "remove `required` or `default`",
    );
}

#[test]
fn a_variant_named_anew_is_a_rename() {
    // Derived anew (`--rename`), the event declared first takes the name.
    let (old, _) = codegen::build_ir(&spec_with(&[], ""));
    let edits = [(
        "events = { deviceState = \"Device State\" }",
        "events = { DeviceState = \"Device Command\", deviceState = \"Device State\" }",
    )];
    let (new, _) = codegen::build_ir(&spec_with(&edits, ""));
    let found = changes::compare(&old.unwrap(), &new.unwrap());
    let lines: Vec<String> = found.iter().map(|c| c.what.clone()).collect();
    assert!(
        lines.contains(
            &"the variant of event `deviceState` is now `DeviceState2` (was `DeviceState`)"
                .to_owned()
        ),
        "{lines:#?}"
    );
}

#[test]
fn an_action_that_becomes_a_stream_is_breaking_and_the_reverse_too() {
    // The Org doc without its Get section and route, and a stream `org.get`.
    let stream = STREAM
        .replace("[streams.device.state_stream", "[streams.org.get")
        .replace(
            "/applications/{applicationId}/devices/{deviceId}/stateStream",
            "/orgs/{applicationId}/{deviceId}/stream",
        );
    let as_stream = common::frozen_org(|name, text| match name {
        "_schemas.md" => text + SCHEMAS,
        "api.toml" => text.replace("get = \"GET /orgs/{orgId}\"\n", "") + &stream,
        "org.md" => {
            let start = text.find("## Get\n").unwrap();
            let end = text.find("## Invite Member\n").unwrap();
            format!("{}{}", &text[..start], &text[end..]).replace("*   [Get](#get)\n", "")
        }
        _ => text,
    });
    let (as_action, _) = codegen::build_ir(&common::frozen_org(|name, text| match name {
        "_schemas.md" => text + SCHEMAS,
        _ => text,
    }));
    let as_action = as_action.unwrap();
    let (as_stream, diagnostics) = codegen::build_ir(&as_stream);
    let as_stream = as_stream.unwrap_or_else(|| panic!("{diagnostics}"));
    for (old, new, says) in [
        (&as_action, &as_stream, "now an event stream"),
        (&as_stream, &as_action, "no longer an event stream"),
    ] {
        let found = changes::compare(old, new);
        let change = found
            .iter()
            .find(|c| c.subject == "`org.get`" && c.what.starts_with(says))
            .unwrap_or_else(|| panic!("{found:#?}"));
        assert_eq!(change.impact, Impact::Major);
    }
}

#[test]
fn a_resource_or_stream_key_that_is_not_a_name_is_an_error_at_its_line() {
    for (key, said) in [
        ("[streams.\"\".\"\"", "the resource name `` is not a name"),
        (
            "[streams.device.\"state stream\"",
            "the stream name `state stream` is not a name",
        ),
        (
            "[streams.device.\"2nd\"",
            "the stream name `2nd` is not a name",
        ),
    ] {
        let header = format!("{key}]");
        let params = format!("{key}.params]");
        let sources = spec_with(
            &[
                ("[streams.device.state_stream]", &header),
                ("[streams.device.state_stream.params]", &params),
            ],
            "",
        );
        assert_one_error(sources, &header, said, "names of ASCII letters");
    }
}

#[test]
fn an_event_name_with_braces_is_printed_as_itself_by_the_example() {
    let sources = spec_with(
        &[(
            "events = { deviceState = \"Device State\" }",
            "events = { \"state{x}\" = \"Device State\" }",
        )],
        "",
    );
    let generated = generated(&sources);
    let device = (generated.files.iter())
        .find(|f| f.path.ends_with("src/device.rs"))
        .expect("src/device.rs");
    assert!(
        device
            .contents
            .contains(r#"println!("state{{x}}: {data:?}")"#),
        "{}",
        device.contents
    );
}
