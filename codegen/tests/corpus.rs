//! The generator on real-world WSDLs: every root in `../shared/wsdl-corpus/ROOTS.txt` must
//! either generate Rust that compiles (all outputs are checked together, in one scratch
//! crate against the runtime, so this stays fast) or fail with a clear
//! `file:line:col: message`. A panic, a hang, an unclear error or output that does not
//! compile is a failure.

mod common;

use common::{corpus_dir, workspace_root};

use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// Generation of one root may take this long before it counts as a hang.
const GENERATE_TIMEOUT: Duration = Duration::from_secs(60);

enum Outcome {
    /// Code, and the warnings of what was left out.
    Code(String, Vec<String>),
    ClearError(String),
    Failure(String),
}

/// `path:line:col: message`, or `path: message` for a file that could not be read at all.
fn is_clear(message: &str, root: &Path) -> bool {
    let mut parts = message.splitn(4, ':');
    let (Some(path), Some(line), Some(col)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let positioned = Path::new(path).exists()
        && line.parse::<u32>().is_ok_and(|l| l > 0)
        && col.parse::<u32>().is_ok_and(|c| c > 0)
        && parts.next().is_some_and(|m| m.trim().len() > 3);
    let io = message.starts_with(&root.display().to_string());
    positioned || io
}

/// Generates on a thread of its own (a big stack, a deadline, panics caught).
fn generate(root: &Path) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let path = root.to_path_buf();
    let spawned = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                mktows_codegen::generate(&path, &mktows_codegen::Options::default())
            });
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Outcome::Failure(format!("cannot start a thread: {e}"));
    }
    match rx.recv_timeout(GENERATE_TIMEOUT) {
        Ok(Ok(Ok(generated))) => {
            let warnings = generated.warnings.iter().map(|w| w.to_string()).collect();
            Outcome::Code(generated.code, warnings)
        }
        Ok(Ok(Err(e))) => {
            let message = e.to_string();
            if is_clear(&message, root) {
                Outcome::ClearError(message)
            } else {
                Outcome::Failure(format!("unclear error: {message}"))
            }
        }
        Ok(Err(_)) => Outcome::Failure("the generator panicked".to_string()),
        Err(_) => Outcome::Failure(format!("no answer in {GENERATE_TIMEOUT:?}")),
    }
}

/// Writes the scratch crate: one module per generated file, the runtime as its dependency,
/// the workspace's lock file so the same crate versions are used without a network.
fn write_scratch(dir: &Path, modules: &[(String, String)]) {
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).expect("old scratch sources can be removed");
    }
    std::fs::create_dir_all(&src).expect("scratch dir can be created");
    let runtime = workspace_root()
        .join("runtime")
        .canonicalize()
        .expect("runtime/ exists");
    let manifest = format!(
        r#"[package]
name = "corpus-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
mktows-runtime = {{ path = "{}", features = ["serde", "blocking"] }}
serde = {{ version = "1", features = ["derive"] }}

[features]
default = ["serde", "blocking"]
serde = []
blocking = []

[workspace]
"#,
        runtime.display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("scratch manifest is writable");
    let lock = workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(lock, dir.join("Cargo.lock")).expect("lock file can be copied");
    }
    let mut lib = String::from("#![allow(non_snake_case)]\n");
    for (module, code) in modules {
        std::fs::write(src.join(format!("{module}.rs")), code).expect("module is writable");
        lib.push_str(&format!("pub mod {module};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).expect("lib.rs is writable");
}

/// `cargo check`s the scratch crate; returns the modules with errors, with the first error.
fn check(dir: &Path) -> Vec<(String, String)> {
    let target = workspace_root().join("target/corpus-check");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failed: Vec<(String, String)> = Vec::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let module = line
            .split(':')
            .next()
            .and_then(|p| Path::new(p).file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !failed.iter().any(|(m, _)| m == &module) {
            failed.push((module, line.to_string()));
        }
    }
    if !output.status.success() && failed.is_empty() {
        failed.push((
            "<crate>".to_string(),
            stderr.lines().take(20).collect::<Vec<_>>().join("\n"),
        ));
    }
    failed
}

#[test]
fn corpus_compiles_or_fails_clearly() {
    let Some(corpus) = corpus_dir() else { return };
    let roots_txt =
        std::fs::read_to_string(corpus.join("ROOTS.txt")).expect("ROOTS.txt is readable");
    let roots: Vec<&str> = roots_txt
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();

    let mut modules = Vec::new();
    let mut module_roots = Vec::new();
    let mut clear = Vec::new();
    let mut partial = Vec::new();
    let mut failures = Vec::new();
    for (i, rel) in roots.iter().enumerate() {
        let root = corpus.join(rel);
        match generate(&root) {
            Outcome::Code(code, warnings) => {
                for w in &warnings {
                    if !is_clear(w, &root) {
                        failures.push(format!("{rel}: unclear warning: {w}"));
                    }
                }
                if !warnings.is_empty() {
                    partial.push(format!(
                        "{rel}: {} left out, first: {}",
                        warnings.len(),
                        warnings[0]
                    ));
                }
                modules.push((format!("root_{i:03}"), code));
                module_roots.push(rel.to_string());
            }
            Outcome::ClearError(e) => clear.push(format!("{rel}: {e}")),
            Outcome::Failure(e) => failures.push(format!("{rel}: {e}")),
        }
    }

    let scratch = workspace_root().join("target/corpus-check/crate");
    write_scratch(&scratch, &modules);
    let compile_errors = check(&scratch);
    for (module, error) in &compile_errors {
        let rel = module
            .strip_prefix("root_")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| {
                modules
                    .iter()
                    .position(|(m, _)| m == &format!("root_{n:03}"))
            })
            .map_or(module.as_str(), |i| module_roots[i].as_str());
        failures.push(format!("{rel}: generated code does not compile: {error}"));
    }
    let compiled = modules.len() - compile_errors.len().min(modules.len());

    for e in &clear {
        eprintln!("clear error: {e}");
    }
    for p in &partial {
        eprintln!("compiled with parts left out: {p}");
    }
    for f in &failures {
        eprintln!("FAILURE: {f}");
    }
    println!(
        "compiled {compiled}/{}, clear errors {}, failures {}",
        roots.len(),
        clear.len(),
        failures.len()
    );
    println!(
        "({} of the compiled roots had operations or types left out, with warnings)",
        partial.len()
    );
    assert!(
        failures.is_empty(),
        "{} corpus roots failed (see above)",
        failures.len()
    );
}
