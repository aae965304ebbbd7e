// Usage of the `soap12` feature: included by tests/features.rs inside the generated module.

const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

fn headers() -> Headers {
    Headers {
        session: Some(Session {
            token: "s3cr3t".into(),
        }),
    }
}

#[test]
fn the_binding_is_soap_1_2() {
    assert_eq!(SERVICE.soap, rt::SoapVersion::V12);
    assert_eq!(SERVICE.soap.namespace(), SOAP12);
    assert!(std::ptr::eq(GET_TIME.service, &SERVICE));
    // SOAP 1.2 carries the action in the Content-Type, not in a SOAPAction header.
    assert_eq!(GET_TIME.soap_action, "urn:feature:soap12/getTime");
    assert_eq!(
        SERVICE.soap.content_type(GET_TIME.soap_action),
        r#"application/soap+xml; charset=utf-8; action="urn:feature:soap12/getTime""#
    );
    assert_eq!(SERVICE.soap.soap_action_header(GET_TIME.soap_action), None);
}

#[test]
fn requests_are_written_in_a_soap_1_2_envelope() {
    let mut w = rt::XmlWriter::new();
    let params = GetTime { zone: "UTC".into() };
    write_get_time_envelope(&mut w, &params, &headers()).unwrap();
    assert_eq!(
        w.as_str(),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:ns1="urn:feature:soap12">"#,
            "<SOAP-ENV:Header><ns1:session><ns1:token>s3cr3t</ns1:token></ns1:session></SOAP-ENV:Header>",
            "<SOAP-ENV:Body><ns1:getTime><ns1:zone>UTC</ns1:zone></ns1:getTime></SOAP-ENV:Body>",
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
        Request::GetTime(params.clone())
    );

    // The client writes the same, with the headers from its HeaderSource.
    let client = Client::new((), headers());
    let mut from_client = rt::XmlWriter::new();
    client
        .get_time(&params)
        .write_envelope(&mut from_client)
        .unwrap();
    assert_eq!(from_client.as_str(), w.as_str());
}

#[test]
fn responses_from_a_soap_1_2_server_are_read() {
    let response = r#"<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">
  <env:Body>
    <t:getTimeResponse xmlns:t="urn:feature:soap12"><t:now>2024-02-29T12:30:00Z</t:now></t:getTimeResponse>
  </env:Body>
</env:Envelope>"#;
    let r = rt::envelope::decode_response(
        response,
        GET_TIME.output_root,
        <GetTimeResponse as rt::xml::ComplexValue>::read,
    )
    .unwrap();
    assert_eq!(r.now.to_string(), "2024-02-29T12:30:00Z");

    let Response::GetTime(again) = wire::round_trip(response);
    assert_eq!(again, r);
    assert!(wire::envelope(&Response::GetTime(r)).contains(SOAP12));
}
