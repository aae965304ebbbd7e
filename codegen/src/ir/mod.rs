//! The resolved model that `emit` renders: a type arena keyed by QName (a `BTreeMap`, so the
//! output order never depends on hash seeds or file order), the operations of the chosen SOAP
//! bindings, and the SOAP headers they use. Every QName was looked up once, here; emit never
//! sees an unresolved reference.

mod attributes;
mod bodies;
mod build;
mod builtins;
mod choice;
mod choice_sequence;
mod collect;
mod operations;
mod poly;
mod synth;
mod types;

use std::collections::BTreeMap;

pub use crate::wsdl::{QName, SoapVersion, Style};

/// Identifies a type in the arena: its schema QName, or a QName made up for an anonymous type.
pub type TypeKey = QName;

/// XSD built-in simple types, by the Rust type they map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Decimal,
    DateTime,
    Date,
    Time,
    Base64Binary,
    /// `xs:anyType` content (and `xs:any`), kept as raw XML.
    AnyType,
}

impl Builtin {
    /// Whether the Rust type has a `Default` that is a valid value.
    pub fn has_default(self) -> bool {
        !matches!(self, Builtin::DateTime | Builtin::Date | Builtin::Time)
    }

    /// Whether the Rust type is `Eq` (floats are not).
    pub fn is_eq(self) -> bool {
        !matches!(self, Builtin::F32 | Builtin::F64)
    }
}

/// What a field holds, before cardinality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    Builtin(Builtin),
    Named(TypeKey),
}

/// How many values a field holds and how absence is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    /// minOccurs=1, not nillable: `T`.
    Required,
    /// minOccurs=0, not nillable: `Option<T>`, None omitted.
    Optional,
    /// minOccurs=1, nillable: `Option<T>`, None written as `xsi:nil`.
    RequiredNillable,
    /// minOccurs=0, nillable: `Nillable<T>` (absent, nil or a value).
    OptionalNillable,
    /// maxOccurs>1: `Vec<T>` (a list of one is a Vec of one).
    Many,
    /// maxOccurs>1 and nillable: `Vec<Option<T>>`.
    ManyNillable,
}

/// One element or attribute of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    /// The local name on the wire.
    pub xml_local: String,
    /// The name as written: `prefix:local` when qualified, else `local`.
    pub xml_written: String,
    pub ty: ValueType,
    pub card: Cardinality,
    /// Set for fields that would make a type infinitely sized (recursion).
    pub boxed: bool,
    pub doc: Option<String>,
}

/// A complex type with element content (and attributes).
#[derive(Debug, Clone)]
pub struct StructDef {
    pub elements: Vec<Field>,
    pub attributes: Vec<Field>,
    /// `simpleContent`: the element's text, as this value.
    pub text: Option<ValueType>,
    /// `xs:any` (or soapenc arrays): the Rust name of a `Vec<RawXml>` field that keeps every
    /// child element no other field takes, as its markup.
    pub any: Option<String>,
}

/// An `xs:choice` of elements: one variant per alternative. A struct field of this type
/// takes whichever alternative appears (a `Vec` of them when the choice repeats, so the
/// order of the alternatives on the wire is kept).
#[derive(Debug, Clone)]
pub struct ChoiceDef {
    pub variants: Vec<ChoiceVariant>,
}

#[derive(Debug, Clone)]
pub struct ChoiceVariant {
    pub rust_name: String,
    pub xml_local: String,
    pub xml_written: String,
    pub ty: ValueType,
    pub boxed: bool,
    pub doc: Option<String>,
    /// What the alternative is on the wire.
    pub wire: VariantWire,
}

/// What one alternative of an `xs:choice` is on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantWire {
    /// One element, `xml_local`, of type `ty`.
    Element,
    /// A sequence of elements: `ty` is a struct with one field per element, in order, read
    /// from consecutive siblings.
    Sequence(SequenceWire),
    /// `xs:any`: any element the other alternatives do not begin with, kept as markup
    /// (`ty` is `AnyType`).
    Any,
}

/// How a sequence alternative of a choice is recognised and read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceWire {
    /// The local names it can begin with: its leading optional elements and its first
    /// required one.
    pub starts: Vec<String>,
    /// minOccurs/maxOccurs of each of the struct's fields, in order.
    pub occurs: Vec<crate::wsdl::Occurs>,
}

/// A simpleType restricted to an enumeration of strings.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// (wire value, Rust variant name, doc).
    pub values: Vec<(String, String, Option<String>)>,
    /// The variant that keeps a value this schema does not list.
    pub unknown_variant: String,
}

/// An abstract complex type, written with `xsi:type` as one of its concrete extensions.
#[derive(Debug, Clone)]
pub struct PolyDef {
    /// (Rust variant name, concrete type key, prefix:local written in xsi:type).
    pub variants: Vec<PolyVariant>,
}

#[derive(Debug, Clone)]
pub struct PolyVariant {
    pub rust_name: String,
    pub ty: TypeKey,
    pub xsi_prefix: String,
    pub xsi_local: String,
    pub xsi_ns: String,
    /// The declared (concrete) type itself: written without `xsi:type`, and what an
    /// element without `xsi:type` reads as.
    pub is_base: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Poly(PolyDef),
    Choice(ChoiceDef),
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub rust_name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Whether `Default` can be derived (every field allows it).
    pub has_default: bool,
}

impl TypeDef {
    pub fn is_simple(&self) -> bool {
        matches!(self.kind, TypeKind::Enum(_))
    }
}

/// A body or header element of a message: its name as written and its type.
#[derive(Debug, Clone)]
pub struct MessageElement {
    pub xml_local: String,
    pub xml_written: String,
    pub ty: TypeKey,
    /// One element, or several parts side by side.
    pub layout: BodyLayout,
}

/// How a message's value sits in the SOAP Body (or Header, or Fault detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLayout {
    /// One element, `xml_written`, holding the value: a document/literal part, an rpc
    /// wrapper, a header or a fault detail.
    Element,
    /// Several document/literal parts, one element each, side by side in the Body (the
    /// WS-I Basic Profile allows one, but services send more): `ty` is a struct with a
    /// field per part, written as its content; `xml_local` is the first part's element,
    /// which a response starts with.
    Parts,
}

/// A SOAP header element used by some operation.
#[derive(Debug, Clone)]
pub struct Header {
    pub element: MessageElement,
    /// Method name on `HeaderSource` and on each call builder.
    pub rust_name: String,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The WSDL operation name (`syncLead`).
    pub name: String,
    /// The client method (`sync_lead`).
    pub rust_name: String,
    /// The variant in `Request`/`Response` and the call builder prefix (`SyncLead`).
    pub type_name: String,
    pub doc: Option<String>,
    pub soap_action: String,
    pub input: MessageElement,
    pub output: Option<MessageElement>,
    /// Indexes into `Model::headers`.
    pub input_headers: Vec<usize>,
    /// The `wsdl:fault`s the operation declares, decoded from a SOAP Fault's detail.
    pub faults: Vec<FaultDef>,
}

/// A declared `wsdl:fault`: its detail element.
#[derive(Debug, Clone)]
pub struct FaultDef {
    /// The WSDL fault name.
    pub name: String,
    /// Variant in the operation's fault enum.
    pub rust_name: String,
    pub element: MessageElement,
}

/// One SOAP binding rendered as one client type.
#[derive(Debug, Clone)]
pub struct ClientDef {
    pub rust_name: String,
    /// The `static` holding this binding's `ServiceSpec`.
    pub spec_name: String,
    pub soap: SoapVersion,
    pub binding: String,
    pub address: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// Name of the WSDL file the model came from (for the header comment).
    pub source_name: String,
    pub types: BTreeMap<TypeKey, TypeDef>,
    /// (prefix, namespace URI), declared on every envelope.
    pub namespaces: Vec<(String, String)>,
    pub headers: Vec<Header>,
    pub clients: Vec<ClientDef>,
    /// Problems that left an operation or type out (empty with `Options::strict`).
    pub warnings: Vec<crate::Error>,
}

impl Model {
    pub fn ty(&self, key: &TypeKey) -> &TypeDef {
        // Every key in the model was inserted by `build`, which checks references first.
        &self.types[key]
    }
}

pub use build::build;

/// Exact lookup, else the one entry with the same local name. Real WSDLs often leave a
/// reference unprefixed under a default namespace that is not the one the definition is
/// in (zeep, gSOAP and others accept them); when only one definition has that local name
/// the intent is unambiguous. Two or more candidates: no match, and the caller reports it.
pub(crate) fn lookup<'m, V>(
    map: &'m BTreeMap<QName, V>,
    name: &QName,
) -> Option<(&'m QName, &'m V)> {
    if let Some(found) = map.get_key_value(name) {
        return Some(found);
    }
    let mut candidates = map.iter().filter(|(k, _)| k.local == name.local);
    let first = candidates.next()?;
    candidates.next().is_none().then_some(first)
}
