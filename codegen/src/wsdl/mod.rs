//! Reading: WSDL 1.1 and 2.0 documents and XML Schemas, with their imports and includes, into the owned
//! [`Definitions`] model. QNames are resolved to namespace URIs here, each in the scope of the
//! node it is written on; references between components are left for `ir::build` to follow.
//!
//! Nothing is fetched from the network: absolute import URLs resolve only through the offline
//! catalog in [`ReadOptions`].

mod definitions;
mod loader;
pub mod model;
mod node;
mod text;
mod wsdl20;
mod xsd;
mod xsd_simple;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use model::*;

/// Options for reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The offline catalog: maps absolute import URLs (exactly as written in `schemaLocation` or
    /// `location`), or namespace URIs, to local files.
    pub catalog: BTreeMap<String, PathBuf>,
}

/// Reads the WSDL file (1.1, or 2.0 turned into the 1.1 model) at `path` and every file it
/// imports or includes.
///
/// A standalone `.xsd` is accepted as the root too: the result then holds schemas only.
/// Every error names the file, and where it can, the line and column it is about.
pub fn read(path: &Path, options: &ReadOptions) -> crate::error::Result<Definitions> {
    // The schema reader recurses along the nesting of anonymous types and model groups. Depth
    // is capped (`node::MAX_DEPTH`), but in a debug build each level takes kilobytes of stack:
    // a thread of our own holds the deepest accepted schema whatever the caller's stack is.
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("wsdl-read".to_string())
            .stack_size(READER_STACK)
            .spawn_scoped(scope, || loader::load(path, options));
        match spawned {
            Ok(reader) => reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => loader::load(path, options),
        }
    })
}

const READER_STACK: usize = 32 << 20;
