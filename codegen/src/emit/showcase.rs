//! The examples of the crate's README and of its mock: one action, chosen
//! once, called by a real client pointed at the crate's mock server, so
//! that both are doctests that run, not only compile.
//!
//! Values come from [`super::example`], as the actions' own examples do.

use crate::ir::{Action, Api, HttpMethod, Resource};

use super::example;

/// The action the examples call, and the values they use.
pub struct Showcase<'a> {
    resource: &'a Resource,
    action: &'a Action,
    /// `let` bindings of the arguments passed by reference.
    lets: Vec<String>,
    args: Vec<String>,
    /// A value of the action's success type, and one of the error type.
    success: String,
    error: String,
    /// A path placeholder of the action, and the text the example sends in
    /// it when it is a plain string.
    path_param: Option<(String, String)>,
}

impl<'a> Showcase<'a> {
    /// The first GET action whose example values can all be built, else
    /// the first other such action, else the first action (whose examples
    /// then only compile); `None` for an API without actions.
    pub fn pick(api: &'a Api) -> Option<Showcase<'a>> {
        let (mut first, mut first_running) = (None, None);
        for resource in &api.resources {
            for action in resource.actions.iter().filter(|a| a.stream.is_none()) {
                let showcase = Showcase::new(api, resource, action);
                if !showcase.runs() {
                    first.get_or_insert(showcase);
                } else if action.route.method == HttpMethod::Get {
                    return Some(showcase);
                } else {
                    first_running.get_or_insert(showcase);
                }
            }
        }
        first_running.or(first)
    }

    /// `code` in a Rust code block: run as a doctest when its values can
    /// all be built, else only compiled.
    pub fn code_block(&self, code: &str) -> String {
        let fence = if self.runs() {
            "```rust"
        } else {
            "```rust,no_run"
        };
        format!("{fence}\n{code}```\n")
    }

    fn new(api: &Api, resource: &'a Resource, action: &'a Action) -> Showcase<'a> {
        let mut lets = Vec::new();
        let mut args = Vec::new();
        let arguments = action.arguments();
        for param in &arguments {
            let (binding, arg) = example::argument(api, param);
            lets.extend(binding);
            args.push(arg);
        }
        let path_param = action.path_params().first().and_then(|p| {
            let index = arguments.iter().position(|q| std::ptr::eq(*q, *p))?;
            let text = syn::parse_str::<syn::LitStr>(&args[index]).ok()?.value();
            Some((p.name.clone(), text))
        });
        Showcase {
            resource,
            action,
            lets,
            args,
            success: owned(example::example_value(api, &action.success_type())),
            error: owned(example::example_value(api, &api.error_type)),
            path_param,
        }
    }

    /// The resource whose action the examples call.
    pub fn resource(&self) -> &'a Resource {
        self.resource
    }

    /// Whether every value could be built (no `todo!()`), so the examples
    /// run.
    pub fn runs(&self) -> bool {
        let values = self.lets.iter().chain(&self.args);
        !values
            .chain([&self.success, &self.error])
            .any(|v| v.contains("todo!()"))
    }

    /// `client.org().get("my-org-id")`.
    fn call(&self, client: &str) -> String {
        format!(
            "{client}.{}().{}({})",
            self.resource.idents.accessor,
            self.action.idents.method,
            self.args.join(", ")
        )
    }

    /// `mock.org().get()`.
    fn route(&self) -> String {
        format!(
            "mock.{}().{}()",
            self.resource.idents.accessor, self.action.idents.method
        )
    }

    /// The `use` lines of the crate's modules the values name.
    fn uses(&self, krate: &str) -> String {
        let code: String = [&self.success, &self.error]
            .into_iter()
            .chain(&self.lets)
            .chain(&self.args)
            .map(String::as_str)
            .collect();
        ["models", "params"]
            .iter()
            .filter(|m| code.contains(&format!("{m}::")))
            .map(|m| format!("use {krate}::{m};\n"))
            .collect()
    }

    fn lets(&self, indent: &str) -> String {
        self.lets.iter().map(|l| format!("{indent}{l}\n")).collect()
    }

    /// The README's quick start: a program that calls the action on a
    /// client of the mock.
    pub fn quick_start(&self, api: &Api) -> String {
        let krate = api.meta.crate_ident();
        format!(
            "use {krate}::Client;\n\
             use {krate}::mock::MockApi;\n\
             {uses}\n\
             #[tokio::main]\n\
             async fn main() -> {krate}::Result<()> {{\n    \
                 // A stand-in for the API on 127.0.0.1 (the `mock` feature); leave\n    \
                 // it and `base_url` out to call {base}.\n    \
                 let mock = MockApi::start().await;\n    \
                 {route}.returns({success});\n\
             \n    \
                 let client = Client::builder()\n        \
                     .base_url(mock.url())\n        \
                     .auth_token(\"my-token\")\n        \
                     .build()?;\n\
             {lets}    \
                 let result = {call}.await?;\n    \
                 println!(\"{{result:?}}\");\n    \
                 Ok(())\n\
             }}\n",
            uses = self.uses(&krate),
            base = api.meta.base_url,
            route = self.route(),
            success = self.success,
            lets = self.lets("    "),
            call = self.call("client"),
        )
    }

    /// The mock's example: a test that answers the action with a typed
    /// body, then with an error, and asserts what was sent.
    pub fn mock_test(&self, api: &Api) -> String {
        let krate = api.meta.crate_ident();
        let path_check = self
            .path_param
            .as_ref()
            .map_or(String::new(), |(name, value)| {
                format!("    assert_eq!(calls[0].path_param({name:?}), Some({value:?}));\n")
            });
        format!(
            "use {krate}::mock::MockApi;\n\
             use {krate}::{{Client, Error}};\n\
             {uses}\n\
             #[tokio::main]\n\
             async fn main() {{\n    \
                 let mock = MockApi::start().await;\n    \
                 let client = Client::builder().base_url(mock.url()).build().unwrap();\n    \
                 let route = {route};\n\
             \n    \
                 // A typed body, with the action's documented success status.\n    \
                 route.returns({success});\n\
             {lets}    \
                 let answer = {call}.await.unwrap();\n    \
                 println!(\"{{answer:?}}\");\n\
             \n    \
                 // An error status, with the API's error body.\n    \
                 route.fails(404, {error});\n\
             {lets}    \
                 let err = {call}.await.unwrap_err();\n    \
                 assert!(matches!(&err, Error::Api(e) if e.status == 404), \"{{err}}\");\n\
             \n    \
                 // What the code under test sent.\n    \
                 let calls = route.calls();\n    \
                 assert_eq!(calls.len(), 2);\n\
             {path_check}\
             }}\n",
            uses = self.uses(&krate),
            route = self.route(),
            success = self.success,
            error = self.error,
            lets = self.lets("    "),
            call = self.call("client"),
        )
    }
}

/// A string literal as the `String` a route's `returns` takes.
fn owned(value: String) -> String {
    if value.starts_with('"') {
        format!("String::from({value})")
    } else {
        value
    }
}
