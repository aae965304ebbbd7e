//! Attributes a complex type inherits: through an extension all of the base's; through a
//! restriction those it does not redeclare or prohibit (XSD 1.0 §3.4.2).

use super::collect::Collected;
use super::lookup;
use super::types::TypeBuilder;
use super::Field;
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
