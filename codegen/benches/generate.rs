//! Generation speed: the full mktows WSDL (goal: under 50 ms) and the largest roots of the
//! shared corpus (when `../shared` is there). Run: `cargo bench -p mktows-codegen`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The largest corpus roots that generate, by the size of the code they give.
const LARGE_CORPUS_ROOTS: &[&str] = &[
    "wsdl-tools/wsdl-core/src/test/resources/wsdl/reservation_service.wsdl",
    "gowsdl/fixtures/ec2.wsdl",
    "PackageGenerator/tests/resources/OmnitureAdminServices.wsdl",
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let mut inputs = vec![(
        "mktows-2_2".to_string(),
        root().join("wsdl/mktows-2_2.wsdl"),
    )];
    let corpus = root().join("../shared/wsdl-corpus");
    for rel in LARGE_CORPUS_ROOTS {
        let path = corpus.join(rel);
        if path.exists() {
            let name = Path::new(rel)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            inputs.push((name.unwrap_or_default(), path));
        }
    }
    let options = mktows_codegen::Options::default();
    for (name, path) in &inputs {
        // Fail loudly (outside the timing) if an input no longer generates.
        if let Err(e) = mktows_codegen::generate(path, &options) {
            panic!("{e}");
        }
        group.bench_function(name, |b| {
            b.iter(|| mktows_codegen::generate(path, &options).map(|g| g.code.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
