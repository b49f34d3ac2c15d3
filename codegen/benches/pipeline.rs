//! The generator's speed, stage by stage, on `spec/` and on the synthetic
//! spec at the newest real docs' scale (7 MB): `cargo bench -p codegen`.
//! Throughput is in bytes of docs read.

use std::path::Path;

use codegen::{Diagnostics, Options, SourceFile, Sources};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn inputs() -> Vec<(&'static str, Sources)> {
    let spec = codegen::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let mut synthetic = Sources::default();
    for (name, text) in codegen::synth::spec(codegen::synth::Scale::FULL) {
        synthetic.add(SourceFile::new(&name, &name, text));
    }
    vec![("spec", spec), ("synthetic", synthetic)]
}

fn stages(c: &mut Criterion) {
    let options = Options {
        runtime_path: "../mdsdk-runtime".into(),
        runtime_version: "0.1.0".into(),
    };
    for (name, sources) in inputs() {
        let bytes: usize = sources.iter().map(|f| f.text.len()).sum();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes as u64));
        if name == "synthetic" {
            group.sample_size(20);
        }
        let parsed = codegen::parse_sources(&sources, &mut Diagnostics::default());
        let linked = codegen::link_and_check(parsed.clone(), &mut Diagnostics::default()).unwrap();
        let (api, _) = codegen::build_ir(&sources);
        let api = api.unwrap();

        group.bench_function("parse", |b| {
            b.iter(|| codegen::parse_sources(&sources, &mut Diagnostics::default()))
        });
        group.bench_function("link and check", |b| {
            b.iter_batched(
                || parsed.clone(),
                |parsed| codegen::link_and_check(parsed, &mut Diagnostics::default()),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("resolve types", |b| {
            b.iter_batched(
                || linked.clone(),
                |mut api| {
                    codegen::resolve::resolve(&mut api, &sources, &mut Diagnostics::default())
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("emit", |b| {
            b.iter(|| codegen::emit::emit(&api, &options).unwrap())
        });
        group.bench_function("pipeline", |b| {
            b.iter(|| codegen::generate(&sources, &options).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
