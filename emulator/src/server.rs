//! The HTTP side: routes, start-up and graceful shutdown.
//!
//! `POST /soap/mktows/{version}` takes SOAP calls and `GET /soap/mktows/{version}?WSDL`
//! (the query key in any case) serves the WSDL, for each configured version; anything
//! else is 404 (405 for a GET without `?WSDL`). Bodies over 10 MiB are refused with 413.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::service::Service;
use crate::wsdl::wsdl_for;

/// The largest request body accepted.
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;
/// How long a shutdown waits for calls in progress before it drops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
const XML: &str = "text/xml; charset=utf-8";

#[derive(Clone)]
struct App {
    service: Arc<Service>,
    /// `http://host:port`, as clients reach the emulator.
    origin: Arc<str>,
}

/// The SOAP path of `version`.
pub(crate) fn soap_path(version: &str) -> String {
    format!("/soap/mktows/{version}")
}

/// `http://host:port` for a bound address; an unspecified address (`0.0.0.0`, `::`) is
/// reached through loopback.
pub(crate) fn origin(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

fn router(app: App) -> Router {
    Router::new()
        .route("/soap/mktows/{version}", post(soap).get(wsdl))
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "not found: SOAP calls go to /soap/mktows/{version}\n",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(app)
}

fn served(app: &App, version: &str) -> bool {
    app.service.config.versions.iter().any(|v| v == version)
}

fn not_served(version: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        format!("API version {version} is not served by this emulator\n"),
    )
        .into_response()
}

async fn soap(State(app): State<App>, Path(version): Path<String>, body: Bytes) -> Response {
    if !served(&app, &version) {
        return not_served(&version);
    }
    let reply = Arc::clone(&app.service).handle(body).await;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, XML)], reply.body).into_response()
}

async fn wsdl(State(app): State<App>, Path(version): Path<String>, uri: Uri) -> Response {
    if !served(&app, &version) {
        return not_served(&version);
    }
    let asks_wsdl = uri.query().is_some_and(|q| {
        q.split('&').any(|pair| {
            pair.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("wsdl"))
        })
    });
    if !asks_wsdl {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "POST SOAP calls here; GET ?WSDL for the service description\n",
        )
            .into_response();
    }
    let url = format!("{}{}", app.origin, soap_path(&version));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, XML)],
        wsdl_for(&url),
    )
        .into_response()
}

/// A server running on a tokio runtime.
pub(crate) struct Server {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Binds `addr` and spawns the server on the current runtime.
    pub(crate) async fn start(service: Arc<Service>, addr: SocketAddr) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            tracing::warn!(%addr, "the emulator listens beyond this machine; it holds test data and a well-known default secret");
        }
        let app = App {
            service,
            origin: origin(addr).into(),
        };
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router(app))
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
        tracing::info!(%addr, "mktows emulator listening");
        Ok(Server {
            addr,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// Asks the server to stop taking connections (does not wait).
    pub(crate) fn signal(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Stops gracefully: finishes calls in progress (for up to 10 s), then returns.
    pub(crate) async fn stop(&mut self) -> std::io::Result<()> {
        self.signal();
        let Some(mut task) = self.task.take() else {
            return Ok(());
        };
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(std::io::Error::other(join.to_string())),
            Err(_) => {
                task.abort();
                Ok(())
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.signal();
    }
}
