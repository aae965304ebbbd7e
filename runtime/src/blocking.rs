//! The blocking client (feature `blocking`): the same behaviour as the async
//! [`crate::Client`] over reqwest's blocking client.
//!
//! reqwest's blocking client runs its own runtime: do not build, call or drop it
//! inside an async runtime (use the async client there).

use std::io::Read;
use std::time::Instant;

use reqwest::header::CONTENT_TYPE;
use roxmltree::Node;

use crate::endpoint::Endpoint;
use crate::envelope::OperationSpec;
use crate::error::Error;
use crate::transport::{
    builder_setters, check_content_length, client_accessors, interpret, request_headers, Settings,
};
use crate::xml::{DecodeError, EncodeError, XmlWriter};

/// Builds a blocking [`Client`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    settings: Settings,
    http: Option<reqwest::blocking::Client>,
}

impl ClientBuilder {
    /// A builder with the defaults: 90 s timeout, 16 MiB limit, no retry, https only
    /// (plain http only to this machine).
    pub fn new(endpoint: Endpoint) -> Self {
        ClientBuilder {
            settings: Settings::new(endpoint),
            http: None,
        }
    }

    builder_setters!();

    /// Uses this reqwest blocking client instead of building one; `connect_timeout`
    /// and `user_agent` then do not apply.
    pub fn http_client(mut self, http: reqwest::blocking::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        self.settings.check()?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::blocking::Client::builder()
                .timeout(self.settings.timeout)
                .connect_timeout(self.settings.connect_timeout)
                .user_agent(self.settings.user_agent.as_str())
                // A redirected POST turns into a GET: never follow.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            settings: std::sync::Arc::new(self.settings),
            http,
        })
    }
}

/// The blocking transport: see [`crate::Client`] for the behaviour.
#[derive(Debug, Clone)]
pub struct Client {
    settings: std::sync::Arc<Settings>,
    http: reqwest::blocking::Client,
}

impl Client {
    /// A builder for `endpoint`.
    pub fn builder(endpoint: Endpoint) -> ClientBuilder {
        ClientBuilder::new(endpoint)
    }

    /// A client with the default settings.
    pub fn new(endpoint: Endpoint) -> Result<Client, Error> {
        ClientBuilder::new(endpoint).build()
    }

    /// A client with the default settings over a caller-supplied reqwest client.
    pub fn with_http_client(
        endpoint: Endpoint,
        http: reqwest::blocking::Client,
    ) -> Result<Client, Error> {
        ClientBuilder::new(endpoint).http_client(http).build()
    }

    client_accessors!();

    /// Calls an operation; see [`crate::Client::call`].
    pub fn call<T>(
        &self,
        op: &OperationSpec,
        mut write: impl FnMut(&mut XmlWriter) -> Result<(), EncodeError>,
        read: fn(Node<'_, '_>) -> Result<T, DecodeError>,
    ) -> Result<T, Error> {
        let policy = self.settings.retry;
        let mut capacity = 2048;
        let mut attempt = 1;
        loop {
            let mut w = XmlWriter::with_capacity(capacity);
            write(&mut w)?;
            capacity = w.len();
            let started = Instant::now();
            let result = self
                .post_envelope(op, w.into_string())
                .and_then(|(status, body)| {
                    tracing::debug!(
                        operation = op.name,
                        attempt,
                        status,
                        bytes = body.len(),
                        elapsed_ms =
                            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                        "mktows call"
                    );
                    interpret(status, &body, op, read)
                });
            match result {
                Err(e) if policy.should_retry(attempt, &e) => {
                    let delay = policy.delay(attempt);
                    tracing::debug!(
                        operation = op.name,
                        attempt,
                        error = %e,
                        delay_ms = delay.as_millis() as u64,
                        "mktows call failed, retrying"
                    );
                    std::thread::sleep(delay);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// POSTs one envelope (one attempt, no retry) and returns the HTTP status and the
    /// body, read up to the size limit.
    pub fn post_envelope(
        &self,
        op: &OperationSpec,
        envelope: String,
    ) -> Result<(u16, Vec<u8>), Error> {
        let limit = self.settings.max_response_bytes;
        let (content_type, soap_action) = request_headers(op)?;
        let mut request = self
            .http
            .post(self.settings.endpoint.parsed_url().clone())
            .timeout(self.settings.timeout)
            .header(CONTENT_TYPE, content_type)
            .body(envelope);
        if let Some(action) = soap_action {
            request = request.header("SOAPAction", action);
        }
        let response = request.send().map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        check_content_length(response.content_length(), limit)?;
        let expected = response.content_length().unwrap_or(0).min(limit as u64) as usize;
        let mut body = Vec::with_capacity(expected);
        // Read one byte past the limit to tell "exactly the limit" from "more".
        response
            .take((limit as u64).saturating_add(1))
            .read_to_end(&mut body)
            .map_err(Error::from_io)?;
        if body.len() > limit {
            return Err(Error::ResponseTooLarge { limit });
        }
        Ok((status, body))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::auth::Credentials;
    use crate::retry::RetryPolicy;
    use crate::test_support::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    }

    fn sign() -> crate::auth::Signature {
        Credentials::new("demo17_1_809934544BFABAE58E5D27", "27272727aa").sign_now()
    }

    #[test]
    fn blocking_call_retry_fault_and_limits() {
        let rt = runtime();
        let mut fault = XmlWriter::new();
        crate::envelope::write_fault(
            &mut fault,
            &MKTOWS,
            &crate::fault::Fault::service(20023, "Rate limit"),
        )
        .unwrap();
        let mut slow = Canned::new(200, DOCUMENTED_RESPONSE);
        slow.delay = Duration::from_secs(5);
        let server = rt.block_on(serve(vec![
            Canned::new(500, fault.as_str()),
            Canned::new(200, DOCUMENTED_RESPONSE),
            Canned::new(500, MARKETO_FAULT),
            Canned::new(200, &" ".repeat(5000)),
            slow,
        ]));
        let client = Client::builder(Endpoint::new(&server.url).unwrap())
            .retry(RetryPolicy {
                max_attempts: 3,
                initial_backoff: Duration::from_millis(5),
                max_backoff: Duration::from_millis(5),
                multiplier: 2.0,
            })
            .max_response_bytes(4096)
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();

        let mut writes = 0;
        let r = client
            .call(
                &SYNC_LEAD,
                |w| {
                    writes += 1;
                    write_sync_lead(w, &sign())
                },
                read_success_sync_lead,
            )
            .unwrap();
        assert_eq!((r.lead_id, writes), (1089965, 2));

        let e = client
            .call(
                &SYNC_LEAD,
                |w| write_sync_lead(w, &sign()),
                read_success_sync_lead,
            )
            .unwrap_err();
        assert_eq!(e.fault().and_then(|f| f.code), Some(20105));

        let e = client
            .call(
                &SYNC_LEAD,
                |w| write_sync_lead(w, &sign()),
                read_success_sync_lead,
            )
            .unwrap_err();
        assert!(
            matches!(e, Error::ResponseTooLarge { limit: 4096 }),
            "{e:?}"
        );

        let client = Client::builder(Endpoint::new(&server.url).unwrap())
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let e = client
            .call(
                &SYNC_LEAD,
                |w| write_sync_lead(w, &sign()),
                read_success_sync_lead,
            )
            .unwrap_err();
        assert!(matches!(e, Error::Timeout), "{e:?}");

        let requests = server.requests();
        assert_eq!(requests.len(), 5);
        assert_eq!(
            requests[0].header("soapaction"),
            Some("\"http://www.marketo.com/mktows/syncLead\"")
        );
        assert_eq!(
            requests[0].header("content-type"),
            Some("text/xml; charset=utf-8")
        );
    }
}
