//! `mktows-codegen`: WSDL 1.1 / XSD -> Rust.
//!
//! The pipeline has one module per stage: [`wsdl`] reads the documents (imports, includes,
//! QNames), [`ir`] resolves every reference once into a type arena, [`naming`] chooses Rust
//! names, and [`emit`] turns the model into tokens and a formatted file.

pub mod emit;
pub mod error;
pub mod ir;
pub mod naming;
pub mod wsdl;

use std::path::{Path, PathBuf};

pub use error::{Error, Pos, Result};

/// What to generate, and from where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Offline catalog: absolute import URL (or namespace) -> local file.
    pub read: wsdl::ReadOptions,
    /// Only these operations (WSDL operation names); empty means all.
    pub operations: Vec<String>,
    /// Only these services (WSDL service names); empty means all.
    pub services: Vec<String>,
    /// Wrap the output in `pub mod <module> { ... }` (several services in one file).
    pub module: Option<String>,
    /// Fail on the first problem. Otherwise an operation (or, for a bare schema, a type)
    /// that cannot be generated is left out and reported in `Generated::warnings`.
    pub strict: bool,
}

/// The generated Rust source and the files it came from.
#[derive(Debug, Clone)]
pub struct Generated {
    /// One formatted Rust file.
    pub code: String,
    /// Every file read, root first: each deserves a `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
    /// What was left out and why, each `file:line:col: message` (empty when strict).
    pub warnings: Vec<Error>,
}

/// Reads `wsdl_path` (and what it imports) and generates the Rust module for it.
pub fn generate(wsdl_path: &Path, options: &Options) -> Result<Generated> {
    let defs = wsdl::read(wsdl_path, &options.read)?;
    if options.strict {
        if let Some(first) = defs.left_out.first() {
            return Err(first.clone());
        }
    }
    let model = ir::build(&defs, options)?;
    let nothing = model.clients.iter().all(|c| c.operations.is_empty()) && model.types.is_empty();
    // Nothing generated because of problems: the first problem is the error. (An input
    // that simply defines nothing gives an empty, valid module.)
    if let Some(reason) = defs.left_out.iter().chain(&model.warnings).next() {
        if nothing {
            return Err(reason.clone());
        }
    }
    let code = emit::render(&model, options.module.as_deref())?;
    let mut warnings = defs.left_out;
    warnings.extend(model.warnings);
    Ok(Generated {
        code,
        files: defs.files,
        warnings,
    })
}

/// Writes `contents` to `path` only when it differs, so tools watching mtimes
/// (cargo, editors) see no change when nothing changed. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    match std::fs::read(path) {
        Ok(old) if old == contents.as_bytes() => Ok(false),
        _ => {
            // Write beside and rename, so a reader never sees half a file.
            let tmp = path.with_extension("rs.tmp");
            std::fs::write(&tmp, contents)?;
            std::fs::rename(&tmp, path)?;
            Ok(true)
        }
    }
}
