//! The one error type every call returns.
//!
//! No variant holds credentials: requests are never echoed into errors, URLs are
//! checked to carry no user info, and reqwest errors are stored without their URL.

use crate::fault::Fault;
use crate::xml::{DecodeError, EncodeError};

/// The boxed source of a transport error (a `reqwest::Error` or an I/O error).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Anything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request value could not be written as XML.
    #[error("cannot encode request: {0}")]
    Encode(#[from] EncodeError),

    /// The response is not what the schema describes.
    #[error("cannot decode response: {0}")]
    Decode(#[from] DecodeError),

    /// The service answered with a SOAP Fault (boxed: it is large and rare, and
    /// `Result<T, Error>` stays small).
    #[error("{0}")]
    Fault(Box<Fault>),

    /// A non-success HTTP status with a body that is not a SOAP envelope.
    #[error("HTTP status {status}: {body_snippet:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the response body, for diagnosis.
        body_snippet: String,
    },

    /// The request could not be sent or the response not received.
    #[error("transport error: {message}")]
    Transport {
        /// What failed, including the causes.
        message: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },

    /// The call took longer than the configured timeout.
    #[error("request timed out")]
    Timeout,

    /// The response body was larger than the configured limit.
    #[error("response is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },

    /// Invalid configuration: endpoint, credentials, client settings.
    #[error("configuration error: {0}")]
    Config(String),
}

impl From<Fault> for Error {
    fn from(fault: Fault) -> Self {
        Error::Fault(Box::new(fault))
    }
}

/// Fault codes that mature clients retry: internal error, service failure, request
/// expired (retried with a fresh signature), rate limit and concurrency limit.
pub const TRANSIENT_FAULT_CODES: [u32; 5] = [10001, 20011, 20016, 20023, 20024];

impl Error {
    /// Whether trying again later may succeed: transient faults, timeouts, connection
    /// failures and gateway errors (502, 503, 504). Never client errors (4xx) or
    /// schema mismatches.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Fault(f) => f.is_transient(),
            Error::Timeout => true,
            Error::Http { status, .. } => matches!(status, 502..=504),
            Error::Transport { source, .. } => is_transient_source(source.as_ref()),
            Error::Encode(_)
            | Error::Decode(_)
            | Error::ResponseTooLarge { .. }
            | Error::Config(_) => false,
        }
    }

    /// The fault, if the service answered with one.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) => Some(f.as_ref()),
            _ => None,
        }
    }

    /// A transport error from reqwest; timeouts become [`Error::Timeout`].
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout;
        }
        let e = e.without_url();
        Error::Transport {
            message: error_chain(&e),
            source: Box::new(e),
        }
    }

    /// A transport error while reading a body through `std::io::Read` (blocking client).
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    pub(crate) fn from_io(e: std::io::Error) -> Error {
        let timed_out = e.kind() == std::io::ErrorKind::TimedOut
            || e.get_ref()
                .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_timeout);
        if timed_out {
            return Error::Timeout;
        }
        Error::Transport {
            message: error_chain(&e),
            source: Box::new(e),
        }
    }
}

fn is_transient_source(source: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(e) = source.downcast_ref::<reqwest::Error>() {
        // A refused certificate fails while connecting too, but no retry will change it.
        return (e.is_connect() || e.is_timeout()) && !is_tls_rejection(e);
    }
    if let Some(e) = source.downcast_ref::<std::io::Error>() {
        use std::io::ErrorKind::*;
        return matches!(
            e.kind(),
            ConnectionRefused | ConnectionReset | ConnectionAborted | TimedOut | UnexpectedEof
        );
    }
    false
}

/// Whether the chain holds a TLS handshake rejection (an untrusted or invalid certificate,
/// no common protocol): rustls reports those as `io::ErrorKind::InvalidData`, wrapped by
/// the connector in further errors. `io::Error::source` skips its own payload, so payloads
/// are entered through `get_ref`.
fn is_tls_rejection(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    // Bounded: a chain is a handful of links; a cyclic one must not hang.
    for _ in 0..32 {
        let Some(err) = next else { break };
        next = err.source();
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
            if let Some(inner) = io.get_ref() {
                next = Some(inner);
            }
        }
    }
    false
}

/// "outer: cause: root cause", skipping repeated messages (reqwest nests hyper's).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_classification() {
        assert!(Error::from(Fault::service(20016, "Request expired")).is_transient());
        assert!(!Error::from(Fault::service(20014, "Authentication failed")).is_transient());
        assert!(Error::Timeout.is_transient());
        assert!(Error::Http {
            status: 503,
            body_snippet: String::new()
        }
        .is_transient());
        assert!(!Error::Http {
            status: 404,
            body_snippet: String::new()
        }
        .is_transient());
        assert!(!Error::Decode(DecodeError::new("x")).is_transient());
        let io = Error::from_io(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert!(io.is_transient());
        let io = Error::from_io(std::io::Error::from(std::io::ErrorKind::TimedOut));
        assert!(matches!(io, Error::Timeout));
    }

    #[test]
    fn tls_rejections_are_found_inside_io_payloads() {
        use std::io::{Error as IoError, ErrorKind};
        let certificate = IoError::new(ErrorKind::InvalidData, "invalid peer certificate");
        // The shape hyper-util gives: an `Other` I/O error carrying rustls' `InvalidData` one.
        assert!(is_tls_rejection(&IoError::other(certificate)));
        assert!(!is_tls_rejection(&IoError::from(
            ErrorKind::ConnectionRefused
        )));
        assert!(!is_tls_rejection(&IoError::other(IoError::from(
            ErrorKind::ConnectionReset
        ))));
    }

    #[test]
    fn display() {
        let e = Error::from(Fault::service(20105, "Unknown lead field"));
        assert_eq!(
            e.to_string(),
            "SOAP fault SOAP-ENV:Client: 20105 - Unknown lead field"
        );
        let e = Error::Http {
            status: 502,
            body_snippet: "<html>Bad gateway</html>".into(),
        };
        assert_eq!(
            e.to_string(),
            "HTTP status 502: \"<html>Bad gateway</html>\""
        );
        assert_eq!(
            Error::ResponseTooLarge { limit: 10 }.to_string(),
            "response is larger than the limit of 10 bytes"
        );
    }
}
