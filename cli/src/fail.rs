//! How a command fails: the one line printed on stderr and the exit status.
//!
//! Exit statuses: 0 success, 1 the output could not be written, 2 bad usage or bad input
//! (clap uses 2 for usage errors too), 3 the decoded envelope is a SOAP Fault.

use std::fmt;
use std::process::ExitCode;

/// The decoded envelope holds a SOAP Fault (its JSON is still printed).
pub const EXIT_FAULT: u8 = 3;

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or input (status 2); the message is printed as is.
    Input(String),
    /// Writing the output failed (status 1).
    Output(String),
    /// Standard output was closed early (`| head`): nothing more to say (status 1).
    BrokenPipe,
}

impl Failure {
    /// A usage or input error without a position: printed as `error: message`.
    pub fn usage(message: impl fmt::Display) -> Self {
        Failure::Input(format!("error: {message}"))
    }

    /// An input error at a place in a file: `FILE:LINE:COL: message`.
    pub fn at(file: &str, line: u64, col: u64, message: impl fmt::Display) -> Self {
        Failure::Input(format!("{file}:{line}:{col}: {message}"))
    }

    /// An input error about a whole file: `FILE: message`.
    pub fn in_file(file: &str, message: impl fmt::Display) -> Self {
        Failure::Input(format!("{file}: {message}"))
    }

    /// The exit status for this failure.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Input(_) => ExitCode::from(2),
            Failure::Output(_) | Failure::BrokenPipe => ExitCode::from(1),
        }
    }

    /// The line for stderr, if any.
    pub fn message(&self) -> Option<&str> {
        match self {
            Failure::Input(m) | Failure::Output(m) => Some(m),
            Failure::BrokenPipe => None,
        }
    }
}

impl From<std::io::Error> for Failure {
    /// An error writing standard output.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Output(format!("error: cannot write output: {e}"))
        }
    }
}
