//! The WSDL reader and the generator on arbitrary bytes: no input may panic or hang them.
//! Each input is written to a file (the reader takes paths, so imports resolve relative to
//! it), read with `wsdl::read`, then run through the whole pipeline with `generate`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A directory of this process's own (parallel fuzzing jobs do not share inputs).
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mktows-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        dir.join("input.wsdl")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = input_path();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let read = mktows_codegen::wsdl::read(path, &mktows_codegen::wsdl::ReadOptions::default());
    if read.is_ok() {
        let _ = mktows_codegen::generate(path, &mktows_codegen::Options::default());
    }
});
