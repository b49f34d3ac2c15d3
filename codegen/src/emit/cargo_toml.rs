//! The generated crate's `Cargo.toml`.

use crate::ir::Api;

use super::{Options, header};

pub fn emit(api: &Api, options: &Options) -> String {
    let meta = &api.meta;
    let quote = |s: &str| toml_string(s);
    let mut out = header("#", &[crate::parse::overlay::FILE_NAME]);
    out.push_str(&format!(
        "[package]\n\
         name = {}\n\
         version = {}\n\
         description = {}\n\
         edition = \"2024\"\n\
         rust-version = \"1.85\"\n\
         publish = false\n\n\
         [features]\n\
         default = [\"rustls\"]\n\
         # TLS through rustls (no OpenSSL).\n\
         rustls = [\"mdsdk-runtime/rustls\"]\n\
         # TLS through the platform's library (OpenSSL on Linux).\n\
         native-tls = [\"mdsdk-runtime/native-tls\"]\n\n\
         [dependencies]\n\
         mdsdk-runtime = {{ path = {}, default-features = false }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n\
         [dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        quote(&meta.crate_name),
        quote(&meta.crate_version),
        quote(&meta.crate_description),
        quote(&options.runtime_path),
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
