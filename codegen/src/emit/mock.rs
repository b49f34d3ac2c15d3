//! `src/mock.rs` (the `mock` feature): a typed stand-in for the API in the
//! tests of code that calls the crate. `MockApi` has the client's
//! accessors; each resource's mock has a method per action returning the
//! runtime's route of it, typed by the action's success, error and body
//! types; each resource's accessor and mock with its feature alone. Thin:
//! the server, answers and records are the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::showcase::Showcase;
use super::{Features, Spelling, docs, ident, type_tokens};
use crate::ir::{Action, Api, ArgType, Location, Resource};
use crate::naming;

pub fn emit(api: &Api, features: &Features, showcase: Option<&Showcase>) -> TokenStream {
    let module_doc = module_doc(api, features, showcase);
    let server = quote!(::mdsdk_runtime::mock::MockServer);
    let accessors = api.resources.iter().enumerate().map(|(i, r)| {
        let gate = features.attrs(&features.resource(i));
        let module = ident(&r.idents.module);
        let handle = ident(&r.idents.handle);
        let accessor = ident(&r.idents.accessor);
        let doc = docs::outer(&format!(
            "The routes of the actions of the {} resource.",
            docs::escape(&r.name)
        ));
        quote! {
            #doc
            #gate
            pub fn #accessor(&self) -> #module::#handle<'_> {
                #module::#handle { server: &self.server }
            }
        }
    });
    let resources = api.resources.iter().enumerate().map(|(i, r)| {
        let gate = features.attrs(&features.resource(i));
        let module = resource(api, r);
        quote!(#gate #module)
    });
    let doc = docs::outer(&format!(
        "A stand-in for the {}: a loopback server answering each action's \
         route as a test chooses, and recording every call; see the [module](self).\n\n\
         Dropping it stops the server.",
        docs::escape(&api.meta.title)
    ));
    quote! {
        #module_doc

        pub use ::mdsdk_runtime::mock::*;

        #doc
        #[derive(Debug)]
        pub struct MockApi {
            server: #server,
        }

        impl MockApi {
            /// Starts a server on 127.0.0.1, on a port of its own, answering
            /// `404` to every call until a route is given an answer.
            pub async fn start() -> Self {
                Self { server: #server::start().await }
            }

            /// The base URL to give
            /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url):
            /// `http://127.0.0.1:PORT`.
            pub fn url(&self) -> String {
                self.server.url()
            }

            /// Every call received so far, in order, answered or not.
            pub fn calls(&self) -> Vec<RecordedCall> {
                self.server.calls()
            }

            /// The server itself: for a route the docs do not list
            /// ([`MockServer::on`]).
            pub fn server(&self) -> &#server {
                &self.server
            }

            #(#accessors)*
        }

        #(#resources)*
    }
}

/// The module's doc; its example in the builds that have the resource it
/// calls, so that it runs as a doctest where it compiles.
fn module_doc(api: &Api, features: &Features, showcase: Option<&Showcase>) -> TokenStream {
    let doc = format!(
        "# A stand-in for the {} in your tests\n\n\
         [`MockApi`] starts a loopback HTTP server; point the real client at it \
         (`Client::builder().base_url(mock.url())`) and everything between your code \
         and the wire runs as it does against the API. It has the client's accessors, \
         and each resource's mock a method per action returning its [`Route`]: \
         `returns(body)` answers with a body of the action's type and its first \
         documented success status (an enum of the success statuses, with its \
         variant's), `fails(status, error)` with an error status and the API's error \
         body, and `answers(Answer::status(503))` with anything else (a bare status, \
         other bytes, headers, a delay). `calls()` lists the calls a route answered, \
         with their path parameters, query, headers and body (`json()` reads it as the \
         action's body type). A call no route answers gets a `404`.\n\n",
        docs::escape(&api.meta.title)
    );
    let doc = docs::inner(&doc);
    let Some(showcase) = showcase else {
        return doc;
    };
    let example = showcase.code_block(&showcase.mock_test(api));
    let resource = (api.resources.iter()).position(|r| std::ptr::eq(r, showcase.resource()));
    let example = match resource.and_then(|i| features.predicate(&features.resource(i))) {
        Some(predicate) => docs::inner_if(&predicate, &example),
        None => docs::inner(&example),
    };
    quote!(#doc #example)
}

/// `mock::<module>`: the resource's mock, a route method per action.
fn resource(api: &Api, resource: &Resource) -> TokenStream {
    let module = ident(&resource.idents.module);
    let handle = ident(&resource.idents.handle);
    let handle_name = &resource.idents.handle;
    let routes = (resource.actions.iter()).map(|a| match &a.idents.events {
        Some(events) => stream_route(api, resource, a, &events.name),
        None => route(api, resource, a),
    });
    let module_doc = docs::inner(&format!(
        "The routes of the {} resource's actions.",
        docs::escape(&resource.name)
    ));
    let doc = docs::outer(&format!(
        "The routes of the actions of [`{handle_name}`](crate::{}::{handle_name}): \
         from [`MockApi::{accessor}`](super::MockApi::{accessor}).",
        resource.idents.module,
        accessor = naming::unraw(&resource.idents.accessor),
    ));
    quote! {
        pub mod #module {
            #module_doc

            #doc
            #[derive(Debug, Clone, Copy)]
            pub struct #handle<'a> {
                pub(super) server: &'a ::mdsdk_runtime::mock::MockServer,
            }

            impl<'a> #handle<'a> {
                #(#routes)*
            }
        }
    }
}

/// Types as the mock module spells them: models by their full path.
fn mock_scope() -> Spelling {
    Spelling {
        models: quote!(crate::models::),
        prelude: true,
        imports: None,
        used: Default::default(),
        spelled: Default::default(),
    }
}

fn route(api: &Api, resource: &Resource, action: &Action) -> TokenStream {
    let scope = mock_scope();
    let method = ident(&action.idents.method);
    let request = ident(&action.idents.request);
    let module = ident(&resource.idents.module);
    let success = type_tokens(&action.success_type(), &scope);
    let error = type_tokens(&api.error_type, &scope);
    let body = body_type(action, &scope);
    let doc = docs::outer(&format!(
        "The route of [`{handle}::{name}`](crate::{module}::{handle}::{name}): `{} {}`.",
        action.route.method.as_str(),
        action.route.path,
        handle = resource.idents.handle,
        module = resource.idents.module,
        name = naming::unraw(&action.idents.method),
    ));
    quote! {
        #doc
        pub fn #method(&self) -> ::mdsdk_runtime::mock::Route<'a, #success, #error, #body> {
            self.server.route(&crate::#module::#request::ENDPOINT)
        }
    }
}

/// A stream's route: the runtime's mock of streams, typed by the enum of
/// its events.
fn stream_route(api: &Api, resource: &Resource, action: &Action, events: &str) -> TokenStream {
    let scope = mock_scope();
    let method = ident(&action.idents.method);
    let request = ident(&action.idents.request);
    let module = ident(&resource.idents.module);
    let events = ident(events);
    let error = type_tokens(&api.error_type, &scope);
    let doc = docs::outer(&format!(
        "The route of the stream [`{handle}::{name}`](crate::{module}::{handle}::{name}): \
         `{} {}`. Each connection gets the next answer given (`sends(events)`, \
         `fails(status, error)`), then the stream ends.",
        action.route.method.as_str(),
        action.route.path,
        handle = resource.idents.handle,
        module = resource.idents.module,
        name = naming::unraw(&action.idents.method),
    ));
    quote! {
        #doc
        pub fn #method(&self) -> ::mdsdk_runtime::mock::StreamRoute<'a, crate::#module::#events, #error> {
            self.server.stream_route(&crate::#module::#request::ENDPOINT)
        }
    }
}

/// The type a call's JSON body is read as: the body parameter's, or
/// `NoBody` for an action that sends none (or a multipart form, or a
/// text value, which travels in the query).
fn body_type(action: &Action, scope: &Spelling) -> TokenStream {
    let body = action.params.iter().find(|p| p.location == Location::Body);
    match body.map(|p| &p.arg) {
        Some(ArgType::Model(ty)) => type_tokens(ty, scope),
        Some(ArgType::Bool) => quote!(bool),
        Some(ArgType::Json | ArgType::List) => quote!(::serde_json::Value),
        _ => quote!(::mdsdk_runtime::mock::NoBody),
    }
}
