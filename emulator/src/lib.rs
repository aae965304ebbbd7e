//! `mktows-emulator`: a local Marketo SOAP API (mktows) server that behaves as Marketo's
//! documentation says, for tests and for trying the client without an instance (Marketo
//! switched its SOAP API off in 2026).
//!
//! It speaks real HTTP on loopback, parses requests and writes responses with the same
//! generated types the `mktows` client uses, checks the signed `AuthenticationHeader`,
//! and implements syncLead (lead keys, workspaces, partitions), syncMultipleLeads, getLead
//! and getMultipleLeads, the documented faults and, when asked, the service limits. Leads
//! live in memory, or in a crash-safe state file that survives restarts.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use mktows::{LeadRecord, ParamsSyncLead};
//! use mktows_emulator::{Emulator, EmulatorConfig};
//!
//! let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse()?).await?;
//! let client = emulator.client()?; // signs with the emulator's account
//! let params = ParamsSyncLead {
//!     lead_record: LeadRecord { email: "t@t.com".into(), ..Default::default() },
//!     return_lead: true,
//!     ..Default::default()
//! };
//! let out = client.sync_lead(&params).send().await?;
//! println!("{} is lead {}", emulator.url(), out.result.lead_id);
//! emulator.shutdown().await?;
//! # Ok(()) }
//! ```
//!
//! The rules the emulator had to choose where the documentation is silent are listed in
//! [`rules`] (syncLead), `service` (protocol and faults) and `emulator/README.md`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod attributes;
pub mod config;
pub mod fault_codes;
mod limits;
mod ops;
mod persist;
pub mod records;
pub mod rules;
mod server;
mod service;
pub mod store;
pub mod wsdl;

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;

pub use config::{
    default_lead_fields, AssignmentRule, EmulatorConfig, LeadField, Limits, RateLimit, Workspace,
    WorkspaceConfig, DEFAULT_SECRET, DEFAULT_USER_ID, DEFAULT_WORKSPACE,
};
pub use ops::{MAX_GET_BATCH, MAX_SYNC_BATCH};
pub use persist::PersistError;
pub use rules::RuleError;
pub use server::MAX_REQUEST_BYTES;
pub use store::{Attributes, Lead};

use limits::Limiter;
use server::{origin, soap_path, Server};
use service::Service;
use store::Store;

/// The address the `mktows emulate` command listens on by default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Why the emulator could not start, stop or change a lead.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The configuration is not usable.
    #[error("invalid emulator configuration: {0}")]
    Config(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be opened, read or written.
    #[error(transparent)]
    State(#[from] PersistError),
    /// The background runtime could not be built.
    #[error("cannot start the emulator's runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The server stopped with an error.
    #[error("the emulator's server failed: {0}")]
    Server(#[source] std::io::Error),
    /// A lead change broke a rule.
    #[error("{0}")]
    Rejected(RuleError),
}

/// Starts emulators.
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

impl Emulator {
    /// Opens the state (if configured), binds `addr` (`127.0.0.1:0` picks a free port)
    /// and serves on the current tokio runtime until [`RunningEmulator::shutdown`] or drop.
    pub async fn start(
        config: EmulatorConfig,
        addr: SocketAddr,
    ) -> Result<RunningEmulator, EmulatorError> {
        config.validate().map_err(EmulatorError::Config)?;
        let store = match &config.state_path {
            Some(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || Store::open(&path))
                    .await
                    .map_err(|e| EmulatorError::Runtime(std::io::Error::other(e.to_string())))??
            }
            None => Store::in_memory(),
        };
        let service = Arc::new(Service {
            limiter: Arc::new(Limiter::new(config.limits)),
            config,
            store,
        });
        let server = Server::start(Arc::clone(&service), addr)
            .await
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        Ok(RunningEmulator { service, server })
    }

    /// Starts an emulator on a runtime of its own (two worker threads), for synchronous
    /// code such as the blocking client or an example's `main`.
    pub fn start_in_background(
        config: EmulatorConfig,
        addr: SocketAddr,
    ) -> Result<BackgroundEmulator, EmulatorError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mktows-emulator")
            .enable_all()
            .build()
            .map_err(EmulatorError::Runtime)?;
        let running = runtime.block_on(Emulator::start(config, addr))?;
        Ok(BackgroundEmulator {
            runtime: Some(runtime),
            running,
        })
    }
}

/// A serving emulator. Dropping it stops the server without waiting; prefer
/// [`RunningEmulator::shutdown`], which also closes the state file before it returns.
pub struct RunningEmulator {
    service: Arc<Service>,
    server: Server,
}

impl std::fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// The address the server is bound to.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr
    }

    /// The SOAP endpoint of the first configured version, e.g.
    /// `http://127.0.0.1:41234/soap/mktows/2_2`.
    pub fn url(&self) -> String {
        let version = self
            .service
            .config
            .versions
            .first()
            .map_or("2_2", String::as_str);
        self.url_for(version)
    }

    /// The SOAP endpoint of `version`.
    pub fn url_for(&self, version: &str) -> String {
        format!("{}{}", origin(self.addr()), soap_path(version))
    }

    /// Where the WSDL is served: [`url`](Self::url) + `?WSDL`.
    pub fn wsdl_url(&self) -> String {
        format!("{}?WSDL", self.url())
    }

    /// The configuration the emulator runs with.
    pub fn config(&self) -> &EmulatorConfig {
        &self.service.config
    }

    /// The account's credentials, for a client.
    pub fn credentials(&self) -> mktows::Credentials {
        let c = &self.service.config;
        mktows::Credentials::new(c.user_id.clone(), c.secret.clone())
    }

    /// An async client for [`url`](Self::url) that signs with the emulator's account.
    pub fn client(&self) -> Result<mktows::Client, mktows::Error> {
        mktows::Client::marketo(mktows::Endpoint::new(&self.url())?, self.credentials())
    }

    /// The stored lead with this id, including what the SOAP API does not show (its
    /// partition, cookies, whether it is anonymous).
    pub fn lead(&self, id: i32) -> Option<Lead> {
        self.service.store.read(|leads| leads.get(id).cloned())
    }

    /// Every stored lead, by ascending id.
    pub fn leads(&self) -> Vec<Lead> {
        self.service
            .store
            .read(|leads| leads.iter().cloned().collect())
    }

    /// How many leads are stored.
    pub fn lead_count(&self) -> usize {
        self.service.store.read(|leads| leads.len())
    }

    /// Records a web visit as Munchkin would: the lead the cookie belongs to, or a new
    /// anonymous lead (no Email, in the "Default" workspace's primary partition) carrying
    /// it. Returns the lead's id.
    pub fn track_visitor(&self, cookie: &str) -> Result<i32, EmulatorError> {
        let cookie = cookie.trim();
        if cookie.is_empty() {
            return Err(EmulatorError::Rejected(RuleError::new(
                fault_codes::BAD_PARAMETER,
                "the cookie is empty",
            )));
        }
        let config = &self.service.config;
        let partition = config
            .workspace(DEFAULT_WORKSPACE)
            .map_or(DEFAULT_WORKSPACE, |w| w.primary_partition.as_str());
        let now_ms = chrono::Utc::now().timestamp_millis();
        self.service
            .store
            .write(now_ms, |tx| {
                if let Some(lead) = tx.leads().by_cookie(cookie) {
                    return Ok(lead.id);
                }
                let mut lead = Lead::new(tx.leads().next_id(), partition);
                lead.cookies.push(cookie.to_owned());
                lead.anonymous = true;
                Ok::<_, RuleError>(tx.put(lead).id)
            })
            .map_err(|e| match e {
                store::WriteError::Rejected(e) => EmulatorError::Rejected(e),
                store::WriteError::Persist(e) => EmulatorError::State(e),
            })
    }

    /// Stops taking calls, finishes those in progress (up to 10 s), and closes the state
    /// file, so the same file can be opened again as soon as this returns.
    pub async fn shutdown(mut self) -> Result<(), EmulatorError> {
        let result = self.server.stop().await.map_err(EmulatorError::Server);
        self.service.store.close();
        result
    }

    /// Serves until Ctrl-C (SIGINT), then shuts down gracefully: for the command line.
    pub async fn run_until_ctrl_c(self) -> Result<(), EmulatorError> {
        tokio::signal::ctrl_c()
            .await
            .map_err(EmulatorError::Server)?;
        tracing::info!("Ctrl-C received: the emulator is stopping");
        self.shutdown().await
    }
}

/// An emulator on its own runtime (see [`Emulator::start_in_background`]). Derefs to
/// [`RunningEmulator`] for its URL and accessors; dropping it shuts it down (waiting, when
/// dropped outside an async context).
pub struct BackgroundEmulator {
    runtime: Option<tokio::runtime::Runtime>,
    running: RunningEmulator,
}

impl std::fmt::Debug for BackgroundEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackgroundEmulator")
            .field("url", &self.running.url())
            .finish_non_exhaustive()
    }
}

impl Deref for BackgroundEmulator {
    type Target = RunningEmulator;

    fn deref(&self) -> &RunningEmulator {
        &self.running
    }
}

impl BackgroundEmulator {
    /// Stops gracefully and closes the state file; must not be called from async code.
    pub fn shutdown(mut self) -> Result<(), EmulatorError> {
        self.stop()
    }

    /// Serves until Ctrl-C (SIGINT), then shuts down gracefully: for a synchronous
    /// command line. Must not be called from async code.
    pub fn run_until_ctrl_c(mut self) -> Result<(), EmulatorError> {
        if let Some(runtime) = &self.runtime {
            runtime
                .block_on(tokio::signal::ctrl_c())
                .map_err(EmulatorError::Server)?;
            tracing::info!("Ctrl-C received: the emulator is stopping");
        }
        self.stop()
    }

    fn stop(&mut self) -> Result<(), EmulatorError> {
        let Some(runtime) = self.runtime.take() else {
            return Ok(());
        };
        let result = runtime
            .block_on(self.running.server.stop())
            .map_err(EmulatorError::Server);
        self.running.service.store.close();
        result
    }
}

impl Drop for BackgroundEmulator {
    fn drop(&mut self) {
        if tokio::runtime::Handle::try_current().is_ok() {
            // Blocking inside an async context would panic: signal and let go.
            self.running.server.signal();
            self.running.service.store.close();
            if let Some(runtime) = self.runtime.take() {
                runtime.shutdown_background();
            }
        } else {
            let _ = self.stop();
        }
    }
}
