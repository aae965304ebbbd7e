//! `xs:choice` and substitution groups -> a choice enum plus one struct field holding it.
//! An alternative is an element, a sequence of elements (a struct of its own, read from
//! consecutive siblings) or `xs:any` (whatever element the others do not begin with).

use std::collections::BTreeMap;

use super::collect::Collected;
use super::types::TypeBuilder;
use super::{Builtin, Cardinality, ChoiceDef, ChoiceVariant, Field};
use super::{TypeKind, ValueType, VariantWire};
use crate::error::{Error, Pos, Result};
use crate::naming;
use crate::wsdl::{Occurs, Particle, QName};

/// One alternative of a choice, flattened out of nested choices and groups.
pub(super) struct Alternative {
    /// What the Rust variant is named after.
    pub name: String,
    pub local: String,
    pub written: String,
    pub ty: ValueType,
    pub many: bool,
    pub min0: bool,
    pub doc: Option<String>,
    pub wire: VariantWire,
}

impl Alternative {
    /// The local names that tell this alternative is present.
    fn starts(&self) -> &[String] {
        match &self.wire {
            VariantWire::Element => std::slice::from_ref(&self.local),
            VariantWire::Sequence(s) => &s.starts,
            VariantWire::Any => &[],
        }
    }
}

/// Nested choices and groups deeper than this are a schema error, not a design.
pub(super) const MAX_NESTING: usize = 64;

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
        check_distinct_starts(&alts, pos)?;
        let many = occurs.max.is_many() || alts.iter().any(|a| a.many);
        let min0 = optional || can_be_empty || occurs.min == 0 || alts.iter().any(|a| a.min0);
        let raw: Vec<&str> = alts.iter().map(|a| a.name.as_str()).collect();
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
                wire: a.wire,
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
                    name: element.name.local.clone(),
                    local: element.name.local.clone(),
                    written: self.written(&element.name),
                    ty,
                    many: occurs.max.is_many(),
                    min0: occurs.min == 0,
                    doc: element.doc.clone(),
                    wire: VariantWire::Element,
                });
            }
            Particle::ElementRef { name, occurs, pos } => {
                let subs = self.substitutes(name);
                let element = self.element(name).ok_or_else(|| {
                    Error::at(
                        pos,
                        format!("element {} is not defined", self.display(name)),
                    )
                })?;
                if !element.is_abstract {
                    let ty = self.value_type(&self.element_type(element), name, &element.pos)?;
                    alts.push(Alternative {
                        name: name.local.clone(),
                        local: name.local.clone(),
                        written: self.written(name),
                        ty,
                        many: occurs.max.is_many(),
                        min0: occurs.min == 0,
                        doc: element.doc.clone(),
                        wire: VariantWire::Element,
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
            Particle::Sequence { items, .. } | Particle::All { items, .. } if items.len() <= 1 => {
                match items.first() {
                    None => *can_be_empty = true,
                    Some(one) => self.flatten(key, one, pos, alts, can_be_empty, depth + 1)?,
                }
            }
            Particle::Sequence { items, occurs, pos } => {
                let alt = self.sequence_alternative(key, items, *occurs, None, pos, depth)?;
                match alt {
                    Some(alt) => alts.push(alt),
                    None => *can_be_empty = true,
                }
            }
            Particle::All { pos, .. } => {
                return Err(Error::at(
                    pos,
                    "an xs:all of several elements inside an xs:choice is not supported yet",
                ))
            }
            Particle::GroupRef { name, pos, occurs } => {
                let group = self.group(name).ok_or_else(|| {
                    Error::at(pos, format!("group {} is not defined", self.display(name)))
                })?;
                match &group.particle {
                    // A group of several elements: an alternative named after the group.
                    Some(Particle::Sequence {
                        items,
                        occurs: inner,
                        ..
                    }) if items.len() > 1 => {
                        let occurs = combined(*occurs, *inner);
                        let alt = self.sequence_alternative(
                            key,
                            items,
                            occurs,
                            Some(&name.local),
                            pos,
                            depth,
                        )?;
                        match alt {
                            Some(alt) => alts.push(alt),
                            None => *can_be_empty = true,
                        }
                    }
                    Some(p) => self.flatten(key, p, pos, alts, can_be_empty, depth + 1)?,
                    None => *can_be_empty = true,
                }
            }
            Particle::Any { occurs, .. } => {
                // A second xs:any would take nothing the first does not.
                if !alts.iter().any(|a| a.wire == VariantWire::Any) {
                    alts.push(Alternative {
                        name: "any".to_string(),
                        local: String::new(),
                        written: String::new(),
                        ty: ValueType::Builtin(Builtin::AnyType),
                        many: occurs.max.is_many(),
                        min0: occurs.min == 0,
                        doc: Some(
                            "Any element the other alternatives do not begin with \
                             (`xs:any`), as its markup."
                                .to_string(),
                        ),
                        wire: VariantWire::Any,
                    });
                }
            }
        }
        Ok(())
    }
}

/// A group reference's occurrences around its sequence's: optional if either is, repeated
/// if either is.
fn combined(outer: Occurs, inner: Occurs) -> Occurs {
    Occurs {
        min: outer.min.min(inner.min),
        max: if inner.max.is_many() {
            inner.max
        } else {
            outer.max
        },
    }
}

/// A reader tells alternatives apart by the element they begin with. XML Schema's unique
/// particle attribution rule means two alternatives never begin with the same element; a
/// schema where a sequence alternative does cannot be read back deterministically.
/// (Element alternatives sharing a name keep the older rule: the first one takes it.)
fn check_distinct_starts(alts: &[Alternative], pos: &Pos) -> Result<()> {
    let mut owner: BTreeMap<&str, &Alternative> = BTreeMap::new();
    for alt in alts {
        for start in alt.starts() {
            match owner.get(start.as_str()) {
                Some(earlier)
                    if matches!(earlier.wire, VariantWire::Sequence(_))
                        || matches!(alt.wire, VariantWire::Sequence(_)) =>
                {
                    return Err(Error::at(
                        pos,
                        format!(
                            "xs:choice alternatives `{}` and `{}` can both begin with element `{start}`, \
                             so a reader cannot tell them apart (XML Schema's unique particle attribution rule forbids this)",
                            earlier.name, alt.name
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    owner.insert(start, alt);
                }
            }
        }
    }
    Ok(())
}
