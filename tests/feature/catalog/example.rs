// Usage of the `catalog` feature: included by tests/features.rs inside the generated module.

#[test]
fn the_catalog_stands_in_for_the_url() {
    let root = crate::feature_dir().join("catalog");
    let generated =
        mktows_codegen::generate(&root.join("schema.wsdl"), &crate::options("catalog")).unwrap();
    let names: Vec<String> = generated
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["schema.wsdl", "units.xsd", "money.xsd"]);
}

#[test]
fn without_the_catalog_nothing_is_downloaded() {
    let schema = crate::feature_dir().join("catalog/schema.wsdl");
    let strict = mktows_codegen::Options {
        strict: true,
        ..Default::default()
    };
    let err = mktows_codegen::generate(&schema, &strict)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}:20:7: cannot import http://example.com/feature/catalog/units.xsd: \
             no network access at build time; add it to the catalog (--catalog)",
            schema.display()
        )
    );
}

#[test]
fn types_from_the_catalog_are_used_on_the_wire() {
    let request = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:catalog" xmlns:ns2="http://example.com/feature/catalog/units"><SOAP-ENV:Body><ns1:convert><length unit="in">12.0</length><to>mm</to></ns1:convert></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Request::Convert(m) = wire::round_trip_exact(request);
    assert_eq!(
        m,
        Convert {
            length: Length {
                unit: LengthUnit::In,
                value: 12.0,
            },
            to: LengthUnit::Mm,
        }
    );

    let response = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:catalog" xmlns:ns2="http://example.com/feature/catalog/units"><SOAP-ENV:Body><ns1:convertResponse><length unit="mm">304.8</length><fee><amount>0.10</amount><currency>EUR</currency></fee></ns1:convertResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::Convert(r) = wire::round_trip_exact(response);
    assert_eq!(
        r,
        ConvertResponse {
            length: Length {
                unit: LengthUnit::Mm,
                value: 304.8,
            },
            // From money.xsd, included by the vendored units.xsd.
            fee: Some(Money {
                amount: rt::Decimal("0.10".into()),
                currency: "EUR".into(),
            }),
        }
    );
}
