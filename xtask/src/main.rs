//! `cargo xtask`: the maintainer's commands. Thin on purpose: it parses
//! arguments, calls the `codegen` library and writes files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--spec DIR] [--out DIR]
       cargo xtask fixtures [--check]
       cargo xtask synth --out DIR

  codegen           regenerate the client crate from the docs
  fixtures          regenerate the client of each fixture in codegen/tests/fixtures
  synth             write the synthetic full-scale spec (300 actions) into DIR
  --check           change nothing; fail naming the files that are out of date
  --deny-warnings   fail on warnings as well as errors
  --spec DIR        the docs and api.toml to read (default: spec/)
  --out DIR         the crate to write (default: generated-client/)";

struct Args {
    command: String,
    check: bool,
    deny_warnings: bool,
    spec: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match args.command.as_str() {
        "codegen" => codegen(&args.spec, &args.out, &args),
        "synth" => synth(&args.out),
        _ => fixtures(&args),
    }
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut args = Args {
        command: String::new(),
        check: false,
        deny_warnings: false,
        spec: root.join("spec"),
        out: root.join("generated-client"),
    };
    let mut parser = lexopt::Parser::from_env();
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
            Value(value) if args.command.is_empty() => {
                args.command = value.string().map_err(|e| e.to_string())?;
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    match args.command.as_str() {
        "codegen" | "fixtures" => Ok(args),
        "synth" if args.out != root.join("generated-client") => Ok(args),
        "synth" => Err("synth needs --out DIR".into()),
        "" => Err("no command given".into()),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// The synthetic spec, for measuring the generator and the generated crate
/// at the real API's scale.
fn synth(out: &Path) -> ExitCode {
    let written = std::fs::create_dir_all(out).and_then(|()| {
        for (name, text) in codegen::synth::spec(codegen::synth::Scale::FULL) {
            std::fs::write(out.join(name), text)?;
        }
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// Every fixture's docs generate its `client/` crate.
fn fixtures(args: &Args) -> ExitCode {
    let dir = workspace_root().join("codegen/tests/fixtures");
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.join("api.toml").is_file())
            .collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    let mut result = ExitCode::SUCCESS;
    for spec in specs {
        if codegen(&spec, &spec.join("client"), args) != ExitCode::SUCCESS {
            result = ExitCode::FAILURE;
        }
    }
    result
}

fn codegen(spec: &Path, out: &Path, args: &Args) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    let sources = match codegen::load(spec) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let options = codegen::Options {
        runtime_path: runtime_path(out),
    };
    let (files, warnings) = match codegen::generate(&sources, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(&sources, color));
            eprintln!(
                "error: {} error(s) in {}; nothing was written",
                diagnostics.error_count(),
                spec.display()
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
    let changes = match codegen::output::changes(out, &files) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    };
    if args.check {
        if changes.is_empty() {
            return ExitCode::SUCCESS;
        }
        for change in &changes {
            eprintln!("{}/{change}", out.display());
        }
        eprintln!(
            "error: the generated crate is out of date; run `cargo xtask {}`",
            args.command
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = codegen::output::apply(out, &files, &changes) {
        eprintln!(
            "error: cannot write {}: {e}; it was left as it was",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    for change in &changes {
        eprintln!("{}/{}", out.display(), change.path());
    }
    eprintln!(
        "{}: {} file(s) written, {} unchanged",
        out.display(),
        changes.len(),
        files.len().saturating_sub(changes.len())
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
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(out)
    };
    let runtime = workspace_root().join("client-runtime");
    codegen::relative_path(&normalize(&out), &runtime)
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
