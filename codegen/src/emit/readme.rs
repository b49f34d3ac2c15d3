//! `README.md`: what crates.io, docs.rs (it is the crate's doc) and a
//! repository show of the crate: what the API is, how to add it, a quick
//! start and a test that run against the crate's mock (doctests, through
//! the crate doc), the resources with links into the docs, the features,
//! and what the client does on the wire.
//!
//! The behaviour it states is the runtime's, with the runtime's defaults;
//! the generated crate's tests check the numbers against the runtime's.

use crate::ir::Api;
use crate::naming;
use crate::types::{Presence, TypeKind};

use super::docs;
use super::showcase::Showcase;

pub fn emit(api: &Api, showcase: Option<&Showcase>) -> String {
    let meta = &api.meta;
    let mut out = format!("# {}\n\n", docs::escape(&meta.title));
    if !meta.crate_description.is_empty() {
        out.push_str(&format!("{}\n\n", docs::escape(&meta.crate_description)));
    }
    out.push_str(&format!(
        "## Install\n\n\
         ```sh\n\
         cargo add {krate}\n\
         cargo add tokio --features macros,rt-multi-thread\n\
         ```\n\n",
        krate = meta.crate_name
    ));
    if let Some(showcase) = showcase {
        out.push_str(&quick_start(api, showcase));
    }
    out.push_str(&resources(api));
    out.push_str(&features(api));
    out.push_str(BEHAVIOUR);
    if uses_nullable(api) {
        out.push_str(NULLABLE);
    }
    if let Some(showcase) = showcase {
        out.push_str(&mock(api, showcase));
    }
    if let Some(license) = &meta.license {
        out.push_str(&format!("## License\n\n{}\n", docs::code(license)));
    }
    out
}

/// `https://docs.rs/<crate>/<version>/<crate_ident>`: the crate's docs of
/// this version, which docs.rs builds for every version published.
fn docs_url(api: &Api) -> String {
    let meta = &api.meta;
    format!(
        "https://docs.rs/{}/{}/{}",
        meta.crate_name,
        meta.crate_version,
        meta.crate_ident()
    )
}

fn quick_start(api: &Api, showcase: &Showcase) -> String {
    let how = if showcase.runs() {
        "This runs as it is"
    } else {
        "This compiles as it is (fill in its `todo!()` values to run it)"
    };
    format!(
        "## Quick start\n\n{}\
         {how}: the client talks to the crate's mock server (the `mock` \
         feature: `cargo add {krate} --features mock`). Each method's \
         documentation lists its HTTP method and path, its parameters and \
         documented responses, and has an example.\n\n",
        showcase.code_block(&showcase.quick_start(api)) + "\n",
        krate = api.meta.crate_name,
    )
}

fn resources(api: &Api) -> String {
    let url = docs_url(api);
    let mut out = String::from(
        "## Resources\n\n\
         The client has an accessor for each resource, and each resource a \
         method per action:\n\n",
    );
    for r in &api.resources {
        let module = &r.idents.module;
        let methods: Vec<String> = (r.actions.iter())
            .map(|a| {
                let method = naming::unraw(&a.idents.method);
                format!(
                    "[`{method}`]({url}/{module}/struct.{}.html#method.{method})",
                    r.idents.handle
                )
            })
            .collect();
        out.push_str(&format!(
            "- [{}]({url}/{module}/index.html) (`client.{}()`): {}\n",
            docs::escape(&r.name),
            r.idents.accessor,
            methods.join(", ")
        ));
    }
    if !api.enums.is_empty() {
        out.push_str(&format!(
            "\n[`params`]({url}/params/index.html) holds the values text \
             parameters accept, as enums.\n"
        ));
    }
    out.push('\n');
    out
}

fn features(api: &Api) -> String {
    // A resource's feature is its module's name (`emit::features`).
    let chosen: Vec<String> = std::iter::once("rustls")
        .chain(
            api.resources
                .iter()
                .take(3)
                .map(|r| r.idents.module.as_str()),
        )
        .map(|feature| format!("\"{feature}\""))
        .collect();
    let chosen = chosen.join(", ");
    let example = match api.resources.first() {
        Some(r) => format!(" (`{}`)", r.idents.module),
        None => String::new(),
    };
    format!(
        "## Features\n\n\
         | Feature | Default | What it does |\n\
         | --- | --- | --- |\n\
         | `rustls` | yes | TLS through rustls, with the platform's certificate store. |\n\
         | `native-tls` | no | TLS through the platform's library (OpenSSL on Linux). |\n\
         | `mock` | no | [`mock`]({}/mock/index.html): a typed stand-in for the API in your tests. |\n\
         | `full` | yes | Every resource above, each a feature of its own named as its module{example}. |\n\n\
         With neither TLS feature (`default-features = false`), the client \
         speaks plain http only: `build()` refuses an https base URL with \
         `InvalidRequest::NoTls`, which names the features to turn on.\n\n\
         An application that calls a few resources builds faster with only \
         those: turn the default features off, and name a TLS feature and \
         the resources' modules:\n\n\
         ```toml\n\
         [dependencies]\n\
         {} = {{ version = \"{}\", default-features = false, features = [{chosen}] }}\n\
         ```\n\n\
         The models and parameter enums their actions use come with them (a \
         model no action uses comes with `full`); the rest of the crate is \
         not compiled. The docs on docs.rs show every item, with the \
         features it needs.\n\n",
        docs_url(api),
        api.meta.crate_name,
        api.meta.crate_version,
    )
}

/// What the runtime does on every call, with its defaults.
const BEHAVIOUR: &str = "## What the client does\n\n\
- **Time limits**: `Client::builder().timeout(Duration)` is a deadline for \
the whole call (every attempt, the waits between them and reading the \
body): 60 s unless set, `None` for none. `.attempt_timeout(Duration)` \
bounds each attempt on its own (none unless set). A request takes its own \
with `with_timeout` and `with_attempt_timeout`. Running out of either is \
`Error::Timeout`.\n\
- **Retries**: `429` (honouring `Retry-After`), `502`, `503`, `504`, \
failures to connect and attempts that ran out of their attempt timeout \
are retried for idempotent methods only (never a `POST` or `PATCH`), \
with exponential backoff and jitter: at most 3 attempts, none started \
later than 30 s after the first. `.retry_policy(RetryPolicy::none())` \
turns it off.\n\
- **Errors**: a call fails with one `Error`: `Api` for an error status \
(the status, headers, the error body decoded, the raw body), \
`UnexpectedStatus`, `Transport`, `Decode` (the field path that failed \
and the whole body), `BodyTooLarge`, `Timeout`, `Redirect`, `Hook` or \
`InvalidRequest` (not sent); `status()` and `is_retryable()` answer \
across them.\n\
- **Bounded responses**: a response body is read up to 32 MiB whatever \
its status (`.max_response_size(bytes)`); a longer one fails with \
`Error::BodyTooLarge`.\n\
- **Drift from the docs**: in a debug build (or with \
`.report_undocumented(true)`), a response property the docs do not \
describe is reported, to a `tracing` subscriber listening at `WARN`, \
as an event of target \
`mdsdk_runtime::undocumented`, naming the action and the property's \
path. The response decodes as it would without (the property kept in the \
model's `extra`, or skipped where the schema allows none).\n\n";

/// Whether a model has a property that may be left out or `null`, and so
/// the runtime's `Nullable` in the crate's API.
fn uses_nullable(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .any(|f| f.presence() == Presence::OptionalNullable),
        _ => false,
    })
}

/// How absent, `null` and a value stay apart.
const NULLABLE: &str = "## Absent, null or a value
\n\
A property the docs allow to be left out *and* to be `null` is a \
`Nullable<T>`: `Nullable::Absent` is not sent (the default), \
`Nullable::Null` is sent as `null` (in a `PATCH`, to clear a value), \
`Nullable::Value(v)` (or `v.into()`) is sent as the value; a response \
decodes the same three. A required property that may be `null` is an \
`Option<T>` sent as `null` when `None`; an optional one that may not is \
an `Option<T>` left out when `None`.\n\n";

fn mock(api: &Api, showcase: &Showcase) -> String {
    format!(
        "## Testing your code: the mock\n\n\
         With the `mock` feature, [`mock::MockApi`]({url}/mock/struct.MockApi.html) \
         starts a loopback server to point the client at, with the client's \
         accessors and a route per action: `returns(body)` answers with a body \
         of the action's type and its documented success status, \
         `fails(status, error)` with an error status and the API's error body, \
         `answers(Answer::status(503))` with anything else; `calls()` lists \
         the calls a route answered, with their path parameters, query, \
         headers and body.\n\n{}",
        showcase.code_block(&showcase.mock_test(api)) + "\n",
        url = docs_url(api),
    )
}
