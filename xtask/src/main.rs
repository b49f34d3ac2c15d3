//! `cargo xtask`: the maintainer's commands. Thin on purpose: it parses
//! arguments, calls the `codegen` library and writes files.

mod bench;
mod features;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation builds and drops millions of small token streams; mimalloc
/// makes it a fifth faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--deny-warnings] [--verbose] [--spec DIR] [--out DIR] [--report FILE] [--bump] [--rename] [--ignore-previous]
       cargo xtask fixtures [--check]
       cargo xtask synth --out DIR [--version N] [--layout older|vendor]
       cargo xtask openapi [--spec DIR] [--out FILE]
       cargo xtask routes --missing [--spec DIR] [--write]
       cargo xtask bench [--out FILE]
       cargo xtask features [--out DIR] [--measure [--resources A,B,C]]
       cargo xtask semver --baseline DIR --current DIR

  codegen           regenerate the client crate from the docs
  fixtures          regenerate the client of each fixture in codegen/tests/fixtures
  synth             write the synthetic spec at the newest real docs' scale (6.3 MB) into DIR;
                    --version 2 or 3: a later version, with the changes real releases make;
                    --layout vendor: as the vendor ships the newest docs (docs/ beside lib/schemas/*.json)
  openapi           write the docs as an OpenAPI 3.1 document (to stdout without --out)
  routes --missing  print a [routes.<resource>] table for each resource with actions that have no
                    route in api.toml: a line per action, its route a \"TODO METHOD /path\" to fill in
                    (generation refuses it), its required parameters in a comment;
                    --write adds them to api.toml, keeping everything else as it is
  bench             run the benchmarks and print their table (BENCHMARKS.md with --out)
  features          generate the synthetic spec's crate (into target/features-client without --out),
                    check that each item is gated by the resources that reach it, and compile it
                    clippy-clean with no resource and with each resource alone (minutes);
                    --measure: time a cold `cargo check` of it instead (user CPU), with every
                    resource, with three (--resources, default asset,job,vault) and with none
  semver            compare the change report of two generated crates with cargo-semver-checks'
                    (where it is installed): the report must be as strict and name every type it names
  --check           change nothing; fail naming the files that are out of date
  --deny-warnings   fail on warnings (those api.toml's [lints] does not allow) as well as errors
  --verbose         show every warning in full, not the first few of each kind
  --spec DIR        the docs and api.toml to read (default: spec/)
  --out DIR         the crate to write (default: generated-client/)
  --report FILE     write the API change report (Markdown) to FILE
  --bump            set the crate version in api.toml to what the changes need
  --rename          derive every Rust name from the docs anew, as for a major release, instead of
                    keeping the names of the previous generation (the report lists each rename)
  --ignore-previous generate as if the crate had no api.json (deleted, or in merge conflict):
                    no change report; only files carrying the @generated header are replaced";

/// The subcommands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Command {
    Codegen,
    Fixtures,
    Synth,
    Openapi,
    Bench,
    Semver,
    Routes,
    Features,
}

impl Command {
    const ALL: [Command; 8] = [
        Command::Codegen,
        Command::Fixtures,
        Command::Synth,
        Command::Openapi,
        Command::Bench,
        Command::Semver,
        Command::Routes,
        Command::Features,
    ];

    fn name(self) -> &'static str {
        match self {
            Command::Codegen => "codegen",
            Command::Fixtures => "fixtures",
            Command::Synth => "synth",
            Command::Openapi => "openapi",
            Command::Bench => "bench",
            Command::Semver => "semver",
            Command::Routes => "routes",
            Command::Features => "features",
        }
    }

    fn parse(word: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == word)
    }
}

#[derive(Clone)]
struct Args {
    command: Command,
    check: bool,
    deny_warnings: bool,
    verbose: bool,
    bump: bool,
    /// `--ignore-previous`: the previous generation's record set aside.
    ignore_previous: bool,
    /// `--rename`: every name derived anew, none kept by the names lock.
    rename: bool,
    /// `routes --missing`: the routes the overlay lacks.
    missing: bool,
    /// `routes --missing --write`: added to the overlay, not printed.
    write: bool,
    /// `features --measure`: time the builds instead of checking them, with
    /// these three resources.
    measure: bool,
    resources: Option<Vec<String>>,
    /// `synth --version N`: which version of the synthetic docs.
    version: u32,
    /// `synth --layout`: which layout of the docs.
    layout: xtask::synth::layout::Layout,
    /// `semver --baseline DIR --current DIR`: the crates to compare.
    baseline: Option<PathBuf>,
    current: Option<PathBuf>,
    report: Option<PathBuf>,
    spec: PathBuf,
    /// `--out`, whose default depends on the command.
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let out = args.out.clone();
    match args.command {
        Command::Codegen => codegen(
            &args.spec,
            &out.unwrap_or_else(|| workspace_root().join("generated-client")),
            &args,
        ),
        Command::Fixtures => fixtures(&args),
        Command::Synth => synth(&out.unwrap_or_default(), args.version, args.layout),
        Command::Openapi => openapi(&args.spec, out.as_deref(), &args),
        Command::Semver => semver(&args),
        Command::Routes => routes(&args),
        Command::Features => {
            let resources: Vec<String> = match &args.resources {
                Some(resources) => resources.clone(),
                None => features::THREE.iter().map(|r| r.to_string()).collect(),
            };
            let measure = args.measure.then_some(resources.as_slice());
            match features::run(&workspace_root(), out.as_deref(), measure) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bench => match bench::run(&workspace_root(), out.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut command = None;
    let mut args = Args {
        command: Command::Codegen,
        check: false,
        deny_warnings: false,
        verbose: false,
        bump: false,
        ignore_previous: false,
        rename: false,
        missing: false,
        write: false,
        measure: false,
        resources: None,
        version: 1,
        layout: xtask::synth::layout::Layout::Older,
        baseline: None,
        current: None,
        report: None,
        spec: root.join("spec"),
        out: None,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => args.check = true,
            Long("deny-warnings") => args.deny_warnings = true,
            Long("verbose") => args.verbose = true,
            Long("bump") => args.bump = true,
            Long("ignore-previous") => args.ignore_previous = true,
            Long("rename") => args.rename = true,
            Long("missing") => args.missing = true,
            Long("write") => args.write = true,
            Long("measure") => args.measure = true,
            Long("resources") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.string().map_err(|e| e.to_string())?;
                args.resources = Some(value.split(',').map(str::to_owned).collect());
            }
            Long("layout") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.string().map_err(|e| e.to_string())?;
                args.layout = xtask::synth::layout::Layout::parse(&value)
                    .ok_or_else(|| format!("--layout takes older or vendor, not `{value}`"))?;
            }
            Long("baseline") => {
                args.baseline = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("current") => {
                args.current = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("version") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.string().map_err(|e| e.to_string())?;
                args.version = match value.parse() {
                    Ok(n) if (1..=xtask::synth::history::LATEST).contains(&n) => n,
                    _ => {
                        return Err(format!(
                            "--version takes 1 to {}, not `{value}`",
                            xtask::synth::history::LATEST
                        ));
                    }
                };
            }
            Long("report") => args.report = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("spec") => args.spec = parser.value().map_err(|e| e.to_string())?.into(),
            Long("out") => args.out = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Value(value) if command.is_none() => {
                let word = value.string().map_err(|e| e.to_string())?;
                command =
                    Some(Command::parse(&word).ok_or_else(|| format!("unknown command `{word}`"))?);
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    args.command = command.ok_or("no command given")?;
    if args.command == Command::Synth && args.out.is_none() {
        return Err("synth needs --out DIR".into());
    }
    if args.command == Command::Routes && !args.missing {
        return Err("routes needs --missing: it lists the routes api.toml lacks".into());
    }
    if args.command != Command::Routes && (args.missing || args.write) {
        return Err("--missing and --write are options of `routes`".into());
    }
    if args.command != Command::Features && (args.measure || args.resources.is_some()) {
        return Err("--measure and --resources are options of `features`".into());
    }
    if args.resources.is_some() && !args.measure {
        return Err("--resources names the resources `features --measure` times".into());
    }
    Ok(args)
}

/// `semver`: `cargo-semver-checks`' verdict on two generated crates beside
/// the change report's; fails when the report is milder or leaves out a
/// type the tool names.
fn semver(args: &Args) -> ExitCode {
    let (Some(baseline), Some(current)) = (&args.baseline, &args.current) else {
        eprintln!("error: semver needs --baseline DIR and --current DIR\n\n{USAGE}");
        return ExitCode::from(2);
    };
    if !xtask::semver::installed() {
        eprintln!(
            "cargo-semver-checks is not installed here, so there is no second opinion: \
             `cargo install cargo-semver-checks --locked`, then run this again"
        );
        return ExitCode::SUCCESS;
    }
    let target = workspace_root().join("target");
    match xtask::semver::compare(&absolute(baseline), &absolute(current), &target) {
        Ok(comparison) => {
            eprintln!("{}", comparison.output);
            eprintln!(
                "cargo-semver-checks: {}; the change report: {}",
                if comparison.semver_checks_breaking {
                    "breaking"
                } else {
                    "not breaking"
                },
                if comparison.report_breaking {
                    "breaking"
                } else {
                    "not breaking"
                }
            );
            for name in &comparison.unnamed {
                eprintln!("the change report does not name `{name}`");
            }
            match comparison.agrees() {
                true => ExitCode::SUCCESS,
                false => ExitCode::FAILURE,
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The synthetic spec, for measuring the generator and the generated crate
/// at the real API's scale, written into a new or empty directory.
fn synth(out: &Path, version: u32, layout: xtask::synth::layout::Layout) -> ExitCode {
    let first = xtask::synth::spec(xtask::synth::Scale::FULL);
    let spec = xtask::synth::history::version(first, version);
    let files: Vec<codegen::GeneratedFile> = xtask::synth::layout::into(layout, spec)
        .into_iter()
        .map(|(path, contents)| codegen::GeneratedFile { path, contents })
        .collect();
    let waiting = || eprintln!("{}: waiting for another run writing it", out.display());
    match codegen::output::write_new(out, &files, waiting) {
        Ok(written) => {
            for leftover in &written.leftovers {
                eprintln!("warning: {leftover}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a file the user named, all or nothing; warns about what could
/// not be cleaned up.
fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let written = codegen::output::write_file(path, text.as_bytes()).map_err(|e| e.to_string())?;
    for leftover in &written.leftovers {
        eprintln!("warning: {leftover}");
    }
    Ok(())
}

/// The docs as an OpenAPI 3.1 document.
fn openapi(spec: &Path, out: Option<&Path>, args: &Args) -> ExitCode {
    let sources = match codegen::load(spec) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let (api, diagnostics) = codegen::build_ir(&sources);
    print_diagnostics(&diagnostics, &sources, args);
    let Some(api) = api else {
        eprintln!(
            "error: {} error(s) in {}; nothing was written",
            diagnostics.error_count(),
            spec.display()
        );
        return ExitCode::FAILURE;
    };
    let document = codegen::openapi::document(&api);
    let text = serde_json::to_string_pretty(&document).expect("a JSON value serializes") + "\n";
    match out {
        None => print!("{text}"),
        Some(path) => {
            if let Err(message) = write_file(path, &text) {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// `routes --missing`: the stub of the routes `api.toml` lacks, printed,
/// or with `--write` added to it.
fn routes(args: &Args) -> ExitCode {
    let spec = &args.spec;
    let sources = match codegen::load(spec) {
        Ok(sources) => sources,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let missing = match codegen::routes::missing(&sources) {
        Ok(missing) => missing,
        Err(errors) => {
            print_diagnostics(&errors, &sources, args);
            eprintln!(
                "error: the routes cannot be listed until api.toml can be read; nothing was written"
            );
            return ExitCode::FAILURE;
        }
    };
    let overlay = spec.join(codegen::OVERLAY_FILE);
    if missing.unreadable > 0 {
        eprintln!(
            "warning: {} action(s) could not be read and are left out; `cargo xtask codegen --spec {}` says where and why",
            missing.unreadable,
            spec.display()
        );
    }
    if missing.is_empty() {
        eprintln!(
            "{}: every action of the docs has a route in it (a `TODO` one counts: `cargo xtask codegen` names those); the stub is empty{}",
            overlay.display(),
            if args.write {
                ", so nothing was written"
            } else {
                ""
            }
        );
        return ExitCode::SUCCESS;
    }
    let tables = missing.tables();
    let count = format!(
        "{} action(s) of {} resource(s) have no route",
        missing.routes.len(),
        tables.len()
    );
    if !args.write {
        print!("{}", missing.stub());
        eprintln!(
            "{}: {count}; `cargo xtask routes --missing --spec {} --write` adds the stub above to it",
            overlay.display(),
            spec.display()
        );
        return ExitCode::SUCCESS;
    }
    let added = std::fs::read(&overlay)
        .map_err(|e| format!("cannot read {}: {e}", overlay.display()))
        .and_then(|bytes| {
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("{} is not UTF-8; save it as UTF-8", overlay.display()))?;
            add_stub(&text, &tables).map_err(|e| format!("{}: {e}", overlay.display()))
        });
    let added = match added {
        Ok(added) => added,
        Err(message) => {
            eprintln!("error: {message}; nothing was written");
            return ExitCode::FAILURE;
        }
    };
    if added.to_new + added.to_existing == 0 {
        eprintln!(
            "{}: has a key for each already; nothing was written",
            overlay.display()
        );
        return ExitCode::SUCCESS;
    }
    if let Err(message) = write_file(&overlay, &added.text) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "{}: {count}: added {} `TODO` route(s), {} in {} new table(s) and {} in existing ones. \
         Write each one's method and path; `cargo xtask codegen` refuses a route still `TODO`, naming its line",
        overlay.display(),
        added.to_new + added.to_existing,
        added.to_new,
        added.new_tables,
        added.to_existing
    );
    ExitCode::SUCCESS
}

/// `api.toml` with the stub added, and what was added.
#[derive(Debug)]
struct AddedStub {
    text: String,
    new_tables: usize,
    /// Lines added to the new tables.
    to_new: usize,
    /// Lines added to tables the file has.
    to_existing: usize,
}

/// Adds the stub of `missing` to `text`, the overlay, through `toml_edit`
/// so that every comment, blank line and order is kept: a line per
/// route at the end of its `[routes.<resource>]` table where the file has
/// one, else a new table after the last routes table (after every table
/// when there is none). A key the table has already is left as it is.
/// The first added line is preceded by what to do with them.
fn add_stub(
    text: &str,
    tables: &[(&str, Vec<&codegen::routes::MissingRoute>)],
) -> Result<AddedStub, String> {
    use toml_edit::{DocumentMut, Item, Key, Table};

    // A byte-order mark is not TOML, but is the file's: kept.
    let (mark, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let mut doc: DocumentMut = body
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("cannot be read as TOML: {e}"))?;
    let hand = "add the stub by hand: `cargo xtask routes --missing` prints it";
    if !doc.contains_key("routes") {
        let mut routes = Table::new();
        routes.set_implicit(true);
        doc.insert("routes", Item::Table(routes));
    }
    let routes_tables = match doc.get("routes") {
        Some(Item::Table(routes)) if !routes.is_dotted() => routes,
        _ => {
            return Err(format!(
                "`routes` is not written as a table of tables; {hand}"
            ));
        }
    };
    let new_count = tables
        .iter()
        .filter(|(resource, _)| !routes_tables.contains_key(resource))
        .count() as isize;
    // New tables go right after the last routes table: the later tables
    // move down to make room, keeping their order.
    let last_route_table = routes_tables
        .iter()
        .filter_map(|(_, item)| item.as_table()?.position())
        .max();
    let mut next = match last_route_table {
        Some(last) => {
            each_table(doc.as_table_mut(), &mut |table| {
                if let Some(at) = table.position().filter(|&at| at > last) {
                    table.set_position(Some(at + new_count));
                }
            });
            last + 1
        }
        None => {
            let mut last = 0;
            each_table(doc.as_table_mut(), &mut |table| {
                last = last.max(table.position().unwrap_or(0));
            });
            last + 1
        }
    };
    let Some(Item::Table(routes)) = doc.get_mut("routes") else {
        return Err(format!(
            "`routes` is not written as a table of tables; {hand}"
        ));
    };
    let mut added = AddedStub {
        text: String::new(),
        new_tables: 0,
        to_new: 0,
        to_existing: 0,
    };
    // The comment saying what to do goes before the first added line in
    // the file: in the earliest table the file has that gets lines, else
    // before the first new table.
    let gets_lines =
        |resource: &str, lines: &[&codegen::routes::MissingRoute]| match routes.get(resource) {
            Some(Item::Table(table)) => lines.iter().any(|r| !table.contains_key(&r.key)),
            _ => false,
        };
    let commented = tables
        .iter()
        .filter(|(resource, lines)| gets_lines(resource, lines))
        .min_by_key(|(resource, _)| {
            routes
                .get(resource)
                .and_then(Item::as_table)
                .and_then(Table::position)
                .unwrap_or(isize::MAX)
        })
        .or_else(|| {
            tables
                .iter()
                .find(|(resource, _)| !routes.contains_key(resource))
        })
        .map(|(resource, _)| *resource);
    for &(resource, ref lines) in tables {
        let existing = routes.contains_key(resource);
        let mut comment =
            (commented == Some(resource)).then(|| format!("\n{}\n", codegen::routes::STUB_COMMENT));
        if !existing {
            let mut table = Table::new();
            table.set_position(Some(next));
            next += 1;
            if let Some(comment) = comment.take() {
                table.decor_mut().set_prefix(comment);
            }
            routes.insert(resource, Item::Table(table));
            added.new_tables += 1;
        }
        let Some(Item::Table(table)) = routes.get_mut(resource) else {
            return Err(format!(
                "`routes.{resource}` is not written as a table of its own; {hand}"
            ));
        };
        if table.is_dotted() {
            return Err(format!(
                "`routes.{resource}` is written with dotted keys; {hand}"
            ));
        }
        for route in lines {
            if table.contains_key(&route.key) {
                continue;
            }
            let mut key = Key::new(route.key.as_str());
            if let Some(comment) = comment.take() {
                key.leaf_decor_mut().set_prefix(comment);
            }
            let mut value = toml_edit::Value::from(codegen::routes::TODO_ROUTE);
            let decor = value.decor_mut();
            decor.set_prefix(" ");
            decor.set_suffix(format!(" # {}", route.comment()));
            table.insert_formatted(&key, Item::Value(value));
            match existing {
                true => added.to_existing += 1,
                false => added.to_new += 1,
            }
        }
    }
    let text = format!("{mark}{doc}");
    // Never write what would not read back.
    text[mark.len()..]
        .parse::<DocumentMut>()
        .map_err(|e| format!("the stub would not be TOML ({e}); {hand}"))?;
    added.text = text;
    Ok(added)
}

/// Calls `f` on every table under `table`, at any depth.
fn each_table(table: &mut toml_edit::Table, f: &mut impl FnMut(&mut toml_edit::Table)) {
    for (_, item) in table.iter_mut() {
        match item {
            toml_edit::Item::Table(child) => {
                f(child);
                each_table(child, f);
            }
            toml_edit::Item::ArrayOfTables(array) => {
                for child in array.iter_mut() {
                    f(child);
                    each_table(child, f);
                }
            }
            _ => {}
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
    // The fixtures show the naming rules: each is named anew, not kept by
    // the names lock of its previous generation.
    let args = &Args {
        rename: true,
        ..args.clone()
    };
    let mut result = ExitCode::SUCCESS;
    for spec in specs {
        if codegen(&spec, &spec.join("client"), args) != ExitCode::SUCCESS {
            result = ExitCode::FAILURE;
        }
    }
    result
}

fn codegen(spec: &Path, out: &Path, args: &Args) -> ExitCode {
    // The docs and what is generated from them live until the process
    // ends: leaked, so that freeing millions of small allocations is not
    // the last thing a run spends its time on.
    let sources: &codegen::Sources = match codegen::load(spec) {
        Ok(sources) => Box::leak(Box::new(sources)),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let previous = match Previous::read(out, args) {
        Ok(previous) => previous,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let options = match options(&workspace_root(), &absolute(out)) {
        Ok(options) => options.keeping(previous.lock(args)),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let codegen::Generated {
        api,
        files,
        warnings,
    } = match codegen::generate(sources, &options) {
        Ok(generated) => Box::leak(Box::new(generated)),
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, sources, args);
            eprintln!(
                "error: {} error(s) in {}; nothing was written",
                diagnostics.error_count(),
                spec.display()
            );
            return ExitCode::FAILURE;
        }
    };
    print_diagnostics(warnings, sources, args);
    if !warnings.is_empty() && args.deny_warnings {
        eprintln!("error: warnings are denied (--deny-warnings); nothing was written");
        return ExitCode::FAILURE;
    }
    if !args.check && args.command == Command::Codegen {
        match report_changes(spec, &previous, api, &options.runtime_version, args) {
            Ok(true) => {
                return codegen(
                    spec,
                    out,
                    &Args {
                        bump: false,
                        report: None,
                        ..args.clone()
                    },
                );
            }
            Ok(false) => {}
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    if args.check {
        return check(out, files, args.command.name());
    }
    let waiting = || eprintln!("{}: waiting for another run writing it", out.display());
    let written = match args.ignore_previous {
        false => codegen::output::write(out, files, waiting),
        true => codegen::output::write_ignoring_record(out, files, waiting),
    };
    let written = match written {
        Ok(written) => written,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    report_written(out, &written, files.len());
    ExitCode::SUCCESS
}

/// `--check`: fails naming each file that differs from the generation.
fn check(out: &Path, files: &[codegen::GeneratedFile], command: &str) -> ExitCode {
    let changes = match codegen::output::changes(out, files) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if changes.is_empty() {
        return ExitCode::SUCCESS;
    }
    for change in &changes {
        eprintln!("{}/{change}", out.display());
    }
    eprintln!("error: the generated crate is out of date; run `cargo xtask {command}`");
    ExitCode::FAILURE
}

/// Each file written or removed, what could not be cleaned up, and the
/// counts.
fn report_written(out: &Path, written: &codegen::output::Written, generated: usize) {
    for change in &written.changes {
        eprintln!("{}/{}: {}", out.display(), change.path(), change.done());
    }
    for leftover in &written.leftovers {
        eprintln!("warning: {leftover}");
    }
    if let [first, rest @ ..] = written.swept.as_slice() {
        let more = match rest.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        eprintln!(
            "{}: deleted {} file(s) that an earlier run, killed while writing, had set aside ({first}{more})",
            out.display(),
            written.swept.len()
        );
    }
    let removed = written
        .changes
        .iter()
        .filter(|c| matches!(c, codegen::output::Change::Stale(_)))
        .count();
    let written_count = written.changes.len() - removed;
    eprintln!(
        "{}: {written_count} file(s) written, {removed} removed, {} unchanged",
        out.display(),
        generated - written_count
    );
}

/// The report of a run's diagnostics, then its summary line.
fn print_diagnostics(diagnostics: &codegen::Diagnostics, sources: &codegen::Sources, args: &Args) {
    let options = codegen::RenderOptions {
        color: std::io::stderr().is_terminal(),
        verbose: args.verbose,
    };
    eprint!("{}", diagnostics.render(sources, options));
    if let Some(summary) = diagnostics.summary(options) {
        eprintln!("{summary}");
    }
}

/// The previous generation in the output directory, as the names lock and
/// the change report read it.
enum Previous {
    /// None to compare with, and why (for the report).
    Nothing(&'static str),
    /// Its IR, and the runtime version its crate required.
    Ir {
        api: Box<codegen::ir::Api>,
        runtime: Option<String>,
    },
}

impl Previous {
    /// The previous generation of `out`: none with `--ignore-previous`,
    /// or when its `api.json` was written by another version of the
    /// generator (a warning).
    fn read(out: &Path, args: &Args) -> Result<Previous, String> {
        if args.ignore_previous {
            return Ok(Previous::Nothing(
                "The previous `api.json` was set aside (`--ignore-previous`)",
            ));
        }
        let path = out.join(codegen::IR_FILE);
        let Some(text) = codegen::output::previous_ir(out).map_err(|e| e.to_string())? else {
            return Ok(Previous::Nothing("First generation"));
        };
        match codegen::read_ir(&text) {
            Ok(api) => Ok(Previous::Ir {
                api: Box::new(api),
                runtime: codegen::read_runtime_version(&text)
                    .map_err(|e| format!("{} cannot be read: {e}", path.display()))?,
            }),
            Err(e @ codegen::IrError::OtherFormat { .. }) => {
                eprintln!(
                    "warning: no change report, and names derived anew: {}: {e}; the next run will compare with this one's",
                    path.display()
                );
                Ok(Previous::Nothing(
                    "The previous `api.json` was written by another version of the generator",
                ))
            }
            Err(e) => Err(format!("{} cannot be read: {e}", path.display())),
        }
    }

    /// The names to keep: the previous generation's, unless `--rename`
    /// derives every name anew.
    fn lock(&self, args: &Args) -> codegen::Lock {
        match self {
            Previous::Ir { api, .. } if !args.rename => codegen::Lock::from_ir(api),
            _ => codegen::Lock::default(),
        }
    }
}

/// Compares the new IR with the previous generation's, prints the change
/// report (and writes it with `--report`), and with `--bump` sets the
/// version it calls for in `api.toml`. True when it changed `api.toml`, so
/// the crate must be generated again.
fn report_changes(
    spec: &Path,
    previous: &Previous,
    api: &codegen::ir::Api,
    runtime_version: &str,
    args: &Args,
) -> Result<bool, String> {
    let (old, old_runtime) = match previous {
        Previous::Nothing(why) => {
            if let Some(report) = &args.report {
                let text = format!(
                    "## API changes of `{}`\n\n{why}: there is no earlier IR to compare with.\n",
                    api.meta.crate_name
                );
                write_file(report, &text)?;
            }
            return Ok(false);
        }
        Previous::Ir { api, runtime } => (api, runtime),
    };
    let mut changes = codegen::changes::compare(old, api);
    changes.extend(codegen::changes::runtime_requirement(
        old_runtime.as_deref(),
        runtime_version,
    ));
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    let markdown =
        codegen::changes::markdown(&api.meta.crate_name, &old.meta.crate_version, &changes);
    if !changes.is_empty() {
        eprintln!("{markdown}");
    }
    if let Some(report) = &args.report {
        write_file(report, &markdown)?;
    }
    if !args.bump {
        return Ok(false);
    }
    let impact = changes.iter().map(|c| c.impact).max();
    let bumped = codegen::changes::bump(&old.meta.crate_version, &api.meta.crate_version, impact)
        .map_err(|e| e.to_string())?;
    let Some(next) = bumped else {
        if impact.is_some() {
            eprintln!(
                "{}: [crate] version = \"{}\" is kept: at or above what the changes need",
                spec.join(codegen::OVERLAY_FILE).display(),
                api.meta.crate_version
            );
        }
        return Ok(false);
    };
    let overlay = spec.join(codegen::OVERLAY_FILE);
    let text = std::fs::read_to_string(&overlay)
        .map_err(|e| format!("cannot read {}: {e}", overlay.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{} cannot be read: {e}", overlay.display()))?;
    doc["crate"]["version"] = toml_edit::value(next.as_str());
    write_file(&overlay, &doc.to_string())?;
    eprintln!(
        "{}: [crate] version = \"{next}\" (was \"{}\")",
        overlay.display(),
        api.meta.crate_version
    );
    Ok(true)
}

/// The workspace the command was run in. `cargo run` sets
/// `CARGO_MANIFEST_DIR` at run time to the xtask of the checkout it was
/// called in; the compile-time value names the checkout that built the
/// binary, which differs when checkouts share a target directory. It is
/// only the fallback, for the binary run by hand.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), Path::to_path_buf)
}

/// `out` from the root, without `..` or `.`.
fn absolute(out: &Path) -> PathBuf {
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(out)
    };
    normalize(&out)
}

/// The generator's options for a crate at `out` (absolute): the runtime of
/// the workspace at `root`, by its path from `out` and by the version its
/// `Cargo.toml` says. Both come from the one manifest the path leads to,
/// so the requirement the generated crate states is the version it builds
/// with.
pub(crate) fn options(root: &Path, out: &Path) -> Result<codegen::Options, String> {
    let runtime = root.join(codegen::RUNTIME_CRATE);
    let manifest = runtime.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let runtime_version = codegen::package_version(&text)
        .map_err(|e| format!("{} cannot be read: {e}", manifest.display()))?;
    let runtime_path = xtask::relative_path(out, &runtime)
        .to_string_lossy()
        .replace('\\', "/");
    Ok(codegen::Options::new(runtime_path, runtime_version))
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

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::routes::MissingRoute;

    fn route(resource: &str, key: &str) -> MissingRoute {
        MissingRoute {
            resource: resource.into(),
            key: key.into(),
            heading: key.into(),
            loc: codegen::Loc {
                file: format!("{resource}.md").into(),
                line: 7,
                ..codegen::Loc::default()
            },
            required: Vec::new(),
        }
    }

    /// `text` with the stub of `routes` added.
    fn added(text: &str, routes: &[MissingRoute]) -> Result<AddedStub, String> {
        let mut tables: Vec<(&str, Vec<&MissingRoute>)> = Vec::new();
        for r in routes {
            match tables.iter_mut().find(|(t, _)| *t == r.resource) {
                Some((_, lines)) => lines.push(r),
                None => tables.push((&r.resource, vec![r])),
            }
        }
        add_stub(text, &tables)
    }

    const OVERLAY: &str = "\
# The overlay.
[api]   # API-wide
title = 'T'

[routes.a]
x = \"GET /a\"   # kept as written

# Between the routes.
[routes.b]
y = \"GET /b\"

# After the routes.
[api.default_query]
_links = true
";

    #[test]
    fn lines_go_to_their_table_and_new_tables_after_the_last_routes_table() {
        let out = added(
            OVERLAY,
            &[route("c", "get"), route("a", "list"), route("c", "put")],
        )
        .unwrap();
        let comment = codegen::routes::STUB_COMMENT;
        assert_eq!(
            out.text,
            format!(
                "\
# The overlay.
[api]   # API-wide
title = 'T'

[routes.a]
x = \"GET /a\"   # kept as written

{comment}
list = \"TODO METHOD /path\" # list, a.md:7; no required parameters

# Between the routes.
[routes.b]
y = \"GET /b\"

[routes.c]
get = \"TODO METHOD /path\" # get, c.md:7; no required parameters
put = \"TODO METHOD /path\" # put, c.md:7; no required parameters

# After the routes.
[api.default_query]
_links = true
"
            )
        );
        assert_eq!((out.new_tables, out.to_new, out.to_existing), (1, 2, 1));
    }

    #[test]
    fn without_routes_the_tables_go_after_every_table() {
        let text = "[api]\ntitle = 'T'\n\n[api.default_query]\n_links = true\n";
        let out = added(text, &[route("a", "get")]).unwrap();
        let comment = codegen::routes::STUB_COMMENT;
        assert_eq!(
            out.text,
            format!(
                "{text}\n{comment}\n[routes.a]\nget = \"TODO METHOD /path\" # get, a.md:7; no required parameters\n"
            )
        );
    }

    #[test]
    fn a_key_the_table_has_is_left_alone_and_a_byte_order_mark_kept() {
        let text = "\u{feff}[routes.a]\nget = \"GET /a\"\n";
        let out = added(text, &[route("a", "get"), route("a", "put")]).unwrap();
        assert!(
            out.text
                .starts_with("\u{feff}[routes.a]\nget = \"GET /a\"\n")
        );
        assert_eq!(out.text.matches("get =").count(), 1, "{}", out.text);
        assert!(out.text.contains("\nput = \"TODO METHOD /path\""));
    }

    #[test]
    fn routes_not_written_as_tables_are_refused() {
        for text in [
            "routes = { a = { get = \"GET /a\" } }\n",
            "[routes]\na = { get = \"GET /a\" }\n",
            "[routes]\na.get = \"GET /a\"\n",
            "routes.a.get = \"GET /a\"\n",
        ] {
            let error = added(text, &[route("a", "put")]).unwrap_err();
            assert!(error.contains("add the stub by hand"), "{text}: {error}");
        }
        let error = added("[routes.a\n", &[route("a", "put")]).unwrap_err();
        assert!(error.contains("cannot be read as TOML"), "{error}");
    }
}
