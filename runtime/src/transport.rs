//! What the async and blocking clients share: settings, the endpoint policy, and
//! turning an HTTP status plus body into a typed result.

use std::time::Duration;

use reqwest::header::HeaderValue;
use roxmltree::Node;

use crate::auth::Credentials;
use crate::endpoint::Endpoint;
use crate::envelope::{decode_response, OperationSpec, SoapVersion, SOAP11_CONTENT_TYPE};
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::xml::DecodeError;

/// The default whole-call timeout (Marketo clients commonly use 90 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(90);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default response size limit: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("mktows-runtime/", env!("CARGO_PKG_VERSION"));

/// Client settings, shared by both builders.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub endpoint: Endpoint,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_response_bytes: usize,
    pub retry: RetryPolicy,
    pub allow_insecure_http: bool,
    pub user_agent: String,
    pub credentials: Option<Credentials>,
}

impl Settings {
    pub fn new(endpoint: Endpoint) -> Self {
        Settings {
            endpoint,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::NONE,
            allow_insecure_http: false,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            credentials: None,
        }
    }

    /// Plain http would expose the signed header and lead data on the network, so
    /// it is only allowed to this machine unless explicitly opted in.
    pub fn check(&self) -> Result<(), Error> {
        let e = &self.endpoint;
        if !e.is_https() && !e.is_loopback() && !self.allow_insecure_http {
            return Err(Error::Config(format!(
                "refusing plain http to {e}: use https, or allow_insecure_http(true) to opt in"
            )));
        }
        if self.timeout.is_zero() {
            return Err(Error::Config(
                "the timeout must be more than zero".to_owned(),
            ));
        }
        Ok(())
    }
}

/// Setters shared by `ClientBuilder` and `blocking::ClientBuilder`.
macro_rules! builder_setters {
    () => {
        /// The whole-call timeout for each attempt, from connecting until the response
        /// body is read (default 90 s).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.settings.timeout = timeout;
            self
        }

        /// The connect timeout (default 30 s). Ignored with a caller-supplied HTTP client.
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.settings.connect_timeout = timeout;
            self
        }

        /// The largest response body accepted (default 16 MiB); larger bodies fail
        /// with `Error::ResponseTooLarge` without being read further.
        pub fn max_response_bytes(mut self, limit: usize) -> Self {
            self.settings.max_response_bytes = limit;
            self
        }

        /// Retries transient failures (default: no retry). Each attempt re-runs the
        /// request writer, so the signature is fresh.
        pub fn retry(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.settings.retry = policy;
            self
        }

        /// Allows plain `http://` to hosts other than this machine (default false).
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.settings.allow_insecure_http = allow;
            self
        }

        /// The `User-Agent` header (default `mktows-runtime/VERSION`). Ignored with a
        /// caller-supplied HTTP client.
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.settings.user_agent = user_agent.into();
            self
        }

        /// Credentials that generated code signs requests with (see `Client::credentials`).
        pub fn credentials(mut self, credentials: $crate::auth::Credentials) -> Self {
            self.settings.credentials = Some(credentials);
            self
        }
    };
}
pub(crate) use builder_setters;

/// Accessors shared by `Client` and `blocking::Client`.
macro_rules! client_accessors {
    () => {
        /// Where requests go.
        pub fn endpoint(&self) -> &$crate::endpoint::Endpoint {
            &self.settings.endpoint
        }

        /// The credentials given to the builder, if any.
        pub fn credentials(&self) -> Option<&$crate::auth::Credentials> {
            self.settings.credentials.as_ref()
        }

        /// The retry policy.
        pub fn retry_policy(&self) -> &$crate::retry::RetryPolicy {
            &self.settings.retry
        }

        /// The whole-call timeout of each attempt.
        pub fn timeout(&self) -> std::time::Duration {
            self.settings.timeout
        }

        /// The response size limit in bytes.
        pub fn max_response_bytes(&self) -> usize {
            self.settings.max_response_bytes
        }
    };
}
pub(crate) use client_accessors;

/// The `Content-Type` and optional `SOAPAction` header values for an operation. An action
/// that cannot be an HTTP header value (a control character from the WSDL) is an error.
pub(crate) fn request_headers(
    op: &OperationSpec,
) -> Result<(HeaderValue, Option<HeaderValue>), Error> {
    let soap = op.service.soap;
    let header = |value: String| {
        HeaderValue::try_from(value).map_err(|_| {
            Error::Config(format!(
                "the SOAP action of {} cannot be sent in an HTTP header: {:?}",
                op.name, op.soap_action
            ))
        })
    };
    let content_type = match soap {
        // The same for every SOAP 1.1 call: no copy.
        SoapVersion::V11 => HeaderValue::from_static(SOAP11_CONTENT_TYPE),
        SoapVersion::V12 => header(soap.content_type(op.soap_action))?,
    };
    let soap_action = soap
        .soap_action_header(op.soap_action)
        .map(header)
        .transpose()?;
    Ok((content_type, soap_action))
}

/// Fails early when the announced length is over the limit.
pub(crate) fn check_content_length(length: Option<u64>, limit: usize) -> Result<(), Error> {
    match length {
        Some(n) if n > limit as u64 => Err(Error::ResponseTooLarge { limit }),
        _ => Ok(()),
    }
}

/// Decodes the body whatever the status: Marketo sends faults with HTTP 500. A body
/// that is not a usable SOAP response under a non-2xx status is an HTTP error.
pub(crate) fn interpret<T>(
    status: u16,
    body: &[u8],
    op: &OperationSpec,
    read: fn(Node<'_, '_>) -> Result<T, DecodeError>,
) -> Result<T, Error> {
    let success = (200..300).contains(&status);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) if success => return Err(invalid_utf8(body, &e).into()),
        Err(_) => return Err(http_error(status, &String::from_utf8_lossy(body))),
    };
    match decode_response(text, op.output_root, read) {
        Err(Error::Decode(_)) if !success => Err(http_error(status, text)),
        other => other,
    }
}

/// Names where the encoding breaks: the line and column (in characters) of the first bad
/// byte, its offset and its value, so a broken response can be found in a capture.
fn invalid_utf8(body: &[u8], e: &std::str::Utf8Error) -> DecodeError {
    let offset = e.valid_up_to();
    // The bytes before the error are valid UTF-8 by definition.
    let before = std::str::from_utf8(&body[..offset]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let col = before[line_start..].chars().count() + 1;
    let byte = body.get(offset).copied().unwrap_or_default();
    DecodeError::new(format!(
        "the response is not valid UTF-8: byte 0x{byte:02x} at offset {offset}"
    ))
    .at_position(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

fn http_error(status: u16, body: &str) -> Error {
    Error::Http {
        status,
        body_snippet: snippet(body),
    }
}

/// The first 200 characters of a body, whitespace collapsed, for error messages.
pub(crate) fn snippet(body: &str) -> String {
    const MAX_CHARS: usize = 200;
    let mut out = String::new();
    let mut chars = 0;
    let mut last_space = true;
    for c in body.chars() {
        let c = if c.is_whitespace() || c.is_control() {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        if chars == MAX_CHARS {
            out.push_str("...");
            break;
        }
        out.push(c);
        chars += 1;
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        read_success_sync_lead, DOCUMENTED_RESPONSE, MARKETO_FAULT, SYNC_LEAD,
    };

    #[test]
    fn interpret_by_status_and_body() {
        let ok = interpret(
            200,
            DOCUMENTED_RESPONSE.as_bytes(),
            &SYNC_LEAD,
            read_success_sync_lead,
        )
        .unwrap();
        assert_eq!(ok.lead_id, 1089965);
        let fault = interpret(
            500,
            MARKETO_FAULT.as_bytes(),
            &SYNC_LEAD,
            read_success_sync_lead,
        )
        .unwrap_err();
        assert_eq!(fault.fault().and_then(|f| f.code), Some(20105));
        let e = interpret(
            502,
            b"<html>\n  Bad   gateway</html>",
            &SYNC_LEAD,
            read_success_sync_lead,
        )
        .unwrap_err();
        assert!(
            matches!(&e, Error::Http { status: 502, body_snippet } if body_snippet == "<html> Bad gateway</html>"),
            "{e:?}"
        );
        let e = interpret(200, b"<html/>", &SYNC_LEAD, read_success_sync_lead).unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{e:?}");
        let e = interpret(200, b"\xff", &SYNC_LEAD, read_success_sync_lead).unwrap_err();
        assert!(e.to_string().contains("UTF-8"), "{e}");
        let e = interpret(503, b"\xff", &SYNC_LEAD, read_success_sync_lead).unwrap_err();
        assert!(matches!(e, Error::Http { status: 503, .. }), "{e:?}");
    }

    #[test]
    fn invalid_utf8_names_the_position() {
        let body = "<a>\n  <b>é\u{FFFD}x".as_bytes().to_vec();
        let mut bad = body.clone();
        bad.extend_from_slice(b"\xC3(</b></a>");
        let e = interpret(200, &bad, &SYNC_LEAD, read_success_sync_lead).unwrap_err();
        let Error::Decode(d) = &e else {
            panic!("expected a decode error, got {e:?}")
        };
        assert_eq!(d.position(), Some((2, 9)));
        assert_eq!(
            d.message(),
            format!(
                "the response is not valid UTF-8: byte 0xc3 at offset {}",
                body.len()
            )
        );
        assert!(
            e.to_string().starts_with("cannot decode response: 2:9: "),
            "{e}"
        );
        let e = interpret(200, b"\xff", &SYNC_LEAD, read_success_sync_lead).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot decode response: 1:1: the response is not valid UTF-8: byte 0xff at offset 0"
        );
    }

    #[test]
    fn snippets_are_short() {
        let long = "é".repeat(1000);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), 203);
        assert_eq!(snippet("  a \r\n b  "), "a b");
    }

    #[test]
    fn plain_http_policy() {
        let remote = Settings::new(Endpoint::new("http://example.com/x").unwrap());
        assert!(remote
            .check()
            .unwrap_err()
            .to_string()
            .contains("refusing plain http"));
        let allowed = Settings {
            allow_insecure_http: true,
            ..remote
        };
        assert!(allowed.check().is_ok());
        assert!(
            Settings::new(Endpoint::new("http://127.0.0.1:1/x").unwrap())
                .check()
                .is_ok()
        );
        assert!(Settings::new(Endpoint::new("http://localhost/x").unwrap())
            .check()
            .is_ok());
        assert!(
            Settings::new(Endpoint::new("https://example.com/x").unwrap())
                .check()
                .is_ok()
        );
    }

    #[test]
    fn content_length_precheck() {
        assert!(check_content_length(Some(10), 10).is_ok());
        assert!(check_content_length(None, 10).is_ok());
        assert!(matches!(
            check_content_length(Some(11), 10),
            Err(Error::ResponseTooLarge { limit: 10 })
        ));
    }
}
