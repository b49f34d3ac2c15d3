//! The READMEs' claims. The project README's usage example is
//! `examples/quickstart.rs`, which cargo compiles: this keeps the README's
//! copy from drifting. The crate's README (generated) states the
//! runtime's defaults: the numbers are checked against the runtime's.

#[test]
fn readme_shows_the_quickstart_example() {
    let example = include_str!("../examples/quickstart.rs");
    let readme = include_str!("../../README.md");
    let start =
        example.find("// README-START\n").expect("start marker") + "// README-START\n".len();
    let end = example.find("    // README-END").expect("end marker");
    let body: String = example[start..end]
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        readme.contains(&body),
        "README.md's usage example differs from examples/quickstart.rs; copy this into it:\n{body}"
    );
}

/// The crate's README (generated) states the runtime's defaults: these are
/// the numbers it gives, read from the runtime the crate is built on.
#[test]
fn the_crate_readme_states_the_runtimes_defaults() {
    let readme = include_str!("../README.md");
    let retries = format!("{:?}", losant_rest::RetryPolicy::default());
    let timeout = losant_rest::DEFAULT_TIMEOUT.as_secs();
    let limit = losant_rest::DEFAULT_MAX_RESPONSE_SIZE / (1024 * 1024);
    for (claim, fact) in [
        (format!("{timeout} s unless set"), true),
        (format!("up to {limit} MiB"), true),
        (
            "at most 3 attempts".into(),
            retries.contains("max_attempts: 3"),
        ),
        (
            "later than 30 s after the first".into(),
            retries.contains("max_elapsed: 30s"),
        ),
    ] {
        assert!(readme.contains(&claim), "README.md does not say {claim:?}");
        assert!(fact, "{claim:?} is not the runtime's default: {retries}");
    }
}
