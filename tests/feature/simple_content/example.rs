// Usage of the `simple_content` feature: included by tests/features.rs inside the generated
// module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:simple_content">
  <SOAP-ENV:Body>
    <ns1:quote>
      <price currency="EUR">12.50</price>
      <unit source="catalog">kg</unit>
      <setting value="3">verbose</setting>
      <setting>a &lt; b &amp; c</setting>
      <weight currency="USD" precision="2">0.75</weight>
      <total currency="EUR">13</total>
      <note lang="en"/>
    </ns1:quote>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn simple_content_is_a_value_and_attributes() {
    let Request::Quote(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m,
        Quote {
            price: Amount {
                currency: "EUR".into(),
                value: rt::Decimal("12.50".into()),
            },
            unit: Tagged {
                source: Some("catalog".into()),
                value: Unit::Kg,
            },
            setting: vec![
                // The attribute took the name `value`: the text is `text_value`.
                Setting {
                    value: Some(3),
                    text_value: "verbose".into(),
                },
                Setting {
                    value: None,
                    text_value: "a < b & c".into(),
                },
            ],
            // An extension of a simpleContent type: its base's text and attributes too.
            weight: Some(Measured {
                currency: "USD".into(),
                precision: Some(2),
                value: rt::Decimal("0.75".into()),
            }),
            // A restriction of a simpleContent type: the base's text and attributes.
            total: Some(Rounded {
                currency: "EUR".into(),
                value: rt::Decimal("13".into()),
            }),
            note: Some(Note {
                lang: Some("en".into()),
                value: String::new(),
            }),
        }
    );
}

#[test]
fn enumerated_text_keeps_a_value_it_does_not_list() {
    let envelope = wire::compact(&REQUEST.replace(">kg<", ">lb<"));
    let Request::Quote(m) = wire::round_trip_exact(&envelope);
    assert_eq!(m.unit.value, Unit::Unknown("lb".into()));
}

#[test]
fn a_body_element_can_have_simple_content() {
    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:simple_content"><SOAP-ENV:Body><ns1:quoteResponse currency="EUR">99.90</ns1:quoteResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::Quote(r) = wire::round_trip_exact(envelope);
    assert_eq!(
        r,
        Amount {
            currency: "EUR".into(),
            value: rt::Decimal("99.90".into()),
        }
    );
}

#[test]
fn text_that_is_not_of_the_base_type_is_an_error() {
    let envelope = wire::compact(&REQUEST.replace("12.50", "twelve"));
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc))
        .unwrap_err()
        .to_string();
    assert!(err.contains("quote/price"), "{err}");
    assert!(err.contains("twelve"), "{err}");
}
