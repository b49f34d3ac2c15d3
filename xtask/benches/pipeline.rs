//! The generator's speed, stage by stage, on `spec/` and on the synthetic
//! spec at the newest real docs' scale (6.3 MB): `cargo bench -p xtask --bench pipeline`.
//! Throughput is in bytes of docs read.

use std::path::Path;

use codegen::{Diagnostics, Options, SourceFile, Sources};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the xtask binary uses, so the bench measures what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn inputs() -> Vec<(&'static str, Sources)> {
    let spec = codegen::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let mut synthetic = Sources::default();
    for (name, text) in xtask::synth::spec(xtask::synth::Scale::FULL) {
        synthetic.add(SourceFile::new(&name, &name, text));
    }
    vec![("spec", spec), ("synthetic", synthetic)]
}

fn stages(c: &mut Criterion) {
    // One thread, and the models on a second one as `cargo xtask codegen`
    // makes them where there is a second core.
    let one_thread = Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
    let two_threads = one_thread.clone().parallel(true);
    for (name, sources) in inputs() {
        let bytes: usize = sources.iter().map(|f| f.text.len()).sum();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes as u64));
        if name == "synthetic" {
            group.sample_size(20);
        }
        let parsed = codegen::parse(&sources, &mut Diagnostics::default());
        let linked = codegen::link(parsed.clone(), &mut Diagnostics::default()).unwrap();
        let lock = codegen::Lock::default();
        let names = codegen::name(&linked, &lock);
        let (api, _) = codegen::build_ir(&sources);
        let api = api.unwrap();

        group.bench_function("parse", |b| {
            b.iter(|| codegen::parse(&sources, &mut Diagnostics::default()))
        });
        group.bench_function("link, check and name", |b| {
            b.iter_batched(
                || parsed.clone(),
                |parsed| {
                    let linked = codegen::link(parsed, &mut Diagnostics::default()).unwrap();
                    codegen::name(&linked, &lock)
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("resolve types", |b| {
            b.iter_batched(
                || (linked.clone(), names.clone()),
                |(linked, names)| {
                    codegen::resolve(linked, names, &lock, &sources, &mut Diagnostics::default())
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("emit", |b| {
            b.iter(|| codegen::emit(&api, &one_thread).unwrap())
        });
        group.bench_function("emit, two threads", |b| {
            b.iter(|| codegen::emit(&api, &two_threads).unwrap())
        });
        group.bench_function("pipeline", |b| {
            b.iter(|| codegen::generate(&sources, &one_thread).unwrap())
        });
        group.bench_function("pipeline, two threads", |b| {
            b.iter(|| codegen::generate(&sources, &two_threads).unwrap())
        });
        group.finish();
    }
}

/// 1,000 warnings in a 4 MB schema doc, each shown in full: what took
/// 11.5 s when each rendering copied and scanned its whole file, and must
/// now cost what it shows.
fn warnings(c: &mut Criterion) {
    let line = "      \"description\": \"A property of the item, as the docs describe it.\",\n";
    let text = line.repeat(4_000_000 / line.len());
    let mut sources = Sources::default();
    let file = sources.add(SourceFile::new("_schemas.md", "spec/_schemas.md", text));
    let mut diagnostics = Diagnostics::default();
    let step = file.text.len() / 1_000;
    for i in 0..1_000 {
        let start = i * step - (i * step) % line.len() + 6;
        diagnostics.push(
            codegen::Diagnostic::warning(
                codegen::Lint::UnknownKeyword,
                &file.loc(start..start + 13),
                format!("unknown keyword `description{i}` is ignored"),
            )
            .help("remove it from the schema, or spell it as JSON Schema does"),
        );
    }
    let all = codegen::RenderOptions {
        color: false,
        verbose: true,
    };
    c.bench_function("render 1,000 warnings in a 4 MB doc", |b| {
        b.iter(|| diagnostics.render(&sources, all))
    });
}

criterion_group!(benches, stages, warnings);
criterion_main!(benches);
