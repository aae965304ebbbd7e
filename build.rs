//! Generates the mktows API from a WSDL at build time (see README: "Choosing a WSDL version").
//! Kept short on purpose: the generator lives in `mktows-codegen`.

use std::path::PathBuf;

/// API versions a cargo feature can pick (`v2_2`), oldest first; without `MKTOWS_WSDL` or
/// a version feature the newest is used. Cargo re-runs this script when features change.
const VERSIONS: &[(&str, &str)] = &[("V2_2", "wsdl/mktows-2_2.wsdl")];

fn main() {
    println!("cargo:rerun-if-env-changed=MKTOWS_WSDL");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let wsdl = match std::env::var_os("MKTOWS_WSDL") {
        Some(path) => manifest.join(path),
        None => {
            let chosen = VERSIONS
                .iter()
                .rev()
                .find(|(feature, _)| std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some())
                .or(VERSIONS.last());
            manifest.join(chosen.map_or("wsdl/mktows-2_2.wsdl", |(_, path)| *path))
        }
    };
    // Strict: the mktows WSDL is ours, so any problem in it is a bug to fix, not to skip.
    let options = mktows_codegen::Options {
        strict: true,
        ..Default::default()
    };
    let generated = match mktows_codegen::generate(&wsdl, &options) {
        Ok(g) => g,
        Err(e) => {
            // A compiler-style error on its own line, then fail the build.
            println!("cargo:warning={e}");
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for file in &generated.files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("mktows.rs");
    if let Err(e) = mktows_codegen::write_if_changed(&out, &generated.code) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
