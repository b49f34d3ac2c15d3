//! `src/models.rs`: the types of the JSON bodies.

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmitError, Features, Gate, RustFile, Spelling, docs, field, ident, type_tokens};
use crate::ir::{Api, Paging};
use crate::types::{Field, Presence, StatusVariant, TypeDef, TypeKind, TypeRef};

/// The name of the field that keeps properties a schema does not list.
const EXTRA: &str = "extra";

/// Emits the models into `file` one type at a time (see [`RustFile`]),
/// each with its impls in the builds of the resources that reach it; the
/// imports, known once every type is made, go in front.
pub(super) fn emit(api: &Api, features: &Features, file: &mut RustFile) -> Result<(), EmitError> {
    file.push(docs::inner(
        "The JSON bodies of requests and responses: one type per schema of the\n\
         schema doc, and one per distinct object or enum nested in them.",
    ))?;
    let imports_at = file.len();
    let scope = Spelling::models(api);
    for def in &api.types {
        let gate = features.ty(&def.name);
        let tokens = scope.item(gate, || type_def(api, def, &scope));
        file.push_gated(tokens, gate, features)?;
    }
    let mut paged: Vec<&Paging> = Vec::new();
    let pagings = api.resources.iter().flat_map(|r| &r.actions);
    for paging in pagings.filter_map(|a| a.paging.as_ref()) {
        if !paged.iter().any(|p| p.page == paging.page) {
            paged.push(paging);
            let gate = features.type_ref(&paging.page);
            let tokens = scope.item(gate, || page_impl(paging, &scope));
            file.push_gated(tokens, gate, features)?;
        }
    }
    // The client names the error body: every build has it.
    if let Some(error_body) = scope.item(&Gate::Always, || error_body(api, &scope)) {
        file.push(error_body)?;
    }
    file.insert(imports_at, scope.use_items(features))
}

fn type_def(api: &Api, def: &TypeDef, here: &Spelling) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::outer(&type_doc(def));
    let string = type_tokens(&TypeRef::String, here);
    match &def.kind {
        TypeKind::Alias { target } => {
            let target = type_tokens(target, here);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
        TypeKind::Enum { variants } => {
            let docs = variants
                .iter()
                .map(|v| docs::outer(&format!("The value {}.", docs::code(&v.wire))));
            let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let wires = variants.iter().map(|v| &v.wire);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#docs #names,)*
                    /// A value this version of the crate does not know, kept as sent.
                    Unknown(#string),
                }

                ::mdsdk_runtime::string_enum!(#name { #(#names = #wires),* });
            }
        }
        TypeKind::Struct { fields, additional } => {
            struct_def(&name, &doc, fields, additional.as_ref(), here)
        }
        TypeKind::ByStatus { variants } => by_status(api, &name, def, variants, here),
        TypeKind::Union { variants } => {
            let docs = variants.iter().map(|v| {
                // A boxed form is named by what the box holds.
                let ty = match &v.ty {
                    TypeRef::Box(inner) => inner,
                    ty => ty,
                };
                docs::outer(&format!("The {} form.", docs::code(&ty.to_string())))
            });
            let names = variants.iter().map(|v| ident(&v.name));
            let types = variants.iter().map(|v| type_tokens(&v.ty, here));
            let (serialize, deserialize) = derives(here);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #serialize, #deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#docs #names(#types),)*
                }
            }
        }
    }
}

/// The runtime's `Page` for the type of a paged list's pages, which its
/// streams read the items and the whole list's count through.
fn page_impl(paging: &Paging, here: &Spelling) -> TokenStream {
    let page = type_tokens(&paging.page, here);
    let item = type_tokens(&paging.item, here);
    let items_ty = type_tokens(&paging.items.ty, here);
    let items = ident(&paging.items.name);
    let option = here.option(quote!(u64));
    let (some, none) = (
        here.prelude(|| quote!(Some), || quote!(::std::option::Option::Some)),
        here.prelude(|| quote!(None), || quote!(::std::option::Option::None)),
    );
    // An optional field is an `Option`, or a `Nullable` read as one.
    let (count, into_items) = if paging.items.nullable {
        (
            quote!(self.#items.value().map_or(0, |items| items.len())),
            quote!(self.#items.into_value().unwrap_or_default()),
        )
    } else if paging.items.optional {
        (
            quote!(self.#items.as_ref().map_or(0, |items| items.len())),
            quote!(self.#items.unwrap_or_default()),
        )
    } else {
        (quote!(self.#items.len()), quote!(self.#items))
    };
    let total = match &paging.total {
        None => none,
        Some(field) => {
            let name = ident(&field.name);
            let convert = match field.ty {
                TypeRef::Number => quote!(|n| #some(n as u64)),
                _ => quote!(|n| u64::try_from(n).ok()),
            };
            if field.nullable {
                quote!(self.#name.value().copied().and_then(#convert))
            } else if field.optional {
                quote!(self.#name.and_then(#convert))
            } else {
                quote!((#convert)(self.#name))
            }
        }
    };
    quote! {
        impl ::mdsdk_runtime::Page for #page {
            type Item = #item;

            fn item_count(&self) -> usize {
                #count
            }

            fn total_count(&self) -> #option {
                #total
            }

            fn into_items(self) -> #items_ty {
                #into_items
            }
        }
    }
}

/// The enum of an action's success bodies, decoded by status through the
/// runtime's `by_status!`.
fn by_status(
    api: &Api,
    name: &proc_macro2::Ident,
    def: &TypeDef,
    variants: &[StatusVariant],
    here: &Spelling,
) -> TokenStream {
    let method = api
        .resources
        .iter()
        .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
        .find(|(_, a)| a.idents.responses.as_ref() == Some(&def.name))
        .map(|(r, a)| {
            format!(
                "[`{handle}::{method}`](crate::{module}::{handle}::{method})",
                handle = r.idents.handle,
                method = crate::naming::unraw(&a.idents.method),
                module = r.idents.module,
            )
        })
        .unwrap_or_else(|| docs::code(&def.origin));
    let doc = docs::outer(&format!(
        "What {method} answers: one variant per documented success status, \
         holding that status's body (see the method's example).

Action: {}.",
        docs::code(&def.origin)
    ));
    let (mut arms, mut cases) = (Vec::new(), Vec::new());
    for v in variants {
        let doc = docs::outer(&format!(
            "Status `{}`: {}",
            v.code,
            docs::sentence(&docs::escape(&v.doc))
        ));
        let variant = ident(&v.name);
        let code = proc_macro2::Literal::u16_unsuffixed(v.code);
        if v.ty == TypeRef::Unit {
            arms.push(quote!(#doc #variant,));
            cases.push(quote!(#code => #variant));
        } else {
            let ty = type_tokens(&v.ty, here);
            arms.push(quote!(#doc #variant(#ty),));
            cases.push(quote!(#code => #variant(#ty)));
        }
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#arms)*
        }

        ::mdsdk_runtime::by_status!(#name { #(#cases),* });
    }
}

/// The type's docs: the schema's description, its example (a JSON code
/// block, as the docs wrote it), and the schema it comes from.
fn type_doc(def: &TypeDef) -> String {
    let mut doc = docs::escape(&def.doc);
    if let Some(example) = def.example.as_deref().filter(|e| !e.trim().is_empty()) {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str("# Example\n\n");
        doc.push_str(&docs::code_block("json", example));
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Schema: {}.", docs::code(&def.origin)));
    doc
}

fn struct_def(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[Field],
    additional: Option<&TypeRef>,
    here: &Spelling,
) -> TokenStream {
    let extra_name = extra_field_name(fields);
    let field_tokens = fields.iter().map(|f| {
        let doc = docs::outer(&field_doc(f));
        let name = ident(&f.name);
        let ty = field::rust_type(f, here);
        quote! { #doc pub #name: #ty, }
    });
    let map = additional.map(|ty| type_tokens(&TypeRef::Map(Box::new(ty.clone())), here));
    let extra = map.as_ref().map(|map| {
        let name = ident(&extra_name);
        quote! {
            /// Properties the schema does not list, kept as sent.
            pub #name: #map,
        }
    });
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let constructor = (!required.is_empty())
        .then(|| constructor(name, fields, additional.map(|_| extra_name.as_str()), here));
    // Properties of any value are undocumented ones; of a type, ones the
    // schema describes (schema-valued `additionalProperties`).
    let keeps = additional.map(|ty| match ty {
        TypeRef::Value => quote!(extra),
        _ => quote!(map),
    });
    let json = json_struct(
        name,
        fields,
        keeps
            .zip(map)
            .map(|(keeps, map)| (keeps, extra_name.as_str(), map)),
        here,
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#field_tokens)*
            #extra
        }
        #json
        #constructor
    }
}

/// `Serialize` and `Deserialize` through the runtime's macro, which costs
/// the compiler a fraction of serde's derives (BENCHMARKS.md).
fn json_struct(
    name: &proc_macro2::Ident,
    fields: &[Field],
    extra: Option<(TokenStream, &str, TokenStream)>,
    here: &Spelling,
) -> TokenStream {
    let arms = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        let (kind, ty) = field::macro_kind(f, here);
        quote!(#field: #wire #kind #ty)
    });
    let extra = extra.map(|(keeps, e, ty)| {
        let e = ident(e);
        quote!(#keeps #e: #ty)
    });
    quote!(::mdsdk_runtime::json_struct!(#name { #(#arms),* } #extra);)
}

/// `new(required fields…)`, for structs without `Default`.
fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    extra: Option<&str>,
    here: &Spelling,
) -> TokenStream {
    let string = type_tokens(&TypeRef::String, here);
    let takes_text = |f: &Field| f.ty == TypeRef::String && f.presence() == Presence::Required;
    let params = fields.iter().filter(|f| f.required).map(|f| {
        let name = ident(&f.name);
        if takes_text(f) {
            quote!(#name: impl Into<#string>)
        } else {
            let ty = field::rust_type(f, here);
            quote!(#name: #ty)
        }
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if !f.required {
            let unset = field::unset(f, here);
            quote!(#name: #unset)
        } else if takes_text(f) {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        }
    });
    let extra = extra.map(|e| {
        let e = ident(e);
        quote!(#e: Default::default(),)
    });
    let allow = (fields.iter().filter(|f| f.required).count() > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            /// A value with the required properties set and the others empty.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        }
    }
}

fn extra_field_name(fields: &[Field]) -> String {
    let mut name = EXTRA.to_owned();
    while fields.iter().any(|f| crate::naming::unraw(&f.name) == name) {
        name.push('_');
    }
    name
}

/// `ApiErrorBody` for the error type, so errors display the API's message.
fn error_body(api: &Api, here: &Spelling) -> Option<TokenStream> {
    let TypeRef::Named(name) = &api.error_type else {
        return None;
    };
    let def = api.types.iter().find(|t| &t.name == name)?;
    let fields = match &def.kind {
        TypeKind::Struct { fields, .. } => fields.as_slice(),
        _ => &[],
    };
    let accessor = |wires: &[&str]| {
        fields
            .iter()
            .filter(|f| wires.contains(&f.wire.as_str()))
            .find_map(field::as_str)
    };
    let option = here.option(quote!(&str));
    let kind = accessor(&["type", "error", "code"])
        .map(|get| quote!(fn error_type(&self) -> #option { #get }));
    let message = accessor(&["message"]).map(|get| quote!(fn message(&self) -> #option { #get }));
    let name = ident(name);
    Some(quote! {
        impl ::mdsdk_runtime::ApiErrorBody for #name {
            #kind
            #message
        }
    })
}

/// The property's description and constraints; never empty, for `missing_docs`.
fn field_doc(field: &Field) -> String {
    let mut doc = if field.doc.is_empty() {
        format!("The {} property.", docs::code(&field.wire))
    } else {
        docs::escape(&field.doc)
    };
    for note in &field.notes {
        doc.push(' ');
        doc.push_str(&docs::note(note));
    }
    if let Some(null) = field::null_doc(field) {
        doc.push(' ');
        doc.push_str(null);
    }
    doc
}

/// The serde derive macros, imported when nothing shadows them.
fn derives(here: &Spelling) -> (TokenStream, TokenStream) {
    (
        here.imported("Serialize", || quote!(::serde::Serialize)),
        here.imported("Deserialize", || quote!(::serde::Deserialize)),
    )
}
