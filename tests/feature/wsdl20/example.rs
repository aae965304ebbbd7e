// Usage of the `wsdl20` feature: included by tests/features.rs inside the generated module.

const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

fn headers() -> Headers {
    Headers {
        session: Some(Session {
            token: "s3cr3t".into(),
        }),
    }
}

#[test]
fn a_wsdl20_soap_binding_is_soap_1_2_with_its_actions() {
    assert_eq!(SERVICE.soap, rt::SoapVersion::V12);
    assert_eq!(SERVICE.soap.namespace(), SOAP12);
    // wsoap:action travels in the Content-Type.
    assert_eq!(RESERVE.soap_action, "urn:feature:wsdl20/reserve");
    assert_eq!(
        SERVICE.soap.content_type(RESERVE.soap_action),
        r#"application/soap+xml; charset=utf-8; action="urn:feature:wsdl20/reserve""#
    );
    // `status` is bound by the binding's defaults: no action at all.
    assert_eq!(STATUS.soap_action, "");
    assert_eq!(
        SERVICE.soap.content_type(STATUS.soap_action),
        "application/soap+xml; charset=utf-8"
    );
    // The inherited operation is an operation of this client like its own.
    assert!(std::ptr::eq(STATUS.service, &SERVICE));
    assert_eq!(Request::Status(Status {}).operation(), "status");
}

#[test]
fn requests_carry_the_wsoap_header_in_a_soap_1_2_envelope() {
    let params = Reserve {
        isbn: "978-0141439518".into(),
        days: Some(14),
    };
    let client = Client::new((), headers());
    let mut w = rt::XmlWriter::new();
    client.reserve(&params).write_envelope(&mut w).unwrap();
    assert_eq!(
        w.as_str(),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:ns1="urn:feature:wsdl20" xmlns:ns2="http://www.w3.org/2003/05/soap-envelope">"#,
            "<SOAP-ENV:Header><ns1:session><ns1:token>s3cr3t</ns1:token></ns1:session></SOAP-ENV:Header>",
            "<SOAP-ENV:Body><ns1:reserve><ns1:isbn>978-0141439518</ns1:isbn><ns1:days>14</ns1:days></ns1:reserve></SOAP-ENV:Body>",
            "</SOAP-ENV:Envelope>",
        )
    );

    // A server reads it back: SOAP 1.2, the header, the body.
    let doc = wire::parse(w.as_str());
    let request = rt::envelope::decode_request_envelope(&doc).unwrap();
    assert_eq!(request.version, rt::SoapVersion::V12);
    assert_eq!(Headers::read(request.header.unwrap()).unwrap(), headers());
    assert_eq!(
        Request::read_body(request.body).unwrap(),
        Request::Reserve(params)
    );
}

#[test]
fn responses_from_a_soap_1_2_server_are_read() {
    let response = r#"<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">
  <env:Body>
    <l:reserveResponse xmlns:l="urn:feature:wsdl20"><l:ticket>T-1029</l:ticket><l:until>2024-03-14</l:until></l:reserveResponse>
  </env:Body>
</env:Envelope>"#;
    let r = rt::envelope::decode_response(
        response,
        RESERVE.output_root,
        <ReserveResponse as rt::xml::ComplexValue>::read,
    )
    .unwrap();
    assert_eq!(r.ticket, "T-1029");
    assert_eq!(r.until.to_string(), "2024-03-14");
    let Response::Reserve(again) = wire::round_trip(response) else {
        panic!("not a reserve response");
    };
    assert_eq!(again, r);
}

#[test]
fn the_interface_fault_is_decoded_from_a_soap_1_2_fault() {
    let response = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:l="urn:feature:wsdl20">
  <env:Body>
    <env:Fault>
      <env:Code><env:Value>env:Sender</env:Value></env:Code>
      <env:Reason><env:Text xml:lang="en">All copies are out</env:Text></env:Reason>
      <env:Detail><l:unavailable><l:isbn>978-0141439518</l:isbn><l:availableFrom>2024-04-01</l:availableFrom></l:unavailable></env:Detail>
    </env:Fault>
  </env:Body>
</env:Envelope>"#;
    let read = <ReserveResponse as rt::xml::ComplexValue>::read;
    let fault = match rt::envelope::decode_response(response, RESERVE.output_root, read) {
        Err(rt::Error::Fault(f)) => *f,
        other => panic!("expected a fault, got {other:?}"),
    };
    assert_eq!(fault.faultcode, "env:Sender");
    assert_eq!(fault.faultstring, "All copies are out");
    let ReserveFault::Unavailable(unavailable) = ReserveFault::from_fault(&fault)
        .expect("a declared fault")
        .expect("decodes");
    assert_eq!(unavailable.isbn, "978-0141439518");
    assert_eq!(
        unavailable.available_from.map(|d| d.to_string()).as_deref(),
        Some("2024-04-01")
    );
}

#[test]
fn a_whole_soap_1_2_fault_is_data_through_the_built_in_envelope_schema() {
    // `lastFault` is typed env:Fault: its children are in the SOAP 1.2 namespace.
    let response = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">
  <env:Body>
    <l:statusResponse xmlns:l="urn:feature:wsdl20">
      <l:open>true</l:open>
      <l:lastFault>
        <env:Code>
          <env:Value>env:Receiver</env:Value>
          <env:Subcode><env:Value xmlns:x="urn:x">x:CatalogDown</env:Value></env:Subcode>
        </env:Code>
        <env:Reason><env:Text xml:lang="en">catalog offline</env:Text><env:Text xml:lang="fr">catalogue hors ligne</env:Text></env:Reason>
        <env:Role>http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver</env:Role>
        <env:Detail><x:trace xmlns:x="urn:x">db timeout</x:trace></env:Detail>
      </l:lastFault>
    </l:statusResponse>
  </env:Body>
</env:Envelope>"#;
    let status: StatusResponse = wire::read_element(response);
    assert!(status.open);
    let last = status.last_fault.clone().expect("a last fault");
    assert_eq!(last.code.value, "env:Receiver");
    assert_eq!(
        last.code.subcode.as_ref().map(|s| s.value.as_str()),
        Some("x:CatalogDown")
    );
    let texts: Vec<&str> = last.reason.text.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(texts, ["catalog offline", "catalogue hors ligne"]);
    assert_eq!(last.node, None);
    assert_eq!(
        last.role.as_deref(),
        Some("http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver")
    );
    let detail = last.detail.as_ref().expect("a detail");
    assert_eq!(detail.any.len(), 1);

    let Response::Status(again) = wire::round_trip(response) else {
        panic!("not a status response");
    };
    assert_eq!(again, status);
    // Written back in the SOAP 1.2 namespace, whatever prefix it was read with.
    let written = wire::body_xml(&Response::Status(status));
    assert!(
        written.contains("<ns2:Code><ns2:Value>env:Receiver</ns2:Value>"),
        "{written}"
    );
}
