//! Fixtures shared by the tests: a hand-written syncLead request and response, as
//! generated code would write and read them, and Marketo's documented XML.

use roxmltree::Node;

use crate::envelope::*;
use crate::xml::{
    missing, read_complex, read_simple, write_complex, ComplexValue, DecodeError, EncodeError,
    XmlWriter,
};

pub(crate) static SYNC_LEAD: OperationSpec = OperationSpec {
    name: "syncLead",
    soap_action: "http://www.marketo.com/mktows/syncLead",
    output_root: "successSyncLead",
    service: &MKTOWS,
};

pub(crate) static MKTOWS: ServiceSpec = ServiceSpec {
    soap: SoapVersion::V11,
    namespaces: &[("ns1", "http://www.marketo.com/mktows/")],
};

pub(crate) static MKTOWS12: ServiceSpec = ServiceSpec {
    soap: SoapVersion::V12,
    namespaces: &[("ns1", "http://www.marketo.com/mktows/")],
};

pub(crate) struct Attribute(pub String, pub String);
pub(crate) struct ParamsSyncLead {
    pub email: String,
    pub attributes: Vec<Attribute>,
    pub return_lead: bool,
}

impl ComplexValue for Attribute {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        w.simple_element("attrName", &self.0)?;
        w.simple_element("attrValue", &self.1)
    }
    fn read(_: Node<'_, '_>) -> Result<Self, DecodeError> {
        Err(DecodeError::new("not needed"))
    }
}

impl ComplexValue for ParamsSyncLead {
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        w.raw("<leadRecord>");
        w.simple_element("Email", &self.email)
            .map_err(|e| e.within("leadRecord"))?;
        w.raw("<leadAttributeList>");
        for a in &self.attributes {
            write_complex(w, "attribute", a)
                .map_err(|e| e.within("leadAttributeList").within("leadRecord"))?;
        }
        w.raw("</leadAttributeList></leadRecord>");
        w.simple_element("returnLead", &self.return_lead)
    }
    fn read(_: Node<'_, '_>) -> Result<Self, DecodeError> {
        Err(DecodeError::new("not needed"))
    }
}

/// `successSyncLead/result/{leadId, syncStatus/status}`, read like generated code.
#[derive(Debug, PartialEq)]
pub(crate) struct SyncResult {
    pub lead_id: i32,
    pub status: String,
}

impl ComplexValue for SyncResult {
    fn write_content(&self, _: &mut XmlWriter) -> Result<(), EncodeError> {
        Ok(())
    }
    fn read(node: Node<'_, '_>) -> Result<Self, DecodeError> {
        let lead_id = crate::xml::child(node, "leadId").ok_or_else(|| missing("leadId", node))?;
        let sync =
            crate::xml::child(node, "syncStatus").ok_or_else(|| missing("syncStatus", node))?;
        let status = crate::xml::child(sync, "status")
            .ok_or_else(|| missing("status", sync).within("syncStatus"))?;
        Ok(SyncResult {
            lead_id: read_simple(lead_id)?,
            status: read_simple(status).map_err(|e| e.within("syncStatus"))?,
        })
    }
}

pub(crate) fn read_success_sync_lead(node: Node<'_, '_>) -> Result<SyncResult, DecodeError> {
    let result = crate::xml::child(node, "result").ok_or_else(|| missing("result", node))?;
    read_complex(result)
}

pub(crate) fn write_sync_lead(
    w: &mut XmlWriter,
    sig: &crate::auth::Signature,
) -> Result<(), EncodeError> {
    begin(w, &MKTOWS, false);
    begin_header(w);
    w.raw("<ns1:AuthenticationHeader>");
    w.simple_element("mktowsUserId", &sig.user_id)?;
    w.simple_element("requestSignature", &sig.signature)?;
    w.simple_element("requestTimestamp", &sig.timestamp)?;
    w.raw("</ns1:AuthenticationHeader>");
    end_header(w);
    begin_body(w);
    let params = ParamsSyncLead {
        email: "t@t.com".into(),
        attributes: vec![
            Attribute("FirstName".into(), "George".into()),
            Attribute("LastName".into(), "of the Jungle".into()),
        ],
        return_lead: false,
    };
    write_complex(w, "ns1:paramsSyncLead", &params)?;
    end_body_and_envelope(w);
    Ok(())
}

/// Marketo's documented syncLead request (signature as printed).
pub(crate) const DOCUMENTED_REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Header>
    <ns1:AuthenticationHeader>
      <mktowsUserId>bigcorp1_461839624B16E06BA2D663</mktowsUserId>
      <requestSignature>92f05a7be4838ae1c0e5aafe814891ee72968a08</requestSignature>
      <requestTimestamp>2013-07-31T12:38:47-07:00</requestTimestamp>
    </ns1:AuthenticationHeader>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body>
    <ns1:paramsSyncLead>
      <leadRecord>
        <Email>t@t.com</Email>
        <leadAttributeList>
          <attribute>
            <attrName>FirstName</attrName>
            <attrValue>George</attrValue>
          </attribute>
          <attribute>
            <attrName>LastName</attrName>
            <attrValue>of the Jungle</attrValue>
          </attribute>
        </leadAttributeList>
      </leadRecord>
      <returnLead>false</returnLead>
    </ns1:paramsSyncLead>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

/// Marketo's documented syncLead response, indented as printed.
pub(crate) const DOCUMENTED_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
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

pub(crate) const MARKETO_FAULT: &str = r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20105 - Unknown lead field</faultstring><detail><ns1:serviceException><name>mktServiceException</name><message>Unknown lead field (20105)</message><code>20105</code></ns1:serviceException></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

/// A canned HTTP response for [`serve`].
#[derive(Clone)]
pub(crate) struct Canned {
    pub status: u16,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: std::time::Duration,
    /// Send no Content-Length (the body ends when the connection closes).
    pub omit_length: bool,
}

impl Canned {
    pub fn new(status: u16, body: &str) -> Self {
        Canned {
            status,
            body: body.as_bytes().to_vec(),
            delay: std::time::Duration::ZERO,
            omit_length: false,
        }
    }
}

/// A request as the test server received it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub request_line: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1:0 answering with canned responses in order
/// (then 500s), one connection per request.
pub(crate) struct TestServer {
    pub url: String,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<Recorded>>>,
}

impl TestServer {
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

pub(crate) async fn serve(responses: Vec<Canned>) -> TestServer {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/soap/mktows/2_2", listener.local_addr().unwrap());
    let queue = Arc::new(Mutex::new(VecDeque::from(responses)));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let queue = queue.clone();
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
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
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned();
                recorded.lock().unwrap().push(Recorded {
                    request_line,
                    headers,
                    body,
                });
                let canned = queue
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| Canned::new(500, "no more canned responses"));
                tokio::time::sleep(canned.delay).await;
                let mut response = format!("HTTP/1.1 {} X\r\nContent-Type: text/xml;charset=UTF-8\r\nConnection: close\r\n", canned.status);
                if !canned.omit_length {
                    response.push_str(&format!("Content-Length: {}\r\n", canned.body.len()));
                }
                response.push_str("\r\n");
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.write_all(&canned.body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    TestServer { url, requests }
}
