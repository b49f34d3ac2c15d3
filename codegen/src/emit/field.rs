//! How a struct field holds its property, by its [`Presence`]: its Rust
//! type, its arm of `json_struct!`, its value when not set, and the line of
//! its docs that says how to send `null`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Spelling, type_tokens};
use crate::types::{Field, Presence, TypeRef};

/// The field's Rust type: `T`, `Option<T>` or `Nullable<T>`.
pub(super) fn rust_type(field: &Field, here: &Spelling) -> TokenStream {
    match field.presence() {
        Presence::Required => type_tokens(&field.ty, here),
        Presence::OptionalNullable => {
            let nullable = nullable(here);
            let ty = type_tokens(&field.ty, here);
            quote!(#nullable<#ty>)
        }
        Presence::RequiredNullable | Presence::Optional | Presence::OptionalAny => {
            option(field, here)
        }
    }
}

/// `Option<T>` of the field's type, spelled once per type.
fn option(field: &Field, here: &Spelling) -> TokenStream {
    type_tokens(&TypeRef::Option(Box::new(field.ty.clone())), here)
}

/// The kind `json_struct!` reads and writes the field by, and the type a
/// present value decodes as.
pub(super) fn macro_kind(field: &Field, here: &Spelling) -> (TokenStream, TokenStream) {
    let ty = type_tokens(&field.ty, here);
    match field.presence() {
        Presence::Required => (quote!(required), ty),
        Presence::RequiredNullable => (quote!(required), option(field, here)),
        Presence::Optional => (quote!(optional), ty),
        Presence::OptionalNullable => (quote!(nullable), ty),
        Presence::OptionalAny => (quote!(optional_any), ty),
    }
}

/// The value of an optional field a constructor does not set.
pub(super) fn unset(field: &Field, here: &Spelling) -> TokenStream {
    if field.presence() == Presence::OptionalNullable {
        let nullable = nullable(here);
        return quote!(#nullable::Absent);
    }
    if here.prelude {
        quote!(None)
    } else {
        quote!(::std::option::Option::None)
    }
}

/// The sentence of the field's docs saying how `null` is sent, for a
/// property that may be `null`.
pub(super) fn null_doc(field: &Field) -> Option<&'static str> {
    Some(match field.presence() {
        Presence::RequiredNullable => "Nullable: `None` is sent as `null`.",
        Presence::OptionalNullable => {
            "Nullable: `Nullable::Null` is sent as `null`, `Nullable::Absent` (the default) is left out."
        }
        Presence::OptionalAny => "`Some(Value::Null)` is sent as `null`, `None` is left out.",
        Presence::Required | Presence::Optional => return None,
    })
}

/// An accessor body reading a string field as `Option<&str>`, for the
/// error body's message.
pub(super) fn as_str(field: &Field) -> Option<TokenStream> {
    if field.ty != TypeRef::String {
        return None;
    }
    let name = super::ident(&field.name);
    Some(match field.presence() {
        Presence::Required => quote!(Some(&self.#name)),
        Presence::OptionalNullable => quote!(self.#name.value().map(|s| s.as_str())),
        Presence::RequiredNullable | Presence::Optional | Presence::OptionalAny => {
            quote!(self.#name.as_deref())
        }
    })
}

/// `Nullable`, as the module spells it.
fn nullable(here: &Spelling) -> TokenStream {
    here.imported("Nullable", || quote!(::mdsdk_runtime::Nullable))
}
