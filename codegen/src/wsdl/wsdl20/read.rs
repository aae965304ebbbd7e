//! Reading one WSDL 2.0 `description`: its includes and imports, types, interfaces, bindings
//! and services, as written.

use roxmltree::Node;

use super::operations::IN_OUT;
use super::{
    Binding, BindingOperation, Content, Endpoint, FaultRef, Interface, InterfaceFault,
    InterfaceOperation, MessageRef, Service,
};
use crate::error::{Error, Pos, Result};
use crate::wsdl::definitions::read_types;
use crate::wsdl::loader::{ImportKind, ImportRequest, State};
use crate::wsdl::model::{QName, SoapVersion, WSDL20_NS, WSDL20_SOAP_NS};
use crate::wsdl::node::{
    attr, children_in, required, required_qname, resolve_qname, wsdl_doc, Src,
};

/// `wsoap:protocol` values meaning HTTP, the only transport a generated client has: the SOAP
/// 1.2 HTTP binding, and the one WSDL 2.0 defines for SOAP 1.1.
const HTTP_PROTOCOLS: &[&str] = &[
    "http://www.w3.org/2003/05/soap/bindings/HTTP/",
    "http://www.w3.org/2006/01/soap11/bindings/HTTP/",
];

/// Reads the WSDL 2.0 `description` element `root` into `state`.
pub(crate) fn read_description(
    src: &Src<'_>,
    root: Node<'_, '_>,
    is_root: bool,
    state: &mut State,
) -> Result<()> {
    let tns = attr(root, "targetNamespace").unwrap_or("").to_string();
    if is_root {
        state.defs.target_ns = tns.clone();
    }
    let doc = Description { src, tns: &tns };
    for child in children_in(root, WSDL20_NS) {
        match child.tag_name().name() {
            // An include brings in more of this namespace; an import, another namespace
            // (whose location is only a hint: without one, it is expected from elsewhere).
            "include" | "import" => state.imports.push(ImportRequest {
                kind: ImportKind::Wsdl20,
                location: if child.tag_name().name() == "include" {
                    Some(required(src, child, "location")?.to_string())
                } else {
                    attr(child, "location")
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                },
                namespace: attr(child, "namespace").map(str::to_string),
                pos: src.pos(child),
            }),
            "types" => read_types(src, child, state)?,
            "interface" => {
                let interface = doc.interface(child)?;
                state.wsdl20.interfaces.push(interface);
            }
            "binding" => {
                let binding = doc.binding(child)?;
                state.wsdl20.bindings.push(binding);
            }
            "service" => {
                let service = doc.service(child)?;
                state.wsdl20.services.push(service);
            }
            _ => {}
        }
    }
    Ok(())
}

struct Description<'a> {
    src: &'a Src<'a>,
    tns: &'a str,
}

impl Description<'_> {
    fn pos(&self, node: Node<'_, '_>) -> Pos {
        self.src.pos(node)
    }

    fn name(&self, node: Node<'_, '_>) -> Result<QName> {
        Ok(QName::new(self.tns, required(self.src, node, "name")?))
    }

    fn interface(&self, node: Node<'_, '_>) -> Result<Interface> {
        let extends = attr(node, "extends")
            .unwrap_or("")
            .split_whitespace()
            .map(|name| resolve_qname(self.src, node, "extends", name))
            .collect::<Result<_>>()?;
        let mut interface = Interface {
            name: self.name(node)?,
            extends,
            faults: Vec::new(),
            operations: Vec::new(),
            pos: self.pos(node),
        };
        for child in children_in(node, WSDL20_NS) {
            match child.tag_name().name() {
                "fault" => interface.faults.push(InterfaceFault {
                    name: self.name(child)?,
                    content: self.content(child)?,
                    pos: self.pos(child),
                }),
                "operation" => interface.operations.push(self.interface_operation(child)?),
                _ => {}
            }
        }
        Ok(interface)
    }

    fn interface_operation(&self, node: Node<'_, '_>) -> Result<InterfaceOperation> {
        let mut op = InterfaceOperation {
            name: self.name(node)?,
            pattern: attr(node, "pattern").unwrap_or(IN_OUT).to_string(),
            input: None,
            output: None,
            outfaults: Vec::new(),
            doc: wsdl_doc(node),
            pos: self.pos(node),
        };
        for child in children_in(node, WSDL20_NS) {
            let message = || -> Result<Option<MessageRef>> {
                Ok(Some(MessageRef {
                    content: self.content(child)?,
                    pos: self.pos(child),
                }))
            };
            match child.tag_name().name() {
                // Patterns with two inputs or outputs are not supported: the first is the
                // one that counts, and `lower` refuses the pattern.
                "input" if op.input.is_none() => op.input = message()?,
                "output" if op.output.is_none() => op.output = message()?,
                "outfault" => op.outfaults.push(FaultRef {
                    fault: required_qname(self.src, child, "ref")?,
                    pos: self.pos(child),
                }),
                // An infault is sent by the client, in patterns where the service sends
                // first: nothing a generated client receives.
                _ => {}
            }
        }
        Ok(op)
    }

    /// The `element=` of an input, output or fault.
    fn content(&self, node: Node<'_, '_>) -> Result<Content> {
        Ok(match attr(node, "element") {
            None | Some("#other") => Content::Other,
            Some("#any") => Content::Any,
            Some("#none") => Content::Empty,
            Some(name) => Content::Element(resolve_qname(self.src, node, "element", name)?),
        })
    }

    fn binding(&self, node: Node<'_, '_>) -> Result<Binding> {
        let interface = match attr(node, "interface") {
            Some(name) => Some(resolve_qname(self.src, node, "interface", name)?),
            None => None,
        };
        let soap = if required(self.src, node, "type")? == WSDL20_SOAP_NS {
            self.soap_version(node)?
        } else {
            None
        };
        let operations = children_in(node, WSDL20_NS)
            .filter(|c| c.tag_name().name() == "operation")
            .map(|op| self.binding_operation(op))
            .collect::<Result<_>>()?;
        Ok(Binding {
            name: self.name(node)?,
            interface,
            soap,
            operations,
            pos: self.pos(node),
        })
    }

    /// The SOAP version of a SOAP binding (`wsoap:version`, 1.2 when not written), or None
    /// when its `wsoap:protocol` is not HTTP.
    fn soap_version(&self, node: Node<'_, '_>) -> Result<Option<SoapVersion>> {
        let version = match node.attribute((WSDL20_SOAP_NS, "version")).map(str::trim) {
            None | Some("1.2") => SoapVersion::V12,
            Some("1.1") => SoapVersion::V11,
            Some(other) => {
                return Err(Error::at(
                    &self.pos(node),
                    format!("wsoap:version=\"{other}\" must be \"1.1\" or \"1.2\""),
                ))
            }
        };
        // The protocol is required by the spec; a binding that leaves it out is taken to
        // mean the usual one.
        let over_http = node
            .attribute((WSDL20_SOAP_NS, "protocol"))
            .is_none_or(|p| HTTP_PROTOCOLS.contains(&p.trim()));
        Ok(over_http.then_some(version))
    }

    fn binding_operation(&self, node: Node<'_, '_>) -> Result<BindingOperation> {
        let headers = |name: &str| -> Result<Vec<(QName, Pos)>> {
            children_in(node, WSDL20_NS)
                .filter(|c| c.tag_name().name() == name)
                .flat_map(|message| children_in(message, WSDL20_SOAP_NS))
                .filter(|c| c.tag_name().name() == "header")
                .map(|h| Ok((required_qname(self.src, h, "element")?, self.pos(h))))
                .collect()
        };
        Ok(BindingOperation {
            interface_operation: required_qname(self.src, node, "ref")?,
            action: node
                .attribute((WSDL20_SOAP_NS, "action"))
                .map(|a| a.trim().to_string()),
            input_headers: headers("input")?,
            output_headers: headers("output")?,
            pos: self.pos(node),
        })
    }

    fn service(&self, node: Node<'_, '_>) -> Result<Service> {
        let interface = match attr(node, "interface") {
            Some(name) => Some(resolve_qname(self.src, node, "interface", name)?),
            None => None,
        };
        let endpoints = children_in(node, WSDL20_NS)
            .filter(|c| c.tag_name().name() == "endpoint")
            .map(|endpoint| {
                Ok(Endpoint {
                    name: required(self.src, endpoint, "name")?.to_string(),
                    binding: required_qname(self.src, endpoint, "binding")?,
                    address: attr(endpoint, "address")
                        .filter(|a| !a.is_empty())
                        .map(str::to_string),
                    pos: self.pos(endpoint),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Service {
            name: self.name(node)?,
            interface,
            endpoints,
            doc: wsdl_doc(node),
            pos: self.pos(node),
        })
    }
}
