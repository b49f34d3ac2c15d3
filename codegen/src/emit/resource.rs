//! `src/<resource>.rs`: the resource handle, one method per action, one
//! request type per action.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Spelling, docs, ident, type_tokens};
use crate::ir::{
    Action, Api, ArgType, EventIdents, Location, PageBy, Paging, Param, ParamType, QueryStyle,
    Resource, Response, Scalar, Stream, ValueKind,
};
use crate::naming;
use crate::types::TypeRef;

pub fn emit(api: &Api, resource: &Resource) -> TokenStream {
    let handle = ident(&resource.idents.handle);
    // Intra-doc links name raw identifiers without `r#`.
    let accessor = naming::unraw(&resource.idents.accessor);
    let mut module_doc = format!("# {}\n", docs::escape(&resource.name));
    if !resource.description.is_empty() {
        module_doc.push_str(&format!("\n{}\n", docs::escape(&resource.description)));
    }
    let module_doc = docs::inner(&module_doc);
    let handle_doc = docs::outer(&format!(
        "The actions of the {} resource: get it from [`Client::{accessor}`](crate::Client::{accessor}).",
        docs::escape(&resource.name),
    ));
    let methods = resource.actions.iter().map(|a| method(api, resource, a));
    let requests = resource
        .actions
        .iter()
        .map(|a| request(api, resource, &handle, a));
    let params = resource
        .actions
        .iter()
        .flat_map(|a| &a.params)
        .any(|p| matches!(p.arg, ArgType::Enum(_)))
        .then(|| {
            quote!(
                use crate::params;
            )
        });
    quote! {
        #module_doc

        use crate::models;
        #params

        #handle_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a ::mdsdk_runtime::Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a ::mdsdk_runtime::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#requests)*
    }
}

fn method(api: &Api, resource: &Resource, action: &Action) -> TokenStream {
    let name = ident(&action.idents.method);
    let request = request_ident(action);
    let example = match &action.stream {
        Some(_) => super::example::event_stream_example(api, resource, action),
        None => super::example::action_example(api, resource, action),
    };
    let doc = docs::outer(&format!("{}\n# Example\n\n{example}", method_doc(action),));
    let required: Vec<&Param> = action.arguments();
    let args = required.iter().map(|p| {
        let name = param_ident(p);
        let ty = arg_type(p);
        quote!(#name: #ty)
    });
    let path_values = action
        .path_params()
        .into_iter()
        .map(|p| match (&p.arg, text_value(p)) {
            (ArgType::Enum(_), Some(value)) => quote!(#value.as_str()),
            // The argument's `impl ParamValue` bound puts `to_wire` in scope.
            (_, Some(value)) => quote!(&#value.to_wire()),
            (_, None) => {
                let name = param_ident(p);
                quote!(&#name.to_string())
            }
        });
    let call = quote!(call);
    let sets = required
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(|p| apply(&call, p));
    let mut sets: Vec<TokenStream> = sets.collect();
    let start = match &action.stream {
        Some(stream) => {
            sets.extend(keep_alive(action, stream));
            quote!(self.client.stream_call(&#request::ENDPOINT, &[#(#path_values),*]))
        }
        None => quote!(self.client.call(&#request::ENDPOINT, &[#(#path_values),*])),
    };
    let body = if sets.is_empty() {
        quote!(#request(#start))
    } else {
        quote! {
            let mut call = #start;
            #(#sets)*
            #request(call)
        }
    };
    quote! {
        #doc
        pub fn #name(&self, #(#args),*) -> #request {
            #body
        }
    }
}

/// A stream's keep-alive: the runtime counts the stream idle by the
/// interval the keep-alive parameter sets, else its default.
fn keep_alive(action: &Action, stream: &Stream) -> Option<TokenStream> {
    let wire = stream.keep_alive.as_ref()?;
    let param = action.params.iter().find(|p| &p.name == wire)?;
    let Some(Scalar::Number(seconds)) = &param.default else {
        return None;
    };
    let seconds = proc_macro2::Literal::f64_unsuffixed(seconds.as_f64()?);
    Some(quote!(call.keep_alive_param(#wire, #seconds);))
}

fn request(
    api: &Api,
    resource: &Resource,
    handle: &proc_macro2::Ident,
    action: &Action,
) -> TokenStream {
    if let Some(stream) = &action.stream {
        return stream_request(api, handle, resource, action, stream);
    }
    let name = request_ident(action);
    let method = naming::unraw(&action.idents.method);
    let output = type_tokens(&action.success_type(), &Spelling::outside_models());
    let error = type_tokens(&api.error_type, &Spelling::outside_models());
    let doc = docs::outer(&format!(
        "The request of [`{handle}::{method}`]: `.await` it, or call `send()`.{}",
        if action.params.iter().any(|p| !p.required) {
            " Its methods set the optional parameters first."
        } else {
            ""
        }
    ));
    let setters = setters(name.clone(), action);
    let streams = action
        .paging
        .as_ref()
        .map(|paging| streams(api, resource, action, paging));
    let endpoint = endpoint(resource, action);
    quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #name(::mdsdk_runtime::Call);

        ::mdsdk_runtime::request!(#name -> #output, #error);

        #endpoint

        #setters

        #streams
    }
}

/// A stream's request type and its enum of events: `.await` it to open
/// the stream.
fn stream_request(
    api: &Api,
    handle: &proc_macro2::Ident,
    resource: &Resource,
    action: &Action,
    stream: &Stream,
) -> TokenStream {
    let name = request_ident(action);
    let method = naming::unraw(&action.idents.method);
    let scope = Spelling::outside_models();
    let error = type_tokens(&api.error_type, &scope);
    let Some(events) = &action.idents.events else {
        return TokenStream::new();
    };
    let events_name = ident(&events.name);
    let events_doc = docs::outer(&format!(
        "The events of [`{handle}::{method}`], by the name the server gives each \
         (its `event:` field); an event the API's docs do not declare is `Unknown`, \
         with its name and its data as sent."
    ));
    let arms = stream
        .events
        .iter()
        .zip(&events.variants)
        .map(|(event, v)| {
            let wire = &event.name;
            let variant = ident(&v.variant);
            let ty = type_tokens(&event.rust, &scope);
            let doc = docs::outer(&format!(
                "{}: {}.",
                docs::code(&event.name),
                type_link(&event.rust)
            ));
            quote!(#doc #wire => #variant(#ty),)
        });
    let doc = docs::outer(&format!(
        "The request of [`{handle}::{method}`]: `.await` it to open the stream.{}",
        if action.params.iter().any(|p| !p.required) {
            " Its methods set the optional parameters first."
        } else {
            ""
        }
    ));
    let setters = setters(name.clone(), action);
    let endpoint = endpoint(resource, action);
    quote! {
        ::mdsdk_runtime::stream_events! {
            #events_doc
            pub enum #events_name {
                #(#arms)*
            }
        }

        #doc
        #[derive(Debug)]
        #[must_use = "a stream does nothing until it is awaited"]
        pub struct #name(::mdsdk_runtime::Call);

        ::mdsdk_runtime::stream_request!(#name -> #events_name, #error);

        #endpoint

        #setters
    }
}

/// `a [`DeviceState`](crate::models::DeviceState)`, or the type in code.
fn type_link(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("a [`{name}`](crate::models::{name})"),
        other => format!("`{other}`"),
    }
}

/// The setters of a request's optional parameters.
fn setters(name: proc_macro2::Ident, action: &Action) -> Option<TokenStream> {
    let call = quote!(self.0);
    let setters = action.params.iter().filter(|p| !p.required).map(|p| {
        let name = param_ident(p);
        let ty = arg_type(p);
        let doc = docs::outer(&param_doc(p));
        let set = apply(&call, p);
        quote! {
            #doc
            pub fn #name(mut self, #name: #ty) -> Self {
                #set
                self
            }
        }
    });
    let setters: Vec<TokenStream> = setters.collect();
    (!setters.is_empty()).then(|| quote!(impl #name { #(#setters)* }))
}

/// The action's route and documented success statuses, on its request
/// type: what its method sends, and what the mock's route of it answers.
fn endpoint(resource: &Resource, action: &Action) -> TokenStream {
    let name = request_ident(action);
    let action_name = format!("{}.{}", resource.accessor, action.method);
    let method = format_ident!("{}", action.route.method.as_str());
    let path = &action.route.path;
    let success = action
        .success
        .iter()
        .map(|r| proc_macro2::Literal::u16_unsuffixed(r.code));
    quote! {
        impl #name {
            /// The action's route and documented success statuses.
            pub(crate) const ENDPOINT: ::mdsdk_runtime::Endpoint = ::mdsdk_runtime::Endpoint {
                action: #action_name,
                method: ::mdsdk_runtime::Method::#method,
                path: #path,
                success: &[#(#success),*],
            };
        }
    }
}

/// A paged list's `pages()` and `items()`: streams over the runtime's
/// paging, which sends the request once per page.
fn streams(api: &Api, resource: &Resource, action: &Action, paging: &Paging) -> TokenStream {
    let name = request_ident(action);
    let scope = Spelling::outside_models();
    let page = type_tokens(&paging.page, &scope);
    let item = type_tokens(&paging.item, &scope);
    let error = type_tokens(&api.error_type, &scope);
    let (how, moves) = match &paging.by {
        PageBy::Number { param, first } => {
            let first_lit = proc_macro2::Literal::u64_unsuffixed(*first);
            (
                quote!(::mdsdk_runtime::Paging::Number { param: #param, first: #first_lit }),
                format!(
                    "{} counting up from the one set, else {first}",
                    docs::code(param)
                ),
            )
        }
        PageBy::Offset { param } => (
            quote!(::mdsdk_runtime::Paging::Offset { param: #param }),
            format!(
                "{} moving past the items read, from the one set, else 0",
                docs::code(param)
            ),
        ),
    };
    let ends = match &paging.total {
        Some(_) => {
            "after the page that reaches the list's `totalCount`, at an empty page (yielded \
             only when it is the first)"
        }
        None => "at an empty page (yielded only when it is the first)",
    };
    let pages_doc = docs::outer(&format!(
        "Every page of the list, as a stream. A page is requested when the stream is polled \
         for it and the one before has been taken ({moves}), with the other parameters as set \
         ({} among them) and the client's retries and time limits. The stream ends {ends}, \
         at a page that repeats the items of the one before (not yielded), after the pages \
         `with_max_pages` allows, or with the error of a page that fails.\n\n\
         # Example\n\n{}",
        docs::code(&paging.size),
        super::example::stream_example(api, resource, action, "pages")
    ));
    let items_doc = docs::outer(&format!(
        "Every item of the list, page after page: the items of [`{name}::pages`], \
         one at a time, requesting the next page when the last item of one is taken.\n\n\
         # Example\n\n{}",
        super::example::stream_example(api, resource, action, "items")
    ));
    quote! {
        impl #name {
            #pages_doc
            pub fn pages(self) -> ::mdsdk_runtime::PageStream<#page, #error> {
                self.0.pages(#how)
            }

            #items_doc
            pub fn items(self) -> ::mdsdk_runtime::PageStream<#item, #error> {
                ::mdsdk_runtime::items(self.pages())
            }
        }
    }
}

fn request_ident(action: &Action) -> proc_macro2::Ident {
    ident(&action.idents.request)
}

fn param_ident(param: &Param) -> proc_macro2::Ident {
    ident(&param.ident)
}

/// The Rust type a parameter is passed as.
fn arg_type(param: &Param) -> TokenStream {
    match &param.arg {
        ArgType::Text => quote!(impl ::mdsdk_runtime::ParamValue),
        ArgType::Bool => quote!(bool),
        ArgType::Numeric => quote!(impl ::mdsdk_runtime::NumberValue),
        ArgType::Json => quote!(&::serde_json::Value),
        ArgType::List => quote!(&[impl ::std::fmt::Display]),
        ArgType::File => quote!(::mdsdk_runtime::File),
        ArgType::Model(ty) => {
            let ty = type_tokens(ty, &Spelling::outside_models());
            quote!(&#ty)
        }
        ArgType::Enum(name) => {
            let name = ident(name);
            quote!(impl ::core::convert::Into<params::#name>)
        }
    }
}

/// The statement that puts a parameter where it travels.
fn apply(call: &TokenStream, param: &Param) -> TokenStream {
    let wire = &param.name;
    let value = param_ident(param);
    if let Some(text) = text_value(param) {
        return match param.location {
            Location::Form => quote!(#call.form_value(#wire, #text);),
            Location::Header => quote!(#call.header_value(#wire, #text);),
            _ => quote!(#call.query_value(#wire, #text);),
        };
    }
    match (param.location, &param.ty) {
        (Location::Body, _) => quote!(#call.json(#value);),
        (Location::Form, ParamType::File) => quote!(#call.form_file(#wire, #value);),
        (Location::Form, ParamType::Undefined | ParamType::Schema(_)) => {
            quote!(#call.form_json(#wire, #value);)
        }
        (Location::Form, ParamType::Array) => quote!(#call.form_array(#wire, #value);),
        (Location::Form, _) => quote!(#call.form_text(#wire, #value);),
        (Location::Header, _) => quote!(#call.header(#wire, &#value.to_string());),
        (_, ParamType::Undefined | ParamType::Schema(_)) => match param.style {
            Some(QueryStyle::Brackets) => quote!(#call.query_brackets(#wire, #value);),
            _ => quote!(#call.query_json(#wire, #value);),
        },
        (_, ParamType::Array) => quote!(#call.query_array(#wire, #value);),
        _ => quote!(#call.query(#wire, #value);),
    }
}

/// A parameter taken as a `ParamValue` and sent as its text: the
/// expression of that value.
fn text_value(param: &Param) -> Option<TokenStream> {
    let value = param_ident(param);
    match &param.arg {
        ArgType::Text | ArgType::Numeric => Some(quote!(#value)),
        ArgType::Enum(name) => {
            let name = ident(name);
            Some(quote!(::core::convert::Into::<params::#name>::into(#value)))
        }
        _ => None,
    }
}

fn method_doc(action: &Action) -> String {
    let mut doc = String::new();
    if !action.description.is_empty() {
        doc.push_str(&docs::escape(&action.description));
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{} {}`\n",
        action.route.method.as_str(),
        action.route.path
    ));
    if !action.params.is_empty() {
        doc.push_str("\n# Parameters\n\n");
        for p in &action.params {
            doc.push_str(&format!("- {}\n", param_line(p)));
        }
        let request = request_ident(action);
        if action.params.iter().any(|p| !p.required) {
            doc.push_str(&format!(
                "\nOptional parameters are set on the returned [`{request}`](type@{request}); the call's defaults are the server's.\n"
            ));
        }
    }
    if let (Some(stream), Some(events)) = (&action.stream, &action.idents.events) {
        doc.push_str(&stream_doc(stream, events));
    }
    doc.push_str("\n# Responses\n\n");
    for r in &action.success {
        doc.push_str(&format!("- {}\n", response_line(r)));
    }
    if action.success.is_empty() {
        doc.push_str("- Any 2xx status; the docs list none.\n");
    }
    if !action.errors.is_empty() {
        doc.push_str("\n# Errors\n\n[`Error::Api`](crate::Error::Api) with the status, for:\n\n");
        for r in &action.errors {
            doc.push_str(&format!("- {}\n", response_line(r)));
        }
    }
    if let Some(auth) = &action.auth {
        doc.push_str("\n# Authentication\n\n");
        if !auth.description.is_empty() {
            doc.push_str(&format!("{}\n", docs::escape(&auth.description)));
        }
        if !auth.scopes.is_empty() {
            let scopes: Vec<String> = auth.scopes.iter().map(|s| docs::code(s)).collect();
            doc.push_str(&format!("\nScopes, any one of: {}.\n", scopes.join(", ")));
        }
    }
    doc
}

/// What a stream sends: its events, each a variant of its enum, and its
/// keep-alive.
fn stream_doc(stream: &Stream, events: &EventIdents) -> String {
    let name = &events.name;
    let mut doc = format!(
        "\n# Events\n\nOnce awaited, a stream of the events the server sends, each its \
         `id` (when the server gives one) and its data, a [`{name}`]: a variant per event \
         the API declares, `Unknown` for any other.\n\n"
    );
    for (event, v) in stream.events.iter().zip(&events.variants) {
        doc.push_str(&format!(
            "- {} ([`{name}::{}`]): {}\n",
            docs::code(&event.name),
            v.variant,
            type_link(&event.rust)
        ));
    }
    if let Some(keep_alive) = &stream.keep_alive {
        doc.push_str(&format!(
            "\nThe server sends a keep-alive comment every {} seconds (the parameter, else its \
             default): the stream is counted idle, and reconnects, after a few intervals without \
             a byte.\n",
            docs::code(keep_alive)
        ));
    }
    doc
}

fn param_line(p: &Param) -> String {
    let location = match (p.location, p.style) {
        (Location::Query, Some(QueryStyle::Brackets)) => "query, flattened with brackets",
        (Location::Query, Some(QueryStyle::Json)) => "query, as JSON",
        (location, _) => location_name(location),
    };
    let required = if p.required { "required" } else { "optional" };
    format!("`{}` ({location}, {required}): {}", p.ident, param_text(p))
}

fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "JSON body",
        Location::Form => "form field",
    }
}

fn param_doc(p: &Param) -> String {
    let location = match p.location {
        Location::Body => "the JSON body".to_owned(),
        Location::Path => "the path".to_owned(),
        Location::Query => match p.style {
            Some(QueryStyle::Brackets) => format!(
                "the query as {}, flattened with brackets ({}); an empty object or list sends nothing",
                docs::code(&p.name),
                docs::code(&format!("{}[key]=value", p.name))
            ),
            Some(QueryStyle::Json) => format!(
                "the query as {}, one JSON-encoded value (a string as itself)",
                docs::code(&p.name)
            ),
            None => format!("the query as {}", docs::code(&p.name)),
        },
        Location::Header => format!("the header {}", docs::code(&p.name)),
        Location::Form => format!("the multipart form field {}", docs::code(&p.name)),
    };
    format!("{}\n\nSent in {location}.", param_text(p))
}

fn param_text(p: &Param) -> String {
    let mut text = docs::sentence(&docs::escape(&p.description));
    if let Some(default) = &p.default {
        text.push_str(&format!(" Default: {}.", docs::code(&default.wire())));
    }
    for (column, cell) in &p.columns {
        text.push_str(&format!(" {}: {}.", docs::escape(column), docs::code(cell)));
    }
    if let Some(kind) = p.kind {
        text.push_str(&format!(" {}", kind_sentence(p, kind)));
    }
    if let ArgType::Enum(name) = &p.arg {
        text.push_str(&format!(
            " One of [`{name}`](crate::params::{name}), or any text for a value the docs do not list."
        ));
    }
    text
}

/// What a text parameter's Default and Example say it holds:
/// `Its Default and Example are integers: pass one as itself.`
fn kind_sentence(p: &Param, kind: ValueKind) -> String {
    let example = super::example::example_cell(p).is_some();
    let (cells, both) = match (p.default.is_some(), example) {
        (true, true) => ("Its Default and Example are", true),
        (true, false) => ("Its Default is", false),
        _ => ("Its Example is", false),
    };
    let what = match (kind, both) {
        (ValueKind::Integer, true) => "integers",
        (ValueKind::Integer, false) => "an integer",
        (ValueKind::Boolean, true) => "booleans",
        (ValueKind::Boolean, false) => "a boolean",
    };
    format!("{cells} {what}: pass one as itself.")
}

fn response_line(r: &Response) -> String {
    let ty = match (&r.schema, &r.rust) {
        (Some(_), TypeRef::Named(name)) => format!(" [`{name}`](crate::models::{name})"),
        (Some(_), other) => format!(" `{other}`"),
        (None, _) => String::new(),
    };
    format!("`{}`{ty}: {}", r.code, docs::escape(&r.description))
}
