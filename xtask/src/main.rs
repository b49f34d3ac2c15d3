//! `cargo xtask`: the maintainer's commands. Thin on purpose: it parses
//! arguments, calls the `codegen` library and writes files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--spec DIR] [--out DIR]

  codegen           regenerate the client crate from the docs
  --check           change nothing; fail naming the files that are out of date
  --deny-warnings   fail on warnings as well as errors
  --spec DIR        the docs and api.toml to read (default: spec/)
  --out DIR         the crate to write (default: generated-client/)";

struct Args {
    check: bool,
    deny_warnings: bool,
    spec: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => codegen_command(&args),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut args = Args {
        check: false,
        deny_warnings: false,
        spec: root.join("spec"),
        out: root.join("generated-client"),
    };
    let mut parser = lexopt::Parser::from_env();
    let mut command = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => args.check = true,
            Long("deny-warnings") => args.deny_warnings = true,
            Long("spec") => args.spec = parser.value().map_err(|e| e.to_string())?.into(),
            Long("out") => args.out = parser.value().map_err(|e| e.to_string())?.into(),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Value(value) if command.is_none() => {
                command = Some(value.string().map_err(|e| e.to_string())?)
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    match command.as_deref() {
        Some("codegen") => Ok(args),
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".into()),
    }
}

fn codegen_command(args: &Args) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    let sources = match codegen::load(&args.spec) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let options = codegen::Options {
        runtime_path: runtime_path(&args.out),
    };
    let (files, warnings) = match codegen::generate(&sources, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(&sources, color));
            eprintln!(
                "error: {} error(s) in {}; nothing was written",
                diagnostics.error_count(),
                args.spec.display()
            );
            return ExitCode::FAILURE;
        }
    };
    if !warnings.is_empty() {
        eprint!("{}", warnings.render(&sources, color));
        if args.deny_warnings {
            eprintln!("error: warnings are denied (--deny-warnings); nothing was written");
            return ExitCode::FAILURE;
        }
    }
    let changes = match codegen::output::changes(&args.out, &files) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.out.display());
            return ExitCode::FAILURE;
        }
    };
    if args.check {
        if changes.is_empty() {
            return ExitCode::SUCCESS;
        }
        for change in &changes {
            eprintln!("{}/{change}", args.out.display());
        }
        eprintln!("error: the generated crate is out of date; run `cargo xtask codegen`");
        return ExitCode::FAILURE;
    }
    if let Err(e) = codegen::output::apply(&args.out, &files, &changes) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    for change in &changes {
        eprintln!("{}/{}", args.out.display(), change.path());
    }
    eprintln!(
        "{} file(s) written, {} unchanged",
        changes.len(),
        files.len() - changes.len().min(files.len())
    );
    ExitCode::SUCCESS
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The runtime crate as a path relative to the generated crate.
fn runtime_path(out: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let runtime = workspace_root().join("client-runtime");
    let out = absolute(out);
    codegen::relative_path(&out, &runtime)
        .to_string_lossy()
        .replace('\\', "/")
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
