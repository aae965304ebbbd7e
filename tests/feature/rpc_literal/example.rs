// Usage of the `rpc_literal` feature: included by tests/features.rs inside the generated
// module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:rpc_literal:types" xmlns:ns2="urn:feature:rpc_literal">
  <SOAP-ENV:Body>
    <ns2:add>
      <a>2</a>
      <b>3</b>
      <origin><x>1</x><y>-1</y></origin>
      <extra><item>4</item><item>5</item></extra>
    </ns2:add>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn the_body_is_a_wrapper_named_after_the_operation() {
    let Request::Add(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m,
        Add {
            a: 2,
            b: 3,
            origin: Point { x: 1, y: -1 },
            extra: IntArray { item: vec![4, 5] },
        }
    );
    assert_eq!(Request::Add(m).operation(), "add");
}

#[test]
fn the_response_wrapper_is_the_operation_name_and_response() {
    assert_eq!(ADD.output_root, "addResponse");
    // A server that picks its own prefix.
    let envelope = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <m:addResponse xmlns:m="urn:feature:rpc_literal"><sum>5</sum><moved><x>3</x><y>2</y></moved></m:addResponse>
  </soap:Body>
</soap:Envelope>"#;
    let response = rt::envelope::decode_response(
        envelope,
        ADD.output_root,
        <AddResponse as rt::xml::ComplexValue>::read,
    )
    .unwrap();
    assert_eq!(
        response,
        AddResponse {
            sum: 5,
            moved: Point { x: 3, y: 2 },
        }
    );
    let written = wire::body_xml(&Response::Add(response));
    assert_eq!(
        written,
        "<ns2:addResponse><sum>5</sum><moved><x>3</x><y>2</y></moved></ns2:addResponse>"
    );
}

#[test]
fn parts_are_required() {
    let envelope = wire::compact(&REQUEST.replace("<b>3</b>", ""));
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc))
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("add/b: missing"), "{err}");
}
