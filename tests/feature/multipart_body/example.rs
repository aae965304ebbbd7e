// Usage of the `multipart_body` feature: included by tests/features.rs inside the generated
// module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:multipart_body">
  <SOAP-ENV:Header>
    <ns1:session>s-42</ns1:session>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body>
    <ns1:from><ns1:bank>ING</ns1:bank><ns1:number>NL01</ns1:number></ns1:from>
    <ns1:to><ns1:bank>ABN</ns1:bank><ns1:number>NL02</ns1:number></ns1:to>
    <ns1:amount>12.50</ns1:amount>
    <memo>rent</memo>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

const RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:b="urn:feature:multipart_body">
  <soap:Body>
    <b:receipt><b:id>7</b:id><b:at>2024-03-01T10:00:00Z</b:at></b:receipt>
    <b:balance>900</b:balance>
  </soap:Body>
</soap:Envelope>"#;

fn transfer() -> TransferRequestParts {
    TransferRequestParts {
        source: Account {
            bank: "ING".into(),
            number: "NL01".into(),
        },
        target: Account {
            bank: "ABN".into(),
            number: "NL02".into(),
        },
        sum: rt::Decimal("12.50".into()),
        memo: "rent".into(),
    }
}

/// The markup inside the Body of `envelope`: every part, as sent.
fn body_content(envelope: &str) -> String {
    let doc = wire::parse(envelope);
    let body = wire::body(&doc).parent_element().expect("the Body");
    rt::xml::inner_xml(body)
}

#[test]
fn the_parts_are_read_from_all_of_the_body() {
    let envelope = wire::compact(REQUEST);
    let doc = wire::parse(&envelope);
    let request = Request::read_body(wire::body(&doc)).unwrap();
    assert_eq!(request, Request::Transfer(transfer()));
    assert_eq!(request.operation(), "transfer");
}

#[test]
fn the_parts_are_written_side_by_side_as_received() {
    let received = wire::compact(REQUEST);
    let written = wire::envelope(&Request::Transfer(transfer()));
    assert_eq!(body_content(&written), body_content(&received));
    let again: Request = wire::read(&written);
    assert_eq!(again, Request::Transfer(transfer()));
}

#[test]
fn a_part_bound_as_a_header_goes_in_the_header() {
    let headers = Headers {
        session: Some(Session {
            value: "s-42".into(),
        }),
    };
    let client = Client::new((), headers);
    let params = transfer();
    let mut w = rt::xml::XmlWriter::new();
    client.transfer(&params).write_envelope(&mut w).unwrap();
    let sent = w.into_string();
    assert!(
        sent.contains(
            "<SOAP-ENV:Header><ns1:session>s-42</ns1:session></SOAP-ENV:Header><SOAP-ENV:Body><ns1:from>"
        ),
        "{sent}"
    );
    assert_eq!(body_content(&sent), body_content(&wire::compact(REQUEST)));
}

#[test]
fn a_response_of_several_parts_decodes_as_the_client_does() {
    assert_eq!(TRANSFER.output_root, "receipt");
    let response = rt::envelope::decode_response(
        RESPONSE,
        TRANSFER.output_root,
        TransferResponseParts::read_parts,
    )
    .unwrap();
    assert_eq!(response.receipt.id, 7);
    assert_eq!(response.receipt.at.to_string(), "2024-03-01T10:00:00Z");
    assert_eq!(response.balance, Some(900));
    let written = wire::envelope(&Response::Transfer(response.clone()));
    let again: Response = wire::read(&written);
    assert_eq!(again, Response::Transfer(response));
}

#[test]
fn a_nil_part_reads_as_none_and_is_written_as_nil() {
    let nil = RESPONSE.replace(
        "<b:balance>900</b:balance>",
        r#"<b:balance xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#,
    );
    let response =
        rt::envelope::decode_response(&nil, AUDIT.output_root, TransferResponseParts::read_parts)
            .unwrap();
    assert_eq!(response.balance, None);
    let written = wire::envelope(&Response::Audit(response));
    assert!(
        written.ends_with(r#"<ns1:balance xsi:nil="true"/></SOAP-ENV:Body></SOAP-ENV:Envelope>"#),
        "{written}"
    );
}

#[test]
fn a_missing_part_is_an_error() {
    let envelope = wire::compact(&REQUEST.replace(
        "<ns1:to><ns1:bank>ABN</ns1:bank><ns1:number>NL02</ns1:number></ns1:to>",
        "",
    ));
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc)).unwrap_err();
    assert!(err.to_string().ends_with("to: missing"), "{err}");
}

#[test]
fn one_part_is_still_its_own_element() {
    let ping = Request::Ping(Ping {
        echo: "hello".into(),
    });
    assert_eq!(
        wire::body_xml(&ping),
        "<ns1:ping><ns1:echo>hello</ns1:echo></ns1:ping>"
    );
    let pong: Response = wire::round_trip_exact(&wire::compact(
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:multipart_body"><SOAP-ENV:Body><ns1:pong>hello</ns1:pong></SOAP-ENV:Body></SOAP-ENV:Envelope>"#,
    ));
    assert_eq!(
        pong,
        Response::Ping(Pong {
            value: "hello".into()
        })
    );
}
