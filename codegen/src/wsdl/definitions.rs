//! WSDL 1.1 `definitions`: types, messages, port types, bindings (SOAP 1.1 and 1.2) and
//! services.

use roxmltree::Node;

use super::loader::{ImportKind, ImportRequest, State};
use super::model::{
    Binding, BindingOperation, BodyBinding, HeaderBinding, Message, Part, Port, PortOperation,
    PortType, QName, Service, SoapVersion, Style, SOAP11_BINDING_NS, SOAP12_BINDING_NS, WSDL_NS,
    XSD_NS,
};
use super::node::{attr, children_in, is, qname_attr, required, required_qname, wsdl_doc, Src};
use super::xsd::read_schema;
use crate::error::{Error, Result};

/// Reads the `wsdl:definitions` element `root` into `state`.
pub(crate) fn read_definitions(
    src: &Src<'_>,
    root: Node<'_, '_>,
    is_root: bool,
    state: &mut State,
) -> Result<()> {
    let tns = attr(root, "targetNamespace").unwrap_or("").to_string();
    if is_root {
        state.defs.target_ns = tns.clone();
    }
    let wsdl = Wsdl { src, tns: &tns };
    for child in children_in(root, WSDL_NS) {
        match child.tag_name().name() {
            "import" => state.imports.push(ImportRequest {
                kind: ImportKind::Wsdl,
                location: attr(child, "location")
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
                namespace: attr(child, "namespace").map(str::to_string),
                pos: src.pos(child),
            }),
            "types" => read_types(src, child, state)?,
            "message" => {
                let message = wsdl.message(child)?;
                state
                    .defs
                    .messages
                    .entry(message.name.clone())
                    .or_insert(message);
            }
            "portType" => {
                let port_type = wsdl.port_type(child)?;
                state
                    .defs
                    .port_types
                    .entry(port_type.name.clone())
                    .or_insert(port_type);
            }
            "binding" => {
                let binding = wsdl.binding(child)?;
                if !state.defs.bindings.iter().any(|b| b.name == binding.name) {
                    state.defs.bindings.push(binding);
                }
            }
            "service" => {
                let service = wsdl.service(child)?;
                if !state.defs.services.iter().any(|s| s.name == service.name) {
                    state.defs.services.push(service);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `types` (WSDL 1.1 and 2.0): its schemas, and the imports written directly inside it.
pub(crate) fn read_types(src: &Src<'_>, types: Node<'_, '_>, state: &mut State) -> Result<()> {
    for item in children_in(types, XSD_NS) {
        match item.tag_name().name() {
            "schema" => read_schema(src, item, None, state)?,
            // WSDL 2.0 allows an import with no schema around it; WSDL 1.1 does not, but
            // some tools write it.
            "import" => state.imports.push(ImportRequest {
                kind: ImportKind::Schema,
                location: attr(item, "schemaLocation")
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
                namespace: Some(attr(item, "namespace").unwrap_or("").to_string()),
                pos: src.pos(item),
            }),
            _ => {}
        }
    }
    Ok(())
}

fn is_soap(node: Node<'_, '_>, local: &str) -> bool {
    is(node, SOAP11_BINDING_NS, local) || is(node, SOAP12_BINDING_NS, local)
}

struct Wsdl<'a> {
    src: &'a Src<'a>,
    tns: &'a str,
}

impl Wsdl<'_> {
    fn name(&self, node: Node<'_, '_>) -> Result<QName> {
        Ok(QName::new(self.tns, required(self.src, node, "name")?))
    }

    fn message(&self, node: Node<'_, '_>) -> Result<Message> {
        let parts = children_in(node, WSDL_NS)
            .filter(|c| c.tag_name().name() == "part")
            .map(|part| {
                Ok(Part {
                    name: required(self.src, part, "name")?.to_string(),
                    element: qname_attr(self.src, part, "element")?,
                    ty: qname_attr(self.src, part, "type")?,
                    pos: self.src.pos(part),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Message {
            name: self.name(node)?,
            parts,
            pos: self.src.pos(node),
        })
    }

    fn port_type(&self, node: Node<'_, '_>) -> Result<PortType> {
        let operations = children_in(node, WSDL_NS)
            .filter(|c| c.tag_name().name() == "operation")
            .map(|op| self.port_operation(op))
            .collect::<Result<_>>()?;
        Ok(PortType {
            name: self.name(node)?,
            operations,
            pos: self.src.pos(node),
        })
    }

    fn port_operation(&self, node: Node<'_, '_>) -> Result<PortOperation> {
        let mut op = PortOperation {
            name: required(self.src, node, "name")?.to_string(),
            input: None,
            output: None,
            faults: Vec::new(),
            doc: wsdl_doc(node),
            pos: self.src.pos(node),
        };
        for child in children_in(node, WSDL_NS) {
            match child.tag_name().name() {
                "input" => op.input = Some(required_qname(self.src, child, "message")?),
                "output" => op.output = Some(required_qname(self.src, child, "message")?),
                "fault" => op.faults.push((
                    required(self.src, child, "name")?.to_string(),
                    required_qname(self.src, child, "message")?,
                )),
                _ => {}
            }
        }
        Ok(op)
    }

    fn binding(&self, node: Node<'_, '_>) -> Result<Binding> {
        let soap_binding = node.children().find(|c| is_soap(*c, "binding"));
        let soap = soap_binding.map(|b| {
            if b.tag_name().namespace() == Some(SOAP12_BINDING_NS) {
                SoapVersion::V12
            } else {
                SoapVersion::V11
            }
        });
        let style = match soap_binding {
            Some(b) => self.style(b)?.unwrap_or(Style::Document),
            None => Style::Document,
        };
        let operations = children_in(node, WSDL_NS)
            .filter(|c| c.tag_name().name() == "operation")
            .map(|op| self.binding_operation(op))
            .collect::<Result<_>>()?;
        Ok(Binding {
            name: self.name(node)?,
            port_type: required_qname(self.src, node, "type")?,
            soap,
            style,
            operations,
            pos: self.src.pos(node),
        })
    }

    fn style(&self, node: Node<'_, '_>) -> Result<Option<Style>> {
        match attr(node, "style") {
            None => Ok(None),
            Some("document") => Ok(Some(Style::Document)),
            Some("rpc") => Ok(Some(Style::Rpc)),
            Some(other) => Err(Error::at(
                &self.src.pos(node),
                format!("style=\"{other}\" must be \"document\" or \"rpc\""),
            )),
        }
    }

    fn binding_operation(&self, node: Node<'_, '_>) -> Result<BindingOperation> {
        let mut op = BindingOperation {
            name: required(self.src, node, "name")?.to_string(),
            soap_action: None,
            style: None,
            input_body: None,
            input_headers: Vec::new(),
            output_body: None,
            output_headers: Vec::new(),
            pos: self.src.pos(node),
        };
        if let Some(soap_op) = node.children().find(|c| is_soap(*c, "operation")) {
            op.soap_action = soap_op.attribute("soapAction").map(str::to_string);
            op.style = self.style(soap_op)?;
        }
        for child in children_in(node, WSDL_NS) {
            match child.tag_name().name() {
                "input" => (op.input_body, op.input_headers) = self.body_and_headers(child)?,
                "output" => (op.output_body, op.output_headers) = self.body_and_headers(child)?,
                _ => {}
            }
        }
        Ok(op)
    }

    /// The `soap:body` and `soap:header`s of a binding operation's input or output, looking
    /// inside `mime:multipartRelated` parts too (SOAP with attachments).
    fn body_and_headers(
        &self,
        node: Node<'_, '_>,
    ) -> Result<(Option<BodyBinding>, Vec<HeaderBinding>)> {
        let mut body = None;
        let mut headers = Vec::new();
        for child in node.descendants().filter(|c| c.is_element()) {
            if is_soap(child, "body") && body.is_none() {
                body = Some(BodyBinding {
                    parts: attr(child, "parts")
                        .map(|p| p.split_whitespace().map(str::to_string).collect()),
                    encoded: self.encoded(child)?,
                    namespace: attr(child, "namespace").map(str::to_string),
                });
            } else if is_soap(child, "header") {
                headers.push(HeaderBinding {
                    message: required_qname(self.src, child, "message")?,
                    part: required(self.src, child, "part")?.to_string(),
                    encoded: self.encoded(child)?,
                    pos: self.src.pos(child),
                });
            }
        }
        Ok((body, headers))
    }

    fn encoded(&self, node: Node<'_, '_>) -> Result<bool> {
        match attr(node, "use") {
            None | Some("literal") => Ok(false),
            Some("encoded") => Ok(true),
            Some(other) => Err(Error::at(
                &self.src.pos(node),
                format!("use=\"{other}\" must be \"literal\" or \"encoded\""),
            )),
        }
    }

    fn service(&self, node: Node<'_, '_>) -> Result<Service> {
        let ports = children_in(node, WSDL_NS)
            .filter(|c| c.tag_name().name() == "port")
            .map(|port| {
                Ok(Port {
                    name: required(self.src, port, "name")?.to_string(),
                    binding: required_qname(self.src, port, "binding")?,
                    address: port
                        .children()
                        .find(|c| is_soap(*c, "address"))
                        .and_then(|a| attr(a, "location"))
                        .map(str::to_string),
                    pos: self.src.pos(port),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Service {
            name: self.name(node)?,
            ports,
            doc: wsdl_doc(node),
            pos: self.src.pos(node),
        })
    }
}
