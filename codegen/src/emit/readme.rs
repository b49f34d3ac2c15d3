//! `README.md`: what crates.io, docs.rs (it is the crate's doc) and a
//! repository show of the crate, and the one place its users read what
//! the client does: what the API is, how to add it, a quick start and a
//! test that run against the crate's mock (doctests, through the crate
//! doc), the resources with links into the docs, calling an action,
//! configuring the client, the features, what the client does on the
//! wire, paged lists, absent and `null` properties, and the mock.
//!
//! It is the README of every crate generated from docs of this family:
//! what differs per API comes from the IR (the title, the base URL and
//! defaults, and which sections apply: paged lists, bodies by status,
//! `Nullable`, uploads). The behaviour it states is the runtime's, with the
//! runtime's defaults; the generated crate's tests check the numbers
//! against the runtime's.

use crate::ir::{Action, Api, ParamType};
use crate::naming;
use crate::types::{Presence, TypeKind};

use super::cargo_toml::RUST_VERSION;
use super::docs;
use super::showcase::Showcase;

pub fn emit(api: &Api, showcase: Option<&Showcase>) -> String {
    let meta = &api.meta;
    let mut out = format!("# {}\n\n", docs::escape(&meta.title));
    if !meta.crate_description.is_empty() {
        out.push_str(&format!("{}\n\n", docs::escape(&meta.crate_description)));
    }
    out.push_str(&install(api));
    if let Some(showcase) = showcase {
        out.push_str(&quick_start(api, showcase));
    }
    out.push_str(&resources(api));
    out.push_str(&calling(api));
    out.push_str(&configuring(api));
    out.push_str(&features(api));
    out.push_str(BEHAVIOUR);
    if actions(api).any(|a| a.paging.is_some()) {
        out.push_str(PAGING);
    }
    out.push_str(&streams(api));
    out.push_str(&properties(api));
    if let Some(showcase) = showcase {
        out.push_str(&mock(api, showcase));
    }
    if let Some(license) = &meta.license {
        out.push_str(&format!("## License\n\n{}\n", docs::code(license)));
    }
    out
}

/// Every action of the API.
fn actions(api: &Api) -> impl Iterator<Item = &Action> {
    api.resources.iter().flat_map(|r| &r.actions)
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

fn install(api: &Api) -> String {
    format!(
        "## Install\n\n\
         ```sh\n\
         cargo add {krate}\n\
         cargo add tokio --features macros,rt-multi-thread\n\
         ```\n\n\
         It needs Rust {RUST_VERSION} or later. It is built on the runtime \
         `mdsdk-runtime`, and re-exports every item of it that its API shows \
         (`ClientBuilder`, `Request`, `RetryPolicy`, `ApiError`, `TimeLimit`, \
         `InvalidRequest`, `Nullable`, `ParamValue`, …) and the crates whose \
         types it shows (`reqwest`, `bytes`, `serde`, `serde_json`, `url`): \
         name them through it (`{ident}::reqwest`), with no dependency of \
         your own on them, so no second version of them meets this one's.\n\n",
        krate = api.meta.crate_name,
        ident = api.meta.crate_ident(),
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

/// How a call is written: arguments, setters, sending, what a success
/// decodes into, and what every request takes besides its parameters.
fn calling(api: &Api) -> String {
    let ident = api.meta.crate_ident();
    let mut out = String::from(
        "## Calling an action\n\n\
         An action's method takes its required parameters as arguments and \
         returns its request, which has a setter for each optional one; \
         `.await` on the request sends it (so does `.send()`) and decodes a \
         documented success into the type the docs give it: a type of \
         `models` (`()` for a success documented without a body, a \
         `serde_json::Value` for one of any JSON value). \
         `.send_with_response()` keeps the status and headers of the \
         success as well.\n\n\
         Parameters are typed as far as the docs type them: one the docs \
         call a `string` takes anything sent as text (`ParamValue`: `&str`, \
         `String`, numbers, `bool`, or an ID type of yours that implements \
         it), a `number` any Rust number (`NumberValue`), a `boolean` a \
         `bool`, an `array` a slice of values, a schema-typed one a \
         reference to a value of the schema's type, and one of any JSON \
         value a `&serde_json::Value`.",
    );
    if !api.enums.is_empty() {
        out.push_str(
            " A text parameter whose description lists the values it \
             accepts takes an enum of `params`, or text for a value the \
             docs do not list (its `Unknown` variant).",
        );
    }
    if actions(api)
        .flat_map(|a| &a.params)
        .any(|p| p.ty == ParamType::File)
    {
        out.push_str(
            " An upload takes a `File` (`File::new(name, bytes)`, with \
             `.media_type(…)` if the server needs one) and is sent as a \
             multipart form, with its other parameters as fields.",
        );
    }
    out.push_str("\n\n");
    if actions(api).any(|a| a.idents.responses.is_some()) {
        out.push_str(
            "An action whose success statuses carry different bodies answers \
             an enum of `models`, a variant per documented status named after \
             it (`Ok`, `Accepted`, `NoContent`, …), decoded by the status; \
             statuses sharing one body keep its type.\n\n",
        );
    }
    out.push_str(&format!(
        "Every request also takes, through the `Request` trait (`use \
         {ident}::Request;`): `.with_query(name, value)`, which sets a query \
         parameter, replacing one the client sends on every call; \
         `.with_header(name, value)`; and its own time limits and response \
         size limit, `.with_timeout(…)`, `.with_attempt_timeout(…)` and \
         `.with_max_response_size(bytes)`, which replace the client's.\n\n"
    ));
    out
}

/// The builder: the documented defaults it starts from, what it sets, and
/// a client built with a few settings.
fn configuring(api: &Api) -> String {
    let meta = &api.meta;
    let ident = meta.crate_ident();
    let mut sent = vec!["`Accept: application/json`".to_owned()];
    if let Some(version) = &meta.version {
        sent.push(docs::code(&format!("Accept-Version: {version}")));
    }
    sent.push(format!(
        "`User-Agent: {}/{}`",
        meta.crate_name, meta.crate_version
    ));
    let query = match meta.default_query.as_slice() {
        [] => String::new(),
        pairs => {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|q| docs::code(&format!("{}={}", q.name, q.value.wire())))
                .collect();
            format!(", and the query parameters {}", pairs.join(", "))
        }
    };
    format!(
        "## Configuring the client\n\n\
         `Client::builder()` starts from the documented defaults: requests \
         go to {base}, each with the headers {headers}{query}; no token. \
         `Client::new()` builds those defaults, panicking where `build()` \
         would fail (see the features). Clones of a client share its \
         connection pool.\n\n\
         The builder takes the base URL (a path prefix is kept), \
         `.auth_token(token)` (sent as a bearer token in `Authorization`), \
         time limits, retries and the response size limit (see below), \
         `.user_agent(…)`, `.default_header(name, value)` and \
         `.default_query(name, value)` for every request (replacing a \
         default of that name), `.max_concurrent_requests(n)`, a request \
         hook, and a `reqwest::Client` of your own (`.http_client(…)`, for \
         its proxy, TLS or pool settings). Header names and values are text \
         or reqwest's `HeaderName` and `HeaderValue`; `build()` reports one \
         HTTP does not allow, or a base URL that is not an http or https URL \
         (or has a query or fragment).\n\n\
         ```rust\n\
         use std::time::Duration;\n\
         use {ident}::{{Client, RetryPolicy}};\n\
         \n\
         fn main() -> {ident}::Result<()> {{\n    \
             let client = Client::builder()\n        \
                 .auth_token(\"my-token\")\n        \
                 .timeout(Duration::from_secs(10))\n        \
                 .attempt_timeout(Duration::from_secs(3))\n        \
                 .retry_policy(RetryPolicy::default().max_attempts(5))\n        \
                 .max_concurrent_requests(8)\n        \
                 .build()?;\n    \
             println!(\"{{client:?}}\");\n    \
             Ok(())\n\
         }}\n\
         ```\n\n",
        base = docs::code(&meta.base_url),
        headers = sent.join(", "),
    )
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
         speaks plain http only, for a local server or behind a proxy that \
         ends TLS: `build()` refuses an https base URL with \
         `InvalidRequest::NoTls`, which names the features to turn on (a \
         `reqwest::Client` given with `.http_client(…)` is taken as it \
         is).\n\n\
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
body): 60 s unless set, `.timeout(None)` or `.no_timeout()` for none. \
`.attempt_timeout(Duration)` bounds each attempt on its own (none unless \
set). A request takes its own with `with_timeout` and \
`with_attempt_timeout`. Running out of either is `Error::Timeout`, which \
says which (`TimeLimit`).\n\
- **Retries**: `429` (honouring `Retry-After`), `502`, `503`, `504`, \
failures to connect and attempts that ran out of their attempt timeout \
are retried for idempotent methods only (never a `POST` or `PATCH`), \
with exponential backoff from 200 ms and full jitter: at most 3 attempts, \
none started later than 30 s after the first, and no wait that would end \
past the call's deadline (the last answer is returned instead). \
`.retry_policy(RetryPolicy::none())` turns it off; `RetryPolicy`'s \
setters change the numbers.\n\
- **Redirects**: followed by the client itself, up to 10 per attempt. A \
`307` or `308` that would carry the request's body to another origin is \
not followed (`Error::Redirect`) unless \
`.cross_origin_redirects_with_body(true)`. Sensitive headers \
(`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, \
`X-Api-Key`, any named with `.sensitive_header(name)` or marked with \
`HeaderValue::set_sensitive`) are never sent to another origin. Build a \
client you give with `.http_client(…)` with \
`.redirect(reqwest::redirect::Policy::none())`, or it follows redirects by \
its own rules.\n\
- **Bounded responses**: a response body is read up to 32 MiB whatever \
its status (`.max_response_size(bytes)`, `with_max_response_size` per \
request); a longer one stops the read (at once, reading nothing, when its \
`Content-Length` says so) and fails with `Error::BodyTooLarge`, which \
names the limit and keeps at most the first KiB.\n\
- **Concurrency**: `.max_concurrent_requests(n)` lets at most `n` \
requests of a client and its clones be in flight at once, each holding \
one connection; the others wait their turn within their deadline. No \
limit unless set.\n\
- **Errors**: a call fails with one `Error`: `Api` for an error status \
(the status, headers, the error body decoded, the raw body), \
`UnexpectedStatus` (a status below 400 the docs do not list for the \
action), `Transport`, \
`Decode` (the field path that failed and the whole body), `BodyTooLarge`, \
`Timeout`, `Redirect`, `Hook` or `InvalidRequest` (not sent: a typed \
reason, such as the path value, header or base URL at fault). \
`status()`, `is_retryable()`, `is_timeout()`, `is_connect()`, \
`api_body()` and `raw_body()` answer across them. Its message gives the \
API's error type and message, or a transport error's root cause \
(\"Connection refused\"); messages and `Debug` show a body's length, never \
its bytes, and text from the server with control characters escaped.\n\
- **Drift from the docs**: a response property the docs do not describe \
is kept (the model's `extra` map) or skipped where the schema allows no \
others; decoding does not fail on it. In a debug build (or with \
`.report_undocumented(true)`), each such response is reported, to a \
`tracing` subscriber listening at `WARN`, as an event of target \
`mdsdk_runtime::undocumented`, naming the action and the properties' \
paths (`items[].owner.team`). A value `extra` cannot hold as written (an \
integer wider than 64 bits, a number beyond `f64`'s range, nesting deeper \
than 127 levels) is skipped and reported whatever the setting. Known \
limits: inside a union (`oneOf`), a form tried before the one that \
matches can report a property the matching form describes, and a value \
that cannot be read at all fails the decode as before; a property name \
written with a JSON escape is reported without its path.\n\
- **Hooks and tracing**: `.request_hook(…)` (a closure taking \
`&mut reqwest::Request`, or a `RequestHook`) sees, and may change, every \
attempt and redirect hop: to refresh a token or sign the request; its \
error is `Error::Hook`. Each call runs in a `tracing` span, `request`, \
with the action, method, path template, status, attempts and elapsed \
time; the token, sensitive headers, a base URL's password and bodies are \
never logged or shown by `Debug`.\n\n";

/// Paged lists: the streams of their pages and items.
const PAGING: &str = "## Paged lists\n\n\
The request of a list action that pages (by page number or by offset) \
has `.pages()` and `.items()`, each a `Stream` (read it with `TryStreamExt`, \
re-exported: `while let Some(item) = items.try_next().await? { … }`). A \
page is requested only when the stream is polled for it and the one \
before has been taken, with the request's other parameters, its page \
number or offset moved on (from the one set, else from the documented \
default page number, else 0), and the client's retries and time limits. \
The stream ends after the page that reaches the list's total count (when \
its pages give one), at an empty page \
(yielded only when it is the first), at a page that repeats the items of \
the one before (a server that ignores the page number; not yielded), \
after the pages `.with_max_pages(n)` allows, or with the error of a page \
that fails. Dropping it asks for nothing more.\n\n";

/// The event streams: which actions are streams, and how a stream behaves.
fn streams(api: &Api) -> String {
    let list: Vec<String> = (api.resources.iter())
        .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
        .filter(|(_, a)| a.stream.is_some())
        .map(|(r, a)| {
            format!(
                "- `{}().{}(..)`: `{} {}`",
                naming::unraw(&r.idents.accessor),
                naming::unraw(&a.idents.method),
                a.route.method.as_str(),
                docs::escape(&a.route.path),
            )
        })
        .collect();
    if list.is_empty() {
        return String::new();
    }
    format!(
        "## Event streams\n\n\
         These actions answer with server-sent events instead of one body:\n\n{}\n\n\
         Awaiting one opens the stream (a documented error status is `Error::Api`, \
         as for any call) and gives a `Stream` of `Result<Event<_>, Error>`: \
         each event's `id` and its `data`, an enum with a variant per event the \
         API declares, holding that event's model, and `Unknown {{ name, data }}` \
         for any other. Read it with `TryStreamExt::try_next`; an event whose \
         data is not its model is an `Err` and the stream goes on.\n\n\
         The stream stays up by itself: after a dropped connection, a `5xx`, a \
         `429` (after its `Retry-After`) or a connection idle for three of the \
         keep-alive intervals it asks for (or `with_idle_timeout`), it connects \
         again after a backoff with jitter \
         that starts at the server's `retry:` (one second unless the server \
         sets it), sending `Last-Event-ID`, each time a `tracing` event. \
         Another `4xx` ends it with that error, as does an outage longer than \
         `with_reconnect_time` (5 minutes unless set) or more reconnections in \
         a row than `with_max_reconnects`; a `204` ends it. An event (or a \
         line) over `with_max_event_size` (1 MiB unless set) ends it with \
         `Error::Stream`. Nothing is read while your code does not ask for the \
         next event, and dropping the stream closes the connection. Every \
         connection goes through the request hook, with the token, and follows \
         redirects by the client's rules; a stream sends none of the client's \
         default query. The mock serves streams too: \
         `mock.<resource>().<stream>().sends([..events])` answers a connection \
         with them, then ends it, so the client's reconnection and its \
         `Last-Event-ID` show in `calls()`.\n\n",
        list.join("\n")
    )
}

/// Which ways of leaving a property out or `null` the models use, and
/// what each means on the wire.
fn properties(api: &Api) -> String {
    let mut used = Vec::new();
    for def in &api.types {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields {
                let presence = field.presence();
                if !used.contains(&presence) {
                    used.push(presence);
                }
            }
        }
    }
    let uses = |p: Presence| used.contains(&p);
    let mut lines = Vec::new();
    if uses(Presence::Required) {
        lines.push(
            "- Required, not nullable: `T`; a response that leaves it out \
             fails to decode (`Error::Decode`).",
        );
    }
    if uses(Presence::OptionalNullable) {
        lines.push(
            "- Optional and nullable: `Nullable<T>`. `Nullable::Absent`, the \
             default, is left out; `Nullable::Null` is sent as `null` (in a \
             `PATCH`, to clear a value); `Nullable::Value(v)` (or `v.into()`) \
             is sent as the value. A response decodes the same three.",
        );
    }
    if uses(Presence::RequiredNullable) {
        lines.push("- Required and nullable: `Option<T>`, `None` sent as `null`.");
    }
    if uses(Presence::Optional) {
        lines.push(
            "- Optional, not nullable: `Option<T>`, `None` left out; a `null` \
             the server sends there anyway reads as `None`.",
        );
    }
    if uses(Presence::OptionalAny) {
        lines.push(
            "- Optional, of any JSON value: `Option<Value>`, `None` left out, \
             `Some(Value::Null)` for `null`.",
        );
    }
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "## Absent, null or a value\n\n\
         A model's field says whether its property may be left out and \
         whether it may be `null`, as the docs do:\n\n{}\n\n",
        lines.join("\n")
    )
}

fn mock(api: &Api, showcase: &Showcase) -> String {
    format!(
        "## Testing your code: the mock\n\n\
         With the `mock` feature, [`mock::MockApi`]({url}/mock/struct.MockApi.html) \
         starts a loopback server to point the client at, with the client's \
         accessors and a route per action (the method and path the action \
         sends), typed by the action's types: `returns(body)` answers with a \
         body of the action's type and its documented success status (for an \
         enum of the success statuses, its variant's), `fails(status, error)` \
         with an error status and the API's error body, \
         `answers(Answer::status(503))` with anything else (a bare status, \
         other bytes, headers, a delay); `calls()` lists the calls a route \
         answered, with their path parameters, query, headers and body. A \
         call no route answers gets a `404` and is recorded too \
         (`mock.calls()`); `mock.server().on(method, path)` answers a route \
         the docs do not list.\n\n{}",
        showcase.code_block(&showcase.mock_test(api)) + "\n",
        url = docs_url(api),
    )
}
