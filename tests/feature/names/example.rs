// Usage of the `names` feature: included by tests/features.rs inside the generated module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:names">
  <SOAP-ENV:Body>
    <ns1:match>
      <lower type="t"><type>a-b</type><self>me</self><match>1</match></lower>
      <upper><fooBar>x</fooBar><foo_bar>y</foo_bar></upper>
      <string><text>s</text></string>
      <client><id>9</id></client>
    </ns1:match>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn colliding_and_reserved_names_get_rust_names() {
    let envelope = wire::compact(REQUEST);
    let request: Request = wire::round_trip_exact(&envelope);
    assert_eq!(request.operation(), "match");
    // The body's own type, read without naming the Request variant (see the bug below).
    let m: Match = wire::read_element(&envelope);
    assert_eq!(
        m,
        Match {
            // `fooBar`: the second type named FooBar once cased.
            lower: FooBar2 {
                type_attr: Some("t".into()),
                r#type: Kind::AB,
                self_: "me".into(),
                r#match: 1,
            },
            upper: FooBar {
                foo_bar: "x".into(),
                foo_bar_2: "y".into(),
            },
            string: StringType { text: "s".into() },
            client: Client2 { id: 9 },
        }
    );
    let _: Option<ResultType> = None;
}

#[test]
fn enumeration_values_get_variant_names() {
    let all = [
        ("a-b", Kind::AB),
        ("", Kind::Empty),
        ("1x", Kind::V1x),
        ("Unknown", Kind::Unknown),
        ("A B", Kind::AB2),
    ];
    assert_eq!(Kind::VALUES, all.clone().map(|(wire, _)| wire));
    for (wire, kind) in all {
        assert_eq!(Kind::from(wire), kind);
        assert_eq!(kind.as_str(), wire);
    }
    // "Unknown" is a listed value, so values the schema does not list go to Unknown2.
    assert_eq!(Kind::from("zzz"), Kind::Unknown2("zzz".into()));

    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:names"><SOAP-ENV:Body><ns1:matchResponse><result><ok>true</ok></result><kinds>a-b</kinds><kinds></kinds><kinds>1x</kinds><kinds>Unknown</kinds><kinds>A B</kinds><kinds>zzz</kinds></ns1:matchResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let _: Response = wire::round_trip_exact(envelope);
    let r: MatchResponse = wire::read_element(envelope);
    assert_eq!(r.result, ResultType { ok: true });
    assert_eq!(
        r.kinds,
        vec![
            Kind::AB,
            Kind::Empty,
            Kind::V1x,
            Kind::Unknown,
            Kind::AB2,
            Kind::Unknown2("zzz".into())
        ]
    );
}

#[test]
fn a_keyword_operation_is_a_raw_method() {
    assert_eq!(MATCH.name, "match");
    let client = Client::new((), ());
    let params = Match {
        lower: FooBar2 {
            type_attr: None,
            r#type: Kind::Empty,
            self_: String::new(),
            r#match: 0,
        },
        upper: FooBar::default(),
        string: StringType::default(),
        client: Client2::default(),
    };
    let mut w = rt::XmlWriter::new();
    client.r#match(&params).write_envelope(&mut w).unwrap();
    assert!(w.as_str().contains("<ns1:match><lower><type></type>"));
}

#[test]
fn a_keyword_operation_has_a_plain_type_name() {
    let request: Request = wire::read(&wire::compact(REQUEST));
    // Checked through Debug so that this compiles whatever the variant is named.
    let debug = format!("{request:?}");
    assert!(debug.starts_with("Match("), "{debug}");
}

/// A WSDL whose names are the generated code's own: a type `Headers`, a type
/// `BlockingClient` (the blocking client alias) and an operation `service` (whose
/// `OperationSpec` static would be `SERVICE`, the name of the `ServiceSpec` static).
const TAKEN: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:taken" targetNamespace="urn:taken">
  <wsdl:types>
    <xs:schema targetNamespace="urn:taken">
      <xs:complexType name="Headers"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:complexType name="BlockingClient"><xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence></xs:complexType>
      <xs:element name="service"><xs:complexType><xs:sequence>
        <xs:element name="h" type="t:Headers"/><xs:element name="c" type="t:BlockingClient"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="serviceResponse" type="xs:string"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="t:service"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="t:serviceResponse"/></wsdl:message>
  <wsdl:portType name="Port"><wsdl:operation name="service"><wsdl:input message="t:In"/><wsdl:output message="t:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="Binding" type="t:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="service"><soap:operation soapAction="urn:taken/service"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
"#;

#[test]
fn schema_names_never_collide_with_the_generated_api() {
    let dir = std::env::temp_dir().join(format!("mktows-feature-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("taken.wsdl");
    std::fs::write(&path, TAKEN).unwrap();
    let code = mktows_codegen::generate(&path, &crate::options("names"))
        .unwrap()
        .code;
    let file = syn::parse_file(&code).unwrap();
    // Items in each namespace (types; values), whatever their cfg.
    let mut types = std::collections::BTreeMap::<String, usize>::new();
    let mut values = std::collections::BTreeMap::<String, usize>::new();
    for item in &file.items {
        let (map, ident) = match item {
            syn::Item::Struct(i) => (&mut types, &i.ident),
            syn::Item::Enum(i) => (&mut types, &i.ident),
            syn::Item::Type(i) => (&mut types, &i.ident),
            syn::Item::Trait(i) => (&mut types, &i.ident),
            syn::Item::Static(i) => (&mut values, &i.ident),
            syn::Item::Const(i) => (&mut values, &i.ident),
            syn::Item::Fn(i) => (&mut values, &i.sig.ident),
            _ => continue,
        };
        *map.entry(ident.to_string()).or_default() += 1;
    }
    let twice: Vec<&String> = types
        .iter()
        .chain(&values)
        .filter(|(_, n)| **n > 1)
        .map(|(name, _)| name)
        .collect();
    assert!(twice.is_empty(), "defined twice: {twice:?}");
}
