// Usage of the `attributes` feature: included by tests/features.rs inside the generated module.

fn request(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:attributes:meta" xmlns:ns2="urn:feature:attributes"><SOAP-ENV:Body><ns2:putItem dryRun="true">{items}</ns2:putItem></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

#[test]
fn attributes_are_fields() {
    let envelope = request(concat!(
        r#"<item id="1" note="fragile &amp; &quot;heavy&quot;" currency="USD" state="retired" price="12.50" name="display name" ns2:lang="fr" ns2:trace="abc">"#,
        r#"<name>Chair</name><meta ns1:source="import" ns1:revision="4" local="x"/>"#,
        r#"</item>"#,
    ));
    let Request::PutItem(m) = wire::round_trip_exact(&envelope);
    assert_eq!(m.dry_run, Some(true));
    assert_eq!(
        m.item,
        vec![Item {
            id: 1,
            note: Some(r#"fragile & "heavy""#.into()),
            currency: Some("USD".into()),
            state: Some(State::Retired),
            price: Some(rt::Decimal("12.50".into())),
            // The attribute `name`, beside the element `name`.
            name_attr: Some("display name".into()),
            lang: Some("fr".into()),
            trace: Some("abc".into()),
            name: "Chair".into(),
            meta: Some(Meta {
                source: "import".into(),
                revision: Some(4),
                local: Some("x".into()),
            }),
        }]
    );
}

#[test]
fn defaults_are_documented_not_applied() {
    let envelope = request(r#"<item id="2"><name>Table</name></item>"#);
    let Request::PutItem(m) = wire::round_trip_exact(&envelope);
    assert_eq!(
        m.item,
        vec![Item {
            id: 2,
            name: "Table".into(),
            ..Default::default()
        }]
    );
    // Absent stays absent: the schema default (EUR, active) is the reader's to apply.
    assert_eq!(m.item[0].currency, None);
    assert_eq!(m.item[0].state, None);
}

#[test]
fn an_enumerated_attribute_keeps_a_value_it_does_not_list() {
    let envelope = request(r#"<item id="3" state="archived"><name>Lamp</name></item>"#);
    let Request::PutItem(m) = wire::round_trip_exact(&envelope);
    assert_eq!(m.item[0].state, Some(State::Unknown("archived".into())));
}

#[test]
fn qualified_attributes_are_read_by_namespace() {
    // An unqualified `lang` is another attribute than the qualified one the schema declares.
    let envelope = request(
        r#"<item id="4" lang="de" xmlns:other="urn:feature:attributes" other:trace="t"><name>Desk</name><meta xmlns:m="urn:feature:attributes:meta" m:source="s" source="ignored"/></item>"#,
    );
    let Request::PutItem(m) = wire::round_trip(&envelope);
    let item = &m.item[0];
    assert_eq!(item.lang, None);
    assert_eq!(item.trace.as_deref(), Some("t"));
    assert_eq!(item.meta.as_ref().unwrap().source, "s");
    // Written back with the prefixes the envelope declares.
    assert_eq!(
        wire::body_xml(&Request::PutItem(m)),
        r#"<ns2:putItem dryRun="true"><item id="4" ns2:trace="t"><name>Desk</name><meta ns1:source="s"/></item></ns2:putItem>"#
    );
}

#[test]
fn a_required_attribute_must_be_there() {
    let envelope = request(r#"<item><name>Chair</name></item>"#);
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc))
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("putItem/item/@id: missing"), "{err}");
}

#[test]
fn a_response_of_attributes_only() {
    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:attributes:meta" xmlns:ns2="urn:feature:attributes"><SOAP-ENV:Body><ns2:putItemResponse stored="2"/></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::PutItem(r) = wire::round_trip_exact(envelope);
    assert_eq!(r, PutItemResponse { stored: 2 });
}
