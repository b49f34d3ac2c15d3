//! The overlay's `[crate]` and `[api]` sections, checked value by value:
//! each goes into the generated crate's `Cargo.toml` or its client's
//! defaults, so each must make a crate that builds and a client whose
//! `Client::new()` cannot fail. A bad value is an error at its line of
//! `api.toml`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostics;
use crate::ir::{ApiMeta, DefaultQuery, Scalar};
use crate::source::SourceFile;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CrateSection {
    name: Spanned<String>,
    version: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    benches: Vec<Spanned<String>>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    repository: Option<Spanned<String>>,
    #[serde(default)]
    keywords: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    categories: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ApiSection {
    #[serde(default)]
    title: Option<String>,
    base_url: Spanned<String>,
    #[serde(default)]
    version: Option<Spanned<String>>,
    #[serde(default)]
    header_params: Vec<Spanned<String>>,
    #[serde(default)]
    default_query: BTreeMap<String, Spanned<toml::Value>>,
    /// Read by [`super::query_style`], not here.
    #[serde(default)]
    pub(super) query_style: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) query_style_by_name: BTreeMap<String, Spanned<String>>,
}

/// Crate names the generated crate depends on or that Rust reserves:
/// a crate of that name could not name them.
const TAKEN_CRATE_NAMES: &[&str] = &[
    "mdsdk_runtime",
    "serde",
    "serde_json",
    "tokio",
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
];

/// The API-wide facts, each checked.
pub(super) fn meta(
    file: &SourceFile,
    krate: CrateSection,
    api: ApiSection,
    diags: &mut Diagnostics,
) -> ApiMeta {
    let mut check = |value: &Spanned<String>, problem: Option<String>, help: &str| {
        if let Some(problem) = problem {
            diags.error(&file.loc(value.span()), problem, help);
        }
    };
    check(
        &krate.name,
        own_name_problem(krate.name.get_ref()).map(|p| format!("the crate name {p}")),
        "name the crate with ASCII letters, digits, `-` and `_`, starting with a letter, like `acme-rest`",
    );
    check(
        &krate.version,
        semver::Version::parse(krate.version.get_ref())
            .err()
            .map(|e| format!("`{}` is not a semver version: {e}", krate.version.get_ref())),
        "write the version as cargo does, like `0.1.0`",
    );
    for name in krate.dev_dependencies.keys() {
        check(
            name,
            crate_name_problem(name.get_ref()).map(|p| format!("the dev-dependency name {p}")),
            "name a crate as crates.io does, like `wiremock`",
        );
    }
    for bench in &krate.benches {
        check(
            bench,
            file_stem_problem(bench.get_ref()),
            "name the bench by its file in benches/ without `.rs`, like `request`",
        );
    }
    if let Some(repository) = &krate.repository {
        check(
            repository,
            url_problem(repository.get_ref()),
            "write the repository's http or https URL, like `https://github.com/acme/acme-rest`",
        );
    }
    check(
        &api.base_url,
        base_url_problem(api.base_url.get_ref()),
        "write an http or https URL without a query or fragment, like `https://api.example.com`",
    );
    if let Some(version) = &api.version {
        check(
            version,
            http::HeaderValue::from_str(version.get_ref())
                .err()
                .map(|_| {
                    format!(
                        "`{}` cannot be sent as a header value",
                        version.get_ref().escape_debug()
                    )
                }),
            "it is sent as the `Accept-Version` header: use visible ASCII characters and spaces only",
        );
    }
    for name in &api.header_params {
        check(
            name,
            http::HeaderName::from_bytes(name.get_ref().as_bytes())
                .err()
                .map(|_| {
                    format!(
                        "`{}` is not an HTTP header name",
                        name.get_ref().escape_debug()
                    )
                }),
            "a header name is ASCII letters, digits and `!#$%&'*+-.^_`|~`",
        );
    }
    check_package_lists(file, &krate, diags);
    ApiMeta {
        crate_name: krate.name.get_ref().clone(),
        crate_version: krate.version.into_inner(),
        crate_description: krate.description,
        title: api.title.unwrap_or_else(|| krate.name.into_inner()),
        base_url: api.base_url.into_inner(),
        version: api.version.map(Spanned::into_inner),
        default_query: default_query(file, api.default_query, diags),
        header_params: api
            .header_params
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        dev_dependencies: krate
            .dev_dependencies
            .into_iter()
            .map(|(name, value)| (name.into_inner(), value.to_string()))
            .collect(),
        benches: krate.benches.into_iter().map(Spanned::into_inner).collect(),
        license: krate.license,
        repository: krate.repository.map(Spanned::into_inner),
        keywords: (krate.keywords.into_iter())
            .flat_map(Spanned::into_inner)
            .map(Spanned::into_inner)
            .collect(),
        categories: krate
            .categories
            .map(Spanned::into_inner)
            .unwrap_or_default(),
    }
}

/// crates.io's limits on keywords and categories: at most five of each,
/// and each keyword a short ASCII word.
fn check_package_lists(file: &SourceFile, krate: &CrateSection, diags: &mut Diagnostics) {
    let keywords = krate
        .keywords
        .as_ref()
        .map(|k| (k.span(), k.get_ref().len()));
    let categories = (krate.categories.as_ref()).map(|c| (c.span(), c.get_ref().len()));
    for (name, list) in [("keywords", keywords), ("categories", categories)] {
        let Some((span, count)) = list else { continue };
        if count > MAX_PACKAGE_LIST {
            diags.error(
                &file.loc(span),
                format!("{count} {name}: crates.io takes at most {MAX_PACKAGE_LIST}"),
                format!("keep the {MAX_PACKAGE_LIST} {name} that best describe the crate"),
            );
        }
    }
    for keyword in krate.keywords.iter().flat_map(Spanned::get_ref) {
        if let Some(problem) = keyword_problem(keyword.get_ref()) {
            diags.error(
                &file.loc(keyword.span()),
                problem,
                "a keyword is at most 20 ASCII letters, digits, `_`, `-` or `+`, starting with a letter or digit",
            );
        }
    }
}

/// crates.io's most keywords, and most categories, per crate.
const MAX_PACKAGE_LIST: usize = 5;

/// What is wrong with a crates.io keyword.
fn keyword_problem(keyword: &str) -> Option<String> {
    let shown = keyword.escape_debug();
    let fine = keyword.len() <= 20
        && keyword.starts_with(|c: char| c.is_ascii_alphanumeric())
        && keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'));
    (!fine).then(|| format!("`{shown}` is not a keyword crates.io accepts"))
}

/// What is wrong with a repository URL: it must be an http or https URL.
fn url_problem(text: &str) -> Option<String> {
    match url::Url::parse(text) {
        Err(e) => Some(format!("`{}` is not a URL: {e}", text.escape_debug())),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            Some(format!("`{text}` is not an http or https URL"))
        }
        Ok(_) => None,
    }
}

fn default_query(
    file: &SourceFile,
    table: BTreeMap<String, Spanned<toml::Value>>,
    diags: &mut Diagnostics,
) -> Vec<DefaultQuery> {
    let mut out = Vec::new();
    for (name, value) in table {
        let scalar = match value.get_ref() {
            toml::Value::Boolean(b) => Scalar::Bool(*b),
            toml::Value::Integer(i) => Scalar::Number((*i).into()),
            toml::Value::String(s) => Scalar::String(s.clone()),
            _ => {
                diags.error(
                    &file.loc(value.span()),
                    format!("default query parameter `{name}` is not a boolean, integer or string"),
                    "give it a plain value, like `_links = true`",
                );
                continue;
            }
        };
        out.push(DefaultQuery {
            name,
            value: scalar,
        });
    }
    out
}

/// What is wrong with a crate name, by cargo's rules.
fn crate_name_problem(name: &str) -> Option<String> {
    let shown = name.escape_debug();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(format!("`{shown}` does not start with an ASCII letter"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(format!("`{shown}` holds `{}`", c.escape_debug()));
    }
    (name.len() > 64).then(|| format!("`{name}` is longer than 64 characters"))
}

/// What is wrong with the generated crate's own name: a crate name that is
/// also a path the generated docs can write, naming no crate it uses.
fn own_name_problem(name: &str) -> Option<String> {
    if let Some(problem) = crate_name_problem(name) {
        return Some(problem);
    }
    let ident = name.replace('-', "_");
    if crate::naming::RAW_KEYWORDS.contains(&ident.as_str())
        || ["crate", "self", "super", "Self"].contains(&ident.as_str())
    {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    TAKEN_CRATE_NAMES
        .contains(&ident.as_str())
        .then(|| format!("`{name}` is the name of a crate the generated code uses"))
}

/// What is wrong with a bench name: it names the file `benches/<name>.rs`.
fn file_stem_problem(name: &str) -> Option<String> {
    let fine = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (!fine).then(|| {
        format!(
            "the bench name `{}` is not a plain file name",
            name.escape_debug()
        )
    })
}

/// What is wrong with a base URL, by the rules the runtime's client
/// builder applies (so `Client::new()` cannot fail on it).
fn base_url_problem(text: &str) -> Option<String> {
    let url = match url::Url::parse(text) {
        Ok(url) => url,
        Err(e) => return Some(format!("`{}` is not a URL: {e}", text.escape_debug())),
    };
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Some(format!("`{text}` is not an http or https URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Some(format!("the base URL `{text}` has a query or fragment"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_follow_cargo_and_the_generated_code() {
        assert_eq!(crate_name_problem("losant-rest"), None);
        assert_eq!(crate_name_problem("a_b2"), None);
        for bad in ["", "2fa", "-x", "a b", "a\nb", "x = 1", "ünï"] {
            assert!(crate_name_problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(
            crate_name_problem("serde"),
            None,
            "a dev-dependency may be serde"
        );
        for bad in ["type", "serde", "self", "mdsdk-runtime"] {
            assert!(own_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn base_urls_are_what_the_client_builder_accepts() {
        assert_eq!(base_url_problem("https://api.losant.com"), None);
        assert_eq!(base_url_problem("http://127.0.0.1:8080/v1/"), None);
        for bad in [
            "api.losant.com",
            "ftp://x",
            "mailto:a@b",
            "https://x/?a=1",
            "https://x/#f",
            "https://",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad:?}");
        }
    }

    /// The errors of parsing `text` as `api.toml`: line and message.
    fn errors(text: &str) -> Vec<(u32, String)> {
        let file = SourceFile::new("api.toml", "api.toml", text.to_owned());
        let mut diags = Diagnostics::default();
        super::super::overlay::parse(&file, &mut diags);
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.loc.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn each_bad_value_is_an_error_at_its_line() {
        let text = r#"[crate]
name = "bad name"
version = "1.0"
benches = ["../../x"]

[crate.dev-dependencies]
"evil\n[package]" = "1"

[api]
base_url = "api.example.com"
version = "1\r\nX-Injected: yes"
header_params = ["ok-name", "bad name"]

[routes.things]
get = "GET /things?a=1"
put = "PUT /things#top"
"#;
        let mut errors: Vec<u32> = errors(text).iter().map(|(line, _)| *line).collect();
        errors.sort();
        assert_eq!(
            errors,
            [2, 3, 4, 7, 10, 11, 12, 15, 16],
            "{:#?}",
            self::errors(text)
        );
    }

    #[test]
    fn package_metadata_is_checked_as_crates_io_would() {
        let text = r#"[crate]
name = "x"
version = "0.1.0"
license = "MIT"
repository = "git@host:x.git"
keywords = ["a", "b", "c", "d", "e", "f"]
categories = ["api-bindings"]

[api]
base_url = "https://x"
"#;
        let errors = errors(text);
        let lines: Vec<u32> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [5, 6], "{errors:#?}");
        assert!(
            errors[1]
                .1
                .contains("6 keywords: crates.io takes at most 5")
        );
        let bad_keyword = text
            .replace(r#""f""#, "")
            .replace(r#", "e""#, r#", "two words""#);
        let bad_keyword = bad_keyword.replace("git@host:x.git", "https://host/x");
        assert_eq!(
            self::errors(&bad_keyword),
            [(
                6,
                "`two words` is not a keyword crates.io accepts".to_owned()
            )]
        );
        for fine in ["rest", "api-bindings", "c++", "x_1", "a2345678901234567890"] {
            assert_eq!(keyword_problem(fine), None, "{fine}");
        }
        for bad in ["", "-x", "a b", "ü", "a23456789012345678901"] {
            assert!(keyword_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn dev_dependency_values_are_written_as_toml() {
        let text = "[crate]\nname = \"x\"\nversion = \"0.1.0\"\n\n[crate.dev-dependencies]\n\
                    a = { version = \"1\\n[evil]\\nx = 1\", \"odd key\\n[evil2]\" = [\"\\\"\"] }\n\n\
                    [api]\nbase_url = \"https://x\"\n";
        let file = SourceFile::new("api.toml", "api.toml", text.to_owned());
        let mut diags = Diagnostics::default();
        let overlay = super::super::overlay::parse(&file, &mut diags).unwrap();
        assert!(!diags.has_errors(), "{diags}");
        let (name, value) = &overlay.meta.dev_dependencies[0];
        let written: toml::Table = toml::from_str(&format!("{name} = {value}\n")).unwrap();
        let read: toml::Table = toml::from_str(text).unwrap();
        assert_eq!(written["a"], read["crate"]["dev-dependencies"]["a"]);
    }
}
