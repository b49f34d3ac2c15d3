//! `cargo xtask codegen` timed the way users run it: the whole process,
//! cargo's start-up included, in the default profile, on the synthetic
//! spec at one, two and four times the newest real docs' scale.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use xtask::synth::Scale;

/// Timed runs per scale; the best is reported, as noise only adds time.
const RUNS: usize = 5;

/// One scale's figures.
pub struct Run {
    pub times: usize,
    pub bytes: usize,
    pub warnings: usize,
    pub best: Duration,
    pub peak_kib: u64,
}

/// Runs `cargo xtask codegen` on each scale into an empty directory.
pub fn measure(root: &Path) -> Result<Vec<Run>, String> {
    let mut runs = Vec::new();
    for times in [1, 2, 4] {
        let dir = root.join(format!("target/bench-whole/{times}x"));
        let spec = dir.join("spec");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&spec).map_err(|e| e.to_string())?;
        let scale = Scale::times(times);
        let mut bytes = 0;
        for (name, text) in xtask::synth::spec(scale) {
            bytes += text.len();
            std::fs::write(spec.join(name), text).map_err(|e| e.to_string())?;
        }
        let out = dir.join("client");
        let mut best = Duration::MAX;
        let mut peak_kib = 0;
        // The first run builds the xtask if it must; it is not counted.
        for run in 0..=RUNS {
            let _ = std::fs::remove_dir_all(&out);
            let (elapsed, kib) = codegen_once(root, &spec, &out)?;
            if run > 0 {
                best = best.min(elapsed);
                peak_kib = peak_kib.max(kib);
            }
        }
        runs.push(Run {
            times,
            bytes,
            warnings: xtask::synth::planted_warnings(scale).values().sum(),
            best,
            peak_kib,
        });
    }
    Ok(runs)
}

/// One `cargo xtask codegen`: its wall time, and the peak resident memory
/// of the largest process it ran (the generator, not cargo).
fn codegen_once(root: &Path, spec: &Path, out: &Path) -> Result<(Duration, u64), String> {
    let started = Instant::now();
    let child = Command::new(env!("CARGO"))
        .args(["xtask", "codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run cargo xtask codegen: {e}"))?;
    let (status, peak_kib) = wait_with_peak_memory(child)?;
    let elapsed = started.elapsed();
    if !status {
        return Err(format!("cargo xtask codegen failed on {}", spec.display()));
    }
    Ok((elapsed, peak_kib))
}

/// Waits for `child` and returns whether it succeeded and the largest
/// resident set of it and the processes it waited for, in KiB.
#[cfg(unix)]
fn wait_with_peak_memory(child: std::process::Child) -> Result<(bool, u64), String> {
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
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((success, usage.ru_maxrss.max(0) as u64))
}

#[cfg(not(unix))]
fn wait_with_peak_memory(mut child: std::process::Child) -> Result<(bool, u64), String> {
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status.success(), 0))
}

/// The section of BENCHMARKS.md.
pub fn report(runs: &[Run]) -> String {
    let mut out = String::from(
        "## `cargo xtask codegen` as users run it\n\n\
         The whole process of the README's command (cargo's start-up included, default \
         profile, which builds the generator in the optimised `xtask` profile), writing the \
         crate into an empty directory: the best of five runs, and the peak memory of the \
         generator process.\n\n\
         | Synthetic spec | Docs | Warnings | Wall time | Docs per second | Peak memory |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    for run in runs {
        let seconds = run.best.as_secs_f64();
        let _ = writeln!(
            out,
            "| {}x | {:.1} MB | {} | {:.2} s | {:.1} MB/s | {} MB |",
            run.times,
            run.bytes as f64 / 1e6,
            run.warnings,
            seconds,
            run.bytes as f64 / 1e6 / seconds,
            run.peak_kib / 1024
        );
    }
    if let [first, .., last] = runs {
        let _ = writeln!(
            out,
            "\nFrom 1x to {}x the docs grow {:.1} times and the time {:.1} times.",
            last.times,
            last.bytes as f64 / first.bytes as f64,
            last.best.as_secs_f64() / first.best.as_secs_f64()
        );
    }
    out.push('\n');
    out
}

/// Cold builds of the generator, in a fresh target directory each: in the
/// dev profile (what `cargo test` builds) and in the `xtask` profile (what
/// `cargo xtask` builds), in seconds.
pub fn generator_builds(root: &Path) -> Result<(f64, f64), String> {
    let time = |profile: &str| -> Result<f64, String> {
        let target = root.join(format!("target/bench-build-{profile}"));
        let _ = std::fs::remove_dir_all(&target);
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--locked",
                "-p",
                "xtask",
                "--profile",
                profile,
            ])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(root)
            .status()
            .map_err(|e| e.to_string())?;
        let elapsed = started.elapsed().as_secs_f64();
        let _ = std::fs::remove_dir_all(&target);
        if !status.success() {
            return Err(format!(
                "building the generator in the {profile} profile failed"
            ));
        }
        Ok(elapsed)
    };
    Ok((time("dev")?, time("xtask")?))
}

/// The build cost of running the generator optimised.
pub fn builds_report(dev: f64, xtask: f64) -> String {
    format!(
        "The `xtask` profile leaves the dev profile as it was, so `cargo test` builds what it \
         built before. What it costs is one more build of the generator and its dependencies, \
         optimised, the first time `cargo xtask` runs (cold, in a fresh target directory): \
         {xtask:.0} s, against {dev:.0} s for the same crates in the dev profile.\n\n"
    )
}
