//! A synthetic spec at the scale of the whole API (sixty resources, three
//! hundred actions, three hundred schemas, several MB of docs), written in
//! the docs family's format with the constructs real docs use: nested
//! objects, enums copied inline under many parents, `$ref`s, `oneOf`,
//! advanced-query parameters and uploads. Deterministic: the same counts
//! give the same bytes. Benchmarks and the build-time check read it.

use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub resources: usize,
    /// Plain properties per entity schema, beyond the fixed ones.
    pub extra_properties: usize,
}

impl Scale {
    /// The size of the real API: 60 resources of 5 actions and 5 schemas.
    pub const FULL: Scale = Scale {
        resources: 60,
        extra_properties: 80,
    };
}

/// The spec's files: name and contents.
pub fn spec(scale: Scale) -> Vec<(String, String)> {
    let names: Vec<String> = (0..scale.resources).map(resource_name).collect();
    let mut files: Vec<(String, String)> = names
        .iter()
        .map(|name| (format!("{}.md", snake(name)), action_doc(name)))
        .collect();
    files.push(("_schemas.md".into(), schema_doc(&names, scale)));
    files.push(("api.toml".into(), overlay(&names)));
    files
}

const WORDS: &[&str] = &[
    "Asset",
    "Beacon",
    "Channel",
    "Dashboard",
    "Event",
    "Flow",
    "Gateway",
    "Hook",
    "Integration",
    "Job",
    "Key",
    "Ledger",
    "Meter",
    "Notebook",
    "Outbox",
    "Pipeline",
];

/// `Asset`, …, `Pipeline`, then `Asset Beacon`, …: distinct titles.
fn resource_name(i: usize) -> String {
    let first = WORDS[i % WORDS.len()];
    match i / WORDS.len() {
        0 => first.to_owned(),
        n => format!("{first} {}", WORDS[(n + i) % WORDS.len()]),
    }
}

fn snake(title: &str) -> String {
    title.to_ascii_lowercase().replace(' ', "_")
}

fn camel(title: &str) -> String {
    let mut out = String::new();
    for (i, word) in title.split(' ').enumerate() {
        if i == 0 {
            out.push_str(&word.to_ascii_lowercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

fn anchor(title: &str) -> String {
    title.to_ascii_lowercase().replace(' ', "-")
}

fn action_doc(name: &str) -> String {
    let accessor = snake(name);
    let id = format!("{}Id", camel(name));
    let mut doc = format!(
        "# {name} Actions\n\nDetails on the various actions that can be performed on the\n\
         {name} resource, including the expected\nparameters and the potential responses.\n\n\
         ##### Contents\n\n*   [Delete](#delete)\n*   [Get](#get)\n*   [List](#list)\n\
         *   [Patch](#patch)\n*   [Upload](#upload)\n\n<br/>\n\n"
    );
    let row =
        |name: &str, ty: &str, required: &str, description: &str, default: &str, example: &str| {
            format!("| {name} | {ty} | {required} | {description} | {default} | {example} |\n")
        };
    let id_row = row(
        &id,
        "string",
        "Y",
        &format!("ID associated with the {}", name.to_ascii_lowercase()),
        "",
        "575ec8687ae143cd83dc4a97",
    );
    let domain = row(
        "losantdomain",
        "string",
        "N",
        "Domain scope of request (rarely needed)",
        "",
        "example.com",
    );
    let link = |title: String| format!("[{title}](_schemas.md#{})", anchor(&title));
    let errors = "| 400 | [Error](_schemas.md#error) | Error if malformed request |\n\
                  | 404 | [Error](_schemas.md#error) | Error if the resource was not found |\n";
    let mut action = |heading: &str,
                      description: &str,
                      method: &str,
                      params: String,
                      success: String| {
        let _ = write!(
            doc,
            "## {heading}\n\n{description}\n\n```python\nresult = client.{accessor}.{method}(\n    {id}=my_{accessor}_id)\n\n\
             print(result)\n```\n\n#### Authentication\nA valid api access token is required to access this endpoint. \
             The token must\ninclude at least one of the following scopes:\nall.Application, all.Organization, \
             {accessor}.*, or {accessor}.{method}.\n\n#### Available Parameters\n\n\
             | Name | Type | Required | Description | Default | Example |\n| ---- | ---- | -------- | ----------- | ------- | ------- |\n\
             {params}\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n{success}\n\
             #### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n{errors}\n<br/>\n\n"
        );
    };
    action(
        "Delete",
        &format!("Deletes a {}", name.to_ascii_lowercase()),
        "delete",
        format!("{id_row}{domain}"),
        "| 200 | [Success](_schemas.md#success) | If the resource was successfully deleted |\n"
            .into(),
    );
    action(
        "Get",
        &format!("Retrieves information on a {}", name.to_ascii_lowercase()),
        "get",
        format!("{id_row}{domain}"),
        format!("| 200 | {} | {name} information |\n", link(name.to_owned())),
    );
    action(
        "List",
        &format!(
            "Returns the {} items matching a query",
            name.to_ascii_lowercase()
        ),
        "list",
        format!(
            "{id_row}{}{}{}{}{}{domain}",
            row(
                "sortField",
                "string",
                "N",
                "Field to sort the results by. Accepted values are: name, id, creationDate",
                "name",
                "name"
            ),
            row(
                "sortDirection",
                "string",
                "N",
                "Direction to sort the results by. Accepted values are: asc, desc",
                "asc",
                "asc"
            ),
            row(
                "page",
                "string",
                "N",
                "Which page of results to return",
                "0",
                "0"
            ),
            row(
                "perPage",
                "string",
                "N",
                "How many items to return per page",
                "100",
                "10"
            ),
            row(
                "query",
                &link(format!("{name} Query")),
                "N",
                "Filter JSON object",
                "",
                "{&quot;name&quot;: {&quot;$eq&quot;: &quot;x&quot;}}"
            ),
        ),
        format!(
            "| 200 | {} | Collection of {} items |\n",
            link(format!("{name} Collection")),
            name.to_ascii_lowercase()
        ),
    );
    action(
        "Patch",
        &format!("Updates information about a {}", name.to_ascii_lowercase()),
        "patch",
        format!(
            "{id_row}{}{domain}",
            row(
                &camel(name),
                &link(format!("{name} Patch")),
                "Y",
                "Object containing new properties",
                "",
                ""
            )
        ),
        format!(
            "| 200 | {} | Updated {} information |\n",
            link(name.to_owned()),
            name.to_ascii_lowercase()
        ),
    );
    action(
        "Upload",
        &format!("Uploads a file to a {}", name.to_ascii_lowercase()),
        "upload",
        format!(
            "{id_row}{}{}",
            row("file", "file", "Y", "The file to upload", "", ""),
            row(
                "description",
                "string",
                "N",
                "What the file holds",
                "",
                "readings"
            ),
        ),
        format!(
            "| 201 | {} | The created item |\n",
            link(format!("{name} Item"))
        ),
    );
    doc
}

fn overlay(names: &[String]) -> String {
    let mut out = String::from(
        "[crate]\nname = \"large-client\"\nversion = \"0.1.0\"\n\
         description = \"A client generated from the synthetic spec, for build-time measurements.\"\n\n\
         [api]\ntitle = \"Synthetic API\"\nbase_url = \"https://api.example.com\"\nversion = \"^1.0.0\"\n\
         header_params = [\"losantdomain\"]\n\n[api.default_query]\n_actions = false\n_links = true\n_embedded = true\n",
    );
    for name in names {
        let accessor = snake(name);
        let plural = format!("/{}s", camel(name).to_ascii_lowercase());
        let item = format!("{plural}/{{{}Id}}", camel(name));
        let _ = write!(
            out,
            "\n[routes.{accessor}]\ndelete = \"DELETE {item}\"\nget = \"GET {item}\"\nlist = \"GET {item}/items\"\n\
             patch = \"PATCH {item}\"\nupload = \"POST {item}/files\"\n"
        );
    }
    out
}

/// Sub-schemas copied inline under every entity, as the real docs do.
const SHARED: &[(&str, &str)] = &[
    (
        "role",
        r##"{ "type": "string", "enum": ["admin", "edit", "view", "none"] }"##,
    ),
    (
        "location",
        r##"{ "type": "object", "properties": { "lat": { "type": "number" }, "lng": { "type": "number" }, "label": { "type": "string", "maxLength": 255 } } }"##,
    ),
    (
        "tags",
        r##"{ "type": "array", "items": { "type": "object", "properties": { "key": { "type": "string", "pattern": "^[0-9a-zA-Z_-]{1,255}$" }, "value": { "type": "string", "minLength": 1, "maxLength": 255 } } } }"##,
    ),
    (
        "sortDirection",
        r##"{ "type": "string", "enum": ["asc", "ASC", "desc", "DESC", ""] }"##,
    ),
    (
        "value",
        r##"{ "oneOf": [ { "type": "string" }, { "type": "number" }, { "type": "boolean" } ] }"##,
    ),
];

fn schema_doc(names: &[String], scale: Scale) -> String {
    let mut titles: Vec<(String, String, String)> = Vec::new();
    titles.push(("Error".into(), "Schema for errors returned by the API".into(), r##"{ "type": "object", "properties": { "type": { "type": "string" }, "message": { "type": "string" } } }"##.into()));
    titles.push(("Success".into(), "Schema for reporting a successful operation".into(), r##"{ "type": "object", "properties": { "success": { "type": "boolean", "enum": [true] } } }"##.into()));
    for (i, name) in names.iter().enumerate() {
        // Chains of up to five entities holding the next, as in real docs;
        // not one ring through all of them.
        let other = if i % 5 == 4 || i + 1 == names.len() {
            &names[i - i % 5]
        } else {
            &names[i + 1]
        };
        titles.push((
            name.clone(),
            format!("Schema for a single {name}"),
            entity(name, other, scale),
        ));
        titles.push((
            format!("{name} Patch"),
            format!("Schema for the body of a {name} modification request"),
            patch(scale),
        ));
        titles.push((format!("{name} Collection"), format!("Schema for a collection of {name} items"), format!(r##"{{ "type": "object", "properties": {{ "items": {{ "type": "array", "items": {{ "$ref": "#/definitions/{}" }} }}, "count": {{ "type": "integer" }}, "totalCount": {{ "type": "integer" }}, "perPage": {{ "type": "integer" }}, "page": {{ "type": "integer" }} }} }}"##, camel(name))));
        titles.push((format!("{name} Query"), format!("Schema for advanced {name} queries"), format!(r##"{{ "type": "object", "properties": {{ "$and": {{ "type": "array", "items": {{ "$ref": "#" }} }}, "$or": {{ "type": "array", "items": {{ "$ref": "#" }} }}, "name": {{ "oneOf": [ {{ "type": "string" }}, {{ "type": "object", "properties": {{ "$eq": {{ "type": "string" }}, "$ne": {{ "type": "string" }}, "$like": {{ "type": "string" }} }}, "additionalProperties": false }} ] }}, "tags": {} }}, "additionalProperties": false }}"##, SHARED[2].1)));
        titles.push((format!("{name} Item"), format!("Schema for an item of a {name}"), format!(r##"{{ "type": "object", "properties": {{ "id": {{ "type": "string" }}, "size": {{ "type": "integer" }}, "owner": {{ "$ref": "#/definitions/{}" }}, "value": {} }} }}"##, camel(name), SHARED[4].1)));
    }
    titles.sort();
    let mut doc = String::from("# Schemas\n\n");
    for (title, description, json) in &titles {
        let anchor = anchor(title);
        let pretty = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(json).expect("synthetic schemas are JSON"),
        )
        .expect("a value serializes");
        let _ = write!(
            doc,
            "## {title}\n\n<a name=\"{anchor}\"></a>\n\n{description}\n\n### <a name=\"{anchor}-schema\"></a> Schema\n\n\
             ```json\n{pretty}\n```\n\n<br/>\n\n"
        );
    }
    doc
}

fn entity(name: &str, other: &str, scale: Scale) -> String {
    let mut properties = vec![
        r##""id": { "type": "string", "pattern": "^[A-Fa-f\\d]{24}$" }"##.to_owned(),
        r##""name": { "type": "string", "minLength": 1, "maxLength": 255 }"##.to_owned(),
        r##""description": { "type": "string", "maxLength": 32767 }"##.to_owned(),
        r##""creationDate": { "type": "string", "format": "date-time" }"##.to_owned(),
        r##""lastUpdated": { "type": "string", "format": "date-time" }"##.to_owned(),
        format!(
            r##""related": {{ "$ref": "#/definitions/{}" }}"##,
            camel(other)
        ),
        format!(
            r##""members": {{ "type": "array", "items": {{ "type": "object", "properties": {{ "userId": {{ "type": "string" }}, "role": {} }} }} }}"##,
            SHARED[0].1
        ),
        format!(
            r##""summary": {{ "type": "object", "properties": {{ "{}Count": {{ "type": "integer" }}, "lastSeen": {{ "type": ["string", "null"], "format": "date-time" }} }} }}"##,
            camel(name)
        ),
        format!(
            r##""settings": {{ "type": "object", "properties": {{ "enabled": {{ "type": "boolean", "default": true }}, "mode": {{ "type": "string", "enum": ["auto", "manual", "{}"] }}, "limits": {{ "type": "object", "additionalProperties": {{ "type": "number" }} }} }} }}"##,
            camel(name)
        ),
    ];
    for (key, schema) in SHARED {
        properties.push(format!(r##""{key}": {schema}"##));
    }
    for i in 0..scale.extra_properties {
        let schema = match i % 5 {
            0 => {
                r##"{ "type": "string", "maxLength": 1024, "description": "A free-form attribute of the item, kept as the user typed it." }"##
            }
            1 => {
                r##"{ "type": "number", "minimum": 0, "description": "A measured quantity, in the unit the item's settings name." }"##
            }
            2 => {
                r##"{ "type": "boolean", "description": "Whether the item has this capability switched on." }"##
            }
            3 => {
                r##"{ "type": "array", "items": { "type": "string" }, "maxItems": 100, "description": "Identifiers of related items." }"##
            }
            _ => {
                r##"{ "type": "integer", "minimum": 0, "maximum": 100000, "default": 0, "description": "A counter maintained by the platform." }"##
            }
        };
        let schema = schema.replace(
            "\"description\": \"",
            &format!(
                "\"description\": \"Attribute {i} of the {name}, as the platform documents it: set when the \
                 item is created, changed by a patch request, and reported on every read. Workflows and \
                 dashboards that refer to it see the new value within a few seconds of a change. "
            ),
        );
        properties.push(format!(r##""attribute{i}": {schema}"##));
    }
    format!(
        r##"{{ "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {{ {} }} }}"##,
        properties.join(", ")
    )
}

fn patch(scale: Scale) -> String {
    let mut properties = vec![
        r##""name": { "type": "string", "minLength": 1, "maxLength": 255 }"##.to_owned(),
        r##""description": { "type": "string", "maxLength": 32767 }"##.to_owned(),
    ];
    for (key, schema) in SHARED.iter().take(3) {
        properties.push(format!(r##""{key}": {schema}"##));
    }
    for i in (0..scale.extra_properties).step_by(2) {
        properties.push(format!(
            r##""attribute{i}": {{ "type": "string", "maxLength": 1024, "description": "The new value of attribute {i}; leave it out to keep the current value." }}"##
        ));
    }
    format!(
        r##"{{ "type": "object", "properties": {{ {} }}, "additionalProperties": false }}"##,
        properties.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_scale_spec_has_the_real_apis_size_and_no_errors() {
        let files = spec(Scale::FULL);
        let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
        assert!(bytes > 3_000_000, "{bytes} bytes");
        let mut sources = crate::Sources::default();
        for (name, text) in files {
            sources.add(crate::SourceFile::new(&name, &name, text));
        }
        let (api, diagnostics) = crate::build_ir(&sources);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        let api = api.unwrap();
        assert_eq!(
            api.resources.iter().map(|r| r.actions.len()).sum::<usize>(),
            300
        );
        assert_eq!(api.schemas.len(), 302);
    }
}
