//! Sequence alternatives of an `xs:choice`: a sequence (or model group) of several
//! elements becomes a struct of its own, recognised by the elements it can begin with and
//! read in order from consecutive siblings.

use super::choice::{Alternative, MAX_NESTING};
use super::collect::Collected;
use super::types::{heck_upper, TypeBuilder};
use super::{Cardinality, Field, SequenceWire, StructDef, TypeKind, ValueType, VariantWire};
use crate::error::{Error, Pos, Result};
use crate::naming;
use crate::wsdl::{MaxOccurs, Occurs, Particle, QName};

/// A sequence alternative with more elements than this is named after its first one.
const MAX_NAMED_ELEMENTS: usize = 3;

impl TypeBuilder<'_> {
    /// A sequence of several elements as one alternative: a struct of them (named after
    /// `group` when it is a model group). None when the sequence holds no element.
    pub(super) fn sequence_alternative(
        &mut self,
        key: &QName,
        items: &[Particle],
        occurs: Occurs,
        group: Option<&str>,
        pos: &Pos,
        depth: usize,
    ) -> Result<Option<Alternative>> {
        let mut collected = Collected::default();
        let mut element_occurs = Vec::new();
        for item in items {
            self.sequence_item(
                key,
                item,
                false,
                pos,
                &mut collected,
                &mut element_occurs,
                depth + 1,
            )?;
        }
        let Some((first_local, first)) = collected.elements.first() else {
            return Ok(None);
        };
        let (local, written) = (first_local.clone(), first.xml_written.clone());
        // What can begin the sequence: every leading optional element and the first
        // required one. When all are optional the sequence may be empty.
        let mut starts = Vec::new();
        let mut can_be_empty = true;
        for ((_, f), o) in collected.elements.iter().zip(&element_occurs) {
            for name in self.wire_names(f) {
                if !starts.contains(&name) {
                    starts.push(name);
                }
            }
            if o.min > 0 {
                can_be_empty = false;
                break;
            }
        }
        let locals: Vec<&str> = collected.elements.iter().map(|e| e.0.as_str()).collect();
        let name = match group {
            Some(name) => name.to_string(),
            None if locals.len() <= MAX_NAMED_ELEMENTS => locals.join("_and_"),
            None => format!("{local}_sequence"),
        };
        let rust_names = naming::field_names(&locals, locals.len());
        let elements = collected
            .elements
            .into_iter()
            .zip(rust_names)
            .map(|((_, mut f), rust_name)| {
                f.rust_name = rust_name;
                f
            })
            .collect();
        let struct_key = self.fresh_key(&QName::new(
            &key.ns,
            &format!("{}{}", key.local, heck_upper(&name)),
        ));
        let doc = match group {
            Some(group) => format!(
                "Group `{group}`: one alternative of an `xs:choice`, its elements in order."
            ),
            None => "The elements of one alternative of an `xs:choice`, in order.".to_string(),
        };
        self.built.insert(
            struct_key.clone(),
            super::types::Built {
                doc: Some(doc),
                kind: TypeKind::Struct(StructDef {
                    elements,
                    attributes: Vec::new(),
                    text: None,
                    any: None,
                }),
                name_hint: struct_key.local.clone(),
            },
        );
        // The variant's own element name is the first it can begin with (a leading choice
        // field's name is no element); readers go by all of `starts`.
        let local = starts.first().cloned().unwrap_or(local);
        Ok(Some(Alternative {
            name,
            local,
            written,
            ty: ValueType::Named(struct_key),
            many: occurs.max.is_many(),
            min0: occurs.min == 0 || can_be_empty,
            doc: None,
            wire: VariantWire::Sequence(SequenceWire {
                starts,
                occurs: element_occurs,
            }),
        }))
    }

    /// The element names a field of a sequence alternative is read from: its own, or for
    /// a choice field, those of its alternatives.
    fn wire_names(&self, f: &Field) -> Vec<String> {
        if let ValueType::Named(k) = &f.ty {
            if let Some(TypeKind::Choice(c)) = self.built.get(k).map(|b| &b.kind) {
                return c.variants.iter().map(|v| v.xml_local.clone()).collect();
            }
        }
        vec![f.xml_local.clone()]
    }

    /// One particle of a sequence alternative: elements become fields (with the
    /// occurrences the reader checks); nested sequences and groups that occur at most once
    /// are flattened in.
    #[allow(clippy::too_many_arguments)]
    fn sequence_item(
        &mut self,
        key: &QName,
        item: &Particle,
        optional: bool,
        pos: &Pos,
        out: &mut Collected,
        element_occurs: &mut Vec<Occurs>,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_NESTING {
            return Err(Error::at(pos, "choices and groups nest too deeply"));
        }
        let effective = |o: &Occurs| Occurs {
            min: if optional { 0 } else { o.min },
            max: o.max,
        };
        match item {
            Particle::Element { element, occurs } => {
                let context = QName::new(&key.ns, &format!("{}_{}", key.local, element.name.local));
                let ty = self.value_type(&element.ty, &context, &element.pos)?;
                let written = self.written(&element.name);
                out.push_element(
                    &element.name.local,
                    written,
                    ty,
                    occurs,
                    optional,
                    element.nillable,
                    element.doc.clone(),
                );
                element_occurs.push(effective(occurs));
            }
            Particle::ElementRef { name, occurs, pos } => {
                let element = self.element(name).ok_or_else(|| {
                    Error::at(pos, format!("element {} is not defined", self.display(name)))
                })?;
                if element.is_abstract || !self.substitutes(name).is_empty() {
                    return Err(Error::at(
                        pos,
                        "a substitution group in a sequence alternative of an xs:choice is not supported yet",
                    ));
                }
                let ty = self.value_type(&self.element_type(element), name, &element.pos)?;
                out.push_element(
                    &name.local,
                    self.written(name),
                    ty,
                    occurs,
                    optional,
                    element.nillable,
                    element.doc.clone(),
                );
                element_occurs.push(effective(occurs));
            }
            Particle::Sequence { items, occurs, pos } if !occurs.max.is_many() => {
                for i in items {
                    let optional = optional || occurs.min == 0;
                    self.sequence_item(key, i, optional, pos, out, element_occurs, depth + 1)?;
                }
            }
            Particle::GroupRef { name, occurs, pos } if !occurs.max.is_many() => {
                let group = self.group(name).ok_or_else(|| {
                    Error::at(pos, format!("group {} is not defined", self.display(name)))
                })?;
                if let Some(p) = &group.particle {
                    let optional = optional || occurs.min == 0;
                    self.sequence_item(key, p, optional, pos, out, element_occurs, depth + 1)?;
                }
            }
            Particle::Sequence { pos, .. } | Particle::GroupRef { pos, .. } => {
                return Err(Error::at(
                    pos,
                    "a repeated sequence inside a sequence alternative of an xs:choice is not supported yet",
                ))
            }
            // A choice of elements inside the sequence: a field of its own choice type,
            // read where it stands by whichever element it begins with.
            Particle::Choice { items, occurs, pos } => {
                let before = out.elements.len();
                self.collect_choice(key, items, *occurs, optional, pos, out)?;
                let Some((_, field)) = out.elements.get(before) else {
                    return Ok(());
                };
                let nested_sequence_or_any = match &field.ty {
                    ValueType::Named(k) => self.built.get(k).is_some_and(|b| match &b.kind {
                        TypeKind::Choice(c) => c.variants.iter().any(|v| v.wire != VariantWire::Element),
                        _ => false,
                    }),
                    ValueType::Builtin(_) => false,
                };
                if nested_sequence_or_any {
                    return Err(Error::at(
                        pos,
                        "an xs:choice of sequences or xs:any inside a sequence alternative of an xs:choice is not supported yet",
                    ));
                }
                element_occurs.push(match field.card {
                    Cardinality::Required => Occurs::ONE,
                    Cardinality::Many => Occurs {
                        min: if optional { 0 } else { occurs.min },
                        max: if occurs.max.is_many() { occurs.max } else { MaxOccurs::Unbounded },
                    },
                    _ => Occurs {
                        min: 0,
                        max: MaxOccurs::Bounded(1),
                    },
                });
            }
            Particle::All { pos, .. } => {
                return Err(Error::at(
                    pos,
                    "an xs:all inside a sequence alternative of an xs:choice is not supported yet",
                ))
            }
            Particle::Any { pos, .. } => {
                return Err(Error::at(
                    pos,
                    "xs:any inside a sequence alternative of an xs:choice is not supported yet",
                ))
            }
        }
        Ok(())
    }
}
