//! The generated crate's `Cargo.toml`: a crate that can be published, over
//! the runtime by version, and by path while it lives beside it; a feature
//! per resource, all of them on by default through `full`.

use crate::ir::{Api, ApiMeta};

use super::features::FULL;
use super::{Features, Options, header};
use crate::RUNTIME_CRATE;

/// The `rust-version` every generated crate declares, as the runtime's
/// does: edition 2024 needs 1.85. The README states it.
pub const RUST_VERSION: &str = "1.85";

pub fn emit(api: &Api, options: &Options, features: &Features) -> String {
    let meta = &api.meta;
    let quote = |s: &str| toml_string(s);
    let mut out = header("#", &[crate::parse::overlay::FILE_NAME]);
    out.push_str(&format!(
        "[package]\n\
         name = {}\n\
         version = {}\n\
         description = {}\n\
         edition = \"2024\"\n\
         rust-version = {}\n",
        quote(&meta.crate_name),
        quote(&meta.crate_version),
        quote(&meta.crate_description),
        quote(RUST_VERSION),
    ));
    out.push_str(&package_metadata(meta));
    out.push_str(&format!(
        "publish = true\n\n\
         [package.metadata.docs.rs]\n\
         # Every item, with the feature it needs shown beside it.\n\
         all-features = true\n\
         rustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         [features]\n\
         default = [\"rustls\", \"{FULL}\"]\n\
         # Every resource: turn the default features off and name the resources\n\
         # an application calls, and it compiles only those (and their models).\n\
         {FULL} = [{resources}]\n\
         # TLS through rustls (no OpenSSL).\n\
         rustls = [\"{RUNTIME_CRATE}/rustls\"]\n\
         # TLS through the platform's library (OpenSSL on Linux).\n\
         native-tls = [\"{RUNTIME_CRATE}/native-tls\"]\n\
         # `mock`: a typed stand-in for the API in the tests of code that calls it.\n\
         mock = [\"{RUNTIME_CRATE}/mock\"]\n\
         # The resources, a feature each, named as its module.\n\
         {each}\n\
         [dependencies]\n\
         {RUNTIME_CRATE} = {{ version = {}, path = {}, default-features = false }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n\
         [dev-dependencies]\n\
         # The crate's own tests and doctests (the README's) use its mock, with\n\
         # the resources the test run turns on.\n\
         {name} = {{ path = \".\", default-features = false, features = [\"mock\"] }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        quote(&options.runtime_version),
        quote(&options.runtime_path),
        name = meta.crate_name,
        resources = toml_list(features.names()),
        each = (features.names().iter())
            .map(|name| format!("{name} = []\n"))
            .collect::<String>(),
    ));
    for (name, value) in &meta.dev_dependencies {
        if name != "tokio" {
            out.push_str(&format!("{name} = {value}\n"));
        }
    }
    for bench in &meta.benches {
        out.push_str(&format!(
            "\n[[bench]]\nname = {}\nharness = false\n",
            quote(bench)
        ));
    }
    out
}

/// What crates.io and docs.rs show: the overlay's license, repository,
/// keywords and categories where it gives them, and the crate's page on
/// docs.rs, which builds the docs of every crate published.
fn package_metadata(meta: &ApiMeta) -> String {
    let mut out = String::new();
    if let Some(license) = &meta.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    if let Some(repository) = &meta.repository {
        out.push_str(&format!("repository = {}\n", toml_string(repository)));
    }
    out.push_str(&format!(
        "documentation = {}\nreadme = \"README.md\"\n",
        toml_string(&format!("https://docs.rs/{}", meta.crate_name))
    ));
    for (key, list) in [
        ("keywords", &meta.keywords),
        ("categories", &meta.categories),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(|s| toml_string(s)).collect();
            out.push_str(&format!("{key} = [{}]\n", items.join(", ")));
        }
    }
    out
}

/// The strings `items` as a TOML array: on one line where it is short, else
/// an item a line.
fn toml_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    let line = items.join(", ");
    if line.len() <= 80 {
        line
    } else {
        let lines: String = items.iter().map(|i| format!("\n    {i},")).collect();
        lines + "\n"
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why a crate's `Cargo.toml` gives no version.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("it is not TOML: {0}")]
    NotToml(#[from] toml::de::Error),
    #[error("it has no `package.version` string")]
    NoVersion,
}

/// The `package.version` of a crate's `Cargo.toml`: what the generated
/// crate is to require of the runtime whose manifest it is.
pub fn package_version(manifest: &str) -> Result<String, ManifestError> {
    let table: toml::Table = toml::from_str(manifest)?;
    table
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .ok_or(ManifestError::NoVersion)
}

#[cfg(test)]
mod tests {
    use super::package_version;

    #[test]
    fn the_runtime_version_is_read_from_its_manifest() {
        let manifest = "[package]\nname = \"rt\"\nversion = \"0.3.1\"\n[dependencies]\nx = \"1\"\n";
        assert_eq!(package_version(manifest).unwrap(), "0.3.1");
        for bad in [
            "[package]\nversion.workspace = true\n",
            "[lib]\n",
            "version = ",
        ] {
            assert!(package_version(bad).is_err(), "{bad:?}");
        }
    }
}
