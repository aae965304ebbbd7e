//! Generates the mktows API from a WSDL at build time (see README: "Choosing a WSDL version").
//! Kept short on purpose: the generator lives in `mktows-codegen`.

use std::path::PathBuf;

/// The WSDL used when neither a version feature nor `MKTOWS_WSDL` picks one.
const DEFAULT_WSDL: &str = "wsdl/mktows-2_2.wsdl";

fn main() {
    println!("cargo:rerun-if-env-changed=MKTOWS_WSDL");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let wsdl = match std::env::var_os("MKTOWS_WSDL") {
        Some(path) => manifest.join(path),
        // One feature per version under wsdl/; 2_2 is the only one published so far.
        None => manifest.join(DEFAULT_WSDL),
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
