//! `cargo xtask features`: the resource features of the crate the
//! synthetic spec generates (a hundred resources). It checks the gating
//! (`codegen::check_features`), then compiles the crate, clippy-clean,
//! with no resource and with each resource alone: every feature
//! combination an application is likely to pick is a union of those.
//!
//! `--measure` times instead what the features are for: a cold
//! `cargo check` of the crate alone (its dependencies built), in user CPU
//! seconds, with every resource (the default), with three, and with none.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Timed runs of each build; the median is reported.
const RUNS: usize = 3;

/// The resources `--measure` turns on by default: three the synthetic
/// spec's resources do not share types with.
pub const THREE: &[&str] = &["asset", "job", "vault"];

pub fn run(root: &Path, out: Option<&Path>, measure: Option<&[String]>) -> Result<(), String> {
    let client = out.map_or_else(|| root.join("target/features-client"), Path::to_path_buf);
    let api = generate(root, &client)?;
    let manifest = client.join("Cargo.toml");
    match measure {
        Some(resources) => {
            let (report, _) = measure_builds(root, &manifest, resources)?;
            print!("{report}");
            Ok(())
        }
        None => check_builds(root, &manifest, &api),
    }
}

/// The synthetic spec's crate, written into `client` (its spec beside it),
/// its gating checked; the workspace's lock file copied in, so it builds
/// with the versions the workspace built.
fn generate(root: &Path, client: &Path) -> Result<codegen::ir::Api, String> {
    let spec = client.with_file_name(format!(
        "{}-spec",
        client
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("client")
    ));
    let _ = std::fs::remove_dir_all(&spec);
    std::fs::create_dir_all(&spec).map_err(|e| e.to_string())?;
    for (name, text) in xtask::synth::spec(xtask::synth::Scale::FULL) {
        std::fs::write(spec.join(name), text).map_err(|e| e.to_string())?;
    }
    let sources = codegen::load(&spec).map_err(|e| e.to_string())?;
    let options = crate::options(root, &absolute(client))?;
    let generated = codegen::generate(&sources, &options)
        .map_err(|d| format!("the synthetic spec does not generate:\n{d}"))?;
    codegen::check_features(&generated.api, &generated.files).map_err(|e| e.to_string())?;
    codegen::output::write(client, &generated.files, || {}).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), client.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    eprintln!(
        "{}: generated, {} resources, each item gated by the resources that reach it",
        client.display(),
        generated.api.resources.len()
    );
    Ok(generated.api)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

/// Clippy, warnings denied, on the crate with no resource (without and
/// with its tests and mock), then with each resource alone (its tests and
/// mock too).
fn check_builds(root: &Path, manifest: &Path, api: &codegen::ir::Api) -> Result<(), String> {
    let mut builds: Vec<(String, Vec<&str>)> = vec![
        ("no feature".into(), vec![]),
        (
            "no resource".into(),
            vec!["--all-targets", "--features", "rustls"],
        ),
    ];
    let features: Vec<String> = (api.resources.iter())
        .map(|r| format!("rustls,{}", r.idents.module))
        .collect();
    for (resource, features) in api.resources.iter().zip(&features) {
        builds.push((
            format!("`{}` alone", resource.idents.module),
            vec!["--all-targets", "--features", features],
        ));
    }
    let mut failed = Vec::new();
    let count = builds.len();
    for (i, (what, args)) in builds.into_iter().enumerate() {
        eprintln!("[{}/{count}] {what}", i + 1);
        let mut command = cargo(root, "clippy", manifest);
        command
            .arg("--no-default-features")
            .args(&args)
            .args(["--", "-D", "warnings"]);
        let status = command.status().map_err(|e| e.to_string())?;
        if !status.success() {
            failed.push(what);
        }
    }
    if failed.is_empty() {
        eprintln!("every build compiles without a warning: {count} of them");
        Ok(())
    } else {
        Err(format!("these builds fail: {}", failed.join(", ")))
    }
}

/// `cargo <command>` of the crate at `manifest`, quietly, in the
/// workspace's target directory (so with its dependencies built).
fn cargo(root: &Path, command: &str, manifest: &Path) -> Command {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .arg(command)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(manifest)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"));
    cargo
}

/// For `cargo xtask bench`: the table of [`measure_builds`] with
/// [`THREE`] resources, and the share of the full crate's time those take.
pub fn measure(root: &Path) -> Result<(String, f64), String> {
    let client = root.join("target/features-client");
    generate(root, &client)?;
    let three: Vec<String> = THREE.iter().map(|r| r.to_string()).collect();
    measure_builds(root, &client.join("Cargo.toml"), &three)
}

/// The user CPU seconds of a cold `cargo check` of the crate alone: with
/// the default features (every resource), with `resources`, with none; and
/// the share of the first those with `resources` take.
fn measure_builds(
    root: &Path,
    manifest: &Path,
    resources: &[String],
) -> Result<(String, f64), String> {
    let some = format!("rustls,{}", resources.join(","));
    let builds: [(String, Vec<&str>); 3] = [
        ("every resource (the default features)".into(), vec![]),
        (
            format!(
                "{} resources: `{}`",
                resources.len(),
                resources.join("`, `")
            ),
            vec!["--no-default-features", "--features", &some],
        ),
        (
            "no resource".into(),
            vec!["--no-default-features", "--features", "rustls"],
        ),
    ];
    // Cargo names the artifacts of a crate that is its own workspace by its
    // path from there, so the crate's artifacts may be those of another
    // copy at another path (`target/large-client`), whose files are not
    // the ones touched below: they are removed first.
    let status = cargo(root, "clean", manifest)
        .args(["--package", &package(manifest)?])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo clean failed".into());
    }
    // The dependencies, built once for each set of features.
    for (_, args) in &builds {
        let status = cargo(root, "check", manifest)
            .args(args)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("the crate does not compile".into());
        }
    }
    let lib = manifest.with_file_name("src/lib.rs");
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); builds.len()];
    // Round after round, so that the machine's load weighs on each alike.
    for round in 0..RUNS {
        for ((what, args), times) in builds.iter().zip(&mut times) {
            touch(&lib)?;
            let mut command = cargo(root, "check", manifest);
            command.args(args).env("CARGO_INCREMENTAL", "0");
            let user = user_seconds(command)?;
            eprintln!("round {}: {what}: {user:.2} s", round + 1);
            times.push(user);
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect();
    let mut out = format!(
        "Cold `cargo check` of the synthetic spec's crate alone (dependencies built, \
         `CARGO_INCREMENTAL=0`), user CPU seconds, the median of {RUNS}:\n\n\
         | Features | User CPU | Of the full crate's |\n| --- | --- | --- |\n"
    );
    for ((what, _), median) in builds.iter().zip(&medians) {
        let _ = writeln!(
            out,
            "| {what} | {median:.2} s | {:.1}% |",
            median / medians[0] * 100.0
        );
    }
    Ok((out, medians[1] / medians[0]))
}

/// The name of the package of `manifest`.
fn package(manifest: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| e.to_string())?;
    let line = text
        .lines()
        .find_map(|line| line.strip_prefix("name = "))
        .ok_or_else(|| format!("{} names no package", manifest.display()))?;
    Ok(line.trim_matches('"').to_owned())
}

/// Sets the file's modified time to now, so cargo compiles the crate anew.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// Runs `command` and returns the user CPU seconds of it and of the
/// processes it waited for (rustc), as `time` reports them.
#[cfg(unix)]
fn user_seconds(mut command: Command) -> Result<f64, String> {
    let child = command.spawn().map_err(|e| e.to_string())?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our
    // own child, which std has not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(format!(
            "waiting for cargo failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err("cargo check failed".into());
    }
    Ok(usage.ru_utime.tv_sec as f64 + usage.ru_utime.tv_usec as f64 / 1e6)
}

#[cfg(not(unix))]
fn user_seconds(_: Command) -> Result<f64, String> {
    Err("measuring user CPU time needs a Unix".into())
}
