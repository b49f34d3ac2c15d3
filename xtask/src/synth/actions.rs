//! The synthetic action docs, one per resource, and the overlay routing
//! their actions, in the docs family's format: a Python example per action,
//! an `Authentication` section, parameter tables with `Default` and
//! `Example` columns, and response tables.

use std::fmt::Write;

use super::{ListPaging, Resource, accepted, camel};

/// `| name | type | required | description | default | example |`.
pub(super) struct Row {
    pub name: String,
    pub ty: String,
    pub required: bool,
    pub description: String,
    pub default: &'static str,
    pub example: &'static str,
}

impl Row {
    fn line(&self) -> String {
        let required = if self.required { "Y" } else { "N" };
        format!(
            "| {} | {} | {required} | {} | {} | {} |\n",
            self.name, self.ty, self.description, self.default, self.example
        )
    }
}

pub(super) fn row(name: &str, ty: &str, required: bool, description: &str) -> Row {
    Row {
        name: name.to_owned(),
        ty: ty.to_owned(),
        required,
        description: description.to_owned(),
        default: "",
        example: "",
    }
}

fn link(title: &str) -> String {
    format!("[{title}](_schemas.md#{})", super::anchor(title))
}

/// One action's section.
struct Action {
    heading: &'static str,
    method: &'static str,
    description: String,
    params: Vec<Row>,
    /// `(code, schema title, description)`.
    success: Vec<(u16, String, String)>,
}

pub(crate) fn doc(r: &Resource) -> String {
    let lower = r.title.to_ascii_lowercase();
    let id = format!("{}Id", r.camel);
    let mut actions = vec![
        Action {
            heading: "Delete",
            method: "delete",
            description: format!("Deletes a {lower}"),
            params: vec![id_row(&id, &lower), domain()],
            success: vec![(
                200,
                "Success".into(),
                "If the resource was successfully deleted".into(),
            )],
        },
        Action {
            heading: "Get",
            method: "get",
            description: format!("Retrieves information on a {lower}"),
            params: [
                vec![id_row(&id, &lower)],
                accepted::get_rows(r),
                vec![domain()],
            ]
            .into_iter()
            .flatten()
            .collect(),
            success: vec![(200, r.title.clone(), format!("{} information", r.title))],
        },
        Action {
            heading: "Patch",
            method: "patch",
            description: format!("Updates information about a {lower}"),
            params: vec![
                id_row(&id, &lower),
                Row {
                    example: super::schemas::patch_example(r),
                    ..row(
                        &r.camel,
                        &link(&r.titled("Patch")),
                        true,
                        "Object containing new properties",
                    )
                },
                domain(),
            ],
            success: patch_success(r, &lower),
        },
    ];
    if r.list {
        actions.push(list(r, &lower));
    }
    if r.create {
        actions.push(Action {
            heading: "Post",
            method: "post",
            description: format!("Create a new {lower}"),
            params: vec![
                row(
                    &r.camel,
                    &link(&r.titled("Post")),
                    true,
                    &format!("New {lower} information"),
                ),
                domain(),
            ],
            success: vec![(
                201,
                r.title.clone(),
                format!("Successfully created {lower}"),
            )],
        });
    }
    if r.upload {
        actions.push(Action {
            heading: "Upload",
            method: "upload",
            description: format!("Uploads a file to a {lower}"),
            params: vec![
                id_row(&id, &lower),
                row("file", "file", true, "The file to upload"),
                Row {
                    example: "readings",
                    ..row("description", "string", false, "What the file holds")
                },
            ],
            success: vec![(201, r.title.clone(), "The updated item".into())],
        });
    }
    if r.keyword_action {
        actions.push(Action {
            heading: "Move",
            method: "move",
            description: format!("Moves a {lower} to another application"),
            params: vec![
                id_row(&id, &lower),
                Row {
                    default: "copy",
                    example: "move",
                    ..row(
                        "type",
                        "string",
                        false,
                        "Whether the source is kept. Accepted values are: copy, move",
                    )
                },
                row(
                    "applicationId",
                    "string",
                    true,
                    "The application to move it to",
                ),
            ],
            success: vec![(200, r.title.clone(), format!("The moved {lower}"))],
        });
    }
    actions.sort_by_key(|a| a.heading);
    render(r, &actions)
}

/// What a patch answers: the entity, or for a queued patch also a job.
fn patch_success(r: &Resource, lower: &str) -> Vec<(u16, String, String)> {
    let mut success = vec![(200, r.title.clone(), format!("Updated {lower} information"))];
    if r.queued_patch {
        if r.index % 16 == 1 {
            success.push((201, "Success".into(), "The patch was applied later".into()));
        }
        success.push((
            202,
            "Job Enqueued API Result".into(),
            "The patch was queued".into(),
        ));
    }
    success
}

fn id_row(id: &str, lower: &str) -> Row {
    Row {
        example: "575ec8687ae143cd83dc4a97",
        ..row(
            id,
            "string",
            true,
            &format!("ID associated with the {lower}"),
        )
    }
}

fn domain() -> Row {
    Row {
        example: "example.com",
        ..row(
            "losantdomain",
            "string",
            false,
            "Domain scope of request (rarely needed)",
        )
    }
}

/// A list with sorting, paging (as the resource's list is paged),
/// filtering and an advanced query.
fn list(r: &Resource, lower: &str) -> Action {
    Action {
        heading: "List",
        method: "list",
        description: format!("Returns the {lower} items matching a query, page by page"),
        params: [
            vec![id_row(&format!("{}Id", r.camel), lower)],
            accepted::sort_rows(r),
            paging_rows(r),
            accepted::filter_rows(r),
            vec![Row {
                example: "my*item",
                ..row(
                    "filter",
                    "string",
                    false,
                    "Filter to apply against the filtered field. Supports globbing. Blank or not provided means no filtering.",
                )
            }],
            tag_filter_rows(r),
            vec![Row {
                example: "{&quot;name&quot;: {&quot;$eq&quot;: &quot;x&quot;}}",
                ..row(
                    "query",
                    &link(&r.titled("Query")),
                    false,
                    "Filter JSON object",
                )
            }],
            accepted::list_rows(r),
            vec![domain()],
        ]
        .into_iter()
        .flatten()
        .collect(),
        success: vec![(
            200,
            r.titled("Collection"),
            format!("Collection of {lower} items"),
        )],
    }
}

/// The parameters that page the list, as the resource's list is paged.
fn paging_rows(r: &Resource) -> Vec<Row> {
    match r.paging {
        ListPaging::Pages => vec![
            Row {
                default: "0",
                example: "0",
                ..row("page", "string", false, "Which page of results to return")
            },
            Row {
                default: "100",
                example: "10",
                ..row(
                    "perPage",
                    "string",
                    false,
                    "How many items to return per page",
                )
            },
        ],
        ListPaging::Offsets => vec![
            Row {
                default: "0",
                example: "20",
                ..row("offset", "string", false, "How many items to skip")
            },
            Row {
                default: "1000",
                example: "10",
                ..row("limit", "string", false, "How many items to return")
            },
        ],
        ListPaging::Whole => Vec::new(),
    }
}

/// A tag filter, an array of objects sent in the query flattened with
/// brackets, where the resource has one.
fn tag_filter_rows(r: &Resource) -> Vec<Row> {
    if !r.tag_filter {
        return Vec::new();
    }
    vec![Row {
        example: "[{&quot;key&quot;:&quot;floor&quot;,&quot;value&quot;:&quot;8&quot;}]",
        ..row(
            "tagFilter",
            &link("Tag Filter"),
            false,
            "Array of tag pairs to filter by",
        )
    }]
}

const ERRORS: &str = "| 400 | [Error](_schemas.md#error) | Error if malformed request |\n\
                      | 404 | [Error](_schemas.md#error) | Error if the resource was not found |\n";

fn render(r: &Resource, actions: &[Action]) -> String {
    let title = &r.title;
    let mut doc = format!(
        "# {title} Actions\n\nDetails on the various actions that can be performed on the\n\
         {title} resource, including the expected\nparameters and the potential responses.\n\n\
         ##### Contents\n\n"
    );
    for action in actions {
        let _ = writeln!(
            doc,
            "*   [{}](#{})",
            action.heading,
            super::anchor(action.heading)
        );
    }
    doc.push_str("\n<br/>\n\n");
    for action in actions {
        let accessor = &r.accessor;
        let method = action.method;
        let args: String = action
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| format!("\n    {}=my_{}", p.name, super::camel(&p.name)))
            .collect::<Vec<_>>()
            .join(",");
        let params: String = action.params.iter().map(Row::line).collect();
        let success: String = action
            .success
            .iter()
            .map(|(code, schema, text)| format!("| {code} | {} | {text} |\n", link(schema)))
            .collect();
        let _ = write!(
            doc,
            "## {heading}\n\n{description}\n\n```python\nresult = client.{accessor}.{method}({args})\n\n\
             print(result)\n```\n\n#### Authentication\nA valid api access token is required to access this endpoint. \
             The token must\ninclude at least one of the following scopes:\nall.Application, all.Organization, \
             {accessor}.*, or {accessor}.{method}.\n\n#### Available Parameters\n\n\
             | Name | Type | Required | Description | Default | Example |\n| ---- | ---- | -------- | ----------- | ------- | ------- |\n\
             {params}\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n{success}\n\
             #### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n{ERRORS}\n<br/>\n\n",
            heading = action.heading,
            description = action.description,
        );
    }
    doc
}

pub(crate) fn overlay(resources: &[Resource]) -> String {
    let mut out = String::from(
        "[crate]\nname = \"large-client\"\nversion = \"0.1.0\"\n\
         description = \"A client generated from the synthetic spec, for build-time measurements.\"\n\n\
         [api]\ntitle = \"Synthetic API\"\nbase_url = \"https://api.example.com\"\nversion = \"^1.0.0\"\n\
         header_params = [\"losantdomain\"]\nquery_style = \"brackets\"\n\n\
         [api.query_style_by_name]\nquery = \"json\"\n\n[api.default_query]\n_actions = false\n_links = true\n_embedded = true\n",
    );
    for r in resources {
        let plural = format!("/{}s", camel(&r.title).to_ascii_lowercase());
        let item = format!("{plural}/{{{}Id}}", r.camel);
        let _ = write!(
            out,
            "\n[routes.{}]\ndelete = \"DELETE {item}\"\nget = \"GET {item}\"\npatch = \"PATCH {item}\"\n",
            r.accessor
        );
        if r.list {
            let _ = writeln!(out, "list = \"GET {item}/items\"");
        }
        if r.create {
            let _ = writeln!(out, "post = \"POST {plural}\"");
        }
        if r.upload {
            let _ = writeln!(out, "upload = \"POST {item}/files\"");
        }
        if r.keyword_action {
            let _ = writeln!(out, "move = \"POST {item}/move\"");
        }
    }
    out.push_str(&streams(resources));
    out
}

/// Two event streams, as the overlay declares them (the docs describe
/// none): one beside the actions of the first resource, with a keep-alive
/// parameter, and one of a resource no doc has (`live`), which it makes,
/// with a required query parameter and two events.
fn streams(resources: &[Resource]) -> String {
    let (Some(first), Some(second), Some(third)) =
        (resources.first(), resources.get(1), resources.get(2))
    else {
        return String::new();
    };
    let item = format!(
        "/{}s/{{{}Id}}",
        camel(&first.title).to_ascii_lowercase(),
        first.camel
    );
    format!(
        "\n[streams.{accessor}.watch]\n\
         route = \"GET {item}/watch\"\n\
         description = \"Streams the changes of {article} {title} as they happen.\"\n\
         keep_alive = \"keepAliveInterval\"\n\
         events = {{ {camel}Changed = \"{title}\" }}\n\n\
         [streams.{accessor}.watch.params]\n\
         {camel}Id = {{ type = \"string\", required = true, description = \"ID associated with the {lower}\" }}\n\
         keepAliveInterval = {{ type = \"number\", default = 2, description = \"Number of seconds between keep-alive messages\" }}\n\n\
         [streams.live.firehose]\n\
         route = \"GET /live\"\n\
         description = \"Streams every change of the {second}s and {third}s of a topic.\"\n\
         events = {{ {second_camel}Changed = \"{second}\", {third_camel}Changed = \"{third}\" }}\n\n\
         [streams.live.firehose.params]\n\
         topic = {{ type = \"string\", required = true, description = \"The topic to follow (`my/topic`)\" }}\n\
         since = {{ type = \"number\", description = \"Only changes after this time, in milliseconds since the epoch\" }}\n",
        accessor = first.accessor,
        article = if first.title.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        },
        title = first.title,
        lower = first.title.to_ascii_lowercase(),
        camel = first.camel,
        second = second.title,
        second_camel = second.camel,
        third = third.title,
        third_camel = third.camel,
    )
}
