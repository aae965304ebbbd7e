//! Types the generator makes up where the schema has none: a struct around a simple-typed
//! message element, the wrapper element of an rpc-style body, and the parts of a
//! document/literal body of several parts.

use super::types::{Built, TypeBuilder};
use super::{Cardinality, Field, StructDef, TypeKey, TypeKind, ValueType};
use crate::naming;
use crate::wsdl::QName;

impl TypeBuilder<'_> {
    /// A struct around a simple value, for a message element of a simple type (a body or
    /// header holds a struct): its text is the value; anyType content is kept as markup.
    pub fn wrapper(&mut self, element: &QName, vt: ValueType) -> TypeKey {
        let key = self.fresh_key(&QName::new(
            &element.ns,
            &format!("{}Element", element.local),
        ));
        // anyType content (text and elements) is kept whole as the struct's value.
        let (text, any) = (Some(vt), None);
        self.built.insert(
            key.clone(),
            Built {
                doc: None,
                kind: TypeKind::Struct(StructDef {
                    elements: Vec::new(),
                    attributes: Vec::new(),
                    text,
                    any,
                }),
                name_hint: element.local.clone(),
            },
        );
        key
    }

    /// A struct made up for an rpc-style body: the operation's wrapper element, one field
    /// per message part, in order.
    pub fn rpc_wrapper(
        &mut self,
        name: &QName,
        parts: Vec<(String, String, ValueType)>,
    ) -> TypeKey {
        let key = self.fresh_key(name);
        let locals: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        let rust_names = naming::field_names(&locals, locals.len());
        let elements = parts
            .into_iter()
            .zip(rust_names)
            .map(|((local, written, ty), rust_name)| Field {
                rust_name,
                xml_local: local,
                xml_written: written,
                ty,
                card: Cardinality::Required,
                boxed: false,
                doc: None,
            })
            .collect();
        self.built.insert(
            key.clone(),
            Built {
                doc: None,
                kind: TypeKind::Struct(StructDef {
                    elements,
                    attributes: Vec::new(),
                    text: None,
                    any: None,
                }),
                name_hint: name.local.clone(),
            },
        );
        key
    }

    /// A struct made up for a document/literal body of several parts: one field per part,
    /// named after the part, in the order the message lists them.
    pub fn parts_struct(&mut self, name: &QName, message: &str, parts: Vec<PartField>) -> TypeKey {
        let key = self.fresh_key(name);
        let part_names: Vec<&str> = parts.iter().map(|p| p.part.as_str()).collect();
        let rust_names = naming::field_names(&part_names, part_names.len());
        let elements = parts
            .into_iter()
            .zip(rust_names)
            .map(|(p, rust_name)| Field {
                rust_name,
                xml_local: p.local,
                xml_written: p.written,
                ty: p.ty,
                card: if p.nillable {
                    Cardinality::RequiredNillable
                } else {
                    Cardinality::Required
                },
                boxed: false,
                doc: Some(format!("The `{}` part.", p.part)),
            })
            .collect();
        self.built.insert(
            key.clone(),
            Built {
                doc: Some(format!(
                    "The parts of message `{message}`, side by side in the SOAP Body."
                )),
                kind: TypeKind::Struct(StructDef {
                    elements,
                    attributes: Vec::new(),
                    text: None,
                    any: None,
                }),
                name_hint: name.local.clone(),
            },
        );
        key
    }
}

/// One part of a document/literal body of several parts.
pub struct PartField {
    /// The part's name: the Rust field is named after it.
    pub part: String,
    pub local: String,
    pub written: String,
    pub ty: ValueType,
    pub nillable: bool,
}
