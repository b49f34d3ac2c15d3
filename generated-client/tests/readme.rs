//! The README's usage example is `examples/quickstart.rs`, which cargo
//! compiles: this keeps the README's copy from drifting.

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
