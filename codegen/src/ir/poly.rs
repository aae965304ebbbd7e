//! `xsi:type` polymorphism: a named type with concrete extensions becomes an enum of them
//! (with the type itself as a variant when it is concrete).

use std::collections::BTreeSet;

use super::types::TypeBuilder;
use super::{PolyDef, PolyVariant};
use crate::error::{Pos, Result};
use crate::naming;
use crate::wsdl::QName;

impl TypeBuilder<'_> {
    /// The concrete types that extend `base`, directly or not.
    pub(super) fn concrete_extensions(&self, base: &QName) -> Vec<QName> {
        let mut concrete = Vec::new();
        let mut stack = vec![base.clone()];
        let mut seen = BTreeSet::new();
        while let Some(t) = stack.pop() {
            for sub in self.extensions.get(&t).cloned().unwrap_or_default() {
                if !seen.insert(sub.clone()) {
                    continue;
                }
                if self
                    .schemas
                    .complex_types
                    .get(&sub)
                    .is_some_and(|ct| !ct.is_abstract)
                {
                    concrete.push(sub.clone());
                }
                stack.push(sub);
            }
        }
        concrete.sort();
        concrete
    }

    pub(super) fn has_concrete_extensions(&self, base: &QName) -> bool {
        !self.concrete_extensions(base).is_empty()
    }

    /// The struct holding `ty`'s own content: `ty` itself, or `<Type>Base` when `ty` is a
    /// concrete type that became an enum of its extensions.
    pub(super) fn struct_key_of(&mut self, ty: &QName, pos: &Pos) -> Result<QName> {
        self.named(ty, pos)?;
        Ok(self
            .own_struct
            .get(ty)
            .cloned()
            .unwrap_or_else(|| ty.clone()))
    }

    /// The `xsi:type` variants of `base`: `own` (a concrete base's own struct) first, then
    /// every concrete extension.
    pub(super) fn poly(&mut self, base: &QName, own: Option<QName>, pos: &Pos) -> Result<PolyDef> {
        let concrete = self.concrete_extensions(base);
        let mut locals: Vec<&str> = Vec::new();
        if own.is_some() {
            locals.push(base.local.as_str());
        }
        locals.extend(concrete.iter().map(|q| q.local.as_str()));
        let (names, _) = naming::variant_names(&locals);
        let mut names = names.into_iter();
        let mut variants = Vec::new();
        if let Some(own) = own {
            variants.push(PolyVariant {
                rust_name: names.next().unwrap_or_default(),
                ty: own,
                xsi_prefix: self.prefixes.get(&base.ns).cloned().unwrap_or_default(),
                xsi_local: base.local.clone(),
                xsi_ns: base.ns.clone(),
                is_base: true,
            });
        }
        for ty in &concrete {
            let key = self.struct_key_of(ty, pos)?;
            variants.push(PolyVariant {
                rust_name: names.next().unwrap_or_default(),
                ty: key,
                xsi_prefix: self.prefixes.get(&ty.ns).cloned().unwrap_or_default(),
                xsi_local: ty.local.clone(),
                xsi_ns: ty.ns.clone(),
                is_base: false,
            });
        }
        Ok(PolyDef { variants })
    }
}
