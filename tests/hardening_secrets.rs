//! Secrets: the account secret never shows in `Debug`/`Display` output, errors or logs
//! (everything is captured at TRACE, `log` records included, while calls succeed, fail with
//! a fault, fail to connect and retry); plain `http://` to another machine is refused
//! before any connection unless opted in; and https checks certificates (a local TLS server
//! with a certificate from an unknown CA is refused, and accepted once that CA is trusted).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use mktows::{
    ClientBuilder, Credentials, Endpoint, Error, LeadRecord, ParamsSyncLead, RetryPolicy,
};

const USER: &str = "demo17_1_809934544BFABAE58E5D27";
/// Distinctive, so any leak is found by a plain substring search.
const SECRET: &str = "s3cr3t-Hunter2-9f8e7d6c";

const SEED_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><ns1:successSyncLead><result><leadId>1089965</leadId><syncStatus><leadId>1089965</leadId><status>UPDATED</status><error xsi:nil="true"/></syncStatus><leadRecord xsi:nil="true"/></result></ns1:successSyncLead></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

fn fault(code: u32, text: &str) -> String {
    format!(
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>{code} - {text}</faultstring><detail><ns1:serviceException><name>mktServiceException</name><message>{text} ({code})</message><code>{code}</code></ns1:serviceException></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

// --- log capture ------------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs (once per test binary) a global subscriber writing every event and span field
/// at TRACE, and `log` records as events, into a buffer; returns the buffer.
fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber of this test binary");
        captured
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&logs().0.lock().expect("log buffer")).into_owned()
}

/// The secret is nowhere in what `text` says, whatever its case.
fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.to_lowercase().contains(&SECRET.to_lowercase()),
        "the secret leaked into {what}: {text}"
    );
}

/// Every rendering of an error: Display, Debug (pretty too) and each source's.
fn assert_error_clean(e: &Error) {
    assert_no_secret("an error's Display", &e.to_string());
    assert_no_secret("an error's Debug", &format!("{e:?}"));
    assert_no_secret("an error's Debug", &format!("{e:#?}"));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_no_secret("an error source", &format!("{s} {s:?}"));
        source = s.source();
    }
}

// --- canned server ----------------------------------------------------------------------------

/// Answers each connection with the next `(status, body)`, then the last one again.
fn serve(responses: Vec<(u16, String)>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://{}/soap/mktows/2_2",
        listener.local_addr().expect("addr")
    );
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let (status, body) = responses[n.min(responses.len() - 1)].clone();
            if read_request(&mut stream).is_ok() {
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} Canned\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        }
    });
    (url, count)
}

fn read_request(stream: &mut impl Read) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::other("closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < i + 4 + length {
                let n = stream.read(&mut chunk)?;
                if n == 0 {
                    return Err(std::io::Error::other("closed"));
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(());
        }
    }
}

fn client_for(url: &str, retry: RetryPolicy) -> mktows::Client {
    let transport = ClientBuilder::new(Endpoint::new(url).expect("endpoint"))
        .timeout(Duration::from_secs(30))
        .retry(retry)
        .credentials(Credentials::new(USER, SECRET))
        .build()
        .expect("transport");
    mktows::Client::new(transport, Credentials::new(USER, SECRET))
}

fn params() -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: "t@t.com".into(),
            ..LeadRecord::default()
        },
        ..ParamsSyncLead::default()
    }
}

fn quick_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        multiplier: 2.0,
    }
}

// --- Debug / Display --------------------------------------------------------------------------

#[test]
fn secret_not_in_debug_of_credentials_signatures_and_clients() {
    let credentials = Credentials::new(USER, SECRET);
    let debug = format!("{credentials:?} {credentials:#?}");
    assert_no_secret("Credentials' Debug", &debug);
    // The Debug output is real: it shows the (public) user id.
    assert!(debug.contains(USER), "{debug}");
    assert_no_secret(
        "a Signature's Debug",
        &format!("{:?}", credentials.sign_now()),
    );

    let builder = ClientBuilder::new(Endpoint::new("http://127.0.0.1:9/x").expect("endpoint"))
        .credentials(credentials.clone());
    assert_no_secret("ClientBuilder's Debug", &format!("{builder:?}"));
    let transport = builder.build().expect("transport");
    let debug = format!("{transport:?} {transport:#?}");
    assert_no_secret("the runtime Client's Debug", &debug);
    assert!(
        debug.contains(USER),
        "the credentials are in the Debug output: {debug}"
    );
    let client = mktows::Client::new(transport, credentials);
    assert_no_secret("mktows::Client's Debug", &format!("{client:?} {client:#?}"));
    assert_no_secret(
        "the endpoint's Display",
        &client.transport().endpoint().to_string(),
    );
    assert_no_secret("the logs", &log_text());
}

#[test]
fn secret_not_in_errors_about_configuration() {
    let e = Endpoint::new(&format!("https://{USER}:{SECRET}@example.com/x")).unwrap_err();
    assert_error_clean(&e);
    let e = Endpoint::new(&format!("https://x:{SECRET}@exa mple.com/x")).unwrap_err();
    assert_error_clean(&e);
}

// --- calls, with the logs captured --------------------------------------------------------------

#[tokio::test]
async fn secret_not_in_logs_of_a_successful_call() {
    logs();
    let (url, count) = serve(vec![(200, SEED_RESPONSE.to_owned())]);
    let result = client_for(&url, RetryPolicy::NONE)
        .sync_lead(&params())
        .send()
        .await
        .expect("success");
    assert_eq!(result.result.lead_id, 1089965);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    let text = log_text();
    // The capture works: the runtime's per-attempt event is there.
    assert!(text.contains("mktows call"), "nothing captured: {text}");
    assert_no_secret("the logs", &text);
}

#[tokio::test]
async fn secret_not_in_logs_or_error_of_a_fault() {
    logs();
    let (url, _) = serve(vec![(500, fault(20014, "Authentication failed"))]);
    let e = client_for(&url, quick_retry(3))
        .sync_lead(&params())
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20014));
    assert_error_clean(&e);
    assert_no_secret("the logs", &log_text());
}

#[tokio::test]
async fn secret_not_in_logs_or_error_of_a_transport_error() {
    logs();
    // A port nothing listens on: connection refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("http://127.0.0.1:{port}/soap/mktows/2_2");
    let e = client_for(&url, quick_retry(2))
        .sync_lead(&params())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(e.is_transient(), "a refused connection is worth retrying");
    assert_error_clean(&e);
    let text = log_text();
    assert!(text.contains("retrying"), "the retry was logged: {text}");
    assert_no_secret("the logs", &text);
}

#[tokio::test]
async fn secret_not_in_logs_of_a_retried_call() {
    logs();
    let (url, count) = serve(vec![
        (500, fault(20016, "Request has expired")),
        (500, fault(20023, "Rate limit exceeded")),
        (200, SEED_RESPONSE.to_owned()),
    ]);
    let result = client_for(&url, quick_retry(5))
        .sync_lead(&params())
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(result.result.lead_id, 1089965);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let text = log_text();
    assert!(text.contains("20016 - Request has expired"), "{text}");
    assert_no_secret("the logs", &text);
}

// --- plain http -------------------------------------------------------------------------------

/// Non-loopback hosts for the refusal cases (TEST-NET-1 and a reserved name): the builder
/// refuses before anything resolves or connects, so none is ever contacted.
const REMOTE_HTTP: [&str; 3] = [
    "http://192.0.2.1/soap/mktows/2_2",
    "http://mktows.invalid/soap/mktows/2_2",
    "http://[2001:db8::1]:8080/soap/mktows/2_2",
];

#[test]
fn plain_http_to_a_non_loopback_host_is_refused_before_connecting() {
    for url in REMOTE_HTTP {
        let endpoint = Endpoint::new(url).expect("a valid URL");
        let e = ClientBuilder::new(endpoint.clone())
            .credentials(Credentials::new(USER, SECRET))
            .build()
            .unwrap_err();
        let Error::Config(message) = &e else {
            panic!("expected Error::Config, got {e:?}")
        };
        assert!(message.starts_with("refusing plain http to "), "{message}");
        assert!(message.contains("allow_insecure_http(true)"), "{message}");
        assert_error_clean(&e);
        // The one-call constructor refuses the same way.
        let e = mktows::Client::marketo(endpoint, Credentials::new(USER, SECRET)).unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }
}

#[test]
fn plain_http_to_a_non_loopback_host_with_opt_in_is_accepted_by_the_builder() {
    for url in REMOTE_HTTP {
        let transport = ClientBuilder::new(Endpoint::new(url).expect("a valid URL"))
            .credentials(Credentials::new(USER, SECRET))
            .allow_insecure_http(true)
            .build()
            .expect("opted in");
        assert_eq!(transport.endpoint().url(), url);
        // Built only: nothing is sent to a host that is not this machine.
    }
}

#[test]
fn plain_http_to_loopback_and_https_anywhere_need_no_opt_in() {
    for url in [
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://[::1]/x",
        "https://192.0.2.1/x",
    ] {
        let built = ClientBuilder::new(Endpoint::new(url).expect("a valid URL")).build();
        assert!(built.is_ok(), "{url}: {:?}", built.err());
    }
}

// --- TLS certificate checks -------------------------------------------------------------------

/// A test CA (valid until 2126) and a certificate it issued for 127.0.0.1 / localhost, with
/// its private key. Test data only: they secure nothing.
const TEST_CA_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIUEu3EdhUTJoB4iaeOthVDTcMYZEAwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwObWt0b3dzIHRlc3QgQ0EwIBcNMjYxMTIzMTcwNjMxWhgPMjEy
NjEwMzAxNzA2MzFaMBkxFzAVBgNVBAMMDm1rdG93cyB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEXoPIMmusJpfjD058tSLMvWbDFDYWfoSTFWltly8d
S6oNwKpepWBH8N1frtxm5X/XEbhHsblwIKY37kPtvqJfC6NjMGEwHQYDVR0OBBYE
FKLep/YS+oBGizVJOopxByz+f2iXMB8GA1UdIwQYMBaAFKLep/YS+oBGizVJOopx
Byz+f2iXMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgIEMAoGCCqGSM49
BAMCA0gAMEUCIQC5D4DVQHMnJ/Tk1xmffAIjAM3zDz18JbWZuN7IThpPywIgW5nY
Spyg1DgQJCkVHls4g2qrmZmtczo9qJ5KzQ+Qoss=
-----END CERTIFICATE-----
";

const LEAF_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBxDCCAWqgAwIBAgIUDeFLWjVNM7DWzfhXgG4w+zCBaCAwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwObWt0b3dzIHRlc3QgQ0EwIBcNMjYxMTIzMTcwNjMxWhgPMjEy
NjEwMzAxNzA2MzFaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEG
CCqGSM49AwEHA0IABE9vBPnnAWjWwYP6Flu3VyPifJ/kD8BVbV+nQXv3iqXPX4/v
0VRHoc+G9dk/6wKpBm58lzWL2YS1ebM0qLe1RXKjgZIwgY8wDAYDVR0TAQH/BAIw
ADAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwEwYDVR0lBAwwCgYIKwYBBQUH
AwEwDgYDVR0PAQH/BAQDAgeAMB0GA1UdDgQWBBSZl/xx6OBFllPg0Ntg6bZG8akj
VDAfBgNVHSMEGDAWgBSi3qf2EvqARos1STqKcQcs/n9olzAKBggqhkjOPQQDAgNI
ADBFAiEAqdbDcYTlNefeDuJw+oxg4nT4byy0tzOI+9uPk4+9vFQCIHt5TjHmL9qZ
ihVlNR81GylacSM2FnR8wRS7c15pQObv
-----END CERTIFICATE-----
";

const LEAF_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0rmR2V63d527Ips+
xVmhQSFivXgI22O5iq6WZkcNb7ShRANCAARPbwT55wFo1sGD+hZbt1cj4nyf5A/A
VW1fp0F794qlz1+P79FUR6HPhvXZP+sCqQZufJc1i9mEtXmzNKi3tUVy
-----END PRIVATE KEY-----
";

/// An https server on 127.0.0.1 presenting the test certificate; answers the seed response.
/// Returns its URL, how many connections it accepted and how many requests got through the
/// handshake.
fn tls_server() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(LEAF_PEM.as_bytes()).expect("leaf")],
            PrivateKeyDer::from_pem_slice(LEAF_KEY_PEM.as_bytes()).expect("key"),
        )
        .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "https://{}/soap/mktows/2_2",
        listener.local_addr().expect("addr")
    );
    let accepted = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(AtomicUsize::new(0));
    let (accepts, counter) = (accepted.clone(), served.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            accepts.fetch_add(1, Ordering::SeqCst);
            let config = config.clone();
            let counter = counter.clone();
            std::thread::spawn(move || serve_tls(stream, config, &counter));
        }
    });
    (url, accepted, served)
}

fn serve_tls(stream: TcpStream, config: Arc<rustls::ServerConfig>, served: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    // A client that refuses the certificate aborts the handshake: the read fails.
    if read_request(&mut tls).is_ok() {
        served.fetch_add(1, Ordering::SeqCst);
        let _ = write!(
            tls,
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{SEED_RESPONSE}",
            SEED_RESPONSE.len()
        );
        let _ = tls.flush();
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }
}

#[tokio::test]
async fn https_refuses_a_certificate_from_an_unknown_ca() {
    logs();
    let (url, accepted, served) = tls_server();
    // With retries allowed: a refused certificate is final, so one connection only.
    let e = client_for(&url, quick_retry(3))
        .sync_lead(&params())
        .send()
        .await
        .unwrap_err();
    let Error::Transport { message, .. } = &e else {
        panic!("expected Error::Transport, got {e:?}")
    };
    assert!(message.contains("certificate"), "{message}");

    assert!(!e.is_transient(), "a bad certificate will not get better");
    assert_eq!(served.load(Ordering::SeqCst), 0, "a request got through");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "the handshake was retried"
    );
    assert_error_clean(&e);
}

#[tokio::test]
async fn https_accepts_the_certificate_once_its_ca_is_trusted() {
    // The control for the case above: the server is fine, only trust was missing.
    let (url, _, served) = tls_server();
    let ca = reqwest::Certificate::from_pem(TEST_CA_PEM.as_bytes()).expect("CA");
    let http = reqwest::Client::builder()
        .tls_certs_only([ca])
        .build()
        .expect("reqwest client");
    let transport = ClientBuilder::new(Endpoint::new(&url).expect("endpoint"))
        .timeout(Duration::from_secs(30))
        .http_client(http)
        .build()
        .expect("transport");
    let client = mktows::Client::new(transport, Credentials::new(USER, SECRET));
    let result = client.sync_lead(&params()).send().await.expect("success");
    assert_eq!(result.result.lead_id, 1089965);
    assert_eq!(served.load(Ordering::SeqCst), 1);
}
