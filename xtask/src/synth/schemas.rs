//! The synthetic schema doc: per resource an entity, its patch, its paged
//! collection, and where the resource has them its advanced query and its
//! create body; each with an example. The entities carry the hazards of
//! real docs, each planted by [`hazards`] so the warnings can be counted.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{Resource, Scale};
use codegen::Lint;

/// Sub-schemas copied inline under every entity, as the real docs do.
fn role() -> Value {
    json!({ "type": "string", "enum": ["admin", "edit", "view", "none"] })
}

fn tags() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "key": { "type": "string", "pattern": "^[0-9a-zA-Z_-]{1,255}$" },
                "value": { "type": "string", "minLength": 1, "maxLength": 255 }
            }
        },
        "maxItems": 100
    })
}

fn location() -> Value {
    json!({
        "type": "object",
        "properties": {
            "lat": { "type": "number" },
            "lng": { "type": "number" },
            "label": { "type": "string", "maxLength": 255 }
        }
    })
}

/// A large sub-schema copied whole under every entity and patch, as real
/// docs copy their dashboard and workflow settings: many bytes, one type
/// per shape.
fn report_config() -> Value {
    const GROUPS: &[&str] = &["schedule", "delivery", "layout", "retention"];
    const FIELDS: &[&str] = &[
        "enabled",
        "interval",
        "timezone",
        "format",
        "locale",
        "limit",
        "title",
        "threshold",
        "window",
        "resolution",
    ];
    let mut groups = serde_json::Map::new();
    for group in GROUPS {
        let mut fields = serde_json::Map::new();
        for (n, field) in FIELDS.iter().enumerate() {
            let mut schema = match n % 4 {
                0 => json!({ "type": "boolean" }),
                1 => json!({ "type": "integer", "minimum": 0, "maximum": 86400000 }),
                2 => json!({ "type": "string", "maxLength": 255 }),
                _ => {
                    json!({ "type": "string", "enum": ["none", "hourly", "daily", "weekly", "monthly", "quarterly"] })
                }
            };
            schema["description"] = json!(format!(
                "The {field} of the report's {group}. Changes apply to the next run of the report; runs \
                 already under way keep the {field} they started with."
            ));
            fields.insert((*field).to_owned(), schema);
        }
        groups.insert(
            (*group).to_owned(),
            json!({ "type": "object", "properties": fields, "additionalProperties": false }),
        );
    }
    groups.insert(
        "recipients".into(),
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "email": { "type": "string", "format": "email", "maxLength": 1024 },
                    "role": role(),
                    "locale": { "type": "string", "enum": ["en", "de", "fr", "es", "ja"] }
                }
            }
        }),
    );
    json!({ "type": "object", "properties": groups })
}

/// A `oneOf` nested in a `oneOf`, as 180 places of the newest docs have.
fn nested_one_of() -> Value {
    json!({
        "oneOf": [
            { "oneOf": [ { "type": "string", "maxLength": 32767 }, { "type": "number" } ] },
            { "type": "boolean" },
            { "type": "null" }
        ]
    })
}

/// The warnings the hazards of one resource's schemas draw, by kind.
/// [`entity`] plants exactly these.
pub(crate) fn hazards(r: &Resource) -> Vec<(Lint, usize)> {
    let i = r.index;
    let mut out = Vec::new();
    // `min`/`max` on two properties, or a custom keyword on one.
    match i % 5 {
        0 => out.push((Lint::UnknownKeyword, 2)),
        1 => out.push((Lint::UnknownKeyword, 1)),
        _ => {}
    }
    // A property map without its `properties` wrapper, in the query.
    if i % 10 == 1 && r.list {
        out.push((Lint::UnknownKeyword, 2));
    }
    if i % 2 == 0 {
        out.push((Lint::NumberAsString, 1));
    }
    if matches!(i % 10, 2 | 4 | 7) {
        out.push((Lint::UnresolvedRef, 1));
    }
    if i % 5 == 3 {
        out.push((Lint::IndistinctUnion, 1));
    }
    if i % 4 == 2 {
        out.push((Lint::IndistinctUnion, 1));
    }
    if i % 5 == 4 {
        out.push((Lint::TypeAsString, 1));
    }
    out
}

/// The entity: fixed properties, the shared sub-schemas, the hazards, and
/// `extra_properties` plain attributes with long descriptions.
fn entity(r: &Resource, related: &Resource, scale: Scale) -> Value {
    let i = r.index;
    let mut name = json!({ "type": "string", "minLength": 1, "maxLength": 255 });
    if i % 2 == 0 {
        name["maxLength"] = json!("255");
    }
    let mut properties = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        properties.insert(key.to_owned(), value);
    };
    put(
        "id",
        json!({ "type": "string", "pattern": "^[A-Fa-f\\d]{24}$" }),
    );
    put(
        &format!("{}Id", r.camel),
        json!({ "type": "string", "pattern": "^[A-Fa-f\\d]{24}$" }),
    );
    put(
        "applicationId",
        json!({ "type": "string", "pattern": "^[A-Fa-f\\d]{24}$" }),
    );
    put(
        "creationDate",
        json!({ "type": "string", "format": "date-time" }),
    );
    put(
        "lastUpdated",
        json!({ "type": "string", "format": "date-time" }),
    );
    put("name", name);
    put(
        "description",
        json!({ "type": "string", "maxLength": 32767 }),
    );
    // Names that are Rust keywords.
    put(
        "type",
        json!({ "type": "string", "enum": ["standard", "gateway", "peripheral", "system"] }),
    );
    put("self", json!({ "type": "string", "format": "uri" }));
    put(
        "related",
        json!({ "$ref": format!("#/definitions/{}", related.camel) }),
    );
    put(
        "members",
        json!({ "type": "array", "items": { "type": "object", "properties": { "userId": { "type": "string" }, "role": role() } } }),
    );
    put("tags", tags());
    put("location", location());
    put("reportConfig", report_config());
    put("value", nested_one_of());
    put("lastValue", nested_one_of());
    put("threshold", json!({ "type": ["number", "null"] }));
    put(
        "parentId",
        json!({ "oneOf": [ { "type": "string", "pattern": "^[A-Fa-f\\d]{24}$" }, { "type": "null" } ] }),
    );
    put(
        "settings",
        json!({
            "type": "object",
            "properties": {
                "enabled": { "type": "boolean", "default": true },
                "mode": { "type": "string", "enum": ["auto", "manual", r.camel] },
                "limits": { "type": "object", "additionalProperties": { "type": "number" } }
            }
        }),
    );
    put(
        "summary",
        json!({
            "type": "object",
            "properties": {
                format!("{}Count", r.camel): { "type": "integer" },
                "lastSeen": { "type": ["string", "null"], "format": "date-time" }
            }
        }),
    );
    match i % 10 {
        2 => put(
            "owner",
            json!({ "$ref": "#/definitions/nobodyDocumentsThis" }),
        ),
        4 => put("legacy", json!({ "$ref": "#/definitions/legacyThing" })),
        // The name differs from the title ("Disable Multi-Factor Authentication").
        7 => put(
            "mfa",
            json!({ "$ref": "#/definitions/multiFactorAuthDisable" }),
        ),
        _ => {}
    }
    if i % 5 == 3 {
        put(
            "shape",
            json!({ "oneOf": [
                { "type": "object", "properties": { "radius": { "type": "number" } } },
                { "type": "object", "properties": { "side": { "type": "number" } } }
            ] }),
        );
    }
    if i % 4 == 2 {
        put(
            "reading",
            json!({ "oneOf": [ { "type": "string", "format": "date-time" }, { "type": "string", "pattern": "^[0-9]+$" } ] }),
        );
    }
    if i % 5 == 4 {
        put("labels", json!({ "type": "array", "items": "string" }));
    }
    for n in 0..scale.extra_properties {
        put(&format!("attribute{n}"), attribute(r, n));
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": properties
    })
}

/// A plain attribute with a long description; some carry the unknown
/// keywords real docs have.
fn attribute(r: &Resource, n: usize) -> Value {
    let description = format!(
        "Attribute {n} of the {}, as the platform documents it: set when the item is created, \
         changed by a patch request, and reported on every read. Workflows and dashboards that \
         refer to it see the new value within a few seconds of a change.",
        r.title
    );
    let mut schema = match n % 5 {
        0 => json!({ "type": "string", "maxLength": 1024 }),
        1 => json!({ "type": "number", "minimum": 0 }),
        2 => json!({ "type": "boolean" }),
        3 => json!({ "type": "array", "items": { "type": "string" }, "maxItems": 100 }),
        _ => json!({ "type": "integer", "minimum": 0, "maximum": 100000, "default": 0 }),
    };
    schema["description"] = json!(description);
    match (r.index % 5, n) {
        (0, 1) => schema["min"] = json!(0),
        (0, 4) => schema["max"] = json!(100000),
        (1, 1) => schema["displayHint"] = json!("slider"),
        _ => {}
    }
    schema
}

fn patch(r: &Resource, scale: Scale) -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "name".into(),
        json!({ "type": "string", "minLength": 1, "maxLength": 255 }),
    );
    properties.insert(
        "description".into(),
        json!({ "type": "string", "maxLength": 32767 }),
    );
    properties.insert("tags".into(), tags());
    properties.insert("location".into(), location());
    properties.insert("reportConfig".into(), report_config());
    properties.insert("parentId".into(), json!({ "type": ["string", "null"] }));
    for n in (0..scale.extra_properties).step_by(2) {
        properties.insert(
            format!("attribute{n}"),
            json!({ "type": "string", "maxLength": 1024, "description": format!("The new value of attribute {n} of the {}; leave it out to keep the current value.", r.title) }),
        );
    }
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn post(r: &Resource) -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 255 },
            "description": { "type": "string", "maxLength": 32767 },
            "type": { "type": "string", "enum": ["standard", "gateway", "peripheral", "system"] },
            "tags": tags(),
            "settings": { "type": "object", "properties": { "enabled": { "type": "boolean" }, "mode": { "type": "string", "enum": ["auto", "manual", r.camel] } } }
        },
        "required": ["name"],
        "additionalProperties": false
    })
}

/// A paged collection; a few of them, as in real docs, whose `items` name
/// the collection itself.
fn collection(r: &Resource) -> Value {
    let item = if r.index % 10 == 9 {
        format!("#/definitions/{}Collection", r.camel)
    } else {
        format!("#/definitions/{}", r.camel)
    };
    json!({
        "type": "object",
        "properties": {
            "items": { "type": "array", "items": { "$ref": item } },
            "count": { "type": "integer" },
            "totalCount": { "type": "integer" },
            "perPage": { "type": "integer" },
            "page": { "type": "integer" },
            "sortField": { "type": "string" },
            "sortDirection": { "type": "string", "enum": ["asc", "ASC", "desc", "DESC", ""] }
        }
    })
}

/// The advanced query; one in ten writes a property map without its
/// `properties` wrapper.
fn query(r: &Resource) -> Value {
    let location = if r.index % 10 == 1 {
        json!({ "type": "object", "lat": { "type": "number" }, "lng": { "type": "number" } })
    } else {
        location()
    };
    json!({
        "type": "object",
        "properties": {
            "$and": { "type": "array", "items": { "$ref": "#" } },
            "$or": { "type": "array", "items": { "$ref": "#" } },
            "name": { "oneOf": [
                { "type": "string" },
                { "type": "object", "properties": { "$eq": { "type": "string" }, "$ne": { "type": "string" }, "$like": { "type": "string" } }, "additionalProperties": false }
            ] },
            "tags": tags(),
            "location": location
        },
        "additionalProperties": false
    })
}

/// An example of an entity, as the docs' `### Example` blocks show one.
fn example(r: &Resource, scale: Scale) -> Value {
    let mut object = serde_json::Map::new();
    object.insert("id".into(), json!("575ec8687ae143cd83dc4a97"));
    object.insert(format!("{}Id", r.camel), json!("575ec8687ae143cd83dc4a98"));
    object.insert("creationDate".into(), json!("2016-06-13T04:00:00.000Z"));
    object.insert("lastUpdated".into(), json!("2016-06-13T04:00:00.000Z"));
    object.insert("name".into(), json!(format!("My {}", r.title)));
    object.insert("type".into(), json!("standard"));
    object.insert("tags".into(), json!([{ "key": "floor", "value": "8" }]));
    object.insert("value".into(), json!(21.5));
    object.insert("parentId".into(), Value::Null);
    for n in (0..scale.extra_properties).step_by(3) {
        let value = match n % 5 {
            0 => json!(format!("value {n}")),
            1 => json!(n as f64 / 2.0),
            2 => json!(n % 2 == 0),
            3 => json!(["575ec8687ae143cd83dc4a97"]),
            _ => json!(n),
        };
        object.insert(format!("attribute{n}"), value);
    }
    Value::Object(object)
}

pub(crate) fn doc(resources: &[Resource], scale: Scale) -> String {
    let mut sections: Vec<(String, String, Value, Option<Value>)> = vec![
        (
            "Error".into(),
            "Schema for errors returned by the API".into(),
            json!({ "type": "object", "properties": { "type": { "type": "string" }, "message": { "type": "string" } } }),
            Some(json!({ "type": "NotFound", "message": "Not found" })),
        ),
        (
            "Success".into(),
            "Schema for reporting a successful operation".into(),
            json!({ "type": "object", "properties": { "success": { "type": "boolean", "enum": [true] } } }),
            Some(json!({ "success": true })),
        ),
        (
            "Job Enqueued API Result".into(),
            "Schema for the result of a job being queued".into(),
            json!({ "type": "object", "properties": { "jobQueued": { "type": "boolean", "enum": [true] }, "jobId": { "type": "string", "maxLength": 21 }, "success": { "type": "boolean", "enum": [true] } } }),
            Some(json!({ "jobQueued": true, "jobId": "j1", "success": true })),
        ),
        (
            "Tag Filter".into(),
            "Schema for an array of tag pairs to filter by".into(),
            tags(),
            Some(json!([{ "key": "floor", "value": "8" }])),
        ),
        (
            "Disable Multi-Factor Authentication".into(),
            "Schema for the body of a request to disable multi-factor authentication".into(),
            json!({ "type": "object", "properties": { "password": { "type": "string" }, "twoFactorCode": { "type": "string" } }, "required": ["password"], "additionalProperties": false }),
            None,
        ),
        // Titles that differ only in punctuation, and so in their anchor's
        // number and their type's name.
        (
            "Device Connection Status".into(),
            "Schema for the connection status of a device".into(),
            json!({ "type": "object", "properties": { "connected": { "type": "boolean" }, "time": { "type": "string", "format": "date-time" } } }),
            Some(json!({ "connected": true, "time": "2016-06-13T04:00:00.000Z" })),
        ),
        (
            "Device-Connection Status".into(),
            "Schema for the connection status of a device, as its gateway reports it".into(),
            json!({ "type": "object", "properties": { "connected": { "type": "integer", "enum": [0, 1] }, "gatewayId": { "type": "string" } } }),
            None,
        ),
    ];
    for (n, r) in resources.iter().enumerate() {
        // Chains of up to five entities holding the next, as in real docs.
        let related = if n % 5 == 4 || n + 1 == resources.len() {
            &resources[n - n % 5]
        } else {
            &resources[n + 1]
        };
        let lower = r.title.to_ascii_lowercase();
        sections.push((
            r.title.clone(),
            format!("Schema for a single {}", r.title),
            entity(r, related, scale),
            Some(example(r, scale)),
        ));
        sections.push((
            r.titled("Patch"),
            format!("Schema for the body of a {} modification request", r.title),
            patch(r, scale),
            Some(json!({ "name": format!("My updated {lower}") })),
        ));
        sections.push((
            r.titled("Collection"),
            format!("Schema for a collection of {} items", r.title),
            collection(r),
            Some(json!({ "items": [example(r, scale)], "count": 1, "totalCount": 1, "perPage": 100, "page": 0, "sortField": "name", "sortDirection": "asc" })),
        ));
        if r.list {
            sections.push((
                r.titled("Query"),
                format!("Schema for advanced {lower} queries"),
                query(r),
                None,
            ));
        }
        if r.create {
            sections.push((
                r.titled("Post"),
                format!("Schema for the body of a {lower} creation request"),
                post(r),
                Some(json!({ "name": format!("My new {lower}") })),
            ));
        }
    }
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    let mut doc = String::from("# Schemas\n\n");
    let mut anchors = std::collections::HashSet::new();
    for (title, description, schema, example) in &sections {
        // A title whose anchor another has is numbered, as the docs' own
        // generator does.
        let mut anchor = super::anchor(title);
        let mut n = 1;
        while !anchors.insert(anchor.clone()) {
            anchor = format!("{}-{n}", super::anchor(title));
            n += 1;
        }
        let _ = write!(
            doc,
            "## {title}\n\n<a name=\"{anchor}\"></a>\n\n{description}\n\n### <a name=\"{anchor}-schema\"></a> Schema\n\n\
             ```json\n{}\n```\n\n",
            pretty(schema)
        );
        if let Some(example) = example {
            let _ = write!(
                doc,
                "### <a name=\"{anchor}-example\"></a> Example\n\n```json\n{}\n```\n\n",
                pretty(example)
            );
        }
        doc.push_str("<br/>\n\n");
    }
    doc
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value serializes")
}
