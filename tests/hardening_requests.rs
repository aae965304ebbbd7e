//! Requests: every string field of a syncLead call (the body's `ParamsSyncLead`, its
//! attributes, and the `AuthenticationHeader` / `MktowsContextHeader` headers) takes any
//! XML-legal Unicode, markup included, without breaking the envelope: written, parsed and
//! read back, each value is what was given. A character XML 1.0 forbids is an encode error
//! naming the field, raised before anything is sent (a canned server counts connections).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mktows::runtime::envelope::decode_request_envelope;
use mktows::runtime::xml::{parse_document, XmlWriter};
use mktows::{
    write_sync_lead_envelope, ArrayOfAttribute, Attribute, AuthenticationHeaderInfo, ClientBuilder,
    Credentials, Endpoint, Error, ForeignSysType, Headers, LeadRecord, MktowsContextHeaderInfo,
    Nillable, ParamsSyncLead, Request,
};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed, TestRunner};

/// A fixed seed, no regression files written into the tree.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x6861_7264_656e),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Any XML-legal text, weighted towards markup and the characters escaping must get right.
fn xml_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::char::range(' ', '~').prop_map(String::from),
        3 => prop::sample::select(vec![
            "<", ">", "&", "\"", "'", "]]>", "\r", "\r\n", "\n", "\t", " ", "&amp;", "&#0;",
            "<![CDATA[", "<!--", "-->", "<?xml version=\"1.0\"?>", "</SOAP-ENV:Body>",
            "<ns1:paramsSyncLead>", "xsi:nil=\"true\"", "\u{85}", "\u{A0}", "\u{2028}",
            "\u{FEFF}", "\u{FFFD}", "\u{E000}", "\u{D7FF}", "\u{10000}", "\u{10FFFF}", "\u{7F}",
            "é", "東", "🎉",
        ])
        .prop_map(str::to_owned),
        2 => any::<char>()
            .prop_filter("XML 1.0 characters", |c| is_xml_char(*c))
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn nillable_string() -> impl Strategy<Value = Nillable<String>> {
    prop_oneof![
        1 => Just(Nillable::Absent),
        1 => Just(Nillable::Nil),
        4 => xml_string().prop_map(Nillable::Value),
    ]
}

fn attribute() -> impl Strategy<Value = Attribute> {
    (xml_string(), nillable_string(), xml_string()).prop_map(|(name, ty, value)| Attribute {
        attr_name: name,
        attr_type: ty,
        attr_value: value,
    })
}

fn params() -> impl Strategy<Value = ParamsSyncLead> {
    (
        nillable_string(),
        nillable_string(),
        prop::collection::vec(attribute(), 0..4),
        nillable_string(),
        any::<bool>(),
    )
        .prop_map(|(email, foreign_id, attributes, cookie, return_lead)| {
            let foreign_sys_type = if foreign_id.as_option().is_some() {
                Nillable::Value(ForeignSysType::Custom)
            } else {
                Nillable::Absent
            };
            ParamsSyncLead {
                lead_record: LeadRecord {
                    email,
                    foreign_sys_person_id: foreign_id,
                    foreign_sys_type,
                    lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                        attribute: attributes,
                    }),
                    ..LeadRecord::default()
                },
                return_lead,
                marketo_cookie: cookie,
            }
        })
}

fn headers() -> impl Strategy<Value = Headers> {
    (
        xml_string(),
        xml_string(),
        xml_string(),
        proptest::option::of(xml_string()),
        proptest::option::of(xml_string()),
    )
        .prop_map(|(user, signature, timestamp, audit, workspace)| Headers {
            authentication_header: Some(AuthenticationHeaderInfo {
                mktows_user_id: user,
                request_signature: signature,
                request_timestamp: timestamp,
                audit,
                mode: None,
            }),
            mktows_context_header: workspace.map(|w| MktowsContextHeaderInfo {
                target_workspace: w,
            }),
        })
}

/// Writes the envelope, parses it with the strict reader and reads header and body back.
fn round_trip(params: &ParamsSyncLead, headers: &Headers) -> (Headers, Request) {
    let mut w = XmlWriter::new();
    write_sync_lead_envelope(&mut w, params, headers).expect("XML-legal values encode");
    let xml = w.into_string();
    let doc = parse_document(&xml).unwrap_or_else(|e| panic!("broken envelope ({e}): {xml}"));
    let envelope = decode_request_envelope(&doc).expect("a SOAP envelope");
    let header = envelope.header.expect("a Header");
    let read_headers = Headers::read(header).expect("headers read back");
    let body = Request::read_body(envelope.body).expect("body reads back");
    (read_headers, body)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn every_string_field_survives_write_then_read(params in params(), headers in headers()) {
        let (read_headers, body) = round_trip(&params, &headers);
        prop_assert_eq!(read_headers, headers);
        prop_assert_eq!(body, Request::SyncLead(params));
    }
}

// --- characters XML 1.0 forbids ------------------------------------------------------------

/// The characters a Rust string can hold that XML 1.0 forbids: C0 controls other than
/// tab, newline and carriage return, and U+FFFE / U+FFFF.
fn illegal_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select(
            (0u32..0x20)
                .filter(|c| ![0x9, 0xA, 0xD].contains(c))
                .filter_map(char::from_u32)
                .collect::<Vec<_>>()
        ),
        1 => Just('\u{FFFE}'),
        1 => Just('\u{FFFF}'),
    ]
}

/// Legal text with one illegal character somewhere in it.
fn poisoned() -> impl Strategy<Value = (String, char)> {
    (xml_string(), illegal_char(), xml_string()).prop_map(|(a, c, b)| (format!("{a}{c}{b}"), c))
}

/// A server that counts connections and answers nothing useful: no case may reach it.
struct CountingServer {
    url: String,
    connections: Arc<AtomicUsize>,
}

impl CountingServer {
    fn start() -> CountingServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!(
            "http://{}/soap/mktows/2_2",
            listener.local_addr().expect("addr")
        );
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counter.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut stream) = stream {
                    let _ = stream.write_all(
                        b"HTTP/1.1 500 Unexpected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                }
            }
        });
        CountingServer { url, connections }
    }

    fn client(&self) -> mktows::Client {
        let transport = ClientBuilder::new(Endpoint::new(&self.url).expect("endpoint"))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("transport");
        mktows::Client::new(transport, Credentials::new("user", "secret"))
    }
}

fn base_params() -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: "t@t.com".into(),
            lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                attribute: vec![Attribute {
                    attr_name: "FirstName".into(),
                    attr_type: Nillable::Absent,
                    attr_value: "George".into(),
                }],
            }),
            ..LeadRecord::default()
        },
        return_lead: false,
        marketo_cookie: Nillable::Absent,
    }
}

fn base_auth() -> AuthenticationHeaderInfo {
    AuthenticationHeaderInfo {
        mktows_user_id: "user".into(),
        request_signature: "0123abcd".into(),
        request_timestamp: "2013-07-31T12:38:47-07:00".into(),
        audit: None,
        mode: None,
    }
}

/// Where a poisoned value goes.
type Poison = fn(&mut ParamsSyncLead, &mut AuthenticationHeaderInfo, &mut String, String);

/// Puts a poisoned value into one field, sends the call through the typed client and checks
/// the error names `path` and the character, and that the server saw no connection.
fn assert_refused_before_sending(path: &str, poison: Poison) {
    let server = CountingServer::start();
    let client = server.client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut runner = TestRunner::new(config(48));
    let checked = Mutex::new(0usize);
    runner
        .run(&poisoned(), |(value, bad)| {
            let mut params = base_params();
            let mut auth = base_auth();
            let mut workspace = "Default".to_owned();
            poison(&mut params, &mut auth, &mut workspace, value);
            let result = runtime.block_on(
                client
                    .sync_lead(&params)
                    .authentication_header(auth)
                    .workspace(workspace)
                    .send(),
            );
            let e = match result {
                Err(Error::Encode(e)) => e,
                other => panic!("expected Error::Encode, got {other:?}"),
            };
            prop_assert_eq!(e.path(), path);
            prop_assert_eq!(
                e.message(),
                format!(
                    "character U+{:04X} is not allowed in XML 1.0",
                    u32::from(bad)
                )
            );
            *checked.lock().expect("count") += 1;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(*checked.lock().expect("count"), 48);
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        0,
        "a request reached the server although it could not be encoded"
    );
}

fn first_attribute(params: &mut ParamsSyncLead) -> &mut Attribute {
    match &mut params.lead_record.lead_attribute_list {
        Nillable::Value(list) => &mut list.attribute[0],
        _ => unreachable!("base_params has an attribute"),
    }
}

#[test]
fn illegal_char_in_email() {
    assert_refused_before_sending("paramsSyncLead/leadRecord/Email", |p, _, _, v| {
        p.lead_record.email = v.into();
    });
}

#[test]
fn illegal_char_in_foreign_sys_person_id() {
    assert_refused_before_sending(
        "paramsSyncLead/leadRecord/ForeignSysPersonId",
        |p, _, _, v| {
            p.lead_record.foreign_sys_person_id = v.into();
            p.lead_record.foreign_sys_type = Nillable::Value(ForeignSysType::Sfdc);
        },
    );
}

#[test]
fn illegal_char_in_attribute_name() {
    assert_refused_before_sending(
        "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrName",
        |p, _, _, v| first_attribute(p).attr_name = v,
    );
}

#[test]
fn illegal_char_in_attribute_type() {
    assert_refused_before_sending(
        "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrType",
        |p, _, _, v| first_attribute(p).attr_type = v.into(),
    );
}

#[test]
fn illegal_char_in_attribute_value() {
    assert_refused_before_sending(
        "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrValue",
        |p, _, _, v| first_attribute(p).attr_value = v,
    );
}

#[test]
fn illegal_char_in_marketo_cookie() {
    assert_refused_before_sending("paramsSyncLead/marketoCookie", |p, _, _, v| {
        p.marketo_cookie = v.into();
    });
}

#[test]
fn illegal_char_in_mktows_user_id() {
    assert_refused_before_sending("AuthenticationHeader/mktowsUserId", |_, a, _, v| {
        a.mktows_user_id = v;
    });
}

#[test]
fn illegal_char_in_request_signature() {
    assert_refused_before_sending("AuthenticationHeader/requestSignature", |_, a, _, v| {
        a.request_signature = v;
    });
}

#[test]
fn illegal_char_in_request_timestamp() {
    assert_refused_before_sending("AuthenticationHeader/requestTimestamp", |_, a, _, v| {
        a.request_timestamp = v;
    });
}

#[test]
fn illegal_char_in_audit() {
    assert_refused_before_sending("AuthenticationHeader/audit", |_, a, _, v| {
        a.audit = Some(v);
    });
}

#[test]
fn illegal_char_in_target_workspace() {
    assert_refused_before_sending("MktowsContextHeader/targetWorkspace", |_, _, w, v| {
        *w = v;
    });
}

// --- over the wire --------------------------------------------------------------------------

/// Markup in every field, sent by the typed client: what the server receives reads back to
/// the same values.
#[tokio::test]
async fn markup_in_every_field_survives_the_wire() {
    let nasty = "<a href=\"x\">&amp; 'q' ]]> \r\n\t&#0; </SOAP-ENV:Body> 東🎉";
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://{}/soap/mktows/2_2",
        listener.local_addr().expect("addr")
    );
    let server = std::thread::spawn(move || -> String {
        let (mut stream, _) = listener.accept().expect("a connection");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let (head_end, length) = loop {
            let n = stream.read(&mut chunk).expect("read");
            assert!(n > 0, "closed early");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .expect("Content-Length");
                break (i + 4, length);
            }
        };
        while buf.len() < head_end + length {
            let n = stream.read(&mut chunk).expect("read");
            assert!(n > 0, "closed early");
            buf.extend_from_slice(&chunk[..n]);
        }
        let fault = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20105 - Unknown lead field</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";
        let _ = write!(
            stream,
            "HTTP/1.1 500 Fault\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{fault}",
            fault.len()
        );
        String::from_utf8(buf[head_end..head_end + length].to_vec()).expect("UTF-8 body")
    });

    let params = ParamsSyncLead {
        lead_record: LeadRecord {
            email: nasty.into(),
            foreign_sys_person_id: nasty.into(),
            foreign_sys_type: Nillable::Value(ForeignSysType::Netsuite),
            lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                attribute: vec![Attribute {
                    attr_name: nasty.into(),
                    attr_type: nasty.into(),
                    attr_value: nasty.into(),
                }],
            }),
            ..LeadRecord::default()
        },
        return_lead: true,
        marketo_cookie: nasty.into(),
    };
    let auth = AuthenticationHeaderInfo {
        mktows_user_id: nasty.into(),
        request_signature: nasty.into(),
        request_timestamp: nasty.into(),
        audit: Some(nasty.into()),
        mode: Some(-1),
    };
    let transport = ClientBuilder::new(Endpoint::new(&url).expect("endpoint"))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("transport");
    let client = mktows::Client::new(transport, Credentials::new("user", "secret"));
    let e = client
        .sync_lead(&params)
        .authentication_header(auth.clone())
        .workspace(nasty)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20105), "{e:?}");

    let body = server.join().expect("server thread");
    let doc = parse_document(&body).unwrap_or_else(|e| panic!("broken envelope ({e}): {body}"));
    let envelope = decode_request_envelope(&doc).expect("a SOAP envelope");
    let headers = Headers::read(envelope.header.expect("a Header")).expect("headers");
    assert_eq!(headers.authentication_header, Some(auth));
    assert_eq!(
        headers.mktows_context_header,
        Some(MktowsContextHeaderInfo {
            target_workspace: nasty.into()
        })
    );
    assert_eq!(
        Request::read_body(envelope.body).expect("body"),
        Request::SyncLead(params)
    );
}
