//! Messages -> what a SOAP Body (or Header, or Fault detail) carries: the element of a
//! document/literal part, the parts of a document/literal message side by side, or an rpc
//! wrapper element around the parts.

use std::collections::BTreeMap;

use super::synth::PartField;
use super::types::TypeBuilder;
use super::{BodyLayout, MessageElement, TypeKind, ValueType};
use crate::error::{Error, Pos, Result};
use crate::wsdl::{BodyBinding, Definitions, HeaderBinding, Message, Part, QName, TypeUse};

/// The structs made up for document/literal bodies of several parts, by message and the
/// parts in the body, so operations sharing a message share its type.
#[derive(Default)]
pub(super) struct PartsCache {
    bodies: BTreeMap<(QName, Vec<String>), MessageElement>,
}

impl PartsCache {
    /// Forgets the bodies whose struct a failed operation took back out of the arena.
    pub fn retain_built(&mut self, tb: &TypeBuilder<'_>) {
        self.bodies
            .retain(|_, body| tb.built.contains_key(&body.ty));
    }
}

/// The parts of `msg` that go in the Body: those `soap:body parts=` lists, else every part
/// not bound as a header of the same message.
fn body_parts<'m>(
    msg: &'m Message,
    body: Option<&BodyBinding>,
    headers: &[HeaderBinding],
) -> Vec<&'m Part> {
    msg.parts
        .iter()
        .filter(|p| match body.and_then(|b| b.parts.as_ref()) {
            Some(names) => names.contains(&p.name),
            None => !headers
                .iter()
                .any(|h| h.message == msg.name && h.part == p.name),
        })
        .collect()
}

/// What a document/literal body carries: one part's element, or several parts' elements
/// one after another.
pub(super) fn document_body(
    tb: &mut TypeBuilder<'_>,
    msg: &Message,
    body: Option<&BodyBinding>,
    headers: &[HeaderBinding],
    pos: &Pos,
    cache: &mut PartsCache,
) -> Result<MessageElement> {
    if body.is_some_and(|b| b.encoded) {
        return Err(Error::at(
            pos,
            "use=\"encoded\" bodies are not supported yet",
        ));
    }
    let parts = body_parts(msg, body, headers);
    let part = match parts.as_slice() {
        [one] => *one,
        [] if msg.parts.is_empty() => {
            return Err(Error::at(
                &msg.pos,
                format!(
                    "message {} has no parts: an empty document/literal Body is not supported yet",
                    msg.name.local
                ),
            ))
        }
        [] => {
            return Err(Error::at(
                &msg.pos,
                format!("message {} has no body part", msg.name.local),
            ))
        }
        several => return parts_body(tb, msg, several, cache),
    };
    match (&part.element, &part.ty) {
        (Some(element), _) => message_element(tb, element, &part.pos),
        // Not WS-I conformant but common (and what other tools do): the part's name is the
        // body element, unqualified, of the part's type.
        (None, Some(ty)) => {
            let name = QName::new("", &part.name);
            let context = QName::new(&ty.ns, &format!("{}Part", part.name));
            let vt = tb.value_type(&TypeUse::Named(ty.clone()), &context, &part.pos)?;
            let key = match vt {
                ValueType::Named(key)
                    if tb
                        .built
                        .get(&key)
                        .is_some_and(|b| !matches!(b.kind, TypeKind::Enum(_))) =>
                {
                    key
                }
                simple => tb.wrapper(&name, simple),
            };
            Ok(MessageElement {
                xml_local: part.name.clone(),
                xml_written: part.name.clone(),
                ty: key,
                layout: BodyLayout::Element,
            })
        }
        (None, None) => Err(Error::at(
            &part.pos,
            format!("part {} has neither element= nor type=", part.name),
        )),
    }
}

/// Several document/literal parts (WS-I Basic Profile allows one, but services send more):
/// their elements are siblings in the Body, held by a struct with one field per part.
fn parts_body(
    tb: &mut TypeBuilder<'_>,
    msg: &Message,
    parts: &[&Part],
    cache: &mut PartsCache,
) -> Result<MessageElement> {
    let cache_key = (
        msg.name.clone(),
        parts.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
    );
    if let Some(known) = cache.bodies.get(&cache_key) {
        return Ok(known.clone());
    }
    let mut fields = Vec::new();
    for p in parts {
        let field = match (&p.element, &p.ty) {
            (Some(name), _) => {
                let element = tb.element(name).ok_or_else(|| {
                    Error::at(
                        &p.pos,
                        format!("element {} is not defined", tb.display(name)),
                    )
                })?;
                let ty = tb.value_type(&tb.element_type(element), name, &element.pos)?;
                PartField {
                    part: p.name.clone(),
                    local: name.local.clone(),
                    written: tb.written(name),
                    ty,
                    nillable: element.nillable,
                }
            }
            // As for one part: the part's name, unqualified, is the element.
            (None, Some(ty)) => {
                let context = QName::new(&ty.ns, &format!("{}Part", p.name));
                let ty = tb.value_type(&TypeUse::Named(ty.clone()), &context, &p.pos)?;
                PartField {
                    part: p.name.clone(),
                    local: p.name.clone(),
                    written: p.name.clone(),
                    ty,
                    nillable: false,
                }
            }
            (None, None) => {
                return Err(Error::at(
                    &p.pos,
                    format!("part {} has neither element= nor type=", p.name),
                ))
            }
        };
        fields.push(field);
    }
    // `parts` has two or more entries, so there is a first field.
    let (xml_local, xml_written) = fields
        .first()
        .map(|f| (f.local.clone(), f.written.clone()))
        .unwrap_or_default();
    let name = QName::new(&msg.name.ns, &format!("{}Parts", msg.name.local));
    let ty = tb.parts_struct(&name, &msg.name.local, fields);
    let body = MessageElement {
        xml_local,
        xml_written,
        ty,
        layout: BodyLayout::Parts,
    };
    cache.bodies.insert(cache_key, body.clone());
    Ok(body)
}

/// A global element as a body, header or fault detail: a struct (a simple value is
/// wrapped in one).
pub(super) fn message_element(
    tb: &mut TypeBuilder<'_>,
    name: &QName,
    pos: &Pos,
) -> Result<MessageElement> {
    let element = tb
        .element(name)
        .ok_or_else(|| Error::at(pos, format!("element {} is not defined", tb.display(name))))?;
    let ty = match tb.value_type(&tb.element_type(element), name, &element.pos)? {
        ValueType::Named(key)
            if tb
                .built
                .get(&key)
                .is_some_and(|b| !matches!(b.kind, TypeKind::Enum(_))) =>
        {
            key
        }
        // A body or header holds a struct: wrap a simple value in one.
        simple => tb.wrapper(name, simple),
    };
    Ok(MessageElement {
        xml_local: name.local.clone(),
        xml_written: tb.written(name),
        ty,
        layout: BodyLayout::Element,
    })
}

/// The namespace of an rpc wrapper element: `soap:body namespace=`, else the WSDL's.
pub(super) fn rpc_namespace(defs: &Definitions, body: Option<&BodyBinding>) -> String {
    body.and_then(|b| b.namespace.clone())
        .filter(|ns| !ns.is_empty())
        .unwrap_or_else(|| defs.target_ns.clone())
}

/// An rpc body: a wrapper element named after the operation (`...Response` for the
/// output) whose children are the message parts: a `type=` part by its part name,
/// unqualified; an `element=` part as that element.
pub(super) fn rpc_body(
    tb: &mut TypeBuilder<'_>,
    msg: &Message,
    body: Option<&BodyBinding>,
    headers: &[HeaderBinding],
    ns: &str,
    wrapper: &str,
) -> Result<MessageElement> {
    let mut parts = Vec::new();
    for p in body_parts(msg, body, headers) {
        let context = QName::new(ns, &format!("{wrapper}_{}", p.name));
        match (&p.ty, &p.element) {
            (Some(ty), _) => {
                let vt = tb.value_type(&TypeUse::Named(ty.clone()), &context, &p.pos)?;
                parts.push((p.name.clone(), p.name.clone(), vt));
            }
            (None, Some(el)) => {
                let element = tb.element(el).ok_or_else(|| {
                    Error::at(&p.pos, format!("element {} is not defined", tb.display(el)))
                })?;
                let vt = tb.value_type(&element.ty, el, &element.pos)?;
                parts.push((el.local.clone(), tb.written(el), vt));
            }
            (None, None) => {
                return Err(Error::at(
                    &p.pos,
                    format!("part {} has neither type= nor element=", p.name),
                ));
            }
        }
    }
    let name = QName::new(ns, wrapper);
    let ty = tb.rpc_wrapper(&name, parts);
    Ok(MessageElement {
        xml_local: wrapper.to_string(),
        xml_written: tb.written(&name),
        ty,
        layout: BodyLayout::Element,
    })
}
