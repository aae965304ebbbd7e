// Usage of the `any` feature: included by tests/features.rs inside the generated module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:any">
  <SOAP-ENV:Body>
    <ns1:store>
      <key>k1</key>
      <payload>text &amp; <b>bold</b> and <i x="1">more</i></payload>
      <meta>
        <tags><tag>a</tag><tag>b</tag></tags>
      </meta>
      <text>plain</text>
      <ext:audit xmlns:ext="urn:example:ext" by="ops">created</ext:audit>
      <ext:trace xmlns:ext="urn:example:ext"/>
    </ns1:store>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

fn response(content: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:any"><SOAP-ENV:Body><ns1:storeResponse>{content}</ns1:storeResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

#[test]
fn open_content_is_kept_as_markup() {
    let Request::Store(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m,
        Store {
            key: "k1".into(),
            // anyType: the markup between the tags, text and elements, as it came.
            payload: rt::RawXml(r#"text &amp; <b>bold</b> and <i x="1">more</i>"#.into()),
            // No type given: anyType too.
            meta: Some(rt::RawXml("<tags><tag>a</tag><tag>b</tag></tags>".into())),
            text_or_xml: Some(StoreChoice::Text("plain".into())),
            // xs:any: each element no other field takes, whole, in order.
            any: vec![
                rt::RawXml(
                    r#"<ext:audit xmlns:ext="urn:example:ext" by="ops">created</ext:audit>"#.into()
                ),
                rt::RawXml(r#"<ext:trace xmlns:ext="urn:example:ext"/>"#.into()),
            ],
        }
    );
}

#[test]
fn open_content_is_written_as_given() {
    let m = Request::Store(Store {
        key: "k2".into(),
        payload: rt::RawXml("<x>1</x>".into()),
        meta: None,
        text_or_xml: None,
        any: vec![rt::RawXml(r#"<e:flag xmlns:e="urn:e"/>"#.into())],
    });
    assert_eq!(
        wire::body_xml(&m),
        r#"<ns1:store><key>k2</key><payload><x>1</x></payload><e:flag xmlns:e="urn:e"/></ns1:store>"#
    );
}

#[test]
fn an_any_type_alternative_keeps_its_markup() {
    let envelope = wire::compact(&REQUEST.replace("<text>plain</text>", "<xml><a>1</a></xml>"));
    let Request::Store(m) = wire::round_trip_exact(&envelope);
    // Checked through Debug so that this compiles whatever the variant holds.
    assert_eq!(
        format!("{:?}", m.text_or_xml),
        r#"Some(Xml(RawXml("<a>1</a>")))"#
    );
}

#[test]
fn an_any_type_body_keeps_its_elements() {
    let envelope = response("<stored>true</stored><at>2024-01-01</at>");
    let Response::Store(r) = wire::round_trip_exact(&envelope);
    // anyType content is kept whole, elements and text alike.
    assert_eq!(
        r.value,
        rt::RawXml("<stored>true</stored><at>2024-01-01</at>".into())
    );
}

#[test]
fn an_any_type_body_keeps_its_text() {
    let envelope = response("ok");
    let Response::Store(r) = wire::round_trip_exact(&envelope);
    assert!(format!("{r:?}").contains("ok"), "{r:?}");
}

#[test]
fn open_content_keeps_the_namespaces_it_uses() {
    let envelope = r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:any" xmlns:ext="urn:example:ext"><SOAP-ENV:Body><ns1:store><key>k</key><payload><ext:doc/></payload><ext:audit by="ops"/></ns1:store></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Request::Store(m) = wire::round_trip(envelope);
    assert_eq!(m.any.len(), 1);
}
