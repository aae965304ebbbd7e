// Usage of the `rpc_encoded` feature: included by tests/features.rs inside the generated
// module.

/// As an Axis 1 client sends it: namespaces on the envelope, xsi:type on every value.
const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
  <soapenv:Body>
    <ns1:listItems soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:feature:rpc_encoded">
      <names xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[2]">
        <item xsi:type="xsd:string">bolt</item>
        <item xsi:type="xsd:string">nut</item>
      </names>
      <limit xsi:type="xsd:int">10</limit>
    </ns1:listItems>
  </soapenv:Body>
</soapenv:Envelope>"#;

const RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Body>
    <ns1:listItemsResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:feature:rpc_encoded">
      <items xsi:type="soapenc:Array" soapenc:arrayType="ns1:Item[2]" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
        <item xsi:type="ns1:Item"><name xsi:type="xsd:string">bolt</name><qty xsi:type="xsd:int">3</qty></item>
        <item xsi:type="ns1:Item"><name xsi:type="xsd:string">nut</name><qty xsi:type="xsd:int">7</qty></item>
      </items>
    </ns1:listItemsResponse>
  </soapenv:Body>
</soapenv:Envelope>"#;

#[test]
fn an_encoded_request_is_readable() {
    let Request::ListItems(m) = wire::read(&wire::compact(REQUEST));
    assert_eq!(
        m,
        ListItems {
            // Array items are kept as their markup (each may have its own xsi:type), with
            // the declarations they use from the envelope, so they stay well-formed alone.
            names: ArrayOfString {
                any: vec![
                    rt::RawXml(r#"<item xsi:type="xsd:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">bolt</item>"#.into()),
                    rt::RawXml(r#"<item xsi:type="xsd:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">nut</item>"#.into()),
                ],
            },
            limit: 10,
        }
    );
}

#[test]
fn an_encoded_response_is_readable_and_written_back() {
    let Response::ListItems(r) = wire::round_trip(&wire::compact(RESPONSE));
    assert_eq!(
        r.items.any,
        vec![
            rt::RawXml(r#"<item xsi:type="ns1:Item" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:rpc_encoded" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><name xsi:type="xsd:string">bolt</name><qty xsi:type="xsd:int">3</qty></item>"#.into()),
            rt::RawXml(r#"<item xsi:type="ns1:Item" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:rpc_encoded" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><name xsi:type="xsd:string">nut</name><qty xsi:type="xsd:int">7</qty></item>"#.into()),
        ]
    );
}

#[test]
fn an_encoded_request_read_from_the_wire_can_be_written_back() {
    let _: Request = wire::round_trip(&wire::compact(REQUEST));
}
