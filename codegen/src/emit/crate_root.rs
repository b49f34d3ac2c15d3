//! `src/lib.rs`: the crate doc (the README), the client with one accessor
//! per resource, and the crate's `Error` and `Result`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::ir::Api;

pub fn emit(api: &Api) -> TokenStream {
    let meta = &api.meta;
    let modules = api.resources.iter().map(|r| ident(&r.idents.module));
    let params = (!api.enums.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod params;
        }
    });
    let accessors = api.resources.iter().map(|r| {
        let module = ident(&r.idents.module);
        let handle = ident(&r.idents.handle);
        let accessor = ident(&r.idents.accessor);
        let doc = docs::outer(&format!(
            "The actions of the {} resource.",
            docs::escape(&r.name)
        ));
        quote! {
            #doc
            pub fn #accessor(&self) -> #module::#handle<'_> {
                #module::#handle::new(&self.inner)
            }
        }
    });
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
    quote! {
        // The README, whose examples so run as doctests.
        #![doc = include_str!("../README.md")]
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
        #(
            #[rustfmt::skip]
            pub mod #modules;
        )*

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
