//! WSDL 2.0 documents read into the WSDL 1.1 model: interfaces become port types, SOAP
//! bindings bind every operation, and what the model cannot express is left out with its
//! reason. Also the schemas built into the reader.

use std::path::Path;

use mktows_codegen::wsdl::{
    read, Definitions, Message, QName, ReadOptions, SimpleTypeKind, SoapVersion, Style, TypeUse,
    XSD_NS,
};

use super::documents::{read_err, scratch, write, XS};
use super::{corpus, q, read_ok};

const WSDL20: &str = r#"xmlns="http://www.w3.org/ns/wsdl""#;
const WSOAP: &str = r#"xmlns:wsoap="http://www.w3.org/ns/wsdl/soap""#;

/// `file:line:col` of the first element starting with `tag` in `text`, as errors write it.
fn at(file: &Path, text: &str, tag: &str) -> String {
    let offset = text
        .find(tag)
        .unwrap_or_else(|| panic!("{tag} not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{}:{line}:{col}", file.display())
}

/// The one element= part of a synthesized message.
fn element_of(defs: &Definitions, message: &QName) -> QName {
    let Message { parts, .. } = &defs.messages[message];
    assert_eq!(parts.len(), 1, "{message}: {parts:?}");
    parts[0].element.clone().expect("an element= part")
}

#[test]
fn interfaces_bindings_and_services_read_into_the_1_1_model() {
    let dir = scratch("wsdl20");
    let main = format!(
        r#"<?xml version="1.0"?>
<description {WSDL20} {WSOAP} xmlns:tns="urn:svc" xmlns:t="urn:types" targetNamespace="urn:svc">
  <documentation>The service.</documentation>
  <include location="parts/base.wsdl"/>
  <types>
    <xs:schema {XS} targetNamespace="urn:types" elementFormDefault="qualified">
      <xs:element name="Ping" type="xs:string"/>
      <xs:element name="Pong" type="xs:string"/>
      <xs:element name="Oops" type="xs:string"/>
      <xs:element name="Token" type="xs:string"/>
    </xs:schema>
  </types>
  <interface name="Pinger" extends="tns:Base">
    <fault name="oops" element="t:Oops"/>
    <operation name="ping">
      <documentation>Pings.</documentation>
      <input messageLabel="In" element="t:Ping"/>
      <output messageLabel="Out" element="t:Pong"/>
      <outfault ref="tns:oops" messageLabel="Out"/>
    </operation>
    <operation name="notify" pattern="http://www.w3.org/ns/wsdl/in-only">
      <input element="t:Ping"/>
    </operation>
  </interface>
  <binding name="PingerSoap" interface="tns:Pinger" type="http://www.w3.org/ns/wsdl/soap"
      wsoap:protocol="http://www.w3.org/2003/05/soap/bindings/HTTP/">
    <operation ref="tns:ping" wsoap:action="urn:svc/ping">
      <input><wsoap:header element="t:Token" mustUnderstand="true"/></input>
    </operation>
  </binding>
  <service name="PingService" interface="tns:Pinger">
    <endpoint name="main" binding="tns:PingerSoap" address="http://localhost/ping"/>
  </service>
</description>"#
    );
    let root = write(&dir, "svc/main.wsdl", &main);
    write(
        &dir,
        "svc/parts/base.wsdl",
        &format!(
            r#"<description {WSDL20} xmlns:o="urn:other" targetNamespace="urn:svc">
  <import namespace="urn:other" location="../../other/other.wsdl"/>
  <interface name="Base" extends="o:Root">
    <operation name="status"><input element="o:Status"/><output element="o:Status"/></operation>
  </interface>
</description>"#
        ),
    );
    write(
        &dir,
        "other/other.wsdl",
        &format!(
            r#"<description {WSDL20} xmlns:o="urn:other" targetNamespace="urn:other">
  <types><xs:import {XS} namespace="urn:other" schemaLocation="status.xsd"/></types>
  <interface name="Root">
    <operation name="version"><input element="o:Status"/><output element="o:Status"/></operation>
  </interface>
</description>"#
        ),
    );
    write(
        &dir,
        "other/status.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:other"><xs:element name="Status" type="xs:int"/></xs:schema>"#
        ),
    );

    let defs = read_ok(&root);
    assert!(defs.left_out.is_empty(), "{:?}", defs.left_out);
    assert_eq!(defs.target_ns, "urn:svc");
    let files: Vec<String> = defs
        .files
        .iter()
        .map(|f| {
            f.strip_prefix(&*dir)
                .expect("in the dir")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        files,
        [
            "svc/main.wsdl",
            "svc/parts/base.wsdl",
            "other/other.wsdl",
            "other/status.xsd"
        ]
    );
    assert!(defs
        .schemas
        .elements
        .contains_key(&q("urn:other", "Status")));

    // The port type has the interface's operations, then those it inherits.
    let port_type = &defs.port_types[&q("urn:svc", "Pinger")];
    let names: Vec<&str> = port_type
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["ping", "notify", "status", "version"]);
    let ping = &port_type.operations[0];
    assert_eq!(ping.doc.as_deref(), Some("Pings."));
    assert_eq!(
        ping.pos.to_string(),
        at(&root, &main, "<operation name=\"ping\"")
    );
    let input = ping.input.clone().expect("an input");
    assert_eq!(input, q("urn:svc", "Pinger.ping#input"));
    assert_eq!(element_of(&defs, &input), q("urn:types", "Ping"));
    assert_eq!(
        defs.messages[&input].pos.to_string(),
        at(&root, &main, "<input messageLabel")
    );
    let output = ping.output.clone().expect("an output");
    assert_eq!(element_of(&defs, &output), q("urn:types", "Pong"));
    assert_eq!(ping.faults.len(), 1);
    assert_eq!(ping.faults[0].0, "oops");
    assert_eq!(element_of(&defs, &ping.faults[0].1), q("urn:types", "Oops"));
    // in-only: no output.
    assert_eq!(port_type.operations[1].output, None);
    let version = &port_type.operations[3];
    assert_eq!(
        element_of(&defs, version.input.as_ref().expect("input")),
        q("urn:other", "Status")
    );

    // The SOAP binding binds every operation: SOAP 1.2 unless it says otherwise.
    assert_eq!(defs.bindings.len(), 1);
    let binding = &defs.bindings[0];
    assert_eq!(binding.name, q("urn:svc", "PingerSoap"));
    assert_eq!(binding.port_type, q("urn:svc", "Pinger"));
    assert_eq!(binding.soap, Some(SoapVersion::V12));
    assert_eq!(binding.style, Style::Document);
    let bound: Vec<&str> = binding.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(bound, ["ping", "notify", "status", "version"]);
    let ping = &binding.operations[0];
    assert_eq!(ping.soap_action.as_deref(), Some("urn:svc/ping"));
    assert_eq!(
        ping.pos.to_string(),
        at(&root, &main, "<operation ref=\"tns:ping\"")
    );
    assert!(ping
        .input_body
        .as_ref()
        .is_some_and(|b| !b.encoded && b.parts.is_none()));
    assert_eq!(ping.input_headers.len(), 1);
    let header = &ping.input_headers[0];
    assert_eq!(element_of(&defs, &header.message), q("urn:types", "Token"));
    assert!(defs.messages[&header.message].parts[0].name == header.part);
    assert_eq!(header.pos.to_string(), at(&root, &main, "<wsoap:header"));
    // Not written out: the binding's defaults, at the binding.
    let notify = &binding.operations[1];
    assert_eq!(notify.soap_action, None);
    assert!(notify.output_body.is_none());
    assert_eq!(notify.pos.to_string(), at(&root, &main, "<binding "));

    assert_eq!(defs.services.len(), 1);
    let service = &defs.services[0];
    assert_eq!(service.name, q("urn:svc", "PingService"));
    assert_eq!(service.ports[0].name, "main");
    assert_eq!(service.ports[0].binding, q("urn:svc", "PingerSoap"));
    assert_eq!(
        service.ports[0].address.as_deref(),
        Some("http://localhost/ping")
    );
}

#[test]
fn what_the_model_cannot_express_is_left_out_with_its_reason() {
    let dir = scratch("wsdl20-left-out");
    let text = format!(
        r##"<description {WSDL20} {WSOAP} xmlns:tns="urn:p" xmlns:t="urn:t" targetNamespace="urn:p">
  <types><xs:schema {XS} targetNamespace="urn:t"><xs:element name="A" type="xs:string"/></xs:schema></types>
  <interface name="I">
    <fault name="untyped"/>
    <operation name="anyIn"><input element="#any"/><output element="t:A"/></operation>
    <operation name="noneOut"><input element="t:A"/><output element="#none"/></operation>
    <operation name="serverFirst" pattern="http://www.w3.org/ns/wsdl/out-in"><output element="t:A"/></operation>
    <operation name="badFault"><input element="t:A"/><output element="t:A"/><outfault ref="tns:missing"/></operation>
    <operation name="untypedFault"><input element="t:A"/><output element="t:A"/><outfault ref="tns:untyped"/></operation>
  </interface>
  <binding name="Http" interface="tns:I" type="http://www.w3.org/ns/wsdl/http"/>
  <binding name="Soap11" interface="tns:I" type="http://www.w3.org/ns/wsdl/soap"
      wsoap:version="1.1" wsoap:protocol="http://www.w3.org/2006/01/soap11/bindings/HTTP/">
    <operation ref="tns:nowhere"/>
  </binding>
  <binding name="Soap12" interface="tns:I" type="http://www.w3.org/ns/wsdl/soap"/>
  <binding name="Smtp" interface="tns:I" type="http://www.w3.org/ns/wsdl/soap"
      wsoap:protocol="http://example.com/soap/bindings/SMTP/"/>
</description>"##
    );
    let root = write(&dir, "p.wsdl", &text);
    let defs = read_ok(&root);
    let left_out: Vec<String> = defs.left_out.iter().map(|e| e.to_string()).collect();
    // Each once, though two SOAP bindings bind them.
    assert_eq!(
        left_out,
        [
            format!(
                "{}: operation anyIn: the input has any element (#any): a generated call \
                 needs to know which; element= must name a schema element",
                at(&root, &text, "<input element=\"#any\"")
            ),
            format!(
                "{}: operation noneOut: the output has an empty body (#none), which \
                 generated calls do not support; element= must name a schema element",
                at(&root, &text, "<output element=\"#none\"")
            ),
            format!(
                "{}: operation serverFirst: the message exchange pattern \
                 http://www.w3.org/ns/wsdl/out-in is not supported (a client sends first: \
                 in-out, in-only or robust-in-only)",
                at(&root, &text, "<operation name=\"serverFirst\"")
            ),
            format!(
                "{}: outfault ref=\"missing\": interface I has no such fault (nor do the \
                 interfaces it extends)",
                at(&root, &text, "<outfault ref=\"tns:missing\"")
            ),
        ]
    );
    let port_type = &defs.port_types[&q("urn:p", "I")];
    let names: Vec<&str> = port_type
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    // A fault with no element still arrives as a plain SOAP fault: the operation stays.
    assert_eq!(names, ["untypedFault"]);
    assert!(port_type.operations[0].faults.is_empty());

    let binding = |name: &str| {
        defs.bindings
            .iter()
            .find(|b| b.name.local == name)
            .unwrap_or_else(|| panic!("binding {name}"))
    };
    assert_eq!(binding("Http").soap, None);
    assert!(binding("Http").operations.is_empty());
    assert_eq!(binding("Smtp").soap, None);
    assert_eq!(binding("Soap12").soap, Some(SoapVersion::V12));
    let soap11 = binding("Soap11");
    assert_eq!(soap11.soap, Some(SoapVersion::V11));
    // A binding operation for nothing in the interface is kept, for `ir` to report where
    // it is written.
    let bound: Vec<(&str, String)> = soap11
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.pos.to_string()))
        .collect();
    assert_eq!(
        bound,
        [
            ("untypedFault", at(&root, &text, "<binding name=\"Soap11\"")),
            (
                "nowhere",
                at(&root, &text, "<operation ref=\"tns:nowhere\"")
            ),
        ]
    );
}

#[test]
fn an_interface_no_soap_binding_binds_raises_nothing() {
    let dir = scratch("wsdl20-unbound");
    let root = write(
        &dir,
        "u.wsdl",
        &format!(
            r##"<description {WSDL20} xmlns:tns="urn:u" targetNamespace="urn:u">
  <interface name="I" extends="tns:Nowhere"><operation name="x"><input element="#any"/></operation></interface>
  <binding name="Http" interface="tns:I" type="http://www.w3.org/ns/wsdl/http"/>
</description>"##
        ),
    );
    let defs = read_ok(&root);
    assert!(defs.left_out.is_empty(), "{:?}", defs.left_out);
    assert!(defs.port_types[&q("urn:u", "I")].operations.is_empty());
}

#[test]
fn a_reusable_binding_binds_its_services_interface_and_extends_may_cycle() {
    let dir = scratch("wsdl20-reusable");
    let text = format!(
        r#"<description {WSDL20} xmlns:tns="urn:r" xmlns:t="urn:t" targetNamespace="urn:r">
  <types><xs:schema {XS} targetNamespace="urn:t"><xs:element name="A" type="xs:string"/></xs:schema></types>
  <interface name="One" extends="tns:Two tns:Missing">
    <operation name="first"><input element="t:A"/><output element="t:A"/></operation>
  </interface>
  <interface name="Two" extends="tns:One">
    <operation name="second"><input element="t:A"/><output element="t:A"/></operation>
  </interface>
  <binding name="Reusable" type="http://www.w3.org/ns/wsdl/soap"/>
  <binding name="Unused" type="http://www.w3.org/ns/wsdl/soap"/>
  <service name="S" interface="tns:Two"><endpoint name="e" binding="tns:Reusable"/></service>
</description>"#
    );
    let root = write(&dir, "r.wsdl", &text);
    let defs = read_ok(&root);
    let bindings: Vec<(&str, &str, Vec<&str>)> = defs
        .bindings
        .iter()
        .map(|b| {
            let ops = b.operations.iter().map(|o| o.name.as_str()).collect();
            (b.name.local.as_str(), b.port_type.local.as_str(), ops)
        })
        .collect();
    assert_eq!(bindings, [("Reusable", "Two", vec!["second", "first"])]);
    let left_out: Vec<String> = defs.left_out.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        left_out,
        [format!(
            "{}: interface One extends {{urn:r}}Missing, which is not defined",
            at(&root, &text, "<interface name=\"One\"")
        )]
    );
}

#[test]
fn malformed_wsdl20_is_an_error_at_its_place() {
    let dir = scratch("wsdl20-errors");
    let cases = [
        (
            r#"<binding name="B" interface="tns:I" type="http://www.w3.org/ns/wsdl/soap" wsoap:version="2.0"/>"#,
            "<binding",
            r#"wsoap:version="2.0" must be "1.1" or "1.2""#,
        ),
        (
            r#"<include/>"#,
            "<include",
            "wsdl:include needs a location= attribute",
        ),
        (
            r#"<interface name="I"><operation name="o"><outfault/></operation></interface>"#,
            "<outfault",
            "wsdl:outfault needs a ref= attribute",
        ),
        (
            r#"<interface name="I"><operation name="o"><input element="u:A"/></operation></interface>"#,
            "<input",
            r#"unbound prefix "u" in element="u:A""#,
        ),
    ];
    for (i, (body, tag, message)) in cases.into_iter().enumerate() {
        let text = format!(
            "<description {WSDL20} {WSOAP} xmlns:tns=\"urn:e\" targetNamespace=\"urn:e\">\n  \
             {body}\n</description>"
        );
        let root = write(&dir, &format!("e{i}.wsdl"), &text);
        assert_eq!(
            read_err(&root, &ReadOptions::default()),
            format!("{}: {message}", at(&root, &text, tag))
        );
    }
}

#[test]
fn the_corpus_wsdl20_documents_read() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("wsdl-to-postman/test/data/validWSDLs20");

    let defs = read_ok(&dir.join("W3Example_wsdl_20.wsdl"));
    let ns = "http://greath.example.com/2004/wsdl/resSvc";
    assert!(defs.left_out.is_empty(), "{:?}", defs.left_out);
    let binding = &defs.bindings[0];
    assert_eq!(binding.soap, Some(SoapVersion::V12));
    assert_eq!(binding.operations[0].name, "opCheckAvailability");
    let op = &defs.port_types[&q(ns, "reservationInterface")].operations[0];
    assert_eq!(op.faults[0].0, "invalidDataFault");
    assert_eq!(
        element_of(&defs, &op.faults[0].1),
        q(
            "http://greath.example.com/2004/schemas/resSvc",
            "invalidDataError"
        )
    );
    assert_eq!(
        defs.services[0].ports[0].address.as_deref(),
        Some("http://greath.example.com/2004/reservation")
    );

    // An HTTP binding and a SOAP binding of one interface: only the SOAP one binds.
    let defs = read_ok(&dir.join("Service1Modified.wsdl"));
    let soap: Vec<(&str, Option<SoapVersion>, usize)> = defs
        .bindings
        .iter()
        .map(|b| (b.name.local.as_str(), b.soap, b.operations.len()))
        .collect();
    assert_eq!(
        soap,
        [
            ("HttpBinding", None, 0),
            ("SoapBinding", Some(SoapVersion::V12), 1)
        ]
    );

    let err = read(
        &dir.join("Axis2WSD20WithSecurity.wsdl"),
        &ReadOptions::default(),
    )
    .expect_err("malformed XML");
    assert!(err.to_string().contains("malformed XML"), "{err}");
}

#[test]
fn soap_envelope_and_xop_schemas_are_built_in() {
    let dir = scratch("builtin");
    let root = write(
        &dir,
        "uses.xsd",
        &format!(
            r#"<xs:schema {XS} xmlns:env="http://www.w3.org/2003/05/soap-envelope"
    xmlns:xop="http://www.w3.org/2004/08/xop/include" targetNamespace="urn:uses">
  <xs:import namespace="http://www.w3.org/2003/05/soap-envelope"
      schemaLocation="https://www.w3.org/2003/05/soap-envelope"/>
  <xs:import namespace="http://www.w3.org/2004/08/xop/include"
      schemaLocation="https://www.w3.org/2004/08/xop/include"/>
  <xs:element name="Seen" type="env:Fault"/>
  <xs:element name="Data"><xs:complexType><xs:sequence><xs:element ref="xop:Include"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>"#
        ),
    );
    let defs = read_ok(&root);
    assert!(defs.left_out.is_empty(), "{:?}", defs.left_out);
    // Built-in schemas are no files to watch.
    assert_eq!(defs.files, [root]);
    let env = "http://www.w3.org/2003/05/soap-envelope";
    for element in [
        "Envelope",
        "Header",
        "Body",
        "Fault",
        "NotUnderstood",
        "Upgrade",
    ] {
        assert!(
            defs.schemas.elements.contains_key(&q(env, element)),
            "{element}"
        );
    }
    for ty in [
        "faultcode",
        "subcode",
        "faultreason",
        "reasontext",
        "detail",
        "SupportedEnvType",
    ] {
        assert!(defs.schemas.complex_types.contains_key(&q(env, ty)), "{ty}");
    }
    for attribute in ["mustUnderstand", "relay", "role", "encodingStyle"] {
        assert!(
            defs.schemas.attributes.contains_key(&q(env, attribute)),
            "{attribute}"
        );
    }
    // Codes arrive with any prefix: a QName, not an enumeration compared as text.
    let code = &defs.schemas.simple_types[&q(env, "faultcodeEnum")];
    assert!(matches!(&code.kind,
        SimpleTypeKind::Restriction { base: TypeUse::Named(base), enumeration }
            if *base == q(XSD_NS, "QName") && enumeration.is_empty()));
    assert!(defs
        .schemas
        .elements
        .contains_key(&q("http://www.w3.org/2004/08/xop/include", "Include")));
}
