//! What a docs change means for the generated crate's users: the IR of the
//! checked-in crate (its `api.json`) against the IR of the new docs, each
//! difference classified by the rules of cargo's semver guide, and the
//! version bump they add up to.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::ir::{Action, Api, ArgType, Param, ParamEnum};
use crate::types::{TypeDef, TypeKind, TypeRef, Variant};

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
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Changes::default();
    meta(old, new, &mut out);
    let old_resources: BTreeMap<&str, _> = old
        .resources
        .iter()
        .map(|r| (r.accessor.as_str(), r))
        .collect();
    let new_resources: BTreeMap<&str, _> = new
        .resources
        .iter()
        .map(|r| (r.accessor.as_str(), r))
        .collect();
    for (name, pair) in pairs(&old_resources, &new_resources) {
        let subject = format!("resource `{name}`");
        match pair {
            (Some(_), None) => out.push(
                Impact::Major,
                subject,
                "removed, with its module and `Client` accessor",
            ),
            (None, Some(_)) => out.push(Impact::Minor, subject, "added"),
            (Some(old_r), Some(new_r)) => {
                let old_a: BTreeMap<&str, &Action> = old_r
                    .actions
                    .iter()
                    .map(|a| (a.method.as_str(), a))
                    .collect();
                let new_a: BTreeMap<&str, &Action> = new_r
                    .actions
                    .iter()
                    .map(|a| (a.method.as_str(), a))
                    .collect();
                for (method, pair) in pairs(&old_a, &new_a) {
                    let subject = format!("`{name}.{method}`");
                    match pair {
                        (Some(_), None) => out.push(Impact::Major, subject, "action removed"),
                        (None, Some(_)) => out.push(Impact::Minor, subject, "action added"),
                        (Some(a), Some(b)) => action(a, b, &subject, &mut out),
                        (None, None) => {}
                    }
                }
            }
            (None, None) => {}
        }
    }
    let old_types: BTreeMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for (name, pair) in pairs(&old_types, &new_types) {
        let subject = format!("type `{name}`");
        match pair {
            (Some(_), None) => out.push(Impact::Major, subject, "removed"),
            (None, Some(_)) => out.push(Impact::Minor, subject, "added"),
            (Some(a), Some(b)) => type_def(a, b, &subject, &mut out),
            (None, None) => {}
        }
    }
    enums(old, new, &mut out);
    let mut changes = out.0;
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    changes
}

/// The parameter enums, by name: a value added is additive (the enum is
/// `#[non_exhaustive]`), a value removed breaks the code that named its
/// variant.
fn enums(old: &Api, new: &Api, out: &mut Changes) {
    let old_enums: BTreeMap<&str, &ParamEnum> =
        old.enums.iter().map(|e| (e.ident.as_str(), e)).collect();
    let new_enums: BTreeMap<&str, &ParamEnum> =
        new.enums.iter().map(|e| (e.ident.as_str(), e)).collect();
    for (name, pair) in pairs(&old_enums, &new_enums) {
        let subject = format!("enum `params::{name}`");
        match pair {
            (Some(_), None) => out.push(Impact::Major, subject, "removed"),
            (None, Some(e)) => {
                out.push(Impact::Minor, subject, format!("added, for `{}`", e.param))
            }
            (Some(a), Some(b)) => variants(&a.variants, &b.variants, &subject, out),
            (None, None) => {}
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

/// The keys of two maps in order, with what each map holds for them.
fn pairs<'m, K: Ord + Copy, V: Copy>(
    old: &'m BTreeMap<K, V>,
    new: &'m BTreeMap<K, V>,
) -> impl Iterator<Item = (K, (Option<V>, Option<V>))> + 'm {
    let mut keys: Vec<K> = old.keys().chain(new.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| (k, (old.get(&k).copied(), new.get(&k).copied())))
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
    let old_p: BTreeMap<&str, &Param> = old.params.iter().map(|p| (p.name.as_str(), p)).collect();
    let new_p: BTreeMap<&str, &Param> = new.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for (name, pair) in pairs(&old_p, &new_p) {
        match pair {
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
            (Some(a), Some(b)) => {
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
            (None, None) => {}
        }
    }
    paging(old, new, subject, out);
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

/// A paged list's streams added, removed or retyped.
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
            if a.by != b.by || a.total.is_some() != b.total.is_some() {
                out.push(
                    Impact::Patch,
                    subject,
                    format!(
                        "its pages now move by `{}` and end {} (was by `{}`)",
                        b.by.param(),
                        if b.total.is_some() {
                            "at the total count"
                        } else {
                            "at an empty page"
                        },
                        a.by.param()
                    ),
                );
            }
        }
        (None, None) => {}
    }
}

/// The values of a string enum, old and new.
fn variants(old: &[Variant], new: &[Variant], subject: &str, out: &mut Changes) {
    let by_wire = |variants: &'_ [Variant]| -> BTreeMap<String, String> {
        variants
            .iter()
            .map(|v| (v.wire.clone(), v.name.clone()))
            .collect()
    };
    let (a, b) = (by_wire(old), by_wire(new));
    for (wire, pair) in pairs(&a.iter().collect(), &b.iter().collect()) {
        match pair {
            (Some(_), None) => out.push(Impact::Major, subject, format!("value `{wire}` removed")),
            // The enum is `#[non_exhaustive]`.
            (None, Some(_)) => out.push(Impact::Minor, subject, format!("value `{wire}` added")),
            (Some(x), Some(y)) if x != y => out.push(
                Impact::Major,
                subject,
                format!("the variant of `{wire}` is now `{y}` (was `{x}`)"),
            ),
            _ => {}
        }
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
            ArgType::Str | ArgType::Bool | ArgType::Number | ArgType::Numeric | ArgType::Enum(_),
            ArgType::Text
        ) | (ArgType::Number, ArgType::Numeric)
            // `From<&str>` and `From<&String>`, for what `&str` took.
            | (ArgType::Str, ArgType::Enum(_))
    )
}

fn type_def(old: &TypeDef, new: &TypeDef, subject: &str, out: &mut Changes) {
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
            let a: BTreeMap<&str, _> = fa.iter().map(|f| (f.wire.as_str(), f)).collect();
            let b: BTreeMap<&str, _> = fb.iter().map(|f| (f.wire.as_str(), f)).collect();
            for (wire, pair) in pairs(&a, &b) {
                match pair {
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
                        if x.ty != y.ty {
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
                    }
                    (None, None) => {}
                }
            }
            if xa != xb {
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
            let a: BTreeMap<&str, &TypeRef> = va.iter().map(|v| (v.name.as_str(), &v.ty)).collect();
            let b: BTreeMap<&str, &TypeRef> = vb.iter().map(|v| (v.name.as_str(), &v.ty)).collect();
            for (name, pair) in pairs(&a, &b) {
                match pair {
                    (Some(_), None) => {
                        out.push(Impact::Major, subject, format!("variant `{name}` removed"))
                    }
                    (None, Some(_)) => {
                        out.push(Impact::Major, subject, format!("variant `{name}` added"))
                    }
                    (Some(x), Some(y)) if x != y => out.push(
                        Impact::Major,
                        subject,
                        format!("variant `{name}` now holds `{y}` (was `{x}`)"),
                    ),
                    _ => {}
                }
            }
        }
        (TypeKind::ByStatus { variants: va }, TypeKind::ByStatus { variants: vb }) => {
            let a: BTreeMap<u16, _> = va.iter().map(|v| (v.code, v)).collect();
            let b: BTreeMap<u16, _> = vb.iter().map(|v| (v.code, v)).collect();
            for (code, pair) in pairs(&a, &b) {
                // The enum is exhaustive: a new status breaks matches too.
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
                    (Some(x), Some(y)) if x.ty != y.ty => out.push(
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
        (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) if a != b => {
            out.push(Impact::Major, subject, format!("now `{b}` (was `{a}`)"));
        }
        (TypeKind::Alias { .. }, TypeKind::Alias { .. }) => {}
        _ => out.push(
            Impact::Major,
            subject,
            format!(
                "is now {} (was {})",
                kind_name(&new.kind),
                kind_name(&old.kind)
            ),
        ),
    }
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

/// The version after `impact`, by cargo's rules: in `0.y.z` a breaking
/// change bumps `y` and anything else `z`.
pub fn next_version(current: &str, impact: Option<Impact>) -> Result<String, String> {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let parts: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{current}` is not a version"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("`{current}` is not a version"));
    };
    let Some(impact) = impact else {
        return Ok(current.to_owned());
    };
    Ok(match (major, minor, impact) {
        (0, 0, _) => format!("0.0.{}", patch + 1),
        (0, _, Impact::Major) => format!("0.{}.0", minor + 1),
        (0, _, _) => format!("0.{minor}.{}", patch + 1),
        (_, _, Impact::Major) => format!("{}.0.0", major + 1),
        (_, _, Impact::Minor) => format!("{major}.{}.0", minor + 1),
        (_, _, Impact::Patch) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// The report as Markdown, for a pull request.
pub fn markdown(crate_name: &str, current: &str, changes: &[Change]) -> String {
    let impact = changes.iter().map(|c| c.impact).max();
    let next = next_version(current, impact).unwrap_or_else(|e| e);
    let mut out = format!("## API changes of `{crate_name}`\n\n");
    let Some(impact) = impact else {
        out.push_str("No change to the API.\n");
        return out;
    };
    let level = match impact {
        Impact::Major => "breaking",
        Impact::Minor => "additive",
        Impact::Patch => "patch-level",
    };
    let _ = writeln!(
        out,
        "Version: `{current}` → `{next}` (the largest change is {level}).\n"
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
}
