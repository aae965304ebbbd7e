//! Async client tests against the in-process HTTP server of `test_support`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::*;
use crate::auth::Credentials;
use crate::retry::RetryPolicy;
use crate::test_support::*;

const USER: &str = "demo17_1_809934544BFABAE58E5D27";
const SECRET: &str = "27272727aa";

fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        multiplier: 2.0,
    }
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder(Endpoint::new(&server.url).unwrap()).credentials(Credentials::new(USER, SECRET))
}

fn fault_body(code: u32, text: &str) -> String {
    let mut w = XmlWriter::new();
    crate::envelope::write_fault(&mut w, &MKTOWS, &crate::fault::Fault::service(code, text))
        .unwrap();
    w.into_string()
}

#[tokio::test]
async fn posts_the_envelope_with_soap_headers_and_decodes_the_response() {
    let server = serve(vec![Canned::new(200, DOCUMENTED_RESPONSE)]).await;
    let client = builder(&server).build().unwrap();
    let mut sent = String::new();
    let result = client
        .call(
            &SYNC_LEAD,
            |w| {
                let creds = client.credentials().expect("credentials");
                write_sync_lead(w, &creds.sign_now())?;
                sent = w.as_str().to_owned();
                Ok(())
            },
            read_success_sync_lead,
        )
        .await
        .unwrap();
    assert_eq!(result.lead_id, 1089965);
    assert_eq!(result.status, "UPDATED");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.request_line, "POST /soap/mktows/2_2 HTTP/1.1");
    assert_eq!(r.header("content-type"), Some("text/xml; charset=utf-8"));
    assert_eq!(
        r.header("soapaction"),
        Some("\"http://www.marketo.com/mktows/syncLead\"")
    );
    assert!(r
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("mktows-runtime/")));
    assert_eq!(r.body, sent);
    assert!(r
        .body
        .contains("<mktowsUserId>demo17_1_809934544BFABAE58E5D27</mktowsUserId>"));
    assert!(!r.body.contains(SECRET));
}

#[tokio::test]
async fn a_fault_with_http_500_is_a_fault_error() {
    let server = serve(vec![Canned::new(500, MARKETO_FAULT)]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    let fault = e.fault().expect("a fault");
    assert_eq!(fault.code, Some(20105));
    assert!(!e.is_transient());
}

#[tokio::test]
async fn retries_transient_faults_with_a_fresh_envelope_each_attempt() {
    let server = serve(vec![
        Canned::new(500, &fault_body(20016, "Request expired")),
        Canned::new(500, &fault_body(20023, "Rate limit exceeded")),
        Canned::new(200, DOCUMENTED_RESPONSE),
    ])
    .await;
    let client = builder(&server).retry(fast_retry(3)).build().unwrap();
    let writes = AtomicUsize::new(0);
    let creds = Credentials::new(USER, SECRET);
    let result = client
        .call(
            &SYNC_LEAD,
            |w| {
                // A distinct timestamp per attempt shows each request is re-signed.
                let n = writes.fetch_add(1, Ordering::SeqCst);
                write_sync_lead(w, &creds.sign_at(format!("2013-08-01T18:22:3{n}-07:00")))
            },
            read_success_sync_lead,
        )
        .await
        .unwrap();
    assert_eq!(result.lead_id, 1089965);
    assert_eq!(writes.load(Ordering::SeqCst), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0]
        .body
        .contains("<requestSignature>b5e21953ae9f1b263e644da5eccce9ff33802513</requestSignature>"));
    assert!(requests[0].body.contains("2013-08-01T18:22:30-07:00"));
    assert!(requests[1].body.contains("2013-08-01T18:22:31-07:00"));
    let sig = |r: &Recorded| {
        r.body
            .split("<requestSignature>")
            .nth(1)
            .map(|s| s[..40].to_owned())
    };
    assert_ne!(sig(&requests[0]), sig(&requests[1]));
}

#[tokio::test]
async fn stops_on_a_final_fault_and_when_attempts_run_out() {
    let server = serve(vec![Canned::new(
        500,
        &fault_body(20014, "Authentication failed"),
    )])
    .await;
    let client = builder(&server).retry(fast_retry(3)).build().unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20014));
    assert_eq!(server.requests().len(), 1);

    let busy = Canned::new(500, &fault_body(20024, "Concurrent access limit reached"));
    let server = serve(vec![busy.clone(), busy.clone(), busy]).await;
    let client = builder(&server).retry(fast_retry(2)).build().unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert!(e.is_transient());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn no_retry_by_default() {
    let server = serve(vec![Canned::new(
        500,
        &fault_body(20016, "Request expired"),
    )])
    .await;
    let client = builder(&server).build().unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert!(e.is_transient());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn response_size_limit() {
    let mut big = Canned::new(200, DOCUMENTED_RESPONSE);
    big.body.extend(std::iter::repeat_n(b' ', 10_000));
    let mut unannounced = big.clone();
    unannounced.omit_length = true;
    let server = serve(vec![big, unannounced]).await;
    let client = builder(&server).max_response_bytes(4096).build().unwrap();
    for _ in 0..2 {
        let e = client
            .call(
                &SYNC_LEAD,
                |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
                read_success_sync_lead,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::ResponseTooLarge { limit: 4096 }),
            "{e:?}"
        );
    }
}

#[tokio::test]
async fn bodies_without_length_are_read_to_the_end() {
    let mut canned = Canned::new(200, DOCUMENTED_RESPONSE);
    canned.omit_length = true;
    let server = serve(vec![canned]).await;
    let client = builder(&server).build().unwrap();
    let r = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap();
    assert_eq!(r.lead_id, 1089965);
}

#[tokio::test]
async fn timeout() {
    let mut slow = Canned::new(200, DOCUMENTED_RESPONSE);
    slow.delay = Duration::from_secs(5);
    let server = serve(vec![slow]).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert!(e.is_transient());
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// A server that sends the response head and the first bytes of a 1,000-byte body at
/// once, then nothing for 10 s.
async fn trickling_server() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/soap/mktows/2_2", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head =
                    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(b"<SOAP-ENV:Envelope").await;
                tokio::time::sleep(Duration::from_secs(10)).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn the_timeout_covers_a_trickling_body() {
    let endpoint = Endpoint::new(&trickling_server().await).unwrap();
    let own = Client::builder(endpoint.clone())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    // A caller-supplied client without any timeout of its own gets the runtime's.
    let supplied = Client::builder(endpoint)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    for client in [own, supplied] {
        let started = std::time::Instant::now();
        let e = client
            .call(
                &SYNC_LEAD,
                |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
                read_success_sync_lead,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Timeout), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}

#[tokio::test]
async fn non_soap_error_pages_are_http_errors() {
    let server = serve(vec![Canned::new(
        503,
        "<html><body>Service Unavailable</body></html>",
    )])
    .await;
    let client = builder(&server).build().unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 503, body_snippet } if body_snippet.contains("Service Unavailable")),
        "{e:?}"
    );
}

#[tokio::test]
async fn encode_errors_send_nothing() {
    let server = serve(vec![]).await;
    let client = builder(&server).retry(fast_retry(3)).build().unwrap();
    let e = client
        .call(&SYNC_LEAD, |w| w.text("\u{1}"), read_success_sync_lead)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Encode(_)), "{e:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn connection_refused_is_a_transient_transport_error() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let endpoint = Endpoint::new(&format!("http://127.0.0.1:{port}/soap/mktows/2_2")).unwrap();
    let client = Client::new(endpoint).unwrap();
    let e = client
        .call(
            &SYNC_LEAD,
            |w| write_sync_lead(w, &Credentials::new(USER, SECRET).sign_now()),
            read_success_sync_lead,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(e.is_transient(), "{e:?}");
    assert!(!format!("{e:?}").contains(SECRET));
}

#[test]
fn plain_http_to_remote_hosts_needs_opting_in() {
    let remote = Endpoint::new("http://example.com/soap/mktows/2_2").unwrap();
    let e = Client::new(remote.clone()).unwrap_err();
    assert!(e.to_string().contains("refusing plain http"), "{e}");
    assert!(Client::builder(remote)
        .allow_insecure_http(true)
        .build()
        .is_ok());
    let http = reqwest::Client::new();
    let client =
        Client::with_http_client(Endpoint::new("https://example.com/x").unwrap(), http).unwrap();
    assert_eq!(client.timeout(), Duration::from_secs(90));
    assert_eq!(client.max_response_bytes(), 16 * 1024 * 1024);
    assert_eq!(client.retry_policy().max_attempts, 1);
    assert!(client.credentials().is_none());
}
