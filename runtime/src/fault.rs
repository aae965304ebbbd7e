//! SOAP Faults, parsed generically: the mktows WSDL declares no `wsdl:fault`, and
//! Marketo puts its error code in `detail/serviceException/code`.

use std::fmt;

use roxmltree::Node;

use crate::error::TRANSIENT_FAULT_CODES;
use crate::xml::{element_children, standalone_xml};

/// A SOAP Fault from the service (SOAP 1.1 or 1.2), with Marketo's service
/// exception fields when present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fault {
    /// `faultcode` (1.1) or `Code/Value` (1.2), as written, e.g. `SOAP-ENV:Client`.
    pub faultcode: String,
    /// `faultstring` (1.1) or the first `Reason/Text` (1.2), e.g. `20014 - Authentication failed`.
    pub faultstring: String,
    /// Marketo's error code: `detail/serviceException/code`, else the leading digits
    /// of `faultstring`.
    pub code: Option<u32>,
    /// `detail/serviceException/name`, e.g. `mktServiceException`.
    pub name: Option<String>,
    /// `detail/serviceException/message`, e.g. `Unknown lead field (20105)`.
    pub message: Option<String>,
    /// The detail element's source text, with the namespace declarations it inherits added
    /// so it parses on its own (declared wsdl:faults are decoded from it; not used by
    /// `write_fault`).
    pub detail_xml: Option<String>,
}

impl Fault {
    /// A fault shaped like Marketo's: faultcode `SOAP-ENV:Client`, faultstring
    /// `CODE - text`, and a service exception with message `text (CODE)`.
    /// The caller's request is at fault (bad parameter, authentication, quota); use
    /// [`Fault::server`] for the service's own failures.
    pub fn service(code: u32, text: impl Into<String>) -> Fault {
        Fault::marketo("SOAP-ENV:Client", code, text.into())
    }

    /// The same shape as [`Fault::service`] with faultcode `SOAP-ENV:Server`: the service
    /// failed (e.g. Marketo's 10001 internal error), not the request.
    pub fn server(code: u32, text: impl Into<String>) -> Fault {
        Fault::marketo("SOAP-ENV:Server", code, text.into())
    }

    fn marketo(faultcode: &str, code: u32, text: String) -> Fault {
        Fault {
            faultcode: faultcode.to_owned(),
            faultstring: format!("{code} - {text}"),
            code: Some(code),
            name: Some("mktServiceException".to_owned()),
            message: Some(format!("{text} ({code})")),
            detail_xml: None,
        }
    }

    /// Whether Marketo documents the fault as worth retrying (10001, 20011, 20016,
    /// 20023, 20024).
    pub fn is_transient(&self) -> bool {
        self.code
            .is_some_and(|c| TRANSIENT_FAULT_CODES.contains(&c))
    }

    /// Reads a `Fault` element of either SOAP version. Children are matched by local
    /// name, so any prefixes (or none) work; a missing field is left empty.
    pub fn from_node(fault: Node<'_, '_>) -> Fault {
        let mut f = Fault::default();
        for child in element_children(fault) {
            match child.tag_name().name() {
                // SOAP 1.1
                "faultcode" => f.faultcode = text(child),
                "faultstring" => f.faultstring = text(child),
                "detail" => f.read_detail(child),
                // SOAP 1.2
                "Code" => {
                    if let Some(value) = first_child(child, "Value") {
                        f.faultcode = text(value);
                    }
                }
                "Reason" => {
                    if let Some(t) = first_child(child, "Text") {
                        f.faultstring = text(t);
                    }
                }
                "Detail" => f.read_detail(child),
                _ => {}
            }
        }
        if f.code.is_none() {
            f.code = leading_code(&f.faultstring);
        }
        f
    }

    fn read_detail(&mut self, detail: Node<'_, '_>) {
        self.detail_xml = Some(standalone_xml(detail));
        let exception = detail
            .descendants()
            .find(|n| n.is_element() && n.tag_name().name() == "serviceException");
        if let Some(exception) = exception {
            for child in element_children(exception) {
                match child.tag_name().name() {
                    "name" => self.name = Some(text(child)),
                    "message" => self.message = Some(text(child)),
                    "code" => self.code = text(child).trim().parse().ok(),
                    _ => {}
                }
            }
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SOAP fault {}: {}", self.faultcode, self.faultstring)?;
        // Add the code when the faultstring does not already start with it.
        if let Some(code) = self.code {
            if leading_code(&self.faultstring) != Some(code) {
                write!(f, " (code {code})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Fault {}

/// All text inside the element (faults are not schema-typed, so be lenient).
fn text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

fn first_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    element_children(node).find(|c| c.tag_name().name() == name)
}

/// `20014 - Authentication failed` -> 20014.
fn leading_code(s: &str) -> Option<u32> {
    let s = s.trim_start();
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse_document;

    const MARKETO_FAULT: &str = r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20105 - Unknown lead field</faultstring><detail><ns1:serviceException><name>mktServiceException</name><message>Unknown lead field (20105)</message><code>20105</code></ns1:serviceException></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

    fn fault_of(xml: &str) -> Fault {
        let doc = parse_document(xml).unwrap();
        let node = doc
            .descendants()
            .find(|n| n.tag_name().name() == "Fault")
            .unwrap();
        Fault::from_node(node)
    }

    #[test]
    fn marketo_soap11_fault() {
        let f = fault_of(MARKETO_FAULT);
        assert_eq!(f.faultcode, "SOAP-ENV:Client");
        assert_eq!(f.faultstring, "20105 - Unknown lead field");
        assert_eq!(f.code, Some(20105));
        assert_eq!(f.name.as_deref(), Some("mktServiceException"));
        assert_eq!(f.message.as_deref(), Some("Unknown lead field (20105)"));
        let detail = f.detail_xml.as_deref().unwrap();
        assert!(detail.starts_with("<detail "), "{detail}");
        let doc = roxmltree::Document::parse(detail).expect("the detail parses on its own");
        let exception = doc.root_element().first_element_child().unwrap();
        assert_eq!(
            exception.tag_name().namespace(),
            Some("http://www.marketo.com/mktows/")
        );
        assert!(!f.is_transient());
        assert_eq!(
            f.to_string(),
            "SOAP fault SOAP-ENV:Client: 20105 - Unknown lead field"
        );
        let mut expected = Fault::service(20105, "Unknown lead field");
        expected.detail_xml = f.detail_xml.clone();
        assert_eq!(f, expected);
    }

    #[test]
    fn server_faults_differ_from_client_faults_only_in_faultcode() {
        let server = Fault::server(10001, "Internal error");
        assert_eq!(server.faultcode, "SOAP-ENV:Server");
        assert_eq!(server.faultstring, "10001 - Internal error");
        assert_eq!(server.message.as_deref(), Some("Internal error (10001)"));
        assert!(server.is_transient());
        let client = Fault::service(10001, "Internal error");
        assert_eq!(client.faultcode, "SOAP-ENV:Client");
        assert_eq!(
            Fault {
                faultcode: client.faultcode.clone(),
                ..server
            },
            client
        );
    }

    #[test]
    fn soap12_fault() {
        let xml = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>
            <env:Code><env:Value>env:Sender</env:Value></env:Code>
            <env:Reason><env:Text xml:lang="en">20016 - Request expired</env:Text></env:Reason>
            <env:Detail><m:serviceException xmlns:m="urn:x"><m:code> 20016 </m:code></m:serviceException></env:Detail>
            </env:Fault></env:Body></env:Envelope>"#;
        let f = fault_of(xml);
        assert_eq!(f.faultcode, "env:Sender");
        assert_eq!(f.faultstring, "20016 - Request expired");
        assert_eq!(f.code, Some(20016));
        assert!(f.is_transient());
    }

    #[test]
    fn code_from_faultstring_when_no_detail() {
        let xml = r#"<e:Fault xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>e:Client</faultcode><faultstring>20014 - Authentication failed</faultstring></e:Fault>"#;
        let f = fault_of(xml);
        assert_eq!(f.code, Some(20014));
        assert_eq!(f.detail_xml, None);

        let xml = r#"<Fault><faultcode>Server</faultcode><faultstring>boom</faultstring></Fault>"#;
        let f = fault_of(xml);
        assert_eq!(f.code, None);
        assert_eq!(f.to_string(), "SOAP fault Server: boom");
        f.is_transient();
    }

    #[test]
    fn display_adds_code_when_not_in_faultstring() {
        let f = Fault {
            faultcode: "SOAP-ENV:Server".into(),
            faultstring: "Internal error".into(),
            code: Some(10001),
            ..Fault::default()
        };
        assert!(f.is_transient());
        assert_eq!(
            f.to_string(),
            "SOAP fault SOAP-ENV:Server: Internal error (code 10001)"
        );
    }
}
