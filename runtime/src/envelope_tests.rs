//! Tests for `envelope`, with the syncLead fixtures of `test_support`.

use super::*;
use crate::test_support::*;
use crate::xml::read_simple;

fn strip_indentation(xml: &str) -> String {
    xml.lines().map(str::trim).collect()
}

#[test]
fn sync_lead_request_matches_the_documented_one() {
    let sig = crate::auth::Signature {
        user_id: "bigcorp1_461839624B16E06BA2D663".into(),
        timestamp: "2013-07-31T12:38:47-07:00".into(),
        signature: "92f05a7be4838ae1c0e5aafe814891ee72968a08".into(),
    };
    let mut w = XmlWriter::new();
    write_sync_lead(&mut w, &sig).unwrap();
    assert_eq!(w.as_str(), strip_indentation(DOCUMENTED_REQUEST));
}

#[test]
fn begin_declares_xsi_before_the_service_namespaces() {
    let mut w = XmlWriter::new();
    begin(&mut w, &MKTOWS, true);
    assert_eq!(
        w.as_str(),
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">"#
    );
    assert!(w.xsi_declared());
    w.nil_element("marketoCookie");
    assert!(w.as_str().ends_with(r#"<marketoCookie xsi:nil="true"/>"#));

    let mut w = XmlWriter::new();
    begin(&mut w, &MKTOWS12, false);
    assert!(w
        .as_str()
        .contains(r#"xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope""#));
}

#[test]
fn begin_spells_the_envelope_namespaces() {
    for spec in [&MKTOWS, &MKTOWS12] {
        let mut w = XmlWriter::new();
        begin(&mut w, spec, false);
        let prologue = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="{}""#,
            spec.soap.namespace()
        );
        assert!(w.as_str().starts_with(&prologue), "{}", w.as_str());
    }
}

#[test]
fn decodes_pretty_and_compact_responses() {
    let r = decode_response(
        DOCUMENTED_RESPONSE,
        "successSyncLead",
        read_success_sync_lead,
    )
    .unwrap();
    assert_eq!(
        r,
        SyncResult {
            lead_id: 1089965,
            status: "UPDATED".into()
        }
    );
    let compact = strip_indentation(DOCUMENTED_RESPONSE)
        .replace("SOAP-ENV", "s")
        .replace("ns1:", "m:")
        .replace("xmlns:ns1", "xmlns:m");
    let r = decode_response(&compact, "successSyncLead", read_success_sync_lead).unwrap();
    assert_eq!(r.lead_id, 1089965);
}

#[test]
fn decode_errors_carry_root_path_and_position() {
    let bad = DOCUMENTED_RESPONSE.replace("<status>UPDATED</status>", "");
    let e = decode_response(&bad, "successSyncLead", read_success_sync_lead).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot decode response: 7:9: successSyncLead/result/syncStatus/status: missing"
    );

    let bad = DOCUMENTED_RESPONSE.replace(
        "<leadId>1089965</leadId>\n        <syncStatus>",
        "<leadId>x</leadId>\n        <syncStatus>",
    );
    let e = decode_response(&bad, "successSyncLead", read_success_sync_lead).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot decode response: 6:9: successSyncLead/result/leadId: expected xs:int, found \"x\""
    );

    let e = decode_response(
        DOCUMENTED_RESPONSE,
        "successGetLead",
        read_success_sync_lead,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot decode response: 4:5: expected successGetLead, found successSyncLead"
    );

    let e = decode_response(
        "<html><body>oops</body></html>",
        "x",
        read_success_sync_lead,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot decode response: 1:1: expected a SOAP Envelope, found <html>"
    );

    let e = decode_response(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>"#,
        "x",
        read_success_sync_lead,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "cannot decode response: 1:1: Body: missing");

    let e = decode_response(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body> </e:Body></e:Envelope>"#,
        "x",
        read_success_sync_lead,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "cannot decode response: 1:65: empty Body");

    assert!(matches!(
        decode_response("not xml", "x", read_success_sync_lead),
        Err(Error::Decode(_))
    ));
}

#[test]
fn faults_become_errors() {
    let e = decode_response(MARKETO_FAULT, "successSyncLead", read_success_sync_lead).unwrap_err();
    let Error::Fault(f) = e else {
        panic!("expected a fault, got {e:?}")
    };
    assert_eq!(f.code, Some(20105));
    assert_eq!(f.faultstring, "20105 - Unknown lead field");
}

#[test]
fn write_fault_round_trips_in_marketos_shape() {
    let mut w = XmlWriter::new();
    write_fault(
        &mut w,
        &MKTOWS,
        &Fault::service(20105, "Unknown lead field"),
    )
    .unwrap();
    assert_eq!(
        w.as_str(),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/">"#,
            r#"<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20105 - Unknown lead field</faultstring>"#,
            r#"<detail><ns1:serviceException xmlns:ns1="http://www.marketo.com/mktows/"><name>mktServiceException</name><message>Unknown lead field (20105)</message><code>20105</code></ns1:serviceException></detail>"#,
            r#"</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        )
    );
    let Err(Error::Fault(f)) = decode_response(w.as_str(), "x", read_success_sync_lead) else {
        panic!("expected a fault")
    };
    assert_eq!(
        (f.code, f.message.as_deref()),
        (Some(20105), Some("Unknown lead field (20105)"))
    );

    // Without a message, it is derived from the faultstring.
    let mut fault = Fault::service(20014, "Authentication failed");
    fault.message = None;
    let mut w = XmlWriter::new();
    write_fault(&mut w, &MKTOWS12, &fault).unwrap();
    assert!(
        w.as_str()
            .contains("<SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value>"),
        "{}",
        w.as_str()
    );
    assert!(w
        .as_str()
        .contains("<message>Authentication failed (20014)</message>"));
    let Err(Error::Fault(f)) = decode_response(w.as_str(), "x", read_success_sync_lead) else {
        panic!("expected a fault")
    };
    assert_eq!(f.faultstring, "20014 - Authentication failed");
    assert_eq!(f.code, Some(20014));

    let bad = Fault::service(1, "\u{1}");
    let e = write_fault(&mut XmlWriter::new(), &MKTOWS, &bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Fault/faultstring: character U+0001 is not allowed in XML 1.0"
    );
}

#[test]
fn request_envelopes_for_servers() {
    let doc = parse_document(DOCUMENTED_REQUEST).unwrap();
    let req = decode_request_envelope(&doc).unwrap();
    assert_eq!(req.version, SoapVersion::V11);
    assert_eq!(req.body.tag_name().name(), "paramsSyncLead");
    let auth = req.header("AuthenticationHeader").unwrap();
    let user: String = read_simple(crate::xml::child(auth, "mktowsUserId").unwrap()).unwrap();
    assert_eq!(user, "bigcorp1_461839624B16E06BA2D663");
    assert_eq!(req.headers().count(), 1);

    let doc = parse_document(DOCUMENTED_RESPONSE).unwrap();
    let req = decode_request_envelope(&doc).unwrap();
    assert!(req.header.is_none());
    assert_eq!(req.headers().count(), 0);
}

#[test]
fn content_types_and_actions() {
    let action = "http://www.marketo.com/mktows/syncLead";
    assert_eq!(
        SoapVersion::V11.content_type(action),
        "text/xml; charset=utf-8"
    );
    assert_eq!(
        SoapVersion::V11.soap_action_header(action).as_deref(),
        Some("\"http://www.marketo.com/mktows/syncLead\"")
    );
    assert_eq!(
        SoapVersion::V12.content_type(action),
        "application/soap+xml; charset=utf-8; action=\"http://www.marketo.com/mktows/syncLead\""
    );
    assert_eq!(SoapVersion::V12.soap_action_header(action), None);
}
