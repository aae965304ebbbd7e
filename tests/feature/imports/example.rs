// Usage of the `imports` feature: included by tests/features.rs inside the generated module.

#[test]
fn every_file_is_read_once_root_first() {
    let root = crate::feature_dir().join("imports");
    let generated =
        mktows_codegen::generate(&root.join("schema.wsdl"), &crate::options("imports")).unwrap();
    let mut files: Vec<String> = generated
        .files
        .iter()
        .map(|f| {
            let f = std::fs::canonicalize(f).unwrap();
            let f = f
                .strip_prefix(std::fs::canonicalize(&root).unwrap())
                .unwrap();
            f.to_string_lossy().replace('\\', "/")
        })
        .collect();
    // The root first: build scripts print one rerun-if-changed line for each.
    assert_eq!(files.remove(0), "schema.wsdl");
    files.sort();
    assert_eq!(
        files,
        [
            "parts/port.wsdl",
            "xsd/api/elements.xsd",
            "xsd/common/common.xsd",
            "xsd/common/parts/address.xsd",
        ]
    );
}

#[test]
fn types_from_every_file_are_in_their_namespaces() {
    assert_eq!(
        SERVICE.namespaces,
        [
            ("ns1", "urn:feature:imports:api"),
            ("ns2", "urn:feature:imports:common"),
        ]
    );
    let request = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:imports:api" xmlns:ns2="urn:feature:imports:common"><SOAP-ENV:Body><ns1:lookupAddress><ns1:name>home</ns1:name></ns1:lookupAddress></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Request::LookupAddress(m) = wire::round_trip_exact(request);
    assert_eq!(m.name, "home");

    let response = wire::compact(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:imports:api" xmlns:ns2="urn:feature:imports:common">
  <SOAP-ENV:Body>
    <ns1:lookupAddressResponse>
      <ns1:address>
        <ns2:street>1 Rue de Rivoli</ns2:street>
        <ns2:city>Paris</ns2:city>
        <ns2:country>FR</ns2:country>
      </ns1:address>
      <ns1:geo><ns2:lat>48.85</ns2:lat><ns2:lon>2.35</ns2:lon></ns1:geo>
    </ns1:lookupAddressResponse>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#,
    );
    let Response::LookupAddress(r) = wire::round_trip_exact(&response);
    assert_eq!(
        r,
        LookupAddressResponse {
            // From the chameleon include, in the common namespace.
            address: Address {
                street: "1 Rue de Rivoli".into(),
                city: "Paris".into(),
                country: Country::Fr,
            },
            geo: Some(Geo {
                lat: 48.85,
                lon: 2.35,
            }),
        }
    );
}
