//! Schema types -> arena entries. Each named type is built once (a placeholder goes in before
//! its fields are resolved, so recursive types terminate); anonymous types get a key made from
//! where they appear.

use std::collections::{BTreeMap, BTreeSet};

use super::builtins::builtin;
use super::collect::Collected;
use super::{lookup, Builtin, EnumDef, Field, StructDef, TypeKey};
use super::{TypeKind, ValueType};
use crate::error::{Error, Pos, Result};
use crate::naming;
use crate::wsdl::{
    ComplexContent, ComplexType, Occurs, Particle, QName, SchemaSet, SimpleType, SimpleTypeKind,
    TypeUse,
};

/// A type being built: everything but its Rust name, which `naming` picks at the end.
#[derive(Debug, Clone)]
pub(super) struct Built {
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Base for the Rust name (the schema's local name, or a made-up one).
    pub name_hint: String,
}

/// Deep enough for any real schema, shallow enough to never overflow the stack.
pub(super) const MAX_DEPTH: usize = 200;

pub(super) struct TypeBuilder<'a> {
    pub(super) schemas: &'a SchemaSet,
    /// namespace URI -> prefix written on the wire.
    pub(super) prefixes: &'a BTreeMap<String, String>,
    pub built: BTreeMap<TypeKey, Built>,
    /// Simple types that map straight to a built-in (restrictions without enumeration).
    simple_aliases: BTreeMap<QName, ValueType>,
    in_progress: BTreeSet<QName>,
    /// Concrete types that became an enum of their extensions -> the struct of their own
    /// content.
    pub(super) own_struct: BTreeMap<QName, QName>,
    /// base type -> types extending it directly.
    pub(super) extensions: BTreeMap<QName, Vec<QName>>,
    depth: usize,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(schemas: &'a SchemaSet, prefixes: &'a BTreeMap<String, String>) -> Self {
        let mut extensions: BTreeMap<QName, Vec<QName>> = BTreeMap::new();
        for (name, ct) in &schemas.complex_types {
            if let ComplexContent::Extension { base, .. } = &ct.content {
                extensions
                    .entry(base.clone())
                    .or_default()
                    .push(name.clone());
            }
        }
        TypeBuilder {
            schemas,
            prefixes,
            built: BTreeMap::new(),
            simple_aliases: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            own_struct: BTreeMap::new(),
            extensions,
            depth: 0,
        }
    }

    /// Global elements naming `head` as their substitution group (direct members only).
    pub fn substitutes(&self, head: &QName) -> Vec<QName> {
        self.schemas
            .elements
            .iter()
            .filter(|(_, e)| e.substitution_group.as_ref() == Some(head))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Every schema read.
    pub fn schemas(&self) -> &'a SchemaSet {
        self.schemas
    }

    /// The type of a global element; a substitution group member declared without one
    /// has its head's type (XSD 1.0 §3.3.2).
    pub fn element_type(&self, element: &crate::wsdl::Element) -> TypeUse {
        let mut current = element;
        for _ in 0..MAX_DEPTH {
            match (&current.ty, &current.substitution_group) {
                (TypeUse::Unspecified, Some(head)) => match self.element(head) {
                    Some(h) => current = h,
                    None => break,
                },
                _ => break,
            }
        }
        current.ty.clone()
    }

    /// A global model group.
    pub fn group(&self, name: &QName) -> Option<&'a crate::wsdl::Group> {
        lookup(&self.schemas.groups, name).map(|(_, g)| g)
    }

    /// The arena's keys now, to undo a failed operation with `rollback`.
    pub fn mark(&self) -> BTreeSet<QName> {
        self.built.keys().cloned().collect()
    }

    /// Removes every type added since `mark`.
    pub fn rollback(&mut self, mark: &BTreeSet<QName>) {
        self.built.retain(|k, _| mark.contains(k));
    }

    /// A global element declaration.
    pub fn element(&self, name: &QName) -> Option<&'a crate::wsdl::Element> {
        lookup(&self.schemas.elements, name).map(|(_, e)| e)
    }

    /// The written form of a name: `prefix:local` in a namespace, `local` in none.
    pub fn written(&self, name: &QName) -> String {
        match self.prefixes.get(&name.ns) {
            Some(prefix) if !name.ns.is_empty() => format!("{prefix}:{}", name.local),
            _ => name.local.clone(),
        }
    }

    /// Resolves a type reference to a value type, building named types on first use.
    /// `context` names an anonymous type after where it appears.
    pub fn value_type(&mut self, ty: &TypeUse, context: &QName, pos: &Pos) -> Result<ValueType> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(Error::at(
                pos,
                "type definitions nest too deeply (over 200 levels)",
            ))
        } else {
            self.value_type_inner(ty, context, pos)
        };
        self.depth -= 1;
        result
    }

    fn value_type_inner(&mut self, ty: &TypeUse, context: &QName, pos: &Pos) -> Result<ValueType> {
        match ty {
            TypeUse::Unspecified => Ok(ValueType::Builtin(Builtin::AnyType)),
            TypeUse::Named(name) => self.named(name, pos),
            TypeUse::AnonComplex(ct) => {
                let key = self.fresh_key(context);
                self.build_complex(&key, ct)?;
                Ok(ValueType::Named(key))
            }
            TypeUse::AnonSimple(st) => {
                let key = self.fresh_key(context);
                self.simple(&key, st)
            }
        }
    }

    pub(super) fn named(&mut self, name: &QName, pos: &Pos) -> Result<ValueType> {
        let canonical;
        let name = if name.is_xsd() {
            name
        } else {
            let schemas = self.schemas;
            canonical = lookup(&schemas.complex_types, name)
                .map(|(k, _)| k)
                .or_else(|| lookup(&schemas.simple_types, name).map(|(k, _)| k))
                .unwrap_or(name);
            canonical
        };
        if name.is_xsd() {
            return builtin(&name.local).map(ValueType::Builtin).ok_or_else(|| {
                Error::at(pos, format!("unknown XML Schema type xs:{}", name.local))
            });
        }
        if let Some(alias) = self.simple_aliases.get(name) {
            return Ok(alias.clone());
        }
        if self.built.contains_key(name) {
            return Ok(ValueType::Named(name.clone()));
        }
        if self.in_progress.contains(name) {
            // Complex types insert a placeholder before recursing, so only a simple type
            // can get here: one that is derived from itself.
            return Err(Error::at(
                pos,
                format!("type {} is derived from itself", self.display(name)),
            ));
        }
        let schemas = self.schemas;
        if let Some(ct) = schemas.complex_types.get(name) {
            self.in_progress.insert(name.clone());
            let result = self.build_complex(name, ct);
            self.in_progress.remove(name);
            result?;
            return Ok(ValueType::Named(name.clone()));
        }
        if let Some(st) = schemas.simple_types.get(name) {
            self.in_progress.insert(name.clone());
            let result = self.simple(name, st);
            self.in_progress.remove(name);
            let vt = result?;
            if let ValueType::Builtin(_) = vt {
                self.simple_aliases.insert(name.clone(), vt.clone());
            }
            return Ok(vt);
        }
        if name.ns == crate::wsdl::SOAPENC_NS {
            // soapenc:string and friends mirror the XSD built-ins.
            if let Some(b) = builtin(&name.local) {
                return Ok(ValueType::Builtin(b));
            }
        }
        Err(Error::at(
            pos,
            format!("type {} is not defined", self.display(name)),
        ))
    }

    /// `prefix:local` for messages, falling back to `{ns}local`.
    pub fn display(&self, name: &QName) -> String {
        match self.prefixes.get(&name.ns) {
            Some(p) => format!("{p}:{}", name.local),
            None => name.to_string(),
        }
    }

    pub(super) fn fresh_key(&self, context: &QName) -> TypeKey {
        let mut key = context.clone();
        let mut n = 2;
        while self.built.contains_key(&key)
            || self.schemas.complex_types.contains_key(&key)
            || self.schemas.simple_types.contains_key(&key)
        {
            key.local = format!("{}{n}", context.local);
            n += 1;
        }
        key
    }

    /// A simple type: an enumeration becomes an enum in the arena; anything else maps to the
    /// built-in it restricts (lists and unions keep their text as a String).
    fn simple(&mut self, key: &QName, st: &SimpleType) -> Result<ValueType> {
        match &st.kind {
            SimpleTypeKind::Restriction { enumeration, base } if enumeration.is_empty() => {
                self.value_type(base, &suffixed(key, "Base"), &st.pos)
            }
            SimpleTypeKind::Restriction { enumeration, .. } => {
                let raw: Vec<&str> = enumeration.iter().map(|v| v.value.as_str()).collect();
                let (variants, unknown_variant) = naming::variant_names(&raw);
                let values = enumeration
                    .iter()
                    .zip(variants)
                    .map(|(v, rust)| (v.value.clone(), rust, v.doc.clone()))
                    .collect();
                self.built.insert(
                    key.clone(),
                    Built {
                        doc: st.doc.clone(),
                        kind: TypeKind::Enum(EnumDef {
                            values,
                            unknown_variant,
                        }),
                        name_hint: key.local.clone(),
                    },
                );
                Ok(ValueType::Named(key.clone()))
            }
            SimpleTypeKind::List { .. } | SimpleTypeKind::Union { .. } => {
                Ok(ValueType::Builtin(Builtin::String))
            }
        }
    }

    fn build_complex(&mut self, key: &QName, ct: &ComplexType) -> Result<()> {
        // Placeholder first: fields that refer back to this type find it.
        self.built.insert(
            key.clone(),
            Built {
                doc: ct.doc.clone(),
                kind: TypeKind::Struct(StructDef {
                    elements: Vec::new(),
                    attributes: Vec::new(),
                    text: None,
                    any: None,
                }),
                name_hint: key.local.clone(),
            },
        );
        // A named type with concrete extensions is written with xsi:type as any of them:
        // the type becomes an enum of them. A concrete base is one of the variants too,
        // with its own content in a struct keyed `<Type>Base`.
        let kind = if ct.name.is_some() && self.has_concrete_extensions(key) {
            let own = if ct.is_abstract {
                None
            } else {
                let own = self.fresh_key(&suffixed(key, "Base"));
                self.own_struct.insert(key.clone(), own.clone());
                let placeholder = self.built.get(key).cloned();
                if let Some(mut b) = placeholder {
                    b.name_hint = own.local.clone();
                    self.built.insert(own.clone(), b);
                }
                let def = self.struct_def(key, ct)?;
                if let Some(b) = self.built.get_mut(&own) {
                    b.kind = TypeKind::Struct(def);
                }
                Some(own)
            };
            TypeKind::Poly(self.poly(key, own, &ct.pos)?)
        } else {
            TypeKind::Struct(self.struct_def(key, ct)?)
        };
        if let Some(b) = self.built.get_mut(key) {
            b.kind = kind;
        }
        Ok(())
    }

    fn struct_def(&mut self, key: &QName, ct: &ComplexType) -> Result<StructDef> {
        let mut collected = Collected::default();
        self.collect_complex(key, ct, &mut collected, 0)?;
        let mut names: Vec<&str> = collected.elements.iter().map(|f| f.0.as_str()).collect();
        names.extend(collected.attributes.iter().map(|f| f.0.as_str()));
        if collected.any {
            names.push("any");
        }
        let mut rust_names = naming::field_names(&names, collected.elements.len()).into_iter();
        let mut finish = |raw: Vec<(String, Field)>| -> Vec<Field> {
            raw.into_iter()
                .map(|(_, mut f)| {
                    f.rust_name = rust_names.next().unwrap_or_default();
                    f
                })
                .collect()
        };
        let elements = finish(collected.elements);
        let attributes = finish(collected.attributes);
        let any = if collected.any {
            rust_names.next()
        } else {
            None
        };
        Ok(StructDef {
            elements,
            attributes,
            text: collected.text,
            any,
        })
    }

    /// Gathers a complex type's content: base content first for extensions.
    fn collect_complex(
        &mut self,
        key: &QName,
        ct: &ComplexType,
        out: &mut Collected,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::at(
                &ct.pos,
                "type derivation chain is too long or circular",
            ));
        }
        match &ct.content {
            ComplexContent::Particle(p) => {
                if let Some(p) = p {
                    self.collect_particle(key, p, false, out)?;
                }
            }
            // A SOAP-encoded array: its items' type lives in a wsdl:arrayType attribute, and
            // each item may carry its own xsi:type, so the items are kept as markup.
            ComplexContent::Restriction { base, .. } | ComplexContent::Extension { base, .. }
                if base.ns == crate::wsdl::SOAPENC_NS =>
            {
                out.any = true;
                return Ok(());
            }
            ComplexContent::Extension { base, particle } => {
                if !base.is_xsd() {
                    let schemas = self.schemas;
                    let base_ct = lookup(&schemas.complex_types, base)
                        .map(|(_, c)| c)
                        .ok_or_else(|| {
                            Error::at(
                                &ct.pos,
                                format!("base type {} is not defined", self.display(base)),
                            )
                        })?;
                    self.collect_complex(key, base_ct, out, depth + 1)?;
                }
                if let Some(p) = particle {
                    self.collect_particle(key, p, false, out)?;
                }
            }
            ComplexContent::Restriction { base, particle } => {
                if let Some(p) = particle {
                    self.collect_particle(key, p, false, out)?;
                }
                // A restriction keeps the base's attributes it does not redeclare or prohibit.
                let inherited = self.base_attributes(key, base, &ct.pos, depth + 1)?;
                let mut own = Collected::default();
                self.collect_attributes(key, &ct.attributes, &mut own, 0)?;
                out.attributes.extend(super::attributes::restrict(
                    inherited,
                    &own.attributes,
                    &ct.attributes,
                ));
                out.attributes.extend(own.attributes);
                return Ok(());
            }
            ComplexContent::Simple { base } => {
                let vt = match base {
                    TypeUse::Named(name) if self.schemas.complex_types.contains_key(name) => {
                        let schemas = self.schemas;
                        let base_ct = &schemas.complex_types[name];
                        self.collect_complex(key, base_ct, out, depth + 1)?;
                        out.text.clone()
                    }
                    other => Some(self.value_type(other, &suffixed(key, "Value"), &ct.pos)?),
                };
                if let Some(ValueType::Named(k)) = &vt {
                    if !self
                        .built
                        .get(k)
                        .is_some_and(|b| matches!(b.kind, TypeKind::Enum(_)))
                    {
                        return Err(Error::at(
                            &ct.pos,
                            "simpleContent base must be a simple type",
                        ));
                    }
                }
                out.text = vt;
            }
        }
        self.collect_attributes(key, &ct.attributes, out, 0)
    }

    pub(super) fn collect_particle(
        &mut self,
        key: &QName,
        p: &Particle,
        optional: bool,
        out: &mut Collected,
    ) -> Result<()> {
        match p {
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
            }
            Particle::ElementRef { name, occurs, pos } if !self.substitutes(name).is_empty() => {
                // A substitution group head stands for any of its members: a choice.
                let item = Particle::ElementRef {
                    name: name.clone(),
                    occurs: Occurs::ONE,
                    pos: pos.clone(),
                };
                self.collect_choice(key, &[item], *occurs, optional, pos, out)?;
            }
            Particle::ElementRef { name, occurs, pos } => {
                let schemas = self.schemas;
                let element = lookup(&schemas.elements, name)
                    .map(|(_, e)| e)
                    .ok_or_else(|| {
                        Error::at(
                            pos,
                            format!("element {} is not defined", self.display(name)),
                        )
                    })?;
                let ty = self.value_type(&self.element_type(element), name, &element.pos)?;
                let written = self.written(name);
                out.push_element(
                    &name.local,
                    written,
                    ty,
                    occurs,
                    optional,
                    element.nillable,
                    element.doc.clone(),
                );
            }
            Particle::Sequence { items, occurs, pos } | Particle::All { items, occurs, pos } => {
                if occurs.max.is_many() && items.len() > 1 {
                    return Err(Error::at(
                        pos,
                        "a repeated xs:sequence of several elements is not supported yet",
                    ));
                }
                for item in items {
                    let item = with_outer_occurs(item, *occurs);
                    self.collect_particle(key, &item, optional || occurs.min == 0, out)?;
                }
            }
            Particle::Choice { items, occurs, pos } => {
                self.collect_choice(key, items, *occurs, optional, pos, out)?;
            }
            Particle::GroupRef { name, occurs, pos } => {
                let schemas = self.schemas;
                let group = lookup(&schemas.groups, name)
                    .map(|(_, g)| g)
                    .ok_or_else(|| {
                        Error::at(pos, format!("group {} is not defined", self.display(name)))
                    })?;
                if let Some(inner) = &group.particle {
                    let inner = with_outer_occurs(inner, *occurs);
                    self.collect_particle(key, &inner, optional || occurs.min == 0, out)?;
                }
            }
            // Elements no schema describes: kept as markup in one catch-all field.
            Particle::Any { .. } => out.any = true,
        }
        Ok(())
    }
}

/// A particle inside a repeated/optional group takes on the group's maxOccurs.
fn with_outer_occurs(p: &Particle, outer: Occurs) -> Particle {
    if !outer.max.is_many() {
        return p.clone();
    }
    let mut p = p.clone();
    if let Particle::Element { occurs, .. } | Particle::ElementRef { occurs, .. } = &mut p {
        occurs.max = outer.max;
    }
    p
}

pub(super) fn suffixed(key: &QName, suffix: &str) -> QName {
    QName::new(&key.ns, &format!("{}{suffix}", key.local))
}

pub(super) fn heck_upper(s: &str) -> String {
    use heck::ToUpperCamelCase;
    s.to_upper_camel_case()
}
