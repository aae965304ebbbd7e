//! The async client: POSTs envelopes with reqwest (rustls), reads bounded bodies,
//! decodes responses and faults, and retries transient failures when asked to.

use std::sync::Arc;
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

/// Builds a [`Client`]: timeouts, response size limit, retry policy, http policy.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    settings: Settings,
    http: Option<reqwest::Client>,
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

    /// Uses this reqwest client (its TLS, proxy and pool settings) instead of
    /// building one; `connect_timeout` and `user_agent` then do not apply.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        self.settings.check()?;
        let http = match self.http {
            Some(http) => http,
            // No reqwest timeout: `post_envelope` bounds the whole call with one timer.
            None => reqwest::Client::builder()
                .connect_timeout(self.settings.connect_timeout)
                .user_agent(self.settings.user_agent.as_str())
                // A redirected POST turns into a GET: never follow.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            settings: Arc::new(self.settings),
            http,
        })
    }
}

/// The async transport generated clients call: one endpoint, a pooled reqwest
/// client, timeouts, a response size limit and an optional retry policy.
/// Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    settings: Arc<Settings>,
    http: reqwest::Client,
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
    pub fn with_http_client(endpoint: Endpoint, http: reqwest::Client) -> Result<Client, Error> {
        ClientBuilder::new(endpoint).http_client(http).build()
    }

    client_accessors!();

    /// Calls an operation. For each attempt, `write` fills a fresh writer with the
    /// whole envelope (so headers are signed anew), the envelope is POSTed, and the
    /// response is decoded with `read` whatever the HTTP status (faults come with 500).
    /// Transient failures are retried as the retry policy allows.
    pub async fn call<T>(
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
            // Only the debug log reads the clock.
            let started = tracing::enabled!(tracing::Level::DEBUG).then(Instant::now);
            let result = match self.post_envelope(op, w.into_string()).await {
                Ok((status, body)) => {
                    let result = interpret(status, &body, op, read);
                    tracing::debug!(
                        operation = op.name,
                        attempt,
                        status,
                        bytes = body.len(),
                        elapsed_ms = started.map_or(0, elapsed_ms),
                        "mktows call"
                    );
                    result
                }
                Err(e) => Err(e),
            };
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
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// POSTs one envelope (one attempt, no retry) and returns the HTTP status and the
    /// body, read up to the size limit. For tools that handle raw XML.
    ///
    /// The timeout covers the whole exchange, from connecting until the body is read (a
    /// trickling body times out), for caller-supplied HTTP clients too. It is one tokio
    /// timer: reqwest's own timeout would box a second one and wrap the body in it.
    pub async fn post_envelope(
        &self,
        op: &OperationSpec,
        envelope: String,
    ) -> Result<(u16, Vec<u8>), Error> {
        match tokio::time::timeout(self.settings.timeout, self.exchange(op, envelope)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout),
        }
    }

    async fn exchange(
        &self,
        op: &OperationSpec,
        envelope: String,
    ) -> Result<(u16, Vec<u8>), Error> {
        let limit = self.settings.max_response_bytes;
        let (content_type, soap_action) = request_headers(op)?;
        let mut request = self
            .http
            .post(self.settings.endpoint.parsed_url().clone())
            .header(CONTENT_TYPE, content_type)
            .body(envelope);
        if let Some(action) = soap_action {
            request = request.header("SOAPAction", action);
        }
        let mut response = request.send().await.map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        check_content_length(response.content_length(), limit)?;
        let expected = response.content_length().unwrap_or(0).min(limit as u64) as usize;
        let mut body = Vec::with_capacity(expected);
        while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, body))
    }
}

fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
