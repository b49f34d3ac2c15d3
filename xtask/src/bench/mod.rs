//! `cargo xtask bench`: runs the benchmarks and measurements of the
//! generator and the generated crate and prints them as one Markdown table,
//! the content of BENCHMARKS.md.

mod whole;

use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The criterion results the table shows: (group, bench) directories.
const CODEGEN: &[(&str, &str)] = &[
    ("parse", "parse"),
    ("link, check and name", "link, check and name"),
    ("resolve types", "resolve types"),
    ("emit", "emit"),
    ("emit, the models on a second thread", "emit, two threads"),
    ("whole pipeline", "pipeline"),
    (
        "whole pipeline, the models on a second thread",
        "pipeline, two threads",
    ),
];

pub fn run(root: &Path, out: Option<&Path>) -> Result<(), String> {
    let mut report = String::from("# Benchmarks\n\n");
    let _ = writeln!(report, "Machine: {}.\n", machine());
    let _ = writeln!(
        report,
        "Reproduce with `cargo xtask bench --out BENCHMARKS.md` (about eight minutes).\n"
    );

    cargo(
        root,
        &[
            "bench",
            "-p",
            "xtask",
            "--bench",
            "pipeline",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "5",
        ],
    )?;
    let spec_bytes = docs_bytes(&root.join("spec"))?;
    let runs = whole::measure(root)?;
    // The first run is the synthetic spec at 1x.
    let synth_bytes = runs.first().ok_or("no whole-process runs")?.bytes;
    report.push_str(&whole::report(&runs));
    let (dev_build, xtask_build) = whole::generator_builds(root)?;
    report.push_str(&whole::builds_report(dev_build, xtask_build));
    report.push_str("## Generator speed, stage by stage\n\n`cargo bench -p xtask --bench pipeline` (the bench profile, optimised like release): median time per run, and docs read per second. Every stage runs on one thread; emit and the whole pipeline are also timed with the models formatted on a second thread beside the other files, as `cargo xtask codegen` makes them where there is a second core (the files are the same).\n\n");
    report.push_str("| Stage | `spec/` (Org, 8 actions) | Synthetic (1x) |\n| --- | --- | --- |\n");
    for (label, bench) in CODEGEN {
        let spec = median(root, "spec", bench)?;
        let synth = median(root, "synthetic", bench)?;
        let _ = writeln!(
            report,
            "| {label} | {} ({}) | {} ({}) |",
            duration(spec),
            rate(spec_bytes, spec),
            duration(synth),
            rate(synth_bytes, synth)
        );
    }
    let _ = writeln!(
        report,
        "\nDocs read: `spec/` {} bytes, synthetic {} bytes.\n",
        spec_bytes, synth_bytes
    );
    let warnings = median(root, "render 1,000 warnings in a 4 MB doc", "")?;
    let _ = writeln!(
        report,
        "Rendering 1,000 warnings in a 4 MB doc, each in full with its snippet: {} \
         (the cost of what is shown: each snippet is cut from the file's line index).\n",
        duration(warnings)
    );

    let pipeline = median(root, "synthetic", "pipeline")?;
    let pipeline_two = median(root, "synthetic", "pipeline, two threads")?;
    let (crate_report, checks) = generated_crate(root)?;
    let Checks {
        cold_check,
        code_check,
        cold_build,
    } = checks;
    report.push_str(&crate_report);
    let (features_report, three_share) = crate::features::measure(root)?;
    report.push_str("## Features per resource\n\nThe synthetic crate built with only the resources an application calls (`cargo xtask features --measure`; docs/features.md).\n\n");
    report.push_str(&features_report);
    report.push('\n');

    cargo(
        root,
        &[
            "bench",
            "-p",
            "losant-rest",
            "--bench",
            "request",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "5",
        ],
    )?;
    let generated = median(root, "GET _orgs_{orgId} on loopback", "generated client")?;
    let by_hand = median(
        root,
        "GET _orgs_{orgId} on loopback",
        "hand-written reqwest",
    )?;
    report.push_str("## Cost per request\n\n`cargo bench -p losant-rest`: one `GET /orgs/{orgId}` to a loopback server, decoded into `Organization`; both send the same URL, query, headers and timeout. The two medians come from separate criterion runs, which drift apart on this machine by more than their difference; the overhead line alternates rounds of 400 calls of each within one run and takes the median ratio.\n\n");
    report.push_str("| What | Median |\n| --- | --- |\n");
    let _ = writeln!(
        report,
        "| generated client, sent and decoded | {} |",
        duration(generated)
    );
    let _ = writeln!(
        report,
        "| hand-written reqwest, sent and decoded | {} |",
        duration(by_hand)
    );
    let overhead = std::fs::read_to_string(root.join("target/criterion/overhead.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["ratio"].as_f64())
        .ok_or("the request bench wrote no overhead.json")?;
    let _ = writeln!(
        report,
        "| overhead of the generated client, measured interleaved in one run | {:+.1}% |",
        (overhead - 1.0) * 100.0
    );
    for (label, bench) in [
        (
            "build `get` without sending (path, query, headers)",
            "get (path, query, headers)",
        ),
        (
            "build `invite_member` without sending (and a JSON body)",
            "invite_member (and a JSON body)",
        ),
        (
            "build the same GET by hand with reqwest",
            "hand-written reqwest get",
        ),
    ] {
        let _ = writeln!(
            report,
            "| {label} | {} |",
            duration(median(root, "build a request, not sent", bench)?)
        );
    }
    report.push('\n');
    report.push_str(&models(root)?);
    report.push_str(&event_streams(root)?);

    report.push_str("## Budgets\n\n| Budget | Measured | |\n| --- | --- | --- |\n");
    let mut budget = |what: &str, measured: String, met: bool| {
        let _ = writeln!(
            report,
            "| {what} | {measured} | {} |",
            if met { "met" } else { "missed" }
        );
    };
    let one = &runs[0];
    let four = runs.last().ok_or("no whole-process runs")?;
    budget(
        &format!(
            "`cargo xtask codegen` on the synthetic spec ({:.1} MB, {} warnings) under 0.5 s",
            one.bytes as f64 / 1e6,
            one.warnings
        ),
        format!("{:.2} s", one.best.as_secs_f64()),
        one.best.as_secs_f64() < 0.5,
    );
    budget(
        "the release pipeline on it under 0.25 s, one thread",
        duration(pipeline),
        pipeline < 0.25e9,
    );
    budget(
        "the release pipeline on it under 0.25 s, the models on a second thread",
        duration(pipeline_two),
        pipeline_two < 0.25e9,
    );
    let growth = four.best.as_secs_f64() / one.best.as_secs_f64();
    let docs_growth = four.bytes as f64 / one.bytes as f64;
    budget(
        "cost linear in the docs: 4x the docs (and warnings) in at most 4.4x the time",
        format!("{docs_growth:.1}x the docs in {growth:.1}x the time"),
        growth <= docs_growth * 1.1,
    );
    budget(
        "`cargo check` of the synthetic crate in at most 60% of the time with every model a body of code",
        format!("{:.0}%", cold_check / code_check * 100.0),
        cold_check <= code_check * 0.6,
    );
    budget(
        "`cargo check` of the synthetic crate with three resources' features in at most 15% of the full crate's time",
        format!("{:.1}%", three_share * 100.0),
        three_share <= 0.15,
    );
    budget(
        "`cargo check` of the synthetic crate under 20 s",
        format!("{cold_check:.1} s"),
        cold_check < 20.0,
    );
    budget(
        "`cargo build` of the synthetic crate under 40 s",
        format!("{cold_build:.1} s"),
        cold_build < 40.0,
    );
    budget(
        "a call at most 5% slower than by hand",
        format!("{:+.1}%", (overhead - 1.0) * 100.0),
        overhead <= 1.05,
    );

    print!("{report}");
    if let Some(out) = out {
        std::fs::write(out, &report).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    Ok(())
}

/// What reading and writing a model costs by its table, against a body of
/// code per struct: `cargo bench -p mdsdk-runtime --bench model`.
fn models(root: &Path) -> Result<String, String> {
    cargo(
        root,
        &[
            "bench",
            "-p",
            "mdsdk-runtime",
            "--bench",
            "model",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ],
    )?;
    let mut out = String::from(
        "## Reading and writing a model

`cargo bench -p mdsdk-runtime --bench model`: an organisation with three members and a summary (1 KB of JSON), read and written by its table (what `json_struct!` expands to) and by a body of code of its own (what it expanded to before, and still does for a struct that keeps other properties by a schema). From bytes and to bytes is serde_json's own (de)serializer, as the client reads responses and writes bodies; any other deserializer (here through `serde_path_to_error`, as the client reads a body a second time to name the field that failed) takes the slower general path.\n\n| What | By table | By code | |\n| --- | --- | --- | --- |\n",
    );
    for (label, bench) in [
        ("from bytes", "from bytes"),
        ("from a `Value`", "from a Value"),
        (
            "through `serde_path_to_error`",
            "through serde_path_to_error",
        ),
        ("to bytes", "to bytes"),
    ] {
        let table = median(root, "model", &format!("{bench}, table"))?;
        let code = median(root, "model", &format!("{bench}, code"))?;
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {:+.0}% |",
            duration(table),
            duration(code),
            (table / code - 1.0) * 100.0
        );
    }
    out.push('\n');
    Ok(out)
}

/// Events per second through a typed event stream, against `sse-stream`
/// alone and with `serde_json` by hand: `cargo bench -p mdsdk-runtime
/// --bench stream`.
fn event_streams(root: &Path) -> Result<String, String> {
    cargo(
        root,
        &[
            "bench",
            "-p",
            "mdsdk-runtime",
            "--bench",
            "stream",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ],
    )?;
    let typed = median(root, "stream", "typed stream")?;
    let by_hand = median(root, "stream", "sse-stream and serde_json")?;
    let parser = median(root, "stream", "sse-stream alone")?;
    let per_second = |nanos: f64| format!("{:.0} k", 2000.0 / (nanos / 1e9) / 1000.0);
    let mut out = String::from(
        "## Event streams

`cargo bench -p mdsdk-runtime --bench stream`: 2,000 device-state events (about 130 bytes each) from a loopback server per connection, read whole. The typed stream (`Call::open_stream`: the size limit's count, the parser, each event decoded into its model) against the same bytes read with `sse-stream` and decoded with `serde_json` into the same model by hand, and parsed by `sse-stream` alone, decoding nothing. Budget: the typed stream within 10% of the hand-written reading.\n\n| Reading | Events per second | Time per connection | |\n| --- | --- | --- | --- |\n",
    );
    for (label, nanos) in [
        ("typed stream", typed),
        ("`sse-stream` and `serde_json`, by hand", by_hand),
        ("`sse-stream` alone, no decode", parser),
    ] {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {:+.0}% |",
            per_second(nanos),
            duration(nanos),
            (nanos / by_hand - 1.0) * 100.0
        );
    }
    out.push('\n');
    Ok(out)
}

/// The build times of the synthetic crate that budgets are set on.
struct Checks {
    cold_check: f64,
    /// The cold check with every model a body of code.
    code_check: f64,
    cold_build: f64,
}

/// Size and build times of the crate generated from the synthetic spec.
fn generated_crate(root: &Path) -> Result<(String, Checks), String> {
    let dir = root.join("target/bench-large");
    let spec = dir.join("spec");
    let client = dir.join("client");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&spec).map_err(|e| e.to_string())?;
    for (name, text) in xtask::synth::spec(xtask::synth::Scale::FULL) {
        std::fs::write(spec.join(name), text).map_err(|e| e.to_string())?;
    }
    let (api, files) = generate(root, &spec, &client)?;
    std::fs::copy(root.join("Cargo.lock"), client.join("Cargo.lock")).map_err(|e| e.to_string())?;

    let actions: usize = api.resources.iter().map(|r| r.actions.len()).sum();
    // The resources' modules: not the mock (behind a feature) or params.rs.
    let resource_paths: Vec<String> = (api.resources.iter())
        .map(|r| format!("src/{}.rs", r.idents.module))
        .collect();
    let resource_files: Vec<_> = files
        .iter()
        .filter(|f| resource_paths.contains(&f.path))
        .collect();
    let models = files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .ok_or("no models.rs")?;
    let all_lines: usize = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    let action_lines: usize = resource_files.iter().map(|f| code_lines(&f.contents)).sum();
    let action_items: usize = resource_files
        .iter()
        .map(|f| items(&f.contents))
        .sum::<Result<usize, String>>()?;
    let model_lines = code_lines(&models.contents);
    let model_items = items(&models.contents)?;
    let schemas = api.schemas.len();

    let manifest = client.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or("path")?;
    let target = root.join("target");
    // Dependencies first, so the times below are the generated crate's own.
    large(root, &target, &["build", "--manifest-path", manifest])?;
    large(root, &target, &["check", "--manifest-path", manifest])?;
    let time = |command: &str, clean: bool| -> Result<f64, String> {
        if clean {
            large(
                root,
                &target,
                &["clean", "-p", "large-client", "--manifest-path", manifest],
            )?;
        }
        let started = Instant::now();
        large(root, &target, &[command, "--manifest-path", manifest])?;
        Ok(started.elapsed().as_secs_f64())
    };
    let cold_check = time("check", true)?;
    // The same crate with every model read and written by a body of code
    // of its own, as `json_struct!` expanded before models were tables:
    // what the tables save.
    let models_path = client.join("src/models.rs");
    let as_tables = std::fs::read_to_string(&models_path).map_err(|e| e.to_string())?;
    let as_code = as_tables.replace(
        "::mdsdk_runtime::json_struct!(",
        "::mdsdk_runtime::__json_struct_code!(",
    );
    std::fs::write(&models_path, as_code).map_err(|e| e.to_string())?;
    let code_check = time("check", true);
    std::fs::write(&models_path, as_tables).map_err(|e| e.to_string())?;
    let code_check = code_check?;
    let cold_build = time("build", true)?;
    // A one-line docs change, twice: one action's description.
    let doc = spec.join("asset.md");
    let text = std::fs::read_to_string(&doc).map_err(|e| e.to_string())?;
    let change_docs = |to: &str| -> Result<(), String> {
        let changed = text.replacen("Retrieves information on a asset", to, 1);
        std::fs::write(&doc, changed).map_err(|e| e.to_string())?;
        generate(root, &spec, &client).map(drop)
    };
    change_docs("Retrieves what is known of an asset")?;
    let changed_check = time("check", false)?;
    change_docs("Retrieves all that is known of an asset")?;
    let changed_build = time("build", false)?;

    let mut out = String::from(
        "## The generated crate at full scale\n\nThe crate generated from the synthetic spec: its size, and its own build times in the debug profile with its dependencies already built (`cargo check` / `cargo build` of that crate alone).\n\n",
    );
    out.push_str("| What | Figure |\n| --- | --- |\n");
    let _ = writeln!(out, "| Rust lines generated, all files | {all_lines} |");
    let _ = writeln!(
        out,
        "| per action: code lines (without docs) / items | {:.1} / {:.1} |",
        action_lines as f64 / actions as f64,
        action_items as f64 / actions as f64
    );
    let _ = writeln!(
        out,
        "| per schema: code lines (without docs) / items | {:.1} / {:.1} |",
        model_lines as f64 / schemas as f64,
        model_items as f64 / schemas as f64
    );
    let _ = writeln!(
        out,
        "| types generated for {schemas} schemas | {} |",
        api.types.len()
    );
    let _ = writeln!(out, "| `cargo check`, cold | {cold_check:.1} s |");
    let _ = writeln!(
        out,
        "| `cargo check`, cold, every model a body of code (as before models were tables) | {code_check:.1} s ({:.0}% of it) |",
        cold_check / code_check * 100.0
    );
    let _ = writeln!(out, "| `cargo build`, cold | {cold_build:.1} s |");
    let _ = writeln!(
        out,
        "| `cargo check` after a one-line docs change | {changed_check:.1} s |"
    );
    let _ = writeln!(
        out,
        "| `cargo build` after a one-line docs change | {changed_build:.1} s |"
    );
    out.push('\n');
    Ok((
        out,
        Checks {
            cold_check,
            code_check,
            cold_build,
        },
    ))
}

fn generate(
    root: &Path,
    spec: &Path,
    out: &Path,
) -> Result<(codegen::ir::Api, Vec<codegen::GeneratedFile>), String> {
    let sources = codegen::load(spec).map_err(|e| e.to_string())?;
    let generated = codegen::generate(&sources, &crate::options(root, out)?)
        .map_err(|d| format!("the synthetic spec does not generate:\n{d}"))?;
    codegen::output::write(out, &generated.files, || {}).map_err(|e| e.to_string())?;
    Ok((generated.api, generated.files))
}

/// Lines that are not blank, comments or docs.
fn code_lines(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// Items, counted inside impls and modules too.
fn items(text: &str) -> Result<usize, String> {
    fn count(items: &[syn::Item]) -> usize {
        items
            .iter()
            .map(|item| match item {
                syn::Item::Impl(block) => 1 + block.items.len(),
                syn::Item::Mod(module) => {
                    1 + module.content.as_ref().map_or(0, |(_, items)| count(items))
                }
                _ => 1,
            })
            .sum()
    }
    let file = syn::parse_file(text).map_err(|e| e.to_string())?;
    Ok(count(&file.items))
}

fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    run_cargo(root, args, None)
}

/// Cargo on the generated crate, quietly, sharing the workspace's target
/// directory (and so its built dependencies).
fn large(root: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    run_cargo(root, &[args, &["--quiet"]].concat(), Some(target))
}

fn run_cargo(root: &Path, args: &[&str], target: Option<&Path>) -> Result<(), String> {
    let mut command = Command::new(env!("CARGO"));
    command.args(args).current_dir(root);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let status = command.status().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", args.join(" ")))
    }
}

/// Criterion's median of a bench, in nanoseconds.
fn median(root: &Path, group: &str, bench: &str) -> Result<f64, String> {
    let path = root
        .join("target/criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    json["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("no median in {}", path.display()))
}

fn docs_bytes(dir: &Path) -> Result<usize, String> {
    Ok(codegen::load(dir)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|f| f.text.len())
        .sum())
}

fn duration(nanos: f64) -> String {
    match nanos {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.1} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

fn rate(bytes: usize, nanos: f64) -> String {
    format!("{:.1} MB/s", bytes as f64 / 1e6 / (nanos / 1e9))
}

/// The CPU, cores and toolchain, for the table's heading.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores; {rustc}")
}
