//! One SOAP call, from bytes to bytes: parse the envelope with the runtime, read headers
//! and body with the generated types, authenticate, apply the limits, run the operation
//! and write the generated response (HTTP 200) or a Marketo-shaped fault (HTTP 500).
//!
//! Choices the facts leave open:
//! * A missing, incomplete or unreadable `AuthenticationHeader` is 20014, like a wrong
//!   user or signature. The signature is checked before the timestamp, so a correctly
//!   signed stale request is 20016 (retryable) and a forged one is 20014.
//! * `requestTimestamp` is read as an XML Schema date-time; `Z` and fractional seconds
//!   are accepted, a timestamp without a UTC offset is 20016.
//! * The operation is chosen by the body element (`ns1:params<Operation>`, which must be
//!   in Marketo's namespace); `SOAPAction` is not checked. An unknown element is 20019,
//!   and so is every operation the emulator does not implement (all but syncLead,
//!   syncMultipleLeads, getLead and getMultipleLeads).
//! * A required element missing anywhere in the body is 20017 (the message names its
//!   path); any other schema mismatch, malformed XML, a DTD, a non-UTF-8 body or a SOAP
//!   1.2 envelope is 20012.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use mktows::{Headers, Request, Response};
use mktows_runtime::envelope::{decode_request_envelope, write_fault, MKTOWS_NAMESPACE};
use mktows_runtime::xml::{parse_document, DecodeError, XmlWriter};
use mktows_runtime::{DateTime, Fault, SoapVersion};

use crate::config::EmulatorConfig;
use crate::fault_codes as code;
use crate::limits::Limiter;
use crate::ops::{self, Ctx};
use crate::rules::RuleError;
use crate::store::Store;

/// An HTTP answer: status and XML body.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
}

/// The state every call shares.
pub(crate) struct Service {
    pub config: EmulatorConfig,
    pub store: Store,
    pub limiter: Arc<Limiter>,
}

/// A decoded, authenticated call.
struct Call {
    request: Request,
    headers: Headers,
}

impl Service {
    /// Handles one POSTed body.
    pub(crate) async fn handle(self: Arc<Self>, body: axum::body::Bytes) -> Reply {
        let _in_flight = match self.limiter.enter() {
            Ok(guard) => guard,
            Err(e) => return fault_reply(&e),
        };
        // Small in-memory calls run right here: a hop to the blocking pool costs more than
        // the work (3.7k vs 11.5k calls/s for one client). Disk commits and big bodies hop.
        let inline = self.config.state_path.is_none() && body.len() <= INLINE_BODY_LIMIT;
        let decoded = if inline {
            run_inline(|| self.decode(&body))
        } else {
            let service = Arc::clone(&self);
            blocking(move || service.decode(&body)).await
        };
        let call = match decoded {
            Ok(call) => call,
            Err(e) => {
                tracing::debug!(code = e.code, message = %e.message, "mktows emulator refused a request");
                return fault_reply(&e);
            }
        };
        let day = chrono::Utc::now().timestamp().div_euclid(86_400);
        if let Err(e) = self.limiter.admit(Instant::now(), day) {
            return fault_reply(&e);
        }
        if !self.config.response_delay.is_zero() {
            tokio::time::sleep(self.config.response_delay).await;
        }
        let operation = call.request.operation();
        let outcome = if inline {
            run_inline(|| self.run(call))
        } else {
            let service = Arc::clone(&self);
            blocking(move || service.run(call)).await
        };
        match outcome {
            Ok(response) => {
                tracing::debug!(operation, "mktows emulator call succeeded");
                response_reply(&response)
            }
            Err(e) => {
                tracing::debug!(operation, code = e.code, message = %e.message, "mktows emulator call failed");
                fault_reply(&e)
            }
        }
    }

    /// Parses, authenticates and decodes a request body.
    fn decode(&self, body: &[u8]) -> Result<Call, RuleError> {
        let xml = std::str::from_utf8(body)
            .map_err(|e| not_understood(format!("the body is not UTF-8: {e}")))?;
        let doc = parse_document(xml).map_err(|e| not_understood(e.to_string()))?;
        let envelope = decode_request_envelope(&doc).map_err(|e| not_understood(e.to_string()))?;
        if envelope.version != SoapVersion::V11 {
            return Err(not_understood(
                "a SOAP 1.2 envelope; this binding is SOAP 1.1".to_owned(),
            ));
        }
        let headers = match envelope.header {
            Some(header) => Headers::read(header).map_err(header_error)?,
            None => Headers::default(),
        };
        self.authenticate(&headers, chrono::Utc::now())?;

        let body = envelope.body;
        let name = body.tag_name().name();
        if body.tag_name().namespace() != Some(MKTOWS_NAMESPACE)
            || !request_elements().iter().any(|n| n == name)
        {
            return Err(RuleError::new(
                code::OPERATION_NOT_DEFINED,
                format!(
                    "Operation not defined: no operation takes <{name}> in namespace {}",
                    body.tag_name().namespace().unwrap_or("(none)")
                ),
            ));
        }
        let request = Request::read_body(body).map_err(body_error)?;
        Ok(Call { request, headers })
    }

    /// Checks the `AuthenticationHeader` at `now`: 20014 or 20016.
    fn authenticate(
        &self,
        headers: &Headers,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), RuleError> {
        let failed = |why: &str| {
            RuleError::new(
                code::AUTHENTICATION_FAILED,
                format!("Authentication failed: {why}"),
            )
        };
        let Some(auth) = &headers.authentication_header else {
            return Err(failed("no AuthenticationHeader"));
        };
        if auth.mktows_user_id != self.config.user_id {
            return Err(failed("unknown mktowsUserId"));
        }
        let ok = mktows_runtime::auth::verify(
            &self.config.secret,
            &auth.request_timestamp,
            &auth.mktows_user_id,
            &auth.request_signature,
        );
        if !ok {
            return Err(failed("requestSignature does not match"));
        }
        let expired =
            |why: String| RuleError::new(code::REQUEST_EXPIRED, format!("Request expired: {why}"));
        let stamp = auth.request_timestamp.trim();
        let sent = DateTime::parse(stamp)
            .ok()
            .and_then(|t| t.to_utc())
            .ok_or_else(|| {
                expired(format!(
                    "requestTimestamp {stamp:?} is not a date-time with a UTC offset"
                ))
            })?;
        let skew =
            chrono::Duration::from_std(self.config.clock_skew).unwrap_or(chrono::Duration::MAX);
        let off = (now - sent).abs();
        if off > skew {
            return Err(expired(format!(
                "requestTimestamp {stamp} is {} s from the server's clock (at most {} s allowed); sign again with the current time",
                off.num_seconds(),
                skew.num_seconds()
            )));
        }
        Ok(())
    }

    /// Runs a decoded call.
    fn run(&self, call: Call) -> Result<Response, RuleError> {
        let ctx = Ctx {
            config: &self.config,
            store: &self.store,
            now_ms: chrono::Utc::now().timestamp_millis(),
        };
        let workspace = call
            .headers
            .mktows_context_header
            .as_ref()
            .map(|h| h.target_workspace.as_str());
        match &call.request {
            Request::SyncLead(p) => ops::sync_lead(&ctx, p, workspace),
            Request::SyncMultipleLeads(p) => ops::sync_multiple_leads(&ctx, p),
            Request::GetLead(p) => ops::get_lead(&ctx, p),
            Request::GetMultipleLeads(p) => ops::get_multiple_leads(&ctx, p),
            other => Err(RuleError::new(
                code::OPERATION_NOT_DEFINED,
                format!(
                    "Operation not defined: {} is not supported by the emulator (it implements syncLead, syncMultipleLeads, getLead and getMultipleLeads)",
                    other.operation()
                ),
            )),
        }
    }
}

/// Bodies up to this size are decoded and run on the async worker (when state is in memory).
const INLINE_BODY_LIMIT: usize = 64 * 1024;

/// Runs short work on the current thread; a panic becomes 10001, as in `blocking`.
fn run_inline<T>(f: impl FnOnce() -> Result<T, RuleError>) -> Result<T, RuleError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(RuleError::new(
            code::INTERNAL,
            "Internal error: the emulator failed on this request".to_owned(),
        ))
    })
}

/// Runs CPU or disk work off the async workers; a panic there becomes 10001.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RuleError> + Send + 'static,
) -> Result<T, RuleError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(RuleError::new(
            code::INTERNAL,
            format!("Internal error: {e}"),
        ))
    })
}

/// `params<Operation>` for every operation of the generated API.
fn request_elements() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        mktows::OPERATIONS
            .iter()
            .map(|op| {
                let mut chars = op.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                format!(
                    "params{}{}",
                    first.map(String::from).unwrap_or_default(),
                    chars.as_str()
                )
            })
            .collect()
    })
}

fn not_understood(why: String) -> RuleError {
    RuleError::new(
        code::REQUEST_NOT_UNDERSTOOD,
        format!("Request not understood: {why}"),
    )
}

fn is_missing(e: &DecodeError) -> bool {
    e.message() == "missing"
}

fn header_error(e: DecodeError) -> RuleError {
    if e.path().starts_with("AuthenticationHeader") {
        RuleError::new(
            code::AUTHENTICATION_FAILED,
            format!("Authentication failed: {e}"),
        )
    } else if is_missing(&e) {
        RuleError::new(
            code::MISSING_PARAMETER,
            format!("Missing parameter: {}", e.path()),
        )
    } else {
        not_understood(e.to_string())
    }
}

fn body_error(e: DecodeError) -> RuleError {
    if is_missing(&e) {
        RuleError::new(
            code::MISSING_PARAMETER,
            format!("Missing parameter: {}", e.path()),
        )
    } else {
        not_understood(e.to_string())
    }
}

fn response_reply(response: &Response) -> Reply {
    let mut w = XmlWriter::with_capacity(1024);
    match response.write_envelope(&mut w) {
        Ok(()) => Reply {
            status: 200,
            body: w.into_string(),
        },
        Err(e) => fault_reply(&RuleError::new(
            code::INTERNAL,
            format!("Internal error: the response cannot be written: {e}"),
        )),
    }
}

/// The fault envelope for `e`: `SOAP-ENV:Server` for internal errors, `SOAP-ENV:Client`
/// for the rest.
pub(crate) fn fault_reply(e: &RuleError) -> Reply {
    let fault: fn(u32, String) -> Fault = if e.code == code::INTERNAL {
        Fault::server
    } else {
        Fault::service
    };
    let mut w = XmlWriter::with_capacity(512);
    if write_fault(&mut w, &mktows::SERVICE, &fault(e.code, e.message.clone())).is_err() {
        // Only text XML cannot carry fails to write: fall back to the bare code.
        w.clear();
        let plain = fault(e.code, "Request failed".to_owned());
        if write_fault(&mut w, &mktows::SERVICE, &plain).is_err() {
            w.clear();
        }
    }
    Reply {
        status: 500,
        body: w.into_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_elements_cover_the_operations() {
        let names = request_elements();
        assert_eq!(names.len(), mktows::OPERATIONS.len());
        assert!(names.iter().any(|n| n == "paramsSyncLead"));
        assert!(names.iter().any(|n| n == "paramsGetMObjects"));
    }

    #[test]
    fn faults_have_marketos_shape() {
        let reply = fault_reply(&RuleError::new(20105, "Unknown lead field: X"));
        assert_eq!(reply.status, 500);
        assert!(
            reply
                .body
                .contains("<faultstring>20105 - Unknown lead field: X</faultstring>"),
            "{}",
            reply.body
        );
        assert!(reply.body.contains("<code>20105</code>"));
        assert!(reply
            .body
            .contains("<faultcode>SOAP-ENV:Client</faultcode>"));
        let reply = fault_reply(&RuleError::new(10001, "Internal error: disk"));
        assert!(reply
            .body
            .contains("<faultcode>SOAP-ENV:Server</faultcode>"));
        // A message XML cannot carry falls back to a plain text, keeping the faultcode.
        let reply = fault_reply(&RuleError::new(10001, "Internal error: \u{1}"));
        assert!(reply
            .body
            .contains("<faultcode>SOAP-ENV:Server</faultcode><faultstring>10001 - Request failed</faultstring>"), "{}", reply.body);
    }
}
