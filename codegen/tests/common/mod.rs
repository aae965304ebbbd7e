//! What the codegen integration tests share: where the workspace and the shared corpus are.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of `codegen/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/wsdl-corpus` beside the checkout, or None (the caller skips) when it is not
/// there. Under CI (`CI=true`) a missing corpus is a failure, not a skip.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/wsdl-corpus");
    if dir.join("ROOTS.txt").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{} is missing: CI needs ../shared beside the checkout",
        dir.display()
    );
    eprintln!("skipping the corpus: {} not found", dir.display());
    None
}
