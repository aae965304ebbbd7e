//! WSDL 2.0 (`<description xmlns="http://www.w3.org/ns/wsdl">`), read into the WSDL 1.1 model
//! so the later stages need not know the difference.
//!
//! Reading (`read`) collects the components of every document as written; once all documents
//! are loaded, lowering (`lower`) turns them into port types, messages, bindings and
//! services. It waits because an interface may extend, and a binding may bind, an interface
//! from a document read later.

mod lower;
mod operations;
mod read;

pub(crate) use lower::lower;
pub(crate) use read::read_description;

use super::model::{QName, SoapVersion};
use crate::error::Pos;

/// The components of every WSDL 2.0 document read, in document order.
#[derive(Debug, Default)]
pub(crate) struct Components {
    pub interfaces: Vec<Interface>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
}

/// What an input, output or fault carries: its `element=` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    Element(QName),
    /// `#any`: any one element.
    Any,
    /// `#none`: an empty body.
    Empty,
    /// `#other`, or no `element=` at all: described some other way than by XML Schema.
    Other,
}

#[derive(Debug)]
pub(crate) struct Interface {
    pub name: QName,
    pub extends: Vec<QName>,
    pub faults: Vec<InterfaceFault>,
    pub operations: Vec<InterfaceOperation>,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct InterfaceFault {
    pub name: QName,
    pub content: Content,
    pub pos: Pos,
}

/// An `input` or `output` of an interface operation.
#[derive(Debug)]
pub(crate) struct MessageRef {
    pub content: Content,
    pub pos: Pos,
}

/// An `outfault`: a fault the service may send back.
#[derive(Debug)]
pub(crate) struct FaultRef {
    pub fault: QName,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct InterfaceOperation {
    pub name: QName,
    /// The message exchange pattern IRI (in-out when not written).
    pub pattern: String,
    pub input: Option<MessageRef>,
    pub output: Option<MessageRef>,
    pub outfaults: Vec<FaultRef>,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct Binding {
    pub name: QName,
    /// None for a reusable binding: the interface of the service using it applies.
    pub interface: Option<QName>,
    /// None: not SOAP over HTTP (an HTTP binding, or SOAP over another protocol).
    pub soap: Option<SoapVersion>,
    pub operations: Vec<BindingOperation>,
    pub pos: Pos,
}

/// A binding `operation ref=`: what the SOAP binding says about one interface operation.
#[derive(Debug)]
pub(crate) struct BindingOperation {
    pub interface_operation: QName,
    /// `wsoap:action`.
    pub action: Option<String>,
    /// `wsoap:header element=` of the input and of the output, with their positions.
    pub input_headers: Vec<(QName, Pos)>,
    pub output_headers: Vec<(QName, Pos)>,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct Service {
    pub name: QName,
    pub interface: Option<QName>,
    pub endpoints: Vec<Endpoint>,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug)]
pub(crate) struct Endpoint {
    pub name: String,
    pub binding: QName,
    pub address: Option<String>,
    pub pos: Pos,
}
