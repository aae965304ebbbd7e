// Usage of the `qualification` feature: included by tests/features.rs inside the generated
// module.

/// As generated code writes it: every prefix as the schemas say.
const BODY: &str = "<ns1:check><ns1:name>n</ns1:name><plain>p</plain><ns1:inner><untagged>u</untagged><ns2:tagged>t</ns2:tagged></ns1:inner></ns1:check>";

fn request(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:qualification" xmlns:ns2="urn:feature:qualification:inner"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

fn expected() -> Check {
    Check {
        name: "n".into(),
        plain: "p".into(),
        inner: Inner {
            untagged: "u".into(),
            tagged: "t".into(),
        },
    }
}

#[test]
fn children_are_written_qualified_as_the_schema_says() {
    let message = Request::Check(expected());
    assert_eq!(wire::body_xml(&message), BODY);
    // The envelope declares every prefix the body uses.
    let envelope = wire::envelope(&message);
    assert!(envelope.contains(
        r#" xmlns:ns1="urn:feature:qualification" xmlns:ns2="urn:feature:qualification:inner">"#
    ));
    let Request::Check(m) = wire::round_trip_exact(&request(BODY));
    assert_eq!(m, expected());
}

#[test]
fn readers_accept_any_prefix_and_default_namespaces() {
    let other_style = r#"<check xmlns="urn:feature:qualification"><name>n</name><plain xmlns="">p</plain><inner><untagged xmlns="">u</untagged><q:tagged xmlns:q="urn:feature:qualification:inner">t</q:tagged></inner></check>"#;
    let Request::Check(m) = wire::round_trip(&request(other_style));
    assert_eq!(m, expected());
    // Written back in the generated code's own style.
    assert_eq!(wire::body_xml(&Request::Check(m)), BODY);
}

#[test]
fn a_referenced_global_element_is_qualified_in_its_own_namespace() {
    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:qualification" xmlns:ns2="urn:feature:qualification:inner"><SOAP-ENV:Body><ns1:checkResponse><ns1:ok>true</ns1:ok><ns2:detail>fine</ns2:detail></ns1:checkResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::Check(r) = wire::round_trip_exact(envelope);
    assert_eq!(
        r,
        CheckResponse {
            ok: true,
            detail: Some("fine".into()),
        }
    );
}
