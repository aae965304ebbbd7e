//! `xs:choice` and substitution groups -> a choice enum plus one struct field holding it.

use super::collect::Collected;
use super::types::TypeBuilder;
use super::{Cardinality, ChoiceDef, ChoiceVariant, Field, TypeKind, ValueType};
use crate::error::{Error, Pos, Result};
use crate::naming;
use crate::wsdl::{Occurs, Particle, QName};

/// One alternative of a choice, flattened out of nested choices and groups.
struct Alternative {
    local: String,
    written: String,
    ty: ValueType,
    many: bool,
    min0: bool,
    doc: Option<String>,
}

/// Nested choices and groups deeper than this are a schema error, not a design.
const MAX_NESTING: usize = 64;

impl TypeBuilder<'_> {
    /// Adds the field for a choice among `items` to `out`.
    pub(super) fn collect_choice(
        &mut self,
        key: &QName,
        items: &[Particle],
        occurs: Occurs,
        optional: bool,
        pos: &Pos,
        out: &mut Collected,
    ) -> Result<()> {
        let mut alts = Vec::new();
        let mut can_be_empty = false;
        for item in items {
            self.flatten(key, item, pos, &mut alts, &mut can_be_empty, 0)?;
        }
        if alts.is_empty() {
            return Ok(());
        }
        let many = occurs.max.is_many() || alts.iter().any(|a| a.many);
        let min0 = optional || can_be_empty || occurs.min == 0 || alts.iter().any(|a| a.min0);
        let raw: Vec<&str> = alts.iter().map(|a| a.local.as_str()).collect();
        let (variant_names, _) = naming::variant_names(&raw);
        let field_local = if alts.len() <= 3 {
            raw.join("_or_")
        } else {
            "choice".to_string()
        };
        let choice_key = self.fresh_key(&QName::new(&key.ns, &format!("{}Choice", key.local)));
        let variants = alts
            .into_iter()
            .zip(variant_names)
            .map(|(a, rust_name)| ChoiceVariant {
                rust_name,
                xml_local: a.local,
                xml_written: a.written,
                ty: a.ty,
                boxed: false,
                doc: a.doc,
            })
            .collect();
        self.built.insert(
            choice_key.clone(),
            super::types::Built {
                doc: None,
                kind: TypeKind::Choice(ChoiceDef { variants }),
                name_hint: choice_key.local.clone(),
            },
        );
        let card = if many {
            Cardinality::Many
        } else if min0 {
            Cardinality::Optional
        } else {
            Cardinality::Required
        };
        out.elements.push((
            field_local.clone(),
            Field {
                rust_name: String::new(),
                xml_local: field_local.clone(),
                xml_written: field_local,
                ty: ValueType::Named(choice_key),
                card,
                boxed: false,
                doc: Some("One of the alternatives of an `xs:choice`.".to_string()),
            },
        ));
        Ok(())
    }

    fn flatten(
        &mut self,
        key: &QName,
        item: &Particle,
        pos: &Pos,
        alts: &mut Vec<Alternative>,
        can_be_empty: &mut bool,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_NESTING {
            return Err(Error::at(pos, "choices and groups nest too deeply"));
        }
        match item {
            Particle::Element { element, occurs } => {
                let context = QName::new(&key.ns, &format!("{}_{}", key.local, element.name.local));
                let ty = self.value_type(&element.ty, &context, &element.pos)?;
                alts.push(Alternative {
                    local: element.name.local.clone(),
                    written: self.written(&element.name),
                    ty,
                    many: occurs.max.is_many(),
                    min0: occurs.min == 0,
                    doc: element.doc.clone(),
                });
            }
            Particle::ElementRef { name, occurs, pos } => {
                let subs = self.substitutes(name);
                let element = self.element(name).ok_or_else(|| {
                    Error::at(pos, format!("element {} is not defined", self.display(name)))
                })?;
                if !element.is_abstract {
                    let ty = self.value_type(&self.element_type(element), name, &element.pos)?;
                    alts.push(Alternative {
                        local: name.local.clone(),
                        written: self.written(name),
                        ty,
                        many: occurs.max.is_many(),
                        min0: occurs.min == 0,
                        doc: element.doc.clone(),
                    });
                }
                for sub in subs {
                    let sub_ref = Particle::ElementRef {
                        name: sub,
                        occurs: *occurs,
                        pos: pos.clone(),
                    };
                    self.flatten(key, &sub_ref, pos, alts, can_be_empty, depth + 1)?;
                }
            }
            Particle::Choice { items, .. } => {
                for i in items {
                    self.flatten(key, i, pos, alts, can_be_empty, depth + 1)?;
                }
            }
            Particle::Sequence { items, .. } | Particle::All { items, .. } => match items.as_slice() {
                [] => *can_be_empty = true,
                [one] => self.flatten(key, one, pos, alts, can_be_empty, depth + 1)?,
                _ => {
                    return Err(Error::at(
                        pos,
                        "an xs:choice alternative that is a sequence of several elements is not supported yet",
                    ))
                }
            },
            Particle::GroupRef { name, pos, .. } => {
                let group = self.group(name).ok_or_else(|| {
                    Error::at(pos, format!("group {} is not defined", self.display(name)))
                })?;
                if let Some(p) = &group.particle {
                    self.flatten(key, p, pos, alts, can_be_empty, depth + 1)?;
                }
            }
            Particle::Any { pos, .. } => {
                return Err(Error::at(pos, "xs:any inside an xs:choice is not supported yet"));
            }
        }
        Ok(())
    }
}
