//! The typed client over HTTP, against a minimal HTTP/1.1 server on 127.0.0.1 that records
//! each request and answers with a canned response (one connection per request).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use mktows::runtime::roxmltree;
use mktows::runtime::xml::parse_document;
use mktows::runtime::{sign, DateTime};
use mktows::{
    ArrayOfAttribute, Attribute, Client, ClientBuilder, Credentials, Endpoint, Error,
    LeadSyncStatus, Nillable, ParamsSyncLead, Request, RetryPolicy, SuccessSyncLead,
};

const USER: &str = "demo17_1_809934544BFABAE58E5D27";
const SECRET: &str = "27272727aa";
const MKTOWS_NS: &str = "http://www.marketo.com/mktows/";
const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// Marketo's documented syncLead response (the seed page).
const SEED_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <ns1:successSyncLead>
      <result>
        <leadId>1089965</leadId>
        <syncStatus>
          <leadId>1089965</leadId>
          <status>UPDATED</status>
          <error xsi:nil="true" />
        </syncStatus>
        <leadRecord xsi:nil="true" />
      </result>
    </ns1:successSyncLead>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

fn fault(code: u32, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>{code} - {text}</faultstring><detail><ns1:serviceException><name>mktServiceException</name><message>{text} ({code})</message><code>{code}</code></ns1:serviceException></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

/// A request as the server received it.
#[derive(Debug, Clone)]
struct Recorded {
    request_line: String,
    /// (lowercased name, value) in the order received.
    headers: Vec<(String, String)>,
    body: String,
}

impl Recorded {
    /// The values of header `name` (lowercase).
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Answers one connection per canned `(status, body)`, in order, then stops.
struct Server {
    url: String,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(responses: Vec<(u16, String)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!(
            "http://{}/soap/mktows/2_2",
            listener.local_addr().expect("local address")
        );
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let log = recorded.clone();
        let thread = std::thread::spawn(move || {
            for (status, body) in responses {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                match answer(stream, status, &body) {
                    Ok(request) => log.lock().expect("log lock").push(request),
                    Err(e) => panic!("test server: {e}"),
                }
            }
        });
        Server {
            url,
            recorded,
            thread: Some(thread),
        }
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint::new(&self.url).expect("a valid endpoint")
    }

    /// Waits for the server to have answered every canned response; the requests.
    fn finish(mut self) -> Vec<Recorded> {
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the server thread did not panic");
        }
        self.recorded.lock().expect("log lock").clone()
    }
}

/// Reads one HTTP/1.1 request (head, then a Content-Length body) and answers it.
fn answer(mut stream: TcpStream, status: u16, body: &str) -> std::io::Result<Recorded> {
    // Guards against a hung test only; nothing is asserted about time.
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
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| std::io::Error::other("no Content-Length"))?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed in the body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let request = Recorded {
        request_line,
        headers,
        body: String::from_utf8(buf[head_end..head_end + length].to_vec())
            .map_err(std::io::Error::other)?,
    };
    let reason = if status == 200 {
        "OK"
    } else {
        "Internal Server Error"
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()?;
    Ok(request)
}

fn seed_params() -> ParamsSyncLead {
    let attribute = |name: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_type: Nillable::Absent,
        attr_value: value.into(),
    };
    ParamsSyncLead {
        lead_record: mktows::LeadRecord {
            email: "t@t.com".into(),
            lead_attribute_list: ArrayOfAttribute {
                attribute: vec![
                    attribute("FirstName", "George"),
                    attribute("LastName", "of the Jungle"),
                ],
            }
            .into(),
            ..Default::default()
        },
        return_lead: false,
        marketo_cookie: Nillable::Absent,
    }
}

fn assert_seed_result(result: &SuccessSyncLead) {
    assert_eq!(result.result.lead_id, 1089965);
    assert_eq!(result.result.sync_status.lead_id, 1089965);
    assert_eq!(result.result.sync_status.status, LeadSyncStatus::Updated);
    assert!(result.result.sync_status.error.is_nil());
    assert!(result.result.lead_record.is_nil());
}

/// Checks that `request` is a signed syncLead POST carrying `params`; returns the
/// envelope's header block names.
fn assert_signed_sync_lead(request: &Recorded, params: &ParamsSyncLead) -> Vec<String> {
    assert_eq!(request.request_line, "POST /soap/mktows/2_2 HTTP/1.1");
    assert_eq!(request.header("content-type"), ["text/xml; charset=utf-8"]);
    assert_eq!(
        request.header("soapaction"),
        ["\"http://www.marketo.com/mktows/syncLead\""]
    );
    assert_eq!(
        request.header("content-length"),
        [request.body.len().to_string().as_str()]
    );

    let body = &request.body;
    assert!(
        body.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope "#),
        "{body}"
    );
    let doc = roxmltree::Document::parse(body).expect("a well-formed envelope");
    let envelope = doc.root_element();
    assert!(envelope.has_tag_name((SOAP11_NS, "Envelope")));
    let header = envelope
        .children()
        .find(|n| n.has_tag_name((SOAP11_NS, "Header")))
        .expect("a Header");
    let auth = header
        .children()
        .find(|n| n.has_tag_name((MKTOWS_NS, "AuthenticationHeader")))
        .expect("an AuthenticationHeader");
    let text = |name: &str| {
        auth.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no {name}"))
            .to_owned()
    };
    let (user, signature, timestamp) = (
        text("mktowsUserId"),
        text("requestSignature"),
        text("requestTimestamp"),
    );
    assert_eq!(user, USER);
    assert_eq!(timestamp.len(), 25, "{timestamp}");
    assert!(
        DateTime::parse(&timestamp).is_ok_and(|t| t.offset().is_some()),
        "{timestamp}"
    );
    assert!(!timestamp.ends_with('Z'), "{timestamp}");
    assert_eq!(signature, sign(SECRET, &timestamp, USER));
    assert!(Credentials::new(USER, SECRET).verify(&timestamp, USER, &signature));

    // The body decodes back to what was sent.
    let doc = parse_document(body).expect("parses");
    let soap_body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((SOAP11_NS, "Body")))
        .expect("a Body");
    let root = soap_body
        .children()
        .find(|n| n.is_element())
        .expect("a body root");
    assert!(root.has_tag_name((MKTOWS_NS, "paramsSyncLead")));
    assert_eq!(
        Request::read_body(root).expect("reads back"),
        Request::SyncLead(params.clone())
    );
    header
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name().to_owned())
        .collect()
}

#[tokio::test]
async fn sync_lead_posts_a_signed_envelope_and_decodes_the_result() {
    let server = Server::start(vec![(200, SEED_RESPONSE.to_owned())]);
    let client =
        Client::marketo(server.endpoint(), Credentials::new(USER, SECRET)).expect("a client");
    let params = seed_params();
    let result = client.sync_lead(&params).send().await.expect("success");
    assert_seed_result(&result);

    let requests = server.finish();
    assert_eq!(requests.len(), 1);
    let headers = assert_signed_sync_lead(&requests[0], &params);
    assert_eq!(headers, ["AuthenticationHeader"]);
}

#[tokio::test]
async fn the_workspace_header_goes_over_the_wire() {
    let server = Server::start(vec![(200, SEED_RESPONSE.to_owned())]);
    let transport = ClientBuilder::new(server.endpoint())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a transport");
    let client = Client::new(transport, Credentials::new(USER, SECRET));
    let params = seed_params();
    let result = client
        .sync_lead(&params)
        .workspace("Default")
        .send()
        .await
        .expect("success");
    assert_seed_result(&result);
    let requests = server.finish();
    let headers = assert_signed_sync_lead(&requests[0], &params);
    assert_eq!(headers, ["AuthenticationHeader", "MktowsContextHeader"]);
    assert!(requests[0].body.contains("</ns1:AuthenticationHeader><ns1:MktowsContextHeader><targetWorkspace>Default</targetWorkspace></ns1:MktowsContextHeader></SOAP-ENV:Header>"));
}

#[tokio::test]
async fn an_http_500_fault_is_error_fault() {
    let server = Server::start(vec![(500, fault(20105, "Unknown lead field"))]);
    let transport = mktows::runtime::Client::new(server.endpoint()).expect("a transport");
    let client = Client::new(transport, Credentials::new(USER, SECRET));
    let params = seed_params();
    let e = client.sync_lead(&params).send().await.unwrap_err();
    let fault = match &e {
        Error::Fault(f) => f,
        other => panic!("expected a fault, got {other:?}"),
    };
    assert_eq!(fault.code, Some(20105));
    assert_eq!(fault.faultcode, "SOAP-ENV:Client");
    assert_eq!(fault.faultstring, "20105 - Unknown lead field");
    assert_eq!(fault.message.as_deref(), Some("Unknown lead field (20105)"));
    assert!(!e.is_transient());
    // Exactly one request: no retry by default, and none for a final fault.
    assert_eq!(server.finish().len(), 1);
}

#[tokio::test]
async fn a_transient_fault_is_retried_with_a_fresh_signature() {
    let server = Server::start(vec![
        (500, fault(20016, "Request has expired")),
        (200, SEED_RESPONSE.to_owned()),
    ]);
    let transport = ClientBuilder::new(server.endpoint())
        .retry(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            multiplier: 1.0,
        })
        .build()
        .expect("a transport");
    let client = Client::new(transport, Credentials::new(USER, SECRET));
    let params = seed_params();
    let result = client
        .sync_lead(&params)
        .send()
        .await
        .expect("the retry succeeds");
    assert_seed_result(&result);
    let requests = server.finish();
    assert_eq!(requests.len(), 2);
    // Each attempt is signed for its own timestamp.
    for request in &requests {
        assert_signed_sync_lead(request, &params);
    }
}

#[tokio::test]
async fn an_unencodable_request_is_not_sent() {
    // A listener that is never served: a connection would wait in its backlog.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/soap/mktows/2_2", listener.local_addr().unwrap());
    let client = Client::marketo(Endpoint::new(&url).unwrap(), Credentials::new(USER, SECRET))
        .expect("a client");
    let mut params = seed_params();
    params.lead_record.email = "t\u{1}@t.com".into();
    let e = client.sync_lead(&params).send().await.unwrap_err();
    match &e {
        Error::Encode(inner) => assert_eq!(
            inner.to_string(),
            "paramsSyncLead/leadRecord/Email: character U+0001 is not allowed in XML 1.0"
        ),
        other => panic!("expected an encode error, got {other:?}"),
    }
    assert!(!e.is_transient());
    listener.set_nonblocking(true).unwrap();
    assert_eq!(
        listener.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "the client connected although the request could not be encoded"
    );
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_posts_the_same_request() {
    let server = Server::start(vec![
        (200, SEED_RESPONSE.to_owned()),
        (500, fault(20105, "Unknown lead field")),
    ]);
    let transport = mktows::runtime::blocking::Client::new(server.endpoint()).expect("a transport");
    let client: mktows::BlockingClient = Client::new(transport, Credentials::new(USER, SECRET));
    let params = seed_params();
    let result = client.sync_lead(&params).send().expect("success");
    assert_seed_result(&result);
    let e = client.sync_lead(&params).send().unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20105));
    let requests = server.finish();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signed_sync_lead(request, &params);
    }
}
