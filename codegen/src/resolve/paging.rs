//! Paged lists: an action whose query takes `page` and `perPage` (or
//! `offset` and `limit`) and whose success type is an object with an
//! `items` list and a `totalCount`, as every list of this docs family is,
//! reads its list page by page. A route's `paged = true` or `false` in
//! the overlay overrides the guess; `true` also takes a page type without
//! a total count (the stream then ends at an empty page).

use crate::diagnostic::Diagnostics;
use crate::ir::{Location, PageBy, PageField, Paging, Param, Response, Route, Scalar, Typed};
use crate::types::{Field, Presence, TypeDef, TypeKind, TypeRef};

/// The parameter pairs that page a list: what moves, and the page size.
const PAGE_PARAMS: [(&str, &str); 2] = [("page", "perPage"), ("offset", "limit")];

/// The page type's fields that hold the items and the whole list's count.
const ITEMS: &str = "items";
const TOTAL: &str = "totalCount";

/// What an action needs to be paged.
const HELP: &str = "a paged list takes `page` and `perPage` (or `offset` and `limit`) in the query and answers an object with an `items` list; remove `paged = true`, or fix the docs";

/// How the action described by these parts is paged, if it is.
pub struct Action<'a> {
    pub heading: &'a str,
    pub route: &'a Route,
    pub params: &'a [Param<Typed>],
    pub success: &'a [Response<Typed>],
    /// Whether its success decodes into an enum of the statuses.
    pub by_status: bool,
}

pub fn detect(action: Action<'_>, defs: &[TypeDef], diags: &mut Diagnostics) -> Option<Paging> {
    if action.route.paged == Some(false) {
        return None;
    }
    match shape(&action, defs) {
        Ok(paging) if paging.total.is_some() || action.route.paged == Some(true) => Some(paging),
        Ok(_) => None,
        Err(why) => {
            if action.route.paged == Some(true) {
                diags.error(
                    &action.route.loc,
                    format!("`{}` cannot be paged: {why}", action.heading),
                    HELP,
                );
            }
            None
        }
    }
}

/// Why an action is not a paged list.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum NotPaged {
    #[error("its query takes neither `page` and `perPage` nor `offset` and `limit`")]
    NoPageParameters,
    #[error("its success statuses carry different bodies")]
    ByStatus,
    #[error("it documents no success type")]
    NoSuccessType,
    #[error("its success type `{0}` is not an object")]
    NotAnObject(TypeRef),
    #[error("its success type `{0}` has no `{ITEMS}` list")]
    NoItems(TypeRef),
}

/// The paging the parts allow, or why there is none.
fn shape(action: &Action<'_>, defs: &[TypeDef]) -> Result<Paging, NotPaged> {
    let query = |name: &str| {
        action
            .params
            .iter()
            .find(|p| p.name == name && p.location == Location::Query)
    };
    let (by, size) = PAGE_PARAMS
        .iter()
        .find_map(|&(moves, size)| Some((query(moves)?, size, query(size)?)))
        .map(|(moves, size, _)| (page_by(moves), size.to_owned()))
        .ok_or(NotPaged::NoPageParameters)?;
    if action.by_status {
        return Err(NotPaged::ByStatus);
    }
    let page = match action.success.split_first() {
        Some((first, _)) => first.rust.clone(),
        None => return Err(NotPaged::NoSuccessType),
    };
    let fields = struct_fields(&page, defs).ok_or_else(|| NotPaged::NotAnObject(page.clone()))?;
    let (items, item) = fields
        .iter()
        .find(|f| f.wire == ITEMS)
        .map(page_field)
        .and_then(|field| match &field.ty {
            TypeRef::Vec(item) => Some((field.clone(), (**item).clone())),
            _ => None,
        })
        .ok_or_else(|| NotPaged::NoItems(page.clone()))?;
    let total = fields
        .iter()
        .find(|f| f.wire == TOTAL)
        .map(page_field)
        .filter(|f| matches!(f.ty, TypeRef::Integer | TypeRef::Number));
    Ok(Paging {
        by,
        size,
        page,
        items,
        item,
        total,
    })
}

/// How the moving parameter moves: a page number from its documented
/// default (else 0), or an offset.
fn page_by(param: &Param<Typed>) -> PageBy {
    let name = param.name.clone();
    if name != PAGE_PARAMS[0].0 {
        return PageBy::Offset { param: name };
    }
    let first = match &param.default {
        Some(Scalar::Number(n)) => n.as_u64(),
        Some(Scalar::String(text)) => text.parse().ok(),
        _ => None,
    };
    PageBy::Number {
        param: name,
        first: first.unwrap_or(0),
    }
}

/// The fields of the struct `ty` names, through aliases.
fn struct_fields<'d>(ty: &TypeRef, defs: &'d [TypeDef]) -> Option<&'d [Field]> {
    let mut ty = ty;
    // Each alias followed once at most: an alias cycle ends the search.
    for _ in 0..=defs.len() {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match &defs.iter().find(|d| &d.name == name)?.kind {
            TypeKind::Struct { fields, .. } => return Some(fields),
            TypeKind::Alias { target } => ty = target,
            _ => return None,
        }
    }
    None
}

/// A struct field as the page streams read it.
fn page_field(field: &Field) -> PageField {
    let presence = field.presence();
    let (ty, optional) = match &field.ty {
        TypeRef::Option(inner) => ((**inner).clone(), true),
        ty => (ty.clone(), presence != Presence::Required),
    };
    PageField {
        name: field.name.clone(),
        ty,
        optional,
        nullable: presence == Presence::OptionalNullable,
    }
}
