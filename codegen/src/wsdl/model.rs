//! What the reader hands to `ir::build`: every schema component and WSDL definition found in
//! the input files, owned, with QNames resolved to namespace URIs but references not yet
//! followed. Each component keeps the position it came from so later stages can report
//! `file:line:col` errors.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::Pos;

pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
pub const SOAP11_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub const SOAP12_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
pub const SOAPENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// WSDL 2.0, read into the WSDL 1.1 model (`wsdl20`).
pub const WSDL20_NS: &str = "http://www.w3.org/ns/wsdl";
/// The WSDL 2.0 SOAP binding: the binding `type=` and its extension attributes.
pub const WSDL20_SOAP_NS: &str = "http://www.w3.org/ns/wsdl/soap";

/// A namespace-qualified name. An empty namespace means "no namespace".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: String,
    pub local: String,
}

impl QName {
    pub fn new(ns: &str, local: &str) -> Self {
        QName {
            ns: ns.to_string(),
            local: local.to_string(),
        }
    }

    pub fn is_xsd(&self) -> bool {
        self.ns == XSD_NS
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns.is_empty() {
            write!(f, "{}", self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

/// `maxOccurs`: a number or `unbounded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    Bounded(u64),
    Unbounded,
}

impl MaxOccurs {
    pub fn is_many(self) -> bool {
        !matches!(self, MaxOccurs::Bounded(0 | 1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurs {
    pub min: u64,
    pub max: MaxOccurs,
}

impl Occurs {
    pub const ONE: Occurs = Occurs {
        min: 1,
        max: MaxOccurs::Bounded(1),
    };
}

/// The type an element or attribute has: named, anonymous, or none given (anyType).
#[derive(Debug, Clone)]
pub enum TypeUse {
    Named(QName),
    AnonComplex(Box<ComplexType>),
    AnonSimple(Box<SimpleType>),
    /// No `type` and no inline definition: xs:anyType (or anySimpleType for attributes).
    Unspecified,
}

/// An `xs:element`, global or local.
#[derive(Debug, Clone)]
pub struct Element {
    /// Namespace the element's name is in (target namespace when qualified, else empty).
    pub name: QName,
    pub ty: TypeUse,
    pub nillable: bool,
    pub is_abstract: bool,
    pub substitution_group: Option<QName>,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
    pub pos: Pos,
}

/// A content model particle.
#[derive(Debug, Clone)]
pub enum Particle {
    Element {
        element: Element,
        occurs: Occurs,
    },
    /// `<xs:element ref="..."/>`.
    ElementRef {
        name: QName,
        occurs: Occurs,
        pos: Pos,
    },
    Sequence {
        items: Vec<Particle>,
        occurs: Occurs,
        pos: Pos,
    },
    Choice {
        items: Vec<Particle>,
        occurs: Occurs,
        pos: Pos,
    },
    All {
        items: Vec<Particle>,
        occurs: Occurs,
        pos: Pos,
    },
    GroupRef {
        name: QName,
        occurs: Occurs,
        pos: Pos,
    },
    Any {
        occurs: Occurs,
        pos: Pos,
    },
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: QName,
    pub ty: TypeUse,
    pub required: bool,
    pub prohibited: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub enum AttributeUse {
    Local(Attribute),
    Ref {
        name: QName,
        required: bool,
        default: Option<String>,
        fixed: Option<String>,
        pos: Pos,
    },
    GroupRef {
        name: QName,
        pos: Pos,
    },
    AnyAttribute {
        pos: Pos,
    },
}

/// How a complex type gets its content.
#[derive(Debug, Clone)]
pub enum ComplexContent {
    /// Plain `sequence`/`choice`/`all` (or nothing: an empty type).
    Particle(Option<Particle>),
    /// `complexContent/extension`: the base's content followed by `particle`.
    Extension {
        base: QName,
        particle: Option<Particle>,
    },
    /// `complexContent/restriction`: `particle` replaces the base's content.
    Restriction {
        base: QName,
        particle: Option<Particle>,
    },
    /// `simpleContent`: text of type `base`, plus attributes.
    Simple { base: TypeUse },
}

#[derive(Debug, Clone)]
pub struct ComplexType {
    /// None for anonymous types.
    pub name: Option<QName>,
    pub content: ComplexContent,
    pub attributes: Vec<AttributeUse>,
    pub is_abstract: bool,
    pub mixed: bool,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub enum SimpleTypeKind {
    /// `restriction`; `enumeration` empty unless it lists values.
    Restriction {
        base: TypeUse,
        enumeration: Vec<EnumValue>,
    },
    List {
        item: TypeUse,
    },
    Union {
        members: Vec<TypeUse>,
    },
}

#[derive(Debug, Clone)]
pub struct SimpleType {
    pub name: Option<QName>,
    pub kind: SimpleTypeKind,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub particle: Option<Particle>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct AttributeGroup {
    pub attributes: Vec<AttributeUse>,
    pub pos: Pos,
}

/// All global schema components of every schema read, keyed by QName.
#[derive(Debug, Clone, Default)]
pub struct SchemaSet {
    pub elements: BTreeMap<QName, Element>,
    pub complex_types: BTreeMap<QName, ComplexType>,
    pub simple_types: BTreeMap<QName, SimpleType>,
    pub groups: BTreeMap<QName, Group>,
    pub attribute_groups: BTreeMap<QName, AttributeGroup>,
    pub attributes: BTreeMap<QName, Attribute>,
    /// Target namespaces in the order first seen (drives the ns1, ns2... prefixes).
    pub namespaces: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub element: Option<QName>,
    pub ty: Option<QName>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub name: QName,
    pub parts: Vec<Part>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct PortOperation {
    pub name: String,
    pub input: Option<QName>,
    pub output: Option<QName>,
    /// Declared faults: (fault name, message).
    pub faults: Vec<(String, QName)>,
    pub doc: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct PortType {
    pub name: QName,
    pub operations: Vec<PortOperation>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    V11,
    V12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Document,
    Rpc,
}

#[derive(Debug, Clone)]
pub struct HeaderBinding {
    pub message: QName,
    pub part: String,
    pub encoded: bool,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct BodyBinding {
    /// `parts="..."`: which message parts go in the body (None: all).
    pub parts: Option<Vec<String>>,
    pub encoded: bool,
    /// rpc: the wrapper element's namespace.
    pub namespace: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BindingOperation {
    pub name: String,
    pub soap_action: Option<String>,
    pub style: Option<Style>,
    pub input_body: Option<BodyBinding>,
    pub input_headers: Vec<HeaderBinding>,
    pub output_body: Option<BodyBinding>,
    pub output_headers: Vec<HeaderBinding>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub name: QName,
    pub port_type: QName,
    /// None: not a SOAP binding (HTTP GET/POST); such bindings are skipped.
    pub soap: Option<SoapVersion>,
    pub style: Style,
    pub operations: Vec<BindingOperation>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Port {
    pub name: String,
    pub binding: QName,
    pub address: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: QName,
    pub ports: Vec<Port>,
    pub doc: Option<String>,
    pub pos: Pos,
}

/// Everything read from a WSDL and the files it imports.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    pub target_ns: String,
    pub schemas: SchemaSet,
    pub messages: BTreeMap<QName, Message>,
    pub port_types: BTreeMap<QName, PortType>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
    /// Every file read, in order (for `cargo:rerun-if-changed`).
    pub files: Vec<std::path::PathBuf>,
    /// What the reader left out, each with why: imports that could not be read (no file, no
    /// catalog entry; what needs them fails later, where it is used) and WSDL 2.0 operations
    /// the model cannot express. Reading goes on without them.
    pub left_out: Vec<crate::error::Error>,
}
