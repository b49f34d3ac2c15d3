//! `src/lib.rs`: the crate doc (the README), the client with one accessor
//! per resource, and the crate's `Error` and `Result`. Each resource's
//! module and accessor are compiled with its feature alone.

use proc_macro2::TokenStream;
use quote::quote;

use super::showcase::Showcase;
use super::{Features, docs, ident, type_tokens};
use crate::ir::Api;

pub fn emit(api: &Api, features: &Features, showcase: Option<&Showcase>) -> TokenStream {
    let meta = &api.meta;
    let modules = api.resources.iter().enumerate().map(|(i, r)| {
        let module = ident(&r.idents.module);
        let gate = features.attrs(&features.resource(i));
        quote! {
            #gate
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    let params = (!api.enums.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod params;
        }
    });
    let accessors = api.resources.iter().enumerate().map(|(i, r)| {
        let gate = features.attrs(&features.resource(i));
        let module = ident(&r.idents.module);
        let handle = ident(&r.idents.handle);
        let accessor = ident(&r.idents.accessor);
        let doc = docs::outer(&format!(
            "The actions of the {} resource.",
            docs::escape(&r.name)
        ));
        quote! {
            #doc
            #gate
            pub fn #accessor(&self) -> #module::#handle<'_> {
                #module::#handle::new(&self.inner)
            }
        }
    });
    // The accessors read the inner client; a build without a resource has
    // none.
    let unread = features
        .predicate(&features.any_resource())
        .map(|any| quote!(#[cfg_attr(not(#any), allow(dead_code))]));
    let error_body = type_tokens(&api.error_type, &super::Spelling::outside_models());
    let base_url = &meta.base_url;
    let mut headers = vec![quote!(("accept", "application/json"))];
    if let Some(version) = &meta.version {
        headers.push(quote!(("accept-version", #version)));
    }
    let query = meta.default_query.iter().map(|q| {
        let (name, value) = (&q.name, q.value.wire());
        quote!((#name, #value))
    });
    let client_doc = docs::outer(&format!(
        "A client of the {}: one accessor per resource.\n\n\
         Cheap to clone; clones share one connection pool.",
        docs::escape(&meta.title)
    ));
    let builder_doc = docs::outer(&format!(
        "A builder starting from the documented defaults: base URL <{}>, no token.",
        meta.base_url
    ));
    let crate_doc = crate_doc(api, features, showcase);
    quote! {
        #crate_doc
        #![deny(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        // Formatted by the generator (prettyplease), not by rustfmt.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[rustfmt::skip]
        pub mod models;
        #params
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        #[rustfmt::skip]
        pub mod mock;
        #(#modules)*

        // Every runtime item the crate's API shows, and the crates whose
        // types it shows, as the runtime lists them: its users name them
        // through this crate and never depend on the runtime themselves.
        // The crates are shown as re-exports, not copied into the docs.
        #[doc(inline)]
        pub use ::mdsdk_runtime::exports::*;
        #[doc(no_inline)]
        pub use ::mdsdk_runtime::crates::*;

        /// The error of every call of this crate.
        pub type Error = ::mdsdk_runtime::Error<#error_body>;

        /// `Result` with this crate's [`Error`].
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            #unread
            inner: ::mdsdk_runtime::Client,
        }

        impl ::mdsdk_runtime::Api for Client {
            type ErrorBody = #error_body;
            const DEFAULTS: &'static ::mdsdk_runtime::ApiDefaults = &::mdsdk_runtime::ApiDefaults {
                base_url: #base_url,
                headers: &[#(#headers),*],
                query: &[#(#query),*],
                user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            };
            fn from_client(client: ::mdsdk_runtime::Client) -> Self {
                Self { inner: client }
            }
        }

        impl Client {
            #builder_doc
            pub fn builder() -> ::mdsdk_runtime::ClientBuilder<Self> {
                ::mdsdk_runtime::ClientBuilder::new()
            }

            /// A client with the documented defaults and no token.
            ///
            /// # Panics
            ///
            /// When the defaults cannot be built: the documented base URL
            /// is https and the crate is built without a TLS feature, or
            /// the TLS backend fails to initialise (as
            /// `reqwest::Client::new` does).
            pub fn new() -> Self {
                match Self::builder().build() {
                    Ok(client) => client,
                    Err(e) => panic!("cannot build the HTTP client: {e}"),
                }
            }

            #(#accessors)*
        }

        impl Default for Client {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The README, whose examples so run as doctests: in the builds that have
/// the resource they call. Others (`--no-default-features` and a few
/// resources) have a short doc that says where the README is.
fn crate_doc(api: &Api, features: &Features, showcase: Option<&Showcase>) -> TokenStream {
    let readme = quote!(include_str!("../README.md"));
    let resource =
        showcase.and_then(|s| (api.resources.iter()).position(|r| std::ptr::eq(r, s.resource())));
    let Some((i, predicate)) =
        resource.and_then(|i| Some((i, features.predicate(&features.resource(i))?)))
    else {
        return quote!(#![doc = #readme]);
    };
    let meta = &api.meta;
    let mut short = format!("# {}\n\n", docs::escape(&meta.title));
    if !meta.crate_description.is_empty() {
        short.push_str(&format!("{}\n\n", docs::escape(&meta.crate_description)));
    }
    short.push_str(&format!(
        "This build leaves out the `{}` feature, whose resource the examples of the \
         crate's README call: the README is this page in a build with it, such as \
         the default one, and on docs.rs.",
        features.names()[i]
    ));
    quote! {
        #![cfg_attr(#predicate, doc = #readme)]
        #![cfg_attr(not(#predicate), doc = #short)]
    }
}
