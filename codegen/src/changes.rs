//! What a docs change means for the generated crate's users: the IR of the
//! checked-in crate (its `api.json`) against the IR of the new docs, each
//! difference classified by the rules of cargo's semver guide, and the
//! version bump they add up to.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::ir::{Action, Api, ArgType, PageBy, Param, ParamEnum, Resource, Stream};
use crate::types::{Field, TypeDef, TypeKind, TypeRef, Variant};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Behaviour or docs only: no code that compiled stops compiling.
    Patch,
    /// Additions: code that compiled still does.
    Minor,
    /// Code that compiled may not.
    Major,
}

/// One difference between the old and the new API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// What changed: `` `org.get` ``, `` type `Organization` ``.
    pub subject: String,
    pub what: String,
}

/// Every difference, in a stable order: breaking first.
///
/// Items are compared by identity, not by name or position: a resource by
/// its accessor, an action by its key, a parameter by its wire name, a
/// type by its places (schema and JSON pointer, or its action), a field
/// or variant by its wire name, a parameter enum by the parameters that
/// take it. So a Rust name that changed for an item that did not is a
/// rename (breaking, old and new named), and a Rust name that now stands
/// for another wire name is reported with both.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Changes::default();
    meta(old, new, &mut out);
    for (accessor, pair) in diff(&old.resources, &new.resources, |r| r.accessor.as_str()) {
        let subject = format!("resource `{accessor}`");
        match pair {
            (Some(_), None) => out.push(
                Impact::Major,
                subject,
                "removed, with its module and `Client` accessor",
            ),
            (None, Some(_)) => out.push(Impact::Minor, subject, "added"),
            (Some(a), Some(b)) => resource(a, b, &subject, &mut out),
            (None, None) => {}
        }
    }
    schemas(old, new, &mut out);
    types(old, new, &mut out);
    if old.error_type != new.error_type {
        out.push(
            Impact::Major,
            "error bodies",
            format!(
                "`Error::Api` now holds `{}` (was `{}`): the crate's `Error` type changes",
                new.error_type, old.error_type
            ),
        );
    }
    enums(old, new, &mut out);
    let mut changes = out.0;
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    changes
}

/// What the old and the new list hold for one key.
type Pair<'a, T> = (Option<&'a T>, Option<&'a T>);

/// The items of two lists by `key`, in key order, with what each list
/// holds for it: the one comparison every kind of item goes through.
fn diff<'a, T, K: Ord + 'a>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(K, Pair<'a, T>)> {
    let mut by_key: BTreeMap<K, Pair<'a, T>> = BTreeMap::new();
    for item in old {
        by_key.entry(key(item)).or_default().0 = Some(item);
    }
    for item in new {
        by_key.entry(key(item)).or_default().1 = Some(item);
    }
    by_key.into_iter().collect()
}

/// For items compared by wire name (`pairs`: wire name, old and new Rust
/// name): each Rust name that changed (a rename), and each old Rust name
/// that now stands for another wire name (`now`: Rust name to wire name).
/// `what` says what a name is (`field`, `setter`, `variant`).
fn renames<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    now: impl IntoIterator<Item = (&'a str, &'a str)>,
    what: &str,
    subject: &str,
    out: &mut Changes,
) {
    let now: BTreeMap<&str, &str> = now.into_iter().collect();
    for (wire, was, is) in pairs {
        if was == is {
            continue;
        }
        out.push(
            Impact::Major,
            subject,
            format!("the {what} of `{wire}` is now `{is}` (was `{was}`)"),
        );
        // The old name still exists, for another wire name: code using it
        // compiles and now means that one.
        if let Some(other) = now.get(was).filter(|other| **other != wire) {
            out.push(
                Impact::Major,
                subject,
                format!(
                    "the {what} `{was}` now stands for `{other}` (was `{wire}`): code using it still compiles"
                ),
            );
        }
    }
}

fn resource(old: &Resource, new: &Resource, subject: &str, out: &mut Changes) {
    let (a, b) = (&old.idents, &new.idents);
    for (what, was, is) in [
        ("module", &a.module, &b.module),
        ("`Client` accessor", &a.accessor, &b.accessor),
        ("handle type", &a.handle, &b.handle),
    ] {
        if was != is {
            out.push(
                Impact::Major,
                subject,
                format!("its {what} is now `{is}` (was `{was}`)"),
            );
        }
    }
    for (method, pair) in diff(&old.actions, &new.actions, |a| a.method.as_str()) {
        let subject = format!("`{}.{method}`", new.accessor);
        match pair {
            (Some(a), None) => out.push(
                Impact::Major,
                subject,
                format!(
                    "{} removed, with the method `{}::{}` and its request type `{}::{}`{}",
                    if a.stream.is_some() {
                        "stream"
                    } else {
                        "action"
                    },
                    old.idents.handle,
                    a.idents.method,
                    old.idents.module,
                    a.idents.request,
                    match &a.idents.events {
                        Some(events) => format!(
                            " and enum of events `{}::{}`",
                            old.idents.module, events.name
                        ),
                        None => String::new(),
                    }
                ),
            ),
            (None, Some(b)) => out.push(
                Impact::Minor,
                subject,
                match &b.stream {
                    Some(stream) => format!(
                        "stream added: {} {}, events {}",
                        b.route.method.as_str(),
                        b.route.path,
                        event_list(stream)
                    ),
                    None => "action added".to_owned(),
                },
            ),
            (Some(a), Some(b)) => action(a, b, &subject, out),
            (None, None) => {}
        }
    }
}

/// The parameter enums, by the parameters that take them: a rename of
/// the enum a parameter takes is breaking; a value added is additive (the
/// enum is `#[non_exhaustive]`), a value removed breaks the code that
/// named its variant.
fn enums(old: &Api, new: &Api, out: &mut Changes) {
    // Each enum by each of its uses.
    let uses = |api: &Api| -> Vec<(String, usize)> {
        let mut uses = Vec::new();
        for (i, e) in api.enums.iter().enumerate() {
            for u in &e.uses {
                uses.push((format!("{}.{}.{}", u.resource, u.action, e.param), i));
            }
        }
        uses
    };
    let (old_uses, new_uses) = (uses(old), uses(new));
    let mut compared: Vec<(usize, usize)> = Vec::new();
    let (mut seen_old, mut seen_new) = (Vec::new(), Vec::new());
    for (_, pair) in diff(&old_uses, &new_uses, |(key, _)| key.as_str()) {
        if let (Some((_, a)), Some((_, b))) = pair {
            seen_old.push(*a);
            seen_new.push(*b);
            if !compared.contains(&(*a, *b)) {
                compared.push((*a, *b));
            }
        }
    }
    for (a, b) in compared {
        let (a, b) = (&old.enums[a], &new.enums[b]);
        let subject = format!("enum `params::{}`", b.ident);
        let names = |e: &ParamEnum| -> Vec<String> {
            std::iter::once(e.ident.clone())
                .chain(e.aliases.clone())
                .collect()
        };
        for gone in names(a).iter().filter(|n| !names(b).contains(n)) {
            out.push(
                Impact::Major,
                &subject,
                format!(
                    "`params::{gone}` is gone: its parameters take `{}`",
                    b.ident
                ),
            );
        }
        variants(&a.variants, &b.variants, &subject, out);
    }
    for (i, e) in old.enums.iter().enumerate() {
        if !seen_old.contains(&i) {
            out.push(
                Impact::Major,
                format!("enum `params::{}`", e.ident),
                "removed",
            );
        }
    }
    for (i, e) in new.enums.iter().enumerate() {
        if !seen_new.contains(&i) {
            out.push(
                Impact::Minor,
                format!("enum `params::{}`", e.ident),
                format!("added, for `{}`", e.param),
            );
        }
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, subject: impl Into<String>, what: impl Into<String>) {
        self.0.push(Change {
            impact,
            subject: subject.into(),
            what: what.into(),
        });
    }
}

fn meta(old: &Api, new: &Api, out: &mut Changes) {
    let (a, b) = (&old.meta, &new.meta);
    if a.crate_name != b.crate_name {
        out.push(
            Impact::Major,
            "crate",
            format!("renamed from `{}` to `{}`", a.crate_name, b.crate_name),
        );
    }
    if a.base_url != b.base_url {
        out.push(
            Impact::Patch,
            "base URL",
            format!("now `{}` (was `{}`)", b.base_url, a.base_url),
        );
    }
    if a.version != b.version {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
        out.push(
            Impact::Patch,
            "`Accept-Version`",
            format!("now `{}` (was `{}`)", show(&b.version), show(&a.version)),
        );
    }
    if a.default_query != b.default_query {
        out.push(
            Impact::Patch,
            "default query",
            "the parameters sent on every call changed",
        );
    }
}

/// The change of the runtime version the generated crate requires, if it
/// changed (`old` is `None` for a crate generated before it was recorded).
/// Within one semver-compatible range (`0.1.0` to `0.1.4`) code that
/// compiled still does, and cargo updates the runtime: additive. Across
/// ranges (`0.1` to `0.2`) it is breaking: the crate's API is made of the
/// runtime's types (its `Error`, `ClientBuilder`, `Request`), which become
/// others.
pub fn runtime_requirement(old: Option<&str>, new: &str) -> Option<Change> {
    let old = old.filter(|old| *old != new)?;
    let compatible = |from: &str, to: &str| {
        let (Ok(from), Ok(to)) = (semver::Version::parse(from), semver::Version::parse(to)) else {
            return false;
        };
        semver::VersionReq::parse(&format!("^{from}")).is_ok_and(|req| req.matches(&to))
    };
    let (impact, why) = if compatible(old, new) || compatible(new, old) {
        (Impact::Minor, "semver-compatible")
    } else {
        (
            Impact::Major,
            "incompatible: the re-exported runtime types change",
        )
    };
    Some(Change {
        impact,
        subject: format!("runtime `{}`", crate::RUNTIME_CRATE),
        what: format!("the crate now requires `{new}` (was `{old}`), {why}"),
    })
}

fn codes(responses: &[crate::ir::Response]) -> Vec<u16> {
    responses.iter().map(|r| r.code).collect()
}

/// How a new parameter's value travels, when it has a query style.
fn style_note(param: &Param) -> String {
    param
        .style
        .map(|style| format!(", sent in the query {}", style.describe()))
        .unwrap_or_default()
}

fn action(old: &Action, new: &Action, subject: &str, out: &mut Changes) {
    if (old.route.method, &old.route.path) != (new.route.method, &new.route.path) {
        out.push(
            Impact::Patch,
            subject,
            format!(
                "now `{} {}` (was `{} {}`)",
                new.route.method.as_str(),
                new.route.path,
                old.route.method.as_str(),
                old.route.path
            ),
        );
    }
    let (a, b) = (&old.idents, &new.idents);
    for (what, was, is) in [
        ("method", Some(&a.method), Some(&b.method)),
        ("request type", Some(&a.request), Some(&b.request)),
        (
            "enum of success bodies",
            a.responses.as_ref(),
            b.responses.as_ref(),
        ),
    ] {
        if let (Some(was), Some(is), true) = (was, is, was != is) {
            out.push(
                Impact::Major,
                subject,
                format!("its {what} is now `{is}` (was `{was}`)"),
            );
        }
    }
    params(old, new, subject, out);
    paging(old, new, subject, out);
    stream(old, new, subject, out);
    let (sa, sb) = (
        old.success_type().to_string(),
        new.success_type().to_string(),
    );
    if sa != sb {
        out.push(
            Impact::Major,
            subject,
            format!("now returns `{sb}` (was `{sa}`)"),
        );
    }
    if codes(&old.success) != codes(&new.success) {
        out.push(
            Impact::Patch,
            subject,
            format!(
                "success statuses now {:?} (were {:?})",
                codes(&new.success),
                codes(&old.success)
            ),
        );
    }
    let (ea, eb) = (codes(&old.errors), codes(&new.errors));
    for code in eb.iter().filter(|c| !ea.contains(c)) {
        out.push(
            Impact::Patch,
            subject,
            format!("error response {code} documented"),
        );
    }
    for code in ea.iter().filter(|c| !eb.contains(c)) {
        out.push(
            Impact::Patch,
            subject,
            format!("error response {code} no longer documented"),
        );
    }
    if old.description != new.description {
        out.push(Impact::Patch, subject, "description changed");
    }
}

/// An action's parameters, by wire name; their Rust names (a setter that
/// now sets another parameter compiles and sends the wrong one); the
/// order of its arguments (two that swap places compile and send each
/// other's value).
fn params(old: &Action, new: &Action, subject: &str, out: &mut Changes) {
    let pairs = diff(&old.params, &new.params, |p| p.name.as_str());
    for (name, pair) in &pairs {
        match *pair {
            (Some(p), None) => out.push(
                Impact::Major,
                subject,
                format!(
                    "{} parameter `{name}` removed",
                    if p.required { "required" } else { "optional" }
                ),
            ),
            (None, Some(p)) if p.required => out.push(
                Impact::Major,
                subject,
                format!(
                    "required parameter `{name}` added: a new argument{}",
                    style_note(p)
                ),
            ),
            (None, Some(p)) => out.push(
                Impact::Minor,
                subject,
                format!(
                    "optional parameter `{name}` added: a new setter{}",
                    style_note(p)
                ),
            ),
            (Some(a), Some(b)) => param(a, b, subject, out),
            (None, None) => {}
        }
    }
    renames(
        pairs.iter().filter_map(|(name, pair)| match pair {
            (Some(a), Some(b)) if a.required == b.required => Some((*name, &*a.ident, &*b.ident)),
            _ => None,
        }),
        new.params
            .iter()
            .map(|p| (p.ident.as_str(), p.name.as_str())),
        "Rust name",
        subject,
        out,
    );
    let order = |action: &Action| -> Vec<String> {
        action.arguments().iter().map(|p| p.name.clone()).collect()
    };
    let (was, is) = (order(old), order(new));
    let kept: Vec<&String> = was.iter().filter(|n| is.contains(n)).collect();
    let now: Vec<&String> = is.iter().filter(|n| was.contains(n)).collect();
    if kept != now {
        out.push(
            Impact::Major,
            subject,
            format!(
                "its arguments are now ({}) (were ({})): calls still compile with the values swapped",
                is.join(", "),
                was.join(", ")
            ),
        );
    }
}

/// One parameter in both versions.
fn param(a: &Param, b: &Param, subject: &str, out: &mut Changes) {
    let name = &b.name;
    if a.required != b.required {
        let now = if b.required {
            "required: an argument, no longer a setter"
        } else {
            "optional: a setter, no longer an argument"
        };
        out.push(
            Impact::Major,
            subject,
            format!("parameter `{name}` is now {now}"),
        );
    }
    let (ta, tb) = (a.arg.to_string(), b.arg.to_string());
    if ta != tb && still_takes(&a.arg, &b.arg) {
        out.push(
            Impact::Minor,
            subject,
            format!(
                "parameter `{name}` now takes `{tb}` (was `{ta}`), which takes every value it took"
            ),
        );
    } else if ta != tb {
        out.push(
            Impact::Major,
            subject,
            format!("parameter `{name}` is now `{tb}` (was `{ta}`)"),
        );
    }
    if let (Some(was), Some(now)) = (a.style, b.style) {
        if was != now {
            out.push(
                Impact::Patch,
                subject,
                format!(
                    "query parameter `{name}` is now sent {} (was {})",
                    now.describe(),
                    was.describe()
                ),
            );
        }
    }
    if a.location != b.location {
        out.push(
            Impact::Patch,
            subject,
            format!(
                "parameter `{name}` now travels in the {} (was the {})",
                b.location.as_str(),
                a.location.as_str()
            ),
        );
    }
}

/// `` `deviceState` (Device State) ``, for each event of a stream.
fn event_list(stream: &Stream) -> String {
    let events: Vec<String> = stream
        .events
        .iter()
        .map(|e| format!("`{}` ({})", e.name, e.schema.title))
        .collect();
    events.join(", ")
}

/// An event stream's events, by name, and its keep-alive. Its enum of
/// events is exhaustive but for `Unknown`: an event added is a variant
/// that breaks exhaustive matches (and takes events `Unknown` had), an
/// event removed a variant gone; an event whose data is another type
/// breaks the code reading it.
fn stream(old: &Action, new: &Action, subject: &str, out: &mut Changes) {
    let (a, b) = match (&old.stream, &new.stream) {
        (None, None) => return,
        (Some(_), None) => {
            out.push(
                Impact::Major,
                subject,
                "no longer an event stream: its request now answers JSON, its enum of events is gone",
            );
            return;
        }
        (None, Some(_)) => {
            out.push(
                Impact::Major,
                subject,
                "now an event stream: its request opens a stream of events instead of answering JSON",
            );
            return;
        }
        (Some(a), Some(b)) => (a, b),
    };
    let (Some(ia), Some(ib)) = (&old.idents.events, &new.idents.events) else {
        return;
    };
    if ia.name != ib.name {
        out.push(
            Impact::Major,
            subject,
            format!(
                "its enum of events is now `{}` (was `{}`)",
                ib.name, ia.name
            ),
        );
    }
    let variant = |idents: &crate::ir::EventIdents, event: &str| {
        idents
            .variants
            .iter()
            .find(|v| v.event == event)
            .map(|v| v.variant.clone())
            .unwrap_or_default()
    };
    for (name, pair) in diff(&a.events, &b.events, |e| e.name.as_str()) {
        match pair {
            (Some(_), None) => out.push(
                Impact::Major,
                subject,
                format!(
                    "event `{name}` removed, with its variant `{}::{}`: it now arrives as `Unknown`",
                    ia.name,
                    variant(ia, name)
                ),
            ),
            (None, Some(e)) => out.push(
                Impact::Major,
                subject,
                format!(
                    "event `{name}` added ({}), the variant `{}::{}`: exhaustive matches break, and the events `Unknown` held under that name move to it",
                    e.schema.title,
                    ib.name,
                    variant(ib, name)
                ),
            ),
            (Some(x), Some(y)) => {
                // The Rust type is what users' code names: another schema
                // of the same type breaks nothing.
                if x.rust != y.rust {
                    out.push(
                        Impact::Major,
                        subject,
                        format!(
                            "event `{name}` now holds `{}` ({}) (was `{}` ({}))",
                            y.rust, y.schema.title, x.rust, x.schema.title
                        ),
                    );
                }
                let (was, is) = (variant(ia, name), variant(ib, name));
                if was != is {
                    out.push(
                        Impact::Major,
                        subject,
                        format!("the variant of event `{name}` is now `{is}` (was `{was}`)"),
                    );
                }
            }
            (None, None) => {}
        }
    }
    let keep_alive = match (&a.keep_alive, &b.keep_alive) {
        (Some(was), None) => format!(
            "no longer has a keep-alive parameter (was `{was}`): its idle limit no longer follows one"
        ),
        (None, Some(now)) => {
            format!("its keep-alive parameter is now `{now}`: its idle limit follows it")
        }
        (Some(was), Some(now)) if was != now => {
            format!("its keep-alive parameter is now `{now}` (was `{was}`)")
        }
        _ => return,
    };
    out.push(Impact::Patch, subject, keep_alive);
}

/// A paged list's streams added, removed or retyped, and where they start.
fn paging(old: &Action, new: &Action, subject: &str, out: &mut Changes) {
    match (&old.paging, &new.paging) {
        (None, Some(p)) => out.push(
            Impact::Minor,
            subject,
            format!(
                "now a paged list: `pages()` and `items()` stream it (by `{}`)",
                p.by.param()
            ),
        ),
        (Some(_), None) => out.push(
            Impact::Major,
            subject,
            "no longer a paged list: `pages()` and `items()` removed",
        ),
        (Some(a), Some(b)) => {
            if a.item != b.item {
                out.push(
                    Impact::Major,
                    subject,
                    format!("`items()` now streams `{}` (was `{}`)", b.item, a.item),
                );
            }
            match (&a.by, &b.by) {
                (
                    PageBy::Number {
                        param: pa,
                        first: fa,
                    },
                    PageBy::Number {
                        param: pb,
                        first: fb,
                    },
                ) if pa == pb && fa != fb => {
                    out.push(
                        Impact::Patch,
                        subject,
                        format!(
                            "a stream the caller starts nowhere now starts at page `{fb}` of `{pb}` (was `{fa}`): the documented default moved"
                        ),
                    );
                }
                (was, now)
                    if was.param() != now.param()
                        || std::mem::discriminant(was) != std::mem::discriminant(now) =>
                {
                    out.push(
                        Impact::Patch,
                        subject,
                        format!(
                            "its pages now move by `{}` (was by `{}`)",
                            now.param(),
                            was.param()
                        ),
                    );
                }
                _ => {}
            }
            if a.total.is_some() != b.total.is_some() {
                out.push(
                    Impact::Patch,
                    subject,
                    match b.total {
                        Some(_) => "its streams now end at the total count (was: at an empty page)",
                        None => "its streams now end at an empty page (was: at the total count)",
                    },
                );
            }
        }
        (None, None) => {}
    }
}

/// The values of a string enum, old and new, by wire value: removed
/// (breaking), added (additive: the enums are `#[non_exhaustive]`), a
/// variant renamed, and the order of the variants (the enums derive
/// `PartialOrd`/`Ord`, so a reorder changes what comparisons return).
fn variants(old: &[Variant], new: &[Variant], subject: &str, out: &mut Changes) {
    let pairs = diff(old, new, |v| v.wire.as_str());
    for (wire, pair) in &pairs {
        match pair {
            (Some(_), None) => out.push(Impact::Major, subject, format!("value `{wire}` removed")),
            (None, Some(_)) => out.push(Impact::Minor, subject, format!("value `{wire}` added")),
            _ => {}
        }
    }
    renames(
        pairs.iter().filter_map(|(wire, pair)| match pair {
            (Some(a), Some(b)) => Some((*wire, a.name.as_str(), b.name.as_str())),
            _ => None,
        }),
        new.iter().map(|v| (v.name.as_str(), v.wire.as_str())),
        "variant",
        subject,
        out,
    );
    let kept: Vec<&str> = old
        .iter()
        .map(|v| v.wire.as_str())
        .filter(|w| new.iter().any(|v| v.wire == *w))
        .collect();
    let now: Vec<&str> = new
        .iter()
        .map(|v| v.wire.as_str())
        .filter(|w| old.iter().any(|v| v.wire == *w))
        .collect();
    let last_new = new
        .iter()
        .rposition(|v| !old.iter().any(|o| o.wire == v.wire));
    let first_kept = new
        .iter()
        .position(|v| old.iter().any(|o| o.wire == v.wire));
    if kept != now || last_new.zip(first_kept).is_some_and(|(n, k)| n < k) {
        out.push(
            Impact::Major,
            subject,
            "its variants are in another order: comparisons (`<`, `sort`) of its values change",
        );
    }
}

/// Whether every value a parameter taken as `old` was passed still
/// compiles when it is taken as `new`: cargo's semver guide counts
/// generalizing an argument to a generic that takes the old type as a
/// minor change.
fn still_takes(old: &ArgType, new: &ArgType) -> bool {
    matches!(
        (old, new),
        (
            ArgType::Bool | ArgType::Numeric | ArgType::Enum(_),
            ArgType::Text
        )
    )
}

/// The documented schemas' titles and anchors: the docs' own names, which
/// the Rust names do not follow (the names lock keeps a schema's type name
/// by its anchor, or by its title when only the anchor moved).
fn schemas(old: &Api, new: &Api, out: &mut Changes) {
    for (anchor, pair) in diff(&old.schemas, &new.schemas, |s| s.anchor.as_str()) {
        match pair {
            (Some(a), Some(b)) if a.title != b.title => out.push(
                Impact::Patch,
                format!("schema `{anchor}`"),
                format!(
                    "now titled `{}` (was `{}`); its type is `{}` (was `{}`)",
                    b.title, a.title, b.ident, a.ident
                ),
            ),
            (Some(a), None) => {
                if let Some(b) = new.schemas.iter().find(|b| b.title == a.title) {
                    out.push(
                        Impact::Patch,
                        format!("schema `{}`", a.title),
                        format!(
                            "its anchor is now `{}` (was `{anchor}`); its type is `{}` (was `{}`)",
                            b.anchor, b.ident, a.ident
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// The models, by identity: each type by its places, so a type that kept
/// its places under another name is a rename (breaking unless the old name
/// is still there, as an alias of it), and a name that now stands for
/// another type is reported as such. Types are compared through their
/// aliases (an alias is the type it names), so a field whose type is now
/// an alias of the same type has not changed.
fn types(old: &Api, new: &Api, out: &mut Changes) {
    let places = |def: &TypeDef| -> Vec<String> {
        std::iter::once(def.origin.clone())
            .chain(def.places.iter().cloned())
            .collect()
    };
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for (j, def) in new.types.iter().enumerate() {
        for place in places(def) {
            at.entry(place).or_insert(j);
        }
    }
    let by_name: BTreeMap<&str, usize> = new
        .types
        .iter()
        .enumerate()
        .map(|(j, d)| (d.name.as_str(), j))
        .collect();
    let (old_types, new_types) = (Types(old), Types(new));
    let mut matched_new = vec![false; new.types.len()];
    for a in &old.types {
        // The new type most of its places have, else the one of its name.
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for place in places(a) {
            if let Some(&j) = at.get(&place) {
                *votes.entry(j).or_default() += 1;
            }
        }
        let most = votes.values().copied().max();
        let found = votes
            .iter()
            .find(|(_, n)| Some(**n) == most)
            .map(|(j, _)| *j)
            .or_else(|| by_name.get(a.name.as_str()).copied());
        let subject = format!("type `{}`", a.name);
        let Some(j) = found else {
            out.push(Impact::Major, subject, "removed");
            continue;
        };
        matched_new[j] = true;
        let b = &new.types[j];
        let same_type = |name: &str| {
            by_name.get(name).is_some_and(|&k| {
                new_types.resolve(&TypeRef::Named(new.types[k].name.clone()))
                    == new_types.resolve(&TypeRef::Named(b.name.clone()))
            })
        };
        if b.name != a.name {
            if same_type(&a.name) {
                out.push(
                    Impact::Patch,
                    &subject,
                    format!(
                        "its places now name it `{}` too, an alias of the same type",
                        b.name
                    ),
                );
            } else {
                out.push(Impact::Major, &subject, format!("renamed to `{}`", b.name));
                if let Some(&k) = by_name.get(a.name.as_str()) {
                    out.push(
                        Impact::Major,
                        &subject,
                        format!(
                            "the name now stands for another type (of `{}`): code naming it still compiles where the two agree",
                            new.types[k].origin
                        ),
                    );
                }
            }
        }
        type_def(
            a,
            b,
            (&old_types, &new_types),
            &format!("type `{}`", b.name),
            out,
        );
    }
    for (j, b) in new.types.iter().enumerate() {
        if !matched_new[j] && !old.types.iter().any(|a| a.name == b.name) {
            out.push(Impact::Minor, format!("type `{}`", b.name), "added");
        }
    }
}

/// The models of one IR, to see a type through its aliases.
struct Types<'a>(&'a Api);

impl Types<'_> {
    /// `ty` with every alias replaced by the type it names.
    fn resolve(&self, ty: &TypeRef) -> TypeRef {
        self.resolve_within(ty, crate::limits::ALIAS_HOPS)
    }

    fn resolve_within(&self, ty: &TypeRef, hops: usize) -> TypeRef {
        let inner = |t: &TypeRef| Box::new(self.resolve_within(t, hops));
        match ty {
            TypeRef::Named(name) if hops > 0 => {
                match self
                    .0
                    .types
                    .iter()
                    .find(|d| d.name == *name)
                    .map(|d| &d.kind)
                {
                    Some(TypeKind::Alias { target }) => self.resolve_within(target, hops - 1),
                    _ => ty.clone(),
                }
            }
            TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
            TypeRef::Map(t) => TypeRef::Map(inner(t)),
            TypeRef::Option(t) => TypeRef::Option(inner(t)),
            TypeRef::Box(t) => TypeRef::Box(inner(t)),
            _ => ty.clone(),
        }
    }
}

fn type_def(
    old: &TypeDef,
    new: &TypeDef,
    (old_types, new_types): (&Types, &Types),
    subject: &str,
    out: &mut Changes,
) {
    let same = |a: &TypeRef, b: &TypeRef| old_types.resolve(a) == new_types.resolve(b);
    match (&old.kind, &new.kind) {
        (
            TypeKind::Struct {
                fields: fa,
                additional: xa,
            },
            TypeKind::Struct {
                fields: fb,
                additional: xb,
            },
        ) => {
            let pairs = diff(fa, fb, |f| f.wire.as_str());
            for (wire, pair) in &pairs {
                match *pair {
                    (Some(_), None) => {
                        out.push(Impact::Major, subject, format!("field `{wire}` removed"))
                    }
                    // Cargo's semver guide: a public field added to a struct
                    // whose fields are all public breaks struct literals.
                    (None, Some(f)) => out.push(
                        Impact::Major,
                        subject,
                        format!(
                            "{} field `{wire}` added (breaks struct literals)",
                            if f.required { "required" } else { "optional" }
                        ),
                    ),
                    (Some(x), Some(y)) => {
                        if !same(&x.ty, &y.ty) {
                            out.push(
                                Impact::Major,
                                subject,
                                format!("field `{wire}` is now `{}` (was `{}`)", y.ty, x.ty),
                            );
                        }
                        if x.required != y.required {
                            let now = if y.required { "required" } else { "optional" };
                            out.push(
                                Impact::Major,
                                subject,
                                format!("field `{wire}` is now {now}"),
                            );
                        }
                        if x.nullable != y.nullable {
                            out.push(Impact::Major, subject, nullability(wire, x, y));
                        }
                    }
                    (None, None) => {}
                }
            }
            renames(
                pairs.iter().filter_map(|(wire, pair)| match pair {
                    (Some(x), Some(y)) => Some((*wire, x.name.as_str(), y.name.as_str())),
                    _ => None,
                }),
                fb.iter().map(|f| (f.name.as_str(), f.wire.as_str())),
                "field",
                subject,
                out,
            );
            let extra_same = match (xa, xb) {
                (Some(x), Some(y)) => same(x, y),
                (x, y) => x.is_none() == y.is_none(),
            };
            if !extra_same {
                let what = match (xa, xb) {
                    (None, Some(_)) => "now keeps properties it does not list".to_owned(),
                    (Some(_), None) => "no longer keeps properties it does not list".to_owned(),
                    (Some(x), Some(y)) => format!("extra properties are now `{y}` (were `{x}`)"),
                    (None, None) => String::new(),
                };
                out.push(Impact::Major, subject, what);
            }
        }
        (TypeKind::Enum { variants: va }, TypeKind::Enum { variants: vb }) => {
            variants(va, vb, subject, out)
        }
        (TypeKind::Union { variants: va }, TypeKind::Union { variants: vb }) => {
            for (name, pair) in diff(va, vb, |v| v.name.as_str()) {
                match pair {
                    (Some(_), None) => {
                        out.push(Impact::Major, subject, format!("variant `{name}` removed"))
                    }
                    (None, Some(_)) => {
                        out.push(Impact::Major, subject, format!("variant `{name}` added"))
                    }
                    (Some(x), Some(y)) if !same(&x.ty, &y.ty) => out.push(
                        Impact::Major,
                        subject,
                        format!("variant `{name}` now holds `{}` (was `{}`)", y.ty, x.ty),
                    ),
                    _ => {}
                }
            }
        }
        (TypeKind::ByStatus { variants: va }, TypeKind::ByStatus { variants: vb }) => {
            // The enum is exhaustive: a new status breaks matches too.
            for (code, pair) in diff(va, vb, |v| v.code) {
                match pair {
                    (Some(x), None) => out.push(
                        Impact::Major,
                        subject,
                        format!("variant `{}` (status {code}) removed", x.name),
                    ),
                    (None, Some(y)) => out.push(
                        Impact::Major,
                        subject,
                        format!("variant `{}` (status {code}, `{}`) added", y.name, y.ty),
                    ),
                    (Some(x), Some(y)) if !same(&x.ty, &y.ty) => out.push(
                        Impact::Major,
                        subject,
                        format!(
                            "variant `{}` (status {code}) now holds `{}` (was `{}`)",
                            y.name, y.ty, x.ty
                        ),
                    ),
                    _ => {}
                }
            }
        }
        (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) if !same(a, b) => {
            out.push(Impact::Major, subject, format!("now `{b}` (was `{a}`)"));
        }
        // A type that became an alias of the type it was, or the reverse
        // (one of two names now the definition): the same type.
        (TypeKind::Alias { target }, _) if same(target, &TypeRef::Named(new.name.clone())) => {}
        (_, TypeKind::Alias { target }) if same(&TypeRef::Named(old.name.clone()), target) => {}
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => out.push(
            Impact::Major,
            subject,
            format!(
                "is now {} (was {})",
                kind_name(&new.kind),
                kind_name(&old.kind)
            ),
        ),
        _ => {}
    }
}

/// A property that may now be `null`, or no longer: in a response, code
/// that reads it has a `null` to handle (or no longer); in a request, a
/// `null` to send. Either way the field's type changes, which cargo's
/// semver guide counts as breaking.
fn nullability(wire: &str, old: &Field, new: &Field) -> String {
    let what = if new.nullable {
        "may now be `null`"
    } else {
        "may no longer be `null`"
    };
    format!(
        "field `{wire}` {what}: the field is now `{}` (was `{}`)",
        new.rust_type(),
        old.rust_type()
    )
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::Enum { .. } => "a string enum",
        TypeKind::Union { .. } => "a union",
        TypeKind::ByStatus { .. } => "an enum of the success statuses",
        TypeKind::Alias { .. } => "an alias",
    }
}

/// A version the report cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version (major.minor.patch)")]
pub struct VersionError(pub String);

/// The version after `impact`, by cargo's rules: in `0.y.z` a breaking
/// change bumps `y` and anything else `z`.
pub fn next_version(current: &str, impact: Option<Impact>) -> Result<String, VersionError> {
    let version = semver::Version::parse(current).map_err(|_| VersionError(current.to_owned()))?;
    let Some(impact) = impact else {
        return Ok(current.to_owned());
    };
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    Ok(match (major, minor, impact) {
        (0, 0, _) => format!("0.0.{}", patch + 1),
        (0, _, Impact::Major) => format!("0.{}.0", minor + 1),
        (0, _, _) => format!("0.{minor}.{}", patch + 1),
        (_, _, Impact::Major) => format!("{}.0.0", major + 1),
        (_, _, Impact::Minor) => format!("{major}.{}.0", minor + 1),
        (_, _, Impact::Patch) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// The version `--bump` sets, if any: what the changes need after the
/// previous generation's version, unless the version the overlay says now
/// is already at or above it (set by hand for a release): a bump never
/// lowers a version.
pub fn bump(
    previous: &str,
    current: &str,
    impact: Option<Impact>,
) -> Result<Option<String>, VersionError> {
    let next = next_version(previous, impact)?;
    let parse = |v: &str| semver::Version::parse(v).map_err(|_| VersionError(v.to_owned()));
    Ok((parse(&next)? > parse(current)?).then_some(next))
}

/// The report as Markdown, for a pull request.
pub fn markdown(crate_name: &str, current: &str, changes: &[Change]) -> String {
    let impact = changes.iter().map(|c| c.impact).max();
    let mut out = format!("## API changes of `{crate_name}`\n\n");
    let Some(impact) = impact else {
        out.push_str("No change to the API.\n");
        return out;
    };
    let next = match next_version(current, Some(impact)) {
        Ok(next) => format!("`{next}`"),
        Err(e) => format!("unknown ({e})"),
    };
    let level = match impact {
        Impact::Major => "breaking",
        Impact::Minor => "additive",
        Impact::Patch => "patch-level",
    };
    let _ = writeln!(
        out,
        "Version: `{current}` → {next} (the largest change is {level}).\n"
    );
    for (impact, title) in [
        (Impact::Major, "Breaking"),
        (Impact::Minor, "Additive"),
        (Impact::Patch, "No API change"),
    ] {
        let listed: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", listed.len());
        for change in listed {
            let _ = writeln!(out, "- {}: {}", change.subject, change.what);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_runtime_requirement_is_reported_by_compatibility() {
        let impact = |old, new| runtime_requirement(old, new).map(|c| c.impact);
        assert_eq!(impact(None, "0.1.0"), None);
        assert_eq!(impact(Some("0.1.0"), "0.1.0"), None);
        assert_eq!(impact(Some("0.1.0"), "0.1.4"), Some(Impact::Minor));
        assert_eq!(impact(Some("1.2.0"), "1.5.0"), Some(Impact::Minor));
        assert_eq!(impact(Some("0.1.4"), "0.1.0"), Some(Impact::Minor));
        assert_eq!(impact(Some("0.1.4"), "0.2.0"), Some(Impact::Major));
        assert_eq!(impact(Some("1.0.0"), "2.0.0"), Some(Impact::Major));
        assert_eq!(impact(Some("0.0.1"), "0.0.2"), Some(Impact::Major));
        let change = runtime_requirement(Some("0.1.0"), "0.2.0").unwrap();
        assert_eq!(change.subject, "runtime `mdsdk-runtime`");
        assert!(
            change
                .what
                .starts_with("the crate now requires `0.2.0` (was `0.1.0`)")
        );
    }

    #[test]
    fn versions_follow_cargos_rules() {
        let cases = [
            ("0.1.0", Some(Impact::Major), "0.2.0"),
            ("0.1.3", Some(Impact::Minor), "0.1.4"),
            ("0.1.3", Some(Impact::Patch), "0.1.4"),
            ("0.0.3", Some(Impact::Major), "0.0.4"),
            ("1.2.3", Some(Impact::Major), "2.0.0"),
            ("1.2.3", Some(Impact::Minor), "1.3.0"),
            ("1.2.3", Some(Impact::Patch), "1.2.4"),
            ("1.2.3", None, "1.2.3"),
            ("1.2.3-beta.1", Some(Impact::Patch), "1.2.4"),
        ];
        for (current, impact, next) in cases {
            assert_eq!(
                next_version(current, impact).unwrap(),
                next,
                "{current} {impact:?}"
            );
        }
        assert!(next_version("one", Some(Impact::Patch)).is_err());
    }

    #[test]
    fn a_bump_never_lowers_a_version() {
        let bump = |previous, current, impact| bump(previous, current, Some(impact)).unwrap();
        assert_eq!(
            bump("0.1.0", "0.1.0", Impact::Minor).as_deref(),
            Some("0.1.1")
        );
        assert_eq!(
            bump("0.1.0", "0.1.0", Impact::Major).as_deref(),
            Some("0.2.0")
        );
        // Set by hand for a release, above what the changes need.
        assert_eq!(bump("0.1.0", "1.0.0", Impact::Minor), None);
        assert_eq!(bump("0.1.0", "0.2.0", Impact::Major), None);
        // Set by hand, below: raised.
        assert_eq!(
            bump("0.1.0", "0.1.1", Impact::Major).as_deref(),
            Some("0.2.0")
        );
        assert!(super::bump("0.1.0", "one", Some(Impact::Major)).is_err());
    }
}
