//! Hostile and broken responses: each case is a canned HTTP server on 127.0.0.1 that answers
//! one way, and the typed client must fail with the precise `mktows::Error` variant and a
//! message that says what went wrong (never a panic, a hang or an unbounded allocation).
//!
//! The bounded smoke run of response decoding is in `hardening_decode_smoke.rs`.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

mod support;

use support::responses::*;

use mktows::{
    ClientBuilder, Credentials, Endpoint, Error, LeadSyncStatus, ParamsSyncLead, SuccessSyncLead,
};

/// A loopback server that hands every accepted connection, after reading the request, to
/// `behaviour` on a thread of its own. Connections are counted.
struct Canned {
    url: String,
    connections: Arc<AtomicUsize>,
}

impl Canned {
    fn start(behaviour: impl Fn(TcpStream) + Send + Sync + 'static) -> Canned {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!(
            "http://{}/soap/mktows/2_2",
            listener.local_addr().expect("local address")
        );
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let behaviour = Arc::new(behaviour);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let behaviour = behaviour.clone();
                std::thread::spawn(move || {
                    if read_request(&mut stream).is_ok() {
                        behaviour(stream);
                    }
                });
            }
        });
        Canned { url, connections }
    }

    /// Answers every request with `status` and `body` (Content-Length set).
    fn answering(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Canned {
        let body = body.into();
        Canned::start(move |mut stream| {
            let _ = write_response(&mut stream, status, content_type, &body);
        })
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The typed client for this server: `timeout` per attempt, `limit` bytes per response.
    fn client(&self, timeout: Duration, limit: usize) -> mktows::Client {
        let transport = ClientBuilder::new(Endpoint::new(&self.url).expect("endpoint"))
            .timeout(timeout)
            .max_response_bytes(limit)
            .build()
            .expect("transport");
        mktows::Client::new(transport, Credentials::new(USER, SECRET))
    }

    /// A client with a 30 s timeout (far above any case's need) and the default size limit.
    fn default_client(&self) -> mktows::Client {
        self.client(
            Duration::from_secs(30),
            mktows::runtime::DEFAULT_MAX_RESPONSE_BYTES,
        )
    }
}

/// Reads one HTTP/1.1 request: the head, then a Content-Length body.
fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    // Guards against a hung test only; nothing is asserted about this time.
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed in the head"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other("no Content-Length"))?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed in the body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf[head_end..head_end + length].to_vec())
}

fn write_response(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status} Canned\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

/// Blocks until the client closes the connection (or 60 s pass): a stalled server.
fn wait_for_client_close(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}

fn params() -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: mktows::LeadRecord {
            email: "t@t.com".into(),
            ..Default::default()
        },
        return_lead: false,
        ..Default::default()
    }
}

async fn call(client: &mktows::Client) -> Result<SuccessSyncLead, Error> {
    client.sync_lead(&params()).send().await
}

fn expect_decode(result: Result<SuccessSyncLead, Error>) -> mktows::runtime::DecodeError {
    match result {
        Err(Error::Decode(e)) => e,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn control_the_seed_response_decodes() {
    let server = Canned::answering(200, "text/xml", SEED_RESPONSE);
    let result = call(&server.default_client()).await.expect("success");
    assert_eq!(result.result.lead_id, 1089965);
    assert_eq!(result.result.sync_status.status, LeadSyncStatus::Updated);
}

#[tokio::test]
async fn truncated_body() {
    // A complete HTTP message whose XML stops in the middle of the document.
    let cut = SEED_RESPONSE.find("<status>").expect("status");
    let server = Canned::answering(200, "text/xml", &SEED_RESPONSE[..cut]);
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(
        e.message(),
        "invalid XML: the root node was opened but never closed"
    );
}

#[tokio::test]
async fn invalid_utf8() {
    // A byte that cannot start a UTF-8 sequence, after "<leadId>10" on line 6.
    let mut body = with_lead_id("10").into_bytes();
    let at = body
        .windows(10)
        .position(|w| w == b"<leadId>10")
        .expect("leadId")
        + 10;
    body.insert(at, 0xFF);
    let server = Canned::answering(200, "text/xml; charset=utf-8", body);
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(e.position(), Some((6, 11)), "{e}");
    assert_eq!(
        e.message(),
        format!("the response is not valid UTF-8: byte 0xff at offset {at}")
    );
}

#[tokio::test]
async fn html_error_page_with_http_503() {
    let page = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1><p>Try again later.<br></p></body></html>";
    let server = Canned::answering(503, "text/html", page);
    let e = call(&server.default_client()).await.unwrap_err();
    match &e {
        Error::Http {
            status: 503,
            body_snippet,
        } => assert!(
            body_snippet.contains("<title>503 Service Unavailable</title>"),
            "{body_snippet}"
        ),
        other => panic!("expected Error::Http {{ status: 503 }}, got {other:?}"),
    }
    assert!(e.to_string().starts_with("HTTP status 503: "), "{e}");
    assert!(e.is_transient(), "a 503 is worth retrying");
}

#[tokio::test]
async fn http_200_carrying_a_fault() {
    let server = Canned::answering(200, "text/xml", fault(20014, "Authentication failed"));
    let e = call(&server.default_client()).await.unwrap_err();
    let f = e
        .fault()
        .unwrap_or_else(|| panic!("expected a fault, got {e:?}"));
    assert_eq!(f.code, Some(20014));
    assert_eq!(f.faultcode, "SOAP-ENV:Client");
    assert_eq!(
        e.to_string(),
        "SOAP fault SOAP-ENV:Client: 20014 - Authentication failed"
    );
    assert!(!e.is_transient());
}

#[tokio::test]
async fn dtd_entity_expansion_billion_laughs() {
    let mut dtd =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    dtd.push_str("<!ENTITY lol0 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
    }
    dtd.push_str("]>\n");
    let body = format!(
        "{dtd}{}",
        with_lead_id("&lol9;").replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "", 1)
    );
    let server = Canned::answering(200, "text/xml", body);
    let started = Instant::now();
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(
        e.to_string(),
        "invalid XML: a document type declaration (DTD) is not allowed"
    );
    // Generous: an expansion of 10^10 "lol"s would take far longer (and 30 GB).
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[tokio::test]
async fn external_entities_are_never_fetched() {
    // Where the entities point: it must never see a connection.
    let target = TcpListener::bind("127.0.0.1:0").expect("bind");
    let target_url = format!("http://{}/secret", target.local_addr().expect("addr"));
    let body = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE e [\n<!ENTITY net SYSTEM \"{target_url}\">\n<!ENTITY file SYSTEM \"file:///etc/passwd\">\n<!ENTITY % param SYSTEM \"{target_url}/dtd\">\n%param;\n]>\n{}",
        with_lead_id("&net;&file;").replacen(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "",
            1
        )
    );
    let server = Canned::answering(200, "text/xml", body);
    let e = expect_decode(call(&server.default_client()).await);
    assert!(e.to_string().contains("(DTD) is not allowed"), "{e}");

    // An external DTD subset alone (no internal subset) is refused the same way.
    let external = SEED_RESPONSE.replacen(
        "<SOAP-ENV:Envelope",
        &format!("<!DOCTYPE SOAP-ENV:Envelope SYSTEM \"{target_url}/dtd\">\n<SOAP-ENV:Envelope"),
        1,
    );
    let server = Canned::answering(200, "text/xml", external);
    let e = expect_decode(call(&server.default_client()).await);
    assert!(e.to_string().contains("(DTD) is not allowed"), "{e}");

    target.set_nonblocking(true).expect("nonblocking");
    assert_eq!(
        target.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "an external entity was fetched"
    );
}

/// `<a>` nested `depth` deep where `leadId`'s text should be.
fn deeply_nested(depth: usize) -> String {
    with_lead_id(&format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth)))
}

#[tokio::test]
async fn nesting_100k_deep() {
    // On the test thread's normal stack (this is a current-thread runtime).
    let server = Canned::answering(200, "text/xml", deeply_nested(100_000));
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(e.path(), "successSyncLead/result/leadId", "{e}");
    assert_eq!(e.message(), "expected text, found element <a>");
    assert_eq!(e.position(), Some((6, 9)));

    // The same depth inside a fault's detail: still a fault, nothing recursed into it.
    let deep_detail = fault(20023, "Rate limit").replacen(
        "</ns1:serviceException>",
        &format!(
            "</ns1:serviceException>{}{}",
            "<d>".repeat(100_000),
            "</d>".repeat(100_000)
        ),
        1,
    );
    let server = Canned::answering(500, "text/xml", deep_detail);
    let e = call(&server.default_client()).await.unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20023), "{e:?}");
}

/// Streams `total` bytes of a well-formed-looking response lazily (64 KiB at a time, never
/// all in memory), after a head with or without Content-Length; reports how many body
/// bytes were written before the client went away.
fn stream_huge_body(
    stream: &mut TcpStream,
    total: u64,
    announce_length: bool,
    sent: &mpsc::Sender<u64>,
) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(20)));
    let length = if announce_length {
        format!("Content-Length: {total}\r\n")
    } else {
        String::new()
    };
    let head =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n{length}Connection: close\r\n\r\n");
    let mut written = 0u64;
    if stream.write_all(head.as_bytes()).is_ok() {
        let prefix = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><!--";
        let chunk = vec![b'x'; 64 * 1024];
        if stream.write_all(prefix.as_bytes()).is_ok() {
            written = prefix.len() as u64;
            while written < total {
                let n = chunk.len().min((total - written) as usize);
                if stream.write_all(&chunk[..n]).is_err() {
                    break;
                }
                written += n as u64;
            }
        }
    }
    let _ = sent.send(written);
}

const HUNDRED_MB: u64 = 100 * 1024 * 1024;
const ONE_MIB: usize = 1024 * 1024;

async fn assert_huge_body_is_refused(announce_length: bool) {
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let server = Canned::start(move |mut stream| {
        let tx = tx.lock().expect("sender").clone();
        stream_huge_body(&mut stream, HUNDRED_MB, announce_length, &tx);
    });
    let client = server.client(Duration::from_secs(30), ONE_MIB);
    let started = Instant::now();
    let e = call(&client).await.unwrap_err();
    assert!(
        matches!(e, Error::ResponseTooLarge { limit: ONE_MIB }),
        "expected ResponseTooLarge, got {e:?}"
    );
    assert_eq!(
        e.to_string(),
        "response is larger than the limit of 1048576 bytes"
    );
    assert!(started.elapsed() < Duration::from_secs(30), "not quickly");
    drop(client);
    // Waited for off the runtime's thread, which must go on to close the connection.
    let written = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
        .await
        .expect("the waiting task")
        .expect("the server finished");
    assert!(
        written < HUNDRED_MB / 2,
        "the client read {written} bytes of a body over its limit"
    );
}

#[tokio::test]
async fn body_of_100_mb_streamed_is_stopped_by_the_size_limit() {
    assert_huge_body_is_refused(false).await;
}

#[tokio::test]
async fn body_of_100_mb_announced_is_stopped_by_the_size_limit() {
    assert_huge_body_is_refused(true).await;
}

#[tokio::test]
async fn server_that_stalls_before_answering() {
    let server = Canned::start(|mut stream| wait_for_client_close(&mut stream));
    let timeout = Duration::from_millis(500);
    let client = server.client(timeout, ONE_MIB);
    let started = Instant::now();
    let e = call(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(e, Error::Timeout), "expected Timeout, got {e:?}");
    assert_eq!(e.to_string(), "request timed out");
    assert!(e.is_transient());
    assert!(elapsed >= timeout, "timed out early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[tokio::test]
async fn server_that_stalls_in_the_middle_of_the_body() {
    let server = Canned::start(|mut stream| {
        let body = SEED_RESPONSE.as_bytes();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).is_ok()
            && stream.write_all(&body[..body.len() / 2]).is_ok()
            && stream.flush().is_ok()
        {
            wait_for_client_close(&mut stream);
        }
    });
    let timeout = Duration::from_millis(500);
    let client = server.client(timeout, ONE_MIB);
    let started = Instant::now();
    let e = call(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(e, Error::Timeout), "expected Timeout, got {e:?}");
    assert!(elapsed >= timeout, "timed out early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[tokio::test]
async fn server_that_closes_mid_response() {
    let server = Canned::start(|mut stream| {
        let body = SEED_RESPONSE.as_bytes();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body[..body.len() / 2]);
        let _ = stream.flush();
        let _ = stream.shutdown(Shutdown::Both);
    });
    let e = call(&server.default_client()).await.unwrap_err();
    let Error::Transport { message, .. } = &e else {
        panic!("expected Error::Transport, got {e:?}")
    };
    assert!(message.contains("body"), "{message}");
    assert!(e.to_string().starts_with("transport error: "), "{e}");
}

#[tokio::test]
async fn server_that_closes_before_answering() {
    let server = Canned::start(|stream| {
        let _ = stream.shutdown(Shutdown::Both);
    });
    let e = call(&server.default_client()).await.unwrap_err();
    let Error::Transport { message, .. } = &e else {
        panic!("expected Error::Transport, got {e:?}")
    };
    assert!(message.contains("closed"), "{message}");
}

#[tokio::test]
async fn wrong_element_type() {
    let server = Canned::answering(200, "text/xml", with_lead_id("abc"));
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(e.path(), "successSyncLead/result/leadId");
    assert_eq!(e.message(), "expected xs:int, found \"abc\"");
    assert_eq!(e.position(), Some((6, 1)));
    assert_eq!(
        Error::Decode(e).to_string(),
        "cannot decode response: 6:1: successSyncLead/result/leadId: expected xs:int, found \"abc\""
    );
}

#[tokio::test]
async fn wrong_response_element() {
    let body = SEED_RESPONSE.replace("successSyncLead", "successGetLead");
    let server = Canned::answering(200, "text/xml", body);
    let e = expect_decode(call(&server.default_client()).await);
    assert_eq!(
        e.message(),
        "expected successSyncLead, found successGetLead"
    );
    assert_eq!(e.position(), Some((4, 1)));
}

#[tokio::test]
async fn one_request_per_failed_call_without_a_retry_policy() {
    // The failures above are final under the default policy: exactly one attempt each.
    let server = Canned::answering(503, "text/html", "<html>busy</html>");
    let client = server.default_client();
    assert!(call(&client).await.is_err());
    assert_eq!(server.connections(), 1);
}

/// A server answering `first` to the first request and the seed response after that.
fn first_then_seed(status: u16, first: String) -> Canned {
    let answered = AtomicUsize::new(0);
    Canned::start(move |mut stream| {
        let (status, body) = match answered.fetch_add(1, Ordering::SeqCst) {
            0 => (status, first.clone()),
            _ => (200, SEED_RESPONSE.to_owned()),
        };
        let _ = write_response(&mut stream, status, "text/xml", body.as_bytes());
    })
}

fn retrying_client(server: &Canned) -> mktows::Client {
    let transport = ClientBuilder::new(Endpoint::new(&server.url).expect("endpoint"))
        .timeout(Duration::from_secs(30))
        .retry(mktows::RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            multiplier: 2.0,
        })
        .build()
        .expect("transport");
    mktows::Client::new(transport, Credentials::new(USER, SECRET))
}

#[tokio::test]
async fn transient_faults_are_retried() {
    for code in [10001, 20011, 20016, 20023, 20024] {
        let server = first_then_seed(500, fault(code, "Transient"));
        let result = call(&retrying_client(&server)).await;
        assert!(result.is_ok(), "{code}: {result:?}");
        assert_eq!(server.connections(), 2, "{code}: one retry");
    }
}

#[tokio::test]
async fn final_faults_are_not_retried() {
    for code in [20012, 20013, 20014, 20017, 20101, 20103, 20105, 20110] {
        let server = first_then_seed(500, fault(code, "Final"));
        let e = call(&retrying_client(&server)).await.unwrap_err();
        assert_eq!(e.fault().and_then(|f| f.code), Some(code), "{e:?}");
        assert_eq!(server.connections(), 1, "{code}: no retry");
    }
}

#[tokio::test]
async fn decode_errors_are_not_retried() {
    let server = first_then_seed(200, with_lead_id("abc"));
    let e = call(&retrying_client(&server)).await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    assert_eq!(server.connections(), 1);
}
