// Usage of the `lists_unions` feature: included by tests/features.rs inside the generated
// module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:lists_unions">
  <SOAP-ENV:Body>
    <ns1:configure tags="alpha beta">
      <sizes> 1 2  3 </sizes>
      <colors>red blue</colors>
      <width>auto</width>
      <height>120</height>
      <expires>never</expires>
      <row>1 0</row>
      <row>0 1</row>
      <row></row>
    </ns1:configure>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn lists_and_unions_are_kept_as_sent() {
    let Request::Configure(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m,
        Configure {
            tags: Some("alpha beta".into()),
            // Not split, not trimmed, not collapsed: exactly the text.
            sizes: " 1 2  3 ".into(),
            colors: "red blue".into(),
            width: "auto".into(),
            height: "120".into(),
            expires: "never".into(),
            row: vec!["1 0".into(), "0 1".into(), String::new()],
        }
    );
}

#[test]
fn a_union_member_of_another_type_is_kept_too() {
    let envelope = wire::compact(&REQUEST.replace(">never<", ">2030-01-31<"));
    let Request::Configure(m) = wire::round_trip_exact(&envelope);
    assert_eq!(m.expires, "2030-01-31");
}

#[test]
fn a_list_in_a_response() {
    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:lists_unions"><SOAP-ENV:Body><ns1:configureResponse><applied>1 2 3</applied></ns1:configureResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::Configure(r) = wire::round_trip_exact(envelope);
    assert_eq!(r.applied, "1 2 3");
}
