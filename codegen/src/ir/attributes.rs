//! Attributes: a complex type's own (local, by reference, from attribute groups) and the
//! ones it inherits — through an extension all of the base's; through a restriction those
//! it does not redeclare or prohibit (XSD 1.0 §3.4.2).

use super::collect::Collected;
use super::types::{heck_upper, suffixed, TypeBuilder, MAX_DEPTH};
use super::{lookup, Builtin, Field, TypeKind, ValueType};
use crate::error::{Error, Pos, Result};
use crate::wsdl::{AttributeUse, ComplexContent, ComplexType, QName, TypeUse};

/// Derivation chains longer than this are circular, not real.
const MAX_CHAIN: usize = 200;

impl TypeBuilder<'_> {
    /// Every attribute values of `ct` carry, as (local name, field).
    pub(super) fn attributes_of(
        &mut self,
        key: &QName,
        ct: &ComplexType,
        depth: usize,
    ) -> Result<Vec<(String, Field)>> {
        if depth > MAX_CHAIN {
            return Err(Error::at(
                &ct.pos,
                "type derivation chain is too long or circular",
            ));
        }
        let mut own = Collected::default();
        self.collect_attributes(key, &ct.attributes, &mut own, 0)?;
        let base = match &ct.content {
            ComplexContent::Extension { base, .. } | ComplexContent::Restriction { base, .. } => {
                Some(base)
            }
            ComplexContent::Simple {
                base: TypeUse::Named(base),
            } => Some(base),
            _ => None,
        };
        let mut all = match base {
            Some(base) => self.base_attributes(key, base, &ct.pos, depth + 1)?,
            None => Vec::new(),
        };
        if matches!(ct.content, ComplexContent::Restriction { .. }) {
            all = restrict(all, &own.attributes, &ct.attributes);
        }
        all.extend(own.attributes);
        Ok(all)
    }

    /// The attributes of the base type `base` (none for XSD and SOAP-encoding types).
    pub(super) fn base_attributes(
        &mut self,
        key: &QName,
        base: &QName,
        pos: &Pos,
        depth: usize,
    ) -> Result<Vec<(String, Field)>> {
        if base.is_xsd() || base.ns == crate::wsdl::SOAPENC_NS {
            return Ok(Vec::new());
        }
        let schemas = self.schemas();
        match lookup(&schemas.complex_types, base) {
            Some((_, base_ct)) => self.attributes_of(key, base_ct, depth),
            // A simple base type has no attributes.
            None if lookup(&schemas.simple_types, base).is_some() => Ok(Vec::new()),
            None => Err(Error::at(
                pos,
                format!("base type {} is not defined", self.display(base)),
            )),
        }
    }

    pub(super) fn collect_attributes(
        &mut self,
        key: &QName,
        uses: &[AttributeUse],
        out: &mut Collected,
        depth: usize,
    ) -> Result<()> {
        for u in uses {
            match u {
                AttributeUse::Local(a) => {
                    if a.prohibited {
                        continue;
                    }
                    let context = suffixed(key, &heck_upper(&a.name.local));
                    let ty = self.attribute_type(&a.ty, &context, &a.pos)?;
                    let written = self.written(&a.name);
                    out.push_attribute(
                        &a.name.local,
                        written,
                        ty,
                        a.required,
                        a.doc.clone(),
                        a.default.as_deref(),
                    );
                }
                AttributeUse::Ref {
                    name,
                    required,
                    default,
                    pos,
                    ..
                } => {
                    if name.ns == crate::wsdl::SOAPENC_NS || name.ns == crate::wsdl::WSDL_NS {
                        // soapenc:arrayType and friends describe the encoding, not data.
                        continue;
                    }
                    let schemas = self.schemas();
                    let a = lookup(&schemas.attributes, name)
                        .map(|(_, a)| a)
                        .ok_or_else(|| {
                            Error::at(
                                pos,
                                format!("attribute {} is not defined", self.display(name)),
                            )
                        })?;
                    let ty = self.attribute_type(&a.ty, name, &a.pos)?;
                    let written = self.written(name);
                    let default = default.as_deref().or(a.default.as_deref());
                    out.push_attribute(&name.local, written, ty, *required, a.doc.clone(), default);
                }
                AttributeUse::GroupRef { name, pos } => {
                    if depth > MAX_DEPTH {
                        return Err(Error::at(pos, "attribute groups nest too deeply"));
                    }
                    let schemas = self.schemas();
                    let group = lookup(&schemas.attribute_groups, name)
                        .map(|(_, g)| g)
                        .ok_or_else(|| {
                            Error::at(
                                pos,
                                format!("attribute group {} is not defined", self.display(name)),
                            )
                        })?;
                    self.collect_attributes(key, &group.attributes, out, depth + 1)?;
                }
                // Attributes no schema names cannot be typed; they are ignored on read.
                AttributeUse::AnyAttribute { .. } => {}
            }
        }
        Ok(())
    }

    fn attribute_type(&mut self, ty: &TypeUse, context: &QName, pos: &Pos) -> Result<ValueType> {
        let vt = match ty {
            TypeUse::Unspecified => ValueType::Builtin(Builtin::String),
            other => self.value_type(other, context, pos)?,
        };
        let simple = match &vt {
            ValueType::Builtin(b) => *b != Builtin::AnyType,
            ValueType::Named(k) => self
                .built
                .get(k)
                .is_some_and(|b| matches!(b.kind, TypeKind::Enum(_))),
        };
        if simple {
            Ok(vt)
        } else {
            Err(Error::at(pos, "an attribute must have a simple type"))
        }
    }
}

/// The inherited attributes a restriction keeps: not redeclared, not prohibited.
pub(super) fn restrict(
    inherited: Vec<(String, Field)>,
    own: &[(String, Field)],
    declared: &[AttributeUse],
) -> Vec<(String, Field)> {
    let prohibited: Vec<&str> = declared
        .iter()
        .filter_map(|u| match u {
            AttributeUse::Local(a) if a.prohibited => Some(a.name.local.as_str()),
            _ => None,
        })
        .collect();
    inherited
        .into_iter()
        .filter(|(name, _)| {
            !prohibited.contains(&name.as_str()) && !own.iter().any(|(n, _)| n == name)
        })
        .collect()
}
