// Usage of the `restriction` feature: included by tests/features.rs inside the generated module.

fn response(codes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:restriction"><SOAP-ENV:Body><ns1:lookupResponse>{codes}</ns1:lookupResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

#[test]
fn the_base_type_has_its_full_content() {
    let envelope = wire::compact(
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:restriction">
  <SOAP-ENV:Body>
    <ns1:lookup>
      <entry version="2" scope="local" legacy="false"><key>A</key><notes>one</notes><notes>two</notes></entry>
    </ns1:lookup>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#,
    );
    let Request::Lookup(m) = wire::round_trip_exact(&envelope);
    assert_eq!(
        m.entry,
        Entry {
            version: Some(2),
            scope: Some("local".into()),
            legacy: Some(false),
            key: "A".into(),
            label: None,
            notes: vec!["one".into(), "two".into()],
        }
    );
}

#[test]
fn a_restriction_has_the_content_it_spells_out() {
    let envelope = response(
        r#"<code scope="global"><key>A</key><label>Alpha</label></code><code scope="local"><key>B</key><label>Beta</label></code>"#,
    );
    let Response::Lookup(r) = wire::round_trip_exact(&envelope);
    assert_eq!(
        r.code,
        vec![
            Code {
                version: None,
                scope: "global".into(),
                key: "A".into(),
                label: "Alpha".into(),
            },
            Code {
                version: None,
                scope: "local".into(),
                key: "B".into(),
                label: "Beta".into(),
            },
        ]
    );
}

#[test]
fn a_restriction_inherits_the_attributes_it_does_not_prohibit() {
    let envelope =
        response(r#"<code version="3" scope="global"><key>A</key><label>Alpha</label></code>"#);
    let Response::Lookup(r) = wire::round_trip_exact(&envelope);
    // Checked through Debug so that this compiles before the field exists.
    assert!(
        format!("{:?}", r.code[0]).contains("version: Some(3)"),
        "{r:?}"
    );
}
