//! Input errors that read like a compiler's: `file:line:col: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in an input file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: PathBuf,
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(file: &Path, line: u32, col: u32) -> Self {
        Pos {
            file: file.to_path_buf(),
            line,
            col,
        }
    }

    /// The position of a node inside a parsed document.
    pub fn of(file: &Path, node: roxmltree::Node<'_, '_>) -> Self {
        let p = node.document().text_pos_at(node.range().start);
        Pos::new(file, p.row, p.col)
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
    }
}

/// Why generation failed. `Display` is the one line a user sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Something wrong or unsupported in an input file, at a known place.
    At { pos: Pos, message: String },
    /// A file that could not be read at all (no position inside it).
    Io { path: PathBuf, message: String },
}

impl Error {
    pub fn at(pos: &Pos, message: impl Into<String>) -> Self {
        Error::At {
            pos: pos.clone(),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, message: impl Into<String>) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::At { pos, message } => write!(f, "{pos}: {message}"),
            Error::Io { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
