//! `src/params.rs`: an enum per set of values that text parameters list as
//! accepted, taken by their setters and arguments as `impl Into<Enum>`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Features, RustFile, docs, ident};
use crate::emit::EmitError;
use crate::ir::{Api, ArgType, EnumNaming, Param, ParamEnum};
use crate::naming;

pub(super) fn emit(api: &Api, features: &Features, file: &mut RustFile) -> Result<(), EmitError> {
    file.push(docs::inner(
        "The values text parameters accept, as their descriptions list them\n\
         (\"Accepted values are: asc, desc\"): one enum per parameter name and\n\
         set of values, shared by every action that lists it.\n\n\
         Each enum is `#[non_exhaustive]` and keeps a value the docs do not list\n\
         in its `Unknown` variant: docs lag behind the API, so a setter that takes\n\
         `impl Into<SortDirection>` also takes text (`\"desc\"`), sent as it is.",
    ))?;
    for (id, e) in api.enums.iter().enumerate() {
        file.push_gated(enum_def(api, e), features.param_enum(id), features)?;
    }
    Ok(())
}

fn enum_def(api: &Api, e: &ParamEnum) -> TokenStream {
    let name = ident(&e.ident);
    let doc = docs::outer(&enum_doc(api, e));
    let defaults = Defaults::of(api, e);
    let variant_docs = e.variants.iter().map(|v| {
        docs::outer(&format!(
            "{}{}",
            docs::code(&v.wire),
            defaults.mark(&v.wire)
        ))
    });
    let names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires = e.variants.iter().map(|v| &v.wire);
    let aliases = e.aliases.iter().map(|alias| {
        let doc = docs::outer(&format!(
            "The values of `{0}` as {2} take them: the same type as [`{1}`](type@{1}), named for              where it is taken.",
            e.param,
            e.ident,
            params_of(api, e)
                .filter(|(_, p)| matches!(&p.arg, ArgType::Enum(n) if n == alias))
                .map(|(link, _)| link)
                .collect::<Vec<_>>()
                .join(", "),
        ));
        let alias = ident(alias);
        quote! {
            #doc
            pub type #alias = #name;
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #names,)*
            /// A value the docs do not list, sent as it is.
            Unknown(String),
        }

        ::mdsdk_runtime::string_enum!(#name { #(#names = #wires),* });

        #(#aliases)*
    }
}

fn enum_doc(api: &Api, e: &ParamEnum) -> String {
    let mut doc = String::new();
    if !e.description.is_empty() {
        doc.push_str(&docs::sentence(&docs::escape(&e.description)));
        doc.push_str("\n\n");
    }
    let uses: Vec<String> = params_of(api, e).map(|(link, _)| link).collect();
    doc.push_str(&format!(
        "Taken by `{}` of {}.\n\n{}\n\n\
         Pass a variant or text (`{:?}`); text the docs do not list is kept in \
         [`Unknown`](Self::Unknown) and sent as it is.",
        e.param,
        uses.join(", "),
        naming_rule(api, e),
        e.values[0],
    ));
    doc
}

/// Which rule named the enum, with the enums of the other sets its
/// parameter name lists.
fn naming_rule(api: &Api, e: &ParamEnum) -> String {
    let others: Vec<String> = api
        .enums
        .iter()
        .filter(|o| o.param == e.param && o.ident != e.ident)
        .map(|o| format!("[`{0}`](type@{0})", o.ident))
        .collect();
    let param = &e.param;
    let also = match e.aliases.as_slice() {
        [] => String::new(),
        aliases => format!(
            " Where other actions take it, it has their names: {}.",
            aliases
                .iter()
                .map(|a| format!("[`{a}`](type@{a})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let rule = match e.naming {
        EnumNaming::Parameter => {
            format!("Named for the parameter: every `{param}` parameter lists these values.")
        }
        EnumNaming::MostListed => format!(
            "Named for the parameter: more resources list these values for `{param}` \
             than any other set. The other sets: {}.",
            others.join(", ")
        ),
        EnumNaming::Resource => format!(
            "`{param}` parameters list other sets too ({}), so this one is named for \
             a resource that lists it, never for another.",
            others.join(", "),
        ),
        EnumNaming::Action => format!(
            "`{param}` parameters list other sets too ({}), in its resource as well, so \
             this one is named for an action that lists it.",
            others.join(", "),
        ),
        EnumNaming::Kept => "The name an earlier generation of this crate gave it, kept: \
             a regeneration keeps the name of everything that still exists."
            .to_owned(),
    };
    rule + &also
}

/// Each parameter that takes the enum, as an intra-doc link to its setter
/// (or, when required, its action's method), with the parameter.
fn params_of<'a>(api: &'a Api, e: &'a ParamEnum) -> impl Iterator<Item = (String, &'a Param)> {
    e.uses.iter().filter_map(move |u| {
        let resource = api.resources.iter().find(|r| r.accessor == u.resource)?;
        let action = resource.actions.iter().find(|a| a.method == u.action)?;
        let param = action.params.iter().find(|p| p.name == e.param)?;
        let module = &resource.idents.module;
        let target = if param.required {
            format!(
                "{}::{}",
                resource.idents.handle,
                naming::unraw(&action.idents.method)
            )
        } else {
            format!("{}::{}", action.idents.request, naming::unraw(&param.ident))
        };
        let link = format!(
            "[`{}().{}()`](crate::{module}::{target})",
            naming::unraw(&resource.idents.accessor),
            naming::unraw(&action.idents.method)
        );
        Some((link, param))
    })
}

/// The documented defaults of the parameters that take an enum.
struct Defaults {
    /// The default of each parameter that documents one, as sent.
    each: Vec<String>,
}

impl Defaults {
    fn of(api: &Api, e: &ParamEnum) -> Defaults {
        let each = params_of(api, e)
            .filter(|(_, p)| matches!(p.arg, ArgType::Enum(_)))
            .filter_map(|(_, p)| p.default.as_ref().map(|d| d.wire()))
            .collect();
        Defaults { each }
    }

    /// How a variant's doc ends: that it is the default, of how many of
    /// the parameters, or a period.
    fn mark(&self, wire: &str) -> String {
        let count = self.each.iter().filter(|d| *d == wire).count();
        if count == 0 {
            ".".to_owned()
        } else if count == self.each.len() {
            ": the documented default.".to_owned()
        } else {
            format!(
                ": the documented default of {count} of the {} parameters that document one.",
                self.each.len()
            )
        }
    }
}
