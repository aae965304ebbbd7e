//! Responses on the wire: Marketo's documented syncLead response decoded exactly (in any
//! prefix style, with unknown elements), re-encoded byte for byte, decode errors with their
//! path and position, enum values the schema does not list, SOAP faults, and documents with
//! a DTD. Lead records (lists of one, xsi:nil, a full returned lead) are in
//! `wire_lead_records.rs`.

mod support;

use support::compact;
use support::responses::decode_sync;

use mktows::runtime::envelope::decode_response;
use mktows::runtime::xml::{parse_document, ComplexValue, DecodeError, XmlWriter};
use mktows::runtime::Error;
use mktows::{
    LeadSyncStatus, Nillable, Response, ResultSyncLead, SuccessGetLead, SuccessSyncLead, SyncStatus,
};

/// Marketo's documented syncLead response, as printed on the seed page (checked against the
/// page by `embedded_response_is_the_seed_page_response`), so that the variants below run
/// without `../shared`.
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

/// The seed response as values.
fn seed_value() -> SuccessSyncLead {
    SuccessSyncLead {
        result: ResultSyncLead {
            lead_id: 1089965,
            sync_status: SyncStatus {
                lead_id: 1089965,
                status: LeadSyncStatus::Updated,
                error: Nillable::Nil,
            },
            lead_record: Nillable::Nil,
        },
    }
}

/// The decode error inside an `Error::Decode`, or a panic naming what came instead.
fn decode_error(result: Result<SuccessSyncLead, Error>) -> DecodeError {
    match result {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// 1-based line and column of the first occurrence of `needle`.
fn position_of(xml: &str, needle: &str) -> (u32, u32) {
    let at = xml.find(needle).expect("needle present");
    let before = &xml[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

#[test]
fn embedded_response_is_the_seed_page_response() {
    let Some(blocks) = support::seed_xml_blocks() else {
        return;
    };
    assert_eq!(blocks[1], SEED_RESPONSE);
}

#[test]
fn seed_response_decodes_exactly() {
    let page = support::seed_xml_blocks().map(|b| b[1].clone());
    let xml = page.as_deref().unwrap_or(SEED_RESPONSE);
    let decoded = decode_sync(xml).expect("the documented response decodes");
    assert_eq!(decoded, seed_value());
    assert_eq!(decoded.result.sync_status.error.as_option(), None);
    assert!(decoded.result.sync_status.error.is_nil());
    assert!(decoded.result.lead_record.is_nil());
    assert_eq!(decoded.result.sync_status.status.as_str(), "UPDATED");
}

#[test]
fn compact_and_pretty_forms_decode_alike() {
    let compacted = compact(SEED_RESPONSE);
    assert!(!compacted.contains("\n"), "{compacted}");
    assert_eq!(decode_sync(&compacted).unwrap(), seed_value());
    assert_eq!(decode_sync(SEED_RESPONSE).unwrap(), seed_value());
    // CRLF line ends and no XML declaration.
    let crlf = SEED_RESPONSE
        .split_once('\n')
        .unwrap()
        .1
        .replace('\n', "\r\n");
    assert_eq!(decode_sync(&crlf).unwrap(), seed_value());
}

#[test]
fn other_prefixes_decode_alike() {
    // soap: for the envelope, m: for the Marketo namespace.
    let soap_m = SEED_RESPONSE
        .replace("SOAP-ENV:", "soap:")
        .replace("xmlns:SOAP-ENV=", "xmlns:soap=")
        .replace("ns1:", "m:")
        .replace("xmlns:ns1=", "xmlns:m=");
    assert!(soap_m.contains("<m:successSyncLead>") && soap_m.contains("<soap:Body>"));
    assert_eq!(decode_sync(&soap_m).unwrap(), seed_value());

    // Default namespaces: the envelope's on the root element, Marketo's on the body root
    // (the children then inherit it: qualified instead of unqualified, still the same names).
    let defaults = r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Body><successSyncLead xmlns="http://www.marketo.com/mktows/"><result><leadId>1089965</leadId><syncStatus><leadId>1089965</leadId><status>UPDATED</status><error i:nil="true"/></syncStatus><leadRecord i:nil="1"/></result></successSyncLead></Body></Envelope>"#;
    assert_eq!(decode_sync(defaults).unwrap(), seed_value());

    // xsi under another prefix, declared where it is used.
    let local_xsi = compact(SEED_RESPONSE)
        .replace(
            r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
            "",
        )
        .replace(
            r#"<error xsi:nil="true" />"#,
            r#"<error xmlns:x="http://www.w3.org/2001/XMLSchema-instance" x:nil="true"/>"#,
        )
        .replace(
            r#"<leadRecord xsi:nil="true" />"#,
            r#"<leadRecord xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
        );
    assert!(!local_xsi.contains("xsi:nil=\"true\" />"), "{local_xsi}");
    assert_eq!(decode_sync(&local_xsi).unwrap(), seed_value());
}

#[test]
fn unknown_elements_are_ignored() {
    let xml = SEED_RESPONSE
        .replace(
            "<result>",
            "<result><newField>x</newField><nested><a><b/></a></nested>",
        )
        .replace(
            "<status>UPDATED</status>",
            "<reason>merged elsewhere</reason><status>UPDATED</status><extra xsi:nil=\"true\"/>",
        )
        .replace("</result>", "<trailing>1</trailing></result>");
    assert_eq!(decode_sync(&xml).unwrap(), seed_value());
}

/// Re-encoding writes `<error xsi:nil="true"/>`; the seed page prints `<error xsi:nil="true" />`
/// (a space before `/>`). That space is the only difference normalised here.
fn seed_response_as_we_write_it() -> String {
    compact(SEED_RESPONSE).replace(" />", "/>")
}

fn reencode(xml: &str) -> String {
    let doc = parse_document(xml).unwrap();
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name(("http://schemas.xmlsoap.org/soap/envelope/", "Body")))
        .unwrap();
    let root = body.children().find(|n| n.is_element()).unwrap();
    let response = Response::read_body(root).unwrap();
    assert_eq!(response, Response::SyncLead(seed_value()));
    assert_eq!(response.operation(), "syncLead");
    let mut w = XmlWriter::new();
    response.write_envelope(&mut w).unwrap();
    w.into_string()
}

#[test]
fn seed_response_reencodes_byte_for_byte() {
    assert_eq!(reencode(SEED_RESPONSE), seed_response_as_we_write_it());
}

#[test]
fn missing_required_element_names_its_path_and_position() {
    let xml = SEED_RESPONSE.replace("          <status>UPDATED</status>\n", "");
    let e = decode_error(decode_sync(&xml));
    let (line, col) = position_of(&xml, "<syncStatus>");
    assert_eq!((line, col), (7, 9));
    assert_eq!(e.path(), "successSyncLead/result/syncStatus/status");
    assert_eq!(e.message(), "missing");
    assert_eq!(e.position(), Some((line, col)));
    assert_eq!(
        e.to_string(),
        format!("{line}:{col}: successSyncLead/result/syncStatus/status: missing")
    );
    let outer = Error::Decode(e).to_string();
    assert!(
        outer.contains("7:9: successSyncLead/result/syncStatus/status: missing"),
        "{outer}"
    );
}

#[test]
fn wrong_type_names_its_path_and_what_was_expected() {
    let xml = SEED_RESPONSE.replacen("<leadId>1089965</leadId>", "<leadId>abc</leadId>", 1);
    let e = decode_error(decode_sync(&xml));
    assert_eq!(e.path(), "successSyncLead/result/leadId");
    assert_eq!(e.message(), r#"expected xs:int, found "abc""#);
    let (line, col) = position_of(&xml, "<leadId>abc");
    assert_eq!(
        e.to_string(),
        format!(r#"{line}:{col}: successSyncLead/result/leadId: expected xs:int, found "abc""#)
    );

    // The same inside syncStatus, and an int out of range.
    let xml = SEED_RESPONSE.replace(
        "<leadId>1089965</leadId>\n          <status>",
        "<leadId>99999999999</leadId>\n          <status>",
    );
    let e = decode_error(decode_sync(&xml));
    assert_eq!(e.path(), "successSyncLead/result/syncStatus/leadId");
    assert!(e.message().contains("xs:int"), "{e}");
}

#[test]
fn a_duplicated_element_is_an_error() {
    let xml = SEED_RESPONSE.replace(
        "<status>UPDATED</status>",
        "<status>UPDATED</status><status>CREATED</status>",
    );
    let e = decode_error(decode_sync(&xml));
    assert_eq!(e.path(), "successSyncLead/result/syncStatus/status");
}

#[test]
fn the_wrong_body_root_is_an_error() {
    let e = match decode_response(
        SEED_RESPONSE,
        "successGetLead",
        <SuccessGetLead as ComplexValue>::read,
    ) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    };
    assert!(
        e.to_string()
            .contains("expected successGetLead, found successSyncLead"),
        "{e}"
    );
}

#[test]
fn unknown_enum_value_is_kept_and_reencoded() {
    let xml = SEED_RESPONSE.replace("<status>UPDATED</status>", "<status>MERGED</status>");
    let decoded = decode_sync(&xml).unwrap();
    assert_eq!(
        decoded.result.sync_status.status,
        LeadSyncStatus::Unknown("MERGED".into())
    );
    assert_eq!(decoded.result.sync_status.status.to_string(), "MERGED");
    let mut w = XmlWriter::new();
    Response::SyncLead(decoded).write_envelope(&mut w).unwrap();
    assert!(
        w.as_str()
            .contains("<leadId>1089965</leadId><status>MERGED</status><error xsi:nil=\"true\"/>"),
        "{}",
        w.as_str()
    );
    // Listed values are never Unknown.
    for value in LeadSyncStatus::VALUES {
        assert!(!matches!(
            LeadSyncStatus::from(*value),
            LeadSyncStatus::Unknown(_)
        ));
    }
}

const FAULT_20105: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <SOAP-ENV:Fault>
      <faultcode>SOAP-ENV:Client</faultcode>
      <faultstring>20105 - Unknown lead field</faultstring>
      <detail>
        <ns1:serviceException>
          <name>mktServiceException</name>
          <message>Unknown lead field (20105)</message>
          <code>20105</code>
        </ns1:serviceException>
      </detail>
    </SOAP-ENV:Fault>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn a_fault_becomes_error_fault() {
    let e = decode_sync(FAULT_20105).unwrap_err();
    let fault = match &e {
        Error::Fault(f) => f,
        other => panic!("expected a fault, got {other:?}"),
    };
    assert_eq!(fault.code, Some(20105));
    assert_eq!(fault.faultcode, "SOAP-ENV:Client");
    assert_eq!(fault.faultstring, "20105 - Unknown lead field");
    assert_eq!(fault.message.as_deref(), Some("Unknown lead field (20105)"));
    assert_eq!(fault.name.as_deref(), Some("mktServiceException"));
    assert!(!fault.is_transient());
    assert!(!e.is_transient());
    assert_eq!(e.fault().and_then(|f| f.code), Some(20105));
    assert!(e.to_string().contains("20105 - Unknown lead field"), "{e}");
}

#[test]
fn a_request_expired_fault_is_transient() {
    let xml = FAULT_20105
        .replace("20105 - Unknown lead field", "20016 - Request has expired")
        .replace("Unknown lead field (20105)", "Request has expired (20016)")
        .replace("<code>20105</code>", "<code>20016</code>");
    let e = decode_sync(&xml).unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20016));
    assert!(e.is_transient());
    assert!(e.fault().unwrap().is_transient());

    // Without a detail, the code comes from the faultstring.
    let bare = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>20016 - Request has expired</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    let e = decode_sync(bare).unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20016));
    assert!(e.is_transient());
}

#[test]
fn a_dtd_is_rejected_without_expansion() {
    let internal = SEED_RESPONSE
        .replacen(
            "<SOAP-ENV:Envelope",
            "<!DOCTYPE SOAP-ENV:Envelope [<!ENTITY id \"1089965\">]>\n<SOAP-ENV:Envelope",
            1,
        )
        .replacen("<leadId>1089965</leadId>", "<leadId>&id;</leadId>", 1);
    let external = SEED_RESPONSE
        .replacen(
            "<SOAP-ENV:Envelope",
            "<!DOCTYPE SOAP-ENV:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<SOAP-ENV:Envelope",
            1,
        )
        .replace("<status>UPDATED</status>", "<status>&xxe;</status>");
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">{}]>\n{}",
        (1..10)
            .map(|i| format!(
                "<!ENTITY lol{i} \"{}\">",
                format!(
                    "&lol{};",
                    if i == 1 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    }
                )
                .repeat(10)
            ))
            .collect::<String>(),
        SEED_RESPONSE
            .split_once('\n')
            .unwrap()
            .1
            .replace("<status>UPDATED</status>", "<status>&lol9;</status>")
    );
    // A DTD that declares nothing is refused too.
    let empty = SEED_RESPONSE.replacen(
        "<SOAP-ENV:Envelope",
        "<!DOCTYPE SOAP-ENV:Envelope>\n<SOAP-ENV:Envelope",
        1,
    );
    for xml in [internal, external, laughs, empty] {
        let e = decode_error(decode_sync(&xml));
        let text = e.to_string();
        assert!(text.contains("DTD"), "{text}");
        assert!(text.contains("not allowed"), "{text}");
        // Nothing was expanded into the message (no entity text, no file content).
        assert!(
            !text.contains("lollol") && !text.contains("root:x:"),
            "{text}"
        );
    }
}
