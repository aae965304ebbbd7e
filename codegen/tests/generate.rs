//! The generator on small schemas written for one behaviour each.

use std::path::PathBuf;

use mktows_codegen::{generate, Options};

/// Writes `body` (the inside of `<wsdl:types><xs:schema>`) plus one document/literal
/// operation `op` taking `in_element` and returning `out_element`, and returns the file.
fn wsdl(
    name: &str,
    schema_attrs: &str,
    body: &str,
    in_element: &str,
    out_element: &str,
) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mktows-codegen-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.wsdl"));
    let text = format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test" targetNamespace="urn:test">
  <wsdl:types>
    <xs:schema targetNamespace="urn:test" {schema_attrs}>
{body}
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="t:{in_element}"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="t:{out_element}"/></wsdl:message>
  <wsdl:portType name="Port"><wsdl:operation name="op"><wsdl:input message="t:In"/><wsdl:output message="t:Out"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="Binding" type="t:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="op"><soap:operation soapAction="urn:test/op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Svc"><wsdl:port name="P" binding="t:Binding"><soap:address location="http://localhost/x"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn gen(path: &std::path::Path) -> String {
    match generate(path, &Options::default()) {
        Ok(g) => g.code,
        Err(e) => panic!("{e}"),
    }
}

const PAIR: &str = r#"
      <xs:element name="req"><xs:complexType><xs:sequence>
        <xs:element name="child" type="xs:string"/>
        <xs:element name="type" type="xs:int" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="resp"><xs:complexType><xs:sequence>
        <xs:element name="items" type="xs:string" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>"#;

#[test]
fn unqualified_children_are_written_without_prefix() {
    let code = gen(&wsdl("unqualified", "", PAIR, "req", "resp"));
    assert!(
        code.contains(r#"w.simple_element_tags("<child>", "</child>", &self.child)"#),
        "{code}"
    );
    assert!(code.contains(r#"rt::xml::write_complex(w, "ns1:req", params)"#));
}

#[test]
fn qualified_children_carry_the_namespace_prefix() {
    let code = gen(&wsdl(
        "qualified",
        r#"elementFormDefault="qualified""#,
        PAIR,
        "req",
        "resp",
    ));
    assert!(
        code.contains(r#"w.simple_element_tags("<ns1:child>", "</ns1:child>", &self.child)"#),
        "{code}"
    );
    // Readers match local names, so any prefix the other side picks is accepted.
    assert!(code.contains(r#""child" => {"#));
}

#[test]
fn keywords_become_raw_identifiers_and_repeats_become_vecs() {
    let code = gen(&wsdl("keywords", "", PAIR, "req", "resp"));
    assert!(code.contains("pub r#type: Option<i32>,"), "{code}");
    assert!(code.contains("pub items: Vec<String>,"));
}

#[test]
fn output_is_deterministic() {
    let path = wsdl("determinism", "", PAIR, "req", "resp");
    assert_eq!(gen(&path), gen(&path));
}

#[test]
fn recursive_types_are_boxed() {
    let body = r#"
      <xs:complexType name="Node"><xs:sequence>
        <xs:element name="next" type="t:Node" minOccurs="0"/>
        <xs:element name="children" type="t:Node" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType>
      <xs:element name="req" type="t:Node"/>
      <xs:element name="resp" type="t:Node"/>"#;
    let code = gen(&wsdl("recursive", "", body, "req", "resp"));
    assert!(code.contains("pub next: Option<Box<Node>>,"), "{code}");
    // A Vec already has a size: no box needed.
    assert!(code.contains("pub children: Vec<Node>,"));
}

#[test]
fn enumerations_keep_unknown_values() {
    let body = r#"
      <xs:simpleType name="Color"><xs:restriction base="xs:string">
        <xs:enumeration value="RED"/><xs:enumeration value="dark-green"/><xs:enumeration value="Unknown"/>
      </xs:restriction></xs:simpleType>
      <xs:element name="req"><xs:complexType><xs:sequence><xs:element name="c" type="t:Color"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="resp"><xs:complexType><xs:sequence><xs:element name="c" type="t:Color"/></xs:sequence></xs:complexType></xs:element>"#;
    let code = gen(&wsdl("enums", "", body, "req", "resp"));
    assert!(code.contains("Red,"), "{code}");
    assert!(code.contains("DarkGreen,"));
    // "Unknown" is a listed value here, so the keep-unknown variant takes another name.
    assert!(code.contains("Unknown2(String),"));
}

#[test]
fn documentation_becomes_rustdoc() {
    let body = r#"
      <xs:complexType name="Doc"><xs:annotation><xs:documentation>A documented type.</xs:documentation></xs:annotation>
        <xs:sequence><xs:element name="a" type="xs:string"><xs:annotation><xs:documentation>The a field.</xs:documentation></xs:annotation></xs:element></xs:sequence>
      </xs:complexType>
      <xs:element name="req" type="t:Doc"/><xs:element name="resp" type="t:Doc"/>"#;
    let code = gen(&wsdl("docs", "", body, "req", "resp"));
    assert!(code.contains("/// A documented type."), "{code}");
    assert!(code.contains("/// The a field."));
}

#[test]
fn an_undefined_type_is_reported_at_its_use() {
    let body = r#"
      <xs:element name="req"><xs:complexType><xs:sequence>
        <xs:element name="a" type="t:Missing"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="resp" type="xs:string"/>"#;
    let path = wsdl("undefined", "", body, "req", "resp");
    let expected = format!("{}:8:9: type ns1:Missing is not defined", path.display());
    // Strict: the first problem fails generation.
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let err = generate(&path, &strict).unwrap_err().to_string();
    assert_eq!(err, expected);
    // Default: with nothing else to generate, the same problem is the error.
    let err = generate(&path, &Options::default())
        .unwrap_err()
        .to_string();
    assert_eq!(err, expected);
}

#[test]
fn a_broken_operation_is_left_out_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("mktows-codegen-{}-partial", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("partial.wsdl");
    std::fs::write(
        &path,
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test" targetNamespace="urn:test">
  <wsdl:types>
    <xs:schema targetNamespace="urn:test">
      <xs:element name="good"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="bad"><xs:complexType><xs:sequence>
        <xs:element name="nested"><xs:complexType><xs:sequence><xs:element name="b" type="t:Missing"/></xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="Good"><wsdl:part name="p" element="t:good"/></wsdl:message>
  <wsdl:message name="Bad"><wsdl:part name="p" element="t:bad"/></wsdl:message>
  <wsdl:portType name="Port">
    <wsdl:operation name="fine"><wsdl:input message="t:Good"/><wsdl:output message="t:Good"/></wsdl:operation>
    <wsdl:operation name="broken"><wsdl:input message="t:Bad"/><wsdl:output message="t:Good"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="Binding" type="t:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="fine"><soap:operation soapAction="urn:fine"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="broken"><soap:operation soapAction="urn:broken"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
"#,
    )
    .unwrap();
    let generated = generate(&path, &Options::default()).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        vec![format!(
            "{}:8:64: type ns1:Missing is not defined",
            path.display()
        )]
    );
    assert!(generated.code.contains("pub fn fine"), "{}", generated.code);
    assert!(!generated.code.contains("pub fn broken"));
    // The half-built types of the broken operation are gone too.
    assert!(!generated.code.contains("pub struct Bad"));
    assert!(!generated.code.contains("pub struct BadNested"));
}

#[test]
fn marketo_headers_follow_the_binding() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../wsdl/mktows-2_2.wsdl");
    let code = gen(&path);
    // syncLead takes both headers, every other operation only the AuthenticationHeader.
    let sync_lead = code.split("pub struct SyncLeadCall").nth(1).unwrap();
    let sync_lead = &sync_lead[..sync_lead.find("pub struct").unwrap_or(sync_lead.len())];
    assert!(sync_lead.contains("pub fn mktows_context_header("));
    assert!(sync_lead.contains("pub fn authentication_header("));
    let get_lead = code.split("pub struct GetLeadCall").nth(1).unwrap();
    let get_lead = &get_lead[..get_lead.find("pub struct").unwrap_or(get_lead.len())];
    assert!(!get_lead.contains("mktows_context_header"));
    assert!(get_lead.contains("pub fn authentication_header("));
    assert_eq!(code.matches("pub static ").count(), 24);
}

#[test]
fn a_module_name_wraps_the_output() {
    let path = wsdl("module", "", PAIR, "req", "resp");
    let options = Options {
        module: Some("Billing Service".into()),
        ..Options::default()
    };
    let code = generate(&path, &options).unwrap().code;
    assert!(code.contains("pub mod billing_service {"), "{code}");
    syn::parse_file(&code).expect("still one valid file");
}

#[test]
fn choice_alternatives_that_can_begin_alike_are_a_clear_error() {
    let body = r#"
      <xs:element name="req"><xs:complexType><xs:choice>
        <xs:sequence><xs:element name="a" type="xs:string" minOccurs="0"/><xs:element name="b" type="xs:int"/></xs:sequence>
        <xs:element name="b" type="xs:string"/>
      </xs:choice></xs:complexType></xs:element>
      <xs:element name="resp" type="xs:string"/>"#;
    let path = wsdl("choice-overlap", "", body, "req", "resp");
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let err = generate(&path, &strict).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}:7:46: xs:choice alternatives `a_and_b` and `b` can both begin with element `b`, \
             so a reader cannot tell them apart (XML Schema's unique particle attribution rule forbids this)",
            path.display()
        )
    );
}

#[test]
fn a_choice_nested_in_a_sequence_alternative_is_reported_where_it_is() {
    let body = r#"
      <xs:element name="req"><xs:complexType><xs:choice>
        <xs:sequence><xs:element name="a" type="xs:string"/>
          <xs:choice><xs:element name="b" type="xs:int"/><xs:sequence><xs:element name="c" type="xs:int"/><xs:element name="e" type="xs:int"/></xs:sequence></xs:choice>
        </xs:sequence>
        <xs:element name="d" type="xs:string"/>
      </xs:choice></xs:complexType></xs:element>
      <xs:element name="resp" type="xs:string"/>"#;
    let path = wsdl("choice-nested", "", body, "req", "resp");
    let err = generate(&path, &Options::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{}:9:11: an xs:choice of sequences or xs:any inside a sequence alternative of an xs:choice is not supported yet",
            path.display()
        )
    );
}

#[test]
fn a_fault_that_cannot_be_generated_is_left_out_alone() {
    let dir = std::env::temp_dir().join(format!("mktows-codegen-{}-fault", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fault.wsdl");
    std::fs::write(
        &path,
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test" targetNamespace="urn:test">
  <wsdl:types>
    <xs:schema targetNamespace="urn:test">
      <xs:element name="ask"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="Ask"><wsdl:part name="p" element="t:ask"/></wsdl:message>
  <wsdl:portType name="Port">
    <wsdl:operation name="ask"><wsdl:input message="t:Ask"/><wsdl:output message="t:Ask"/>
      <wsdl:fault name="oops" message="t:Undefined"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="Binding" type="t:Port">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="ask"><soap:operation soapAction="urn:ask"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="oops"><soap:fault name="oops" use="literal"/></wsdl:fault></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>
"#,
    )
    .unwrap();
    let generated = generate(&path, &Options::default()).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        vec![format!(
            "{}:11:5: message ns1:Undefined is not defined",
            path.display()
        )]
    );
    // The operation is there; only its typed fault is not.
    assert!(generated.code.contains("pub fn ask"), "{}", generated.code);
    assert!(!generated.code.contains("pub enum AskFault"));
}
