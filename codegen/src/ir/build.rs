//! `ir::build`: the whole model from the read definitions.

use std::collections::{BTreeMap, BTreeSet};

use super::types::{Built, TypeBuilder};
use super::{Cardinality, Model, TypeDef, TypeKey, TypeKind, ValueType};
use crate::error::Result;
use crate::naming;
use crate::wsdl::{Definitions, QName, TypeUse};
use crate::Options;

pub fn build(defs: &Definitions, options: &Options) -> Result<Model> {
    // ns1, ns2... in the order namespaces were first seen: stable across runs.
    let namespaces = wire_namespaces(defs);
    let prefixes: BTreeMap<String, String> = namespaces
        .iter()
        .enumerate()
        .map(|(i, ns)| (ns.clone(), format!("ns{}", i + 1)))
        .collect();
    let mut tb = TypeBuilder::new(&defs.schemas, &prefixes);
    let mut headers = Vec::new();
    let mut warnings = Vec::new();
    let clients = super::operations::clients(defs, &mut tb, options, &mut headers, &mut warnings)?;
    if clients.iter().all(|c| c.operations.is_empty()) {
        // A bare schema (or a WSDL without SOAP operations): every global type and element,
        // each left out on its own (with a warning) when it cannot be generated.
        let types = defs
            .schemas
            .complex_types
            .iter()
            .map(|(n, c)| (n, TypeUse::Named(n.clone()), &c.pos));
        let simple = defs
            .schemas
            .simple_types
            .iter()
            .map(|(n, s)| (n, TypeUse::Named(n.clone()), &s.pos));
        let elements = defs
            .schemas
            .elements
            .iter()
            .map(|(n, e)| (n, e.ty.clone(), &e.pos));
        for (name, ty, pos) in types.chain(simple).chain(elements) {
            let mark = tb.mark();
            if let Err(e) = tb.value_type(&ty, name, pos) {
                tb.rollback(&mark);
                super::operations::skip_or_fail(e, options, &mut warnings)?;
            }
        }
    }
    let mut built = std::mem::take(&mut tb.built);
    box_recursive_fields(&mut built);
    let defaults = default_types(&built);

    let mut reserved: BTreeSet<String> = [
        "HeaderSource",
        "Headers",
        "Request",
        "Response",
        "BlockingClient",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for c in &clients {
        reserved.insert(c.rust_name.clone());
        for op in &c.operations {
            reserved.insert(format!("{}Call", op.type_name));
            reserved.insert(format!("{}Fault", op.type_name));
        }
    }
    let hints: Vec<(&TypeKey, &str)> = built
        .iter()
        .map(|(k, b)| (k, b.name_hint.as_str()))
        .collect();
    let names = naming::type_names(&hints, &reserved);
    let types = built
        .into_iter()
        .map(|(key, b)| {
            let rust_name = names
                .get(&key)
                .cloned()
                .unwrap_or_else(|| naming::type_name(&key.local));
            let has_default = defaults.contains(&key);
            (
                key,
                TypeDef {
                    rust_name,
                    doc: b.doc,
                    kind: b.kind,
                    has_default,
                },
            )
        })
        .collect();

    let namespaces = namespaces
        .iter()
        .filter_map(|ns| prefixes.get(ns).map(|p| (p.clone(), ns.clone())))
        .collect();
    let source_name = defs
        .files
        .first()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Model {
        source_name,
        types,
        namespaces,
        headers,
        clients,
        warnings,
    })
}

/// Namespaces elements can be written in: every schema's, then the wrapper namespaces of
/// rpc-style operations, in the order first seen.
fn wire_namespaces(defs: &Definitions) -> Vec<String> {
    let mut all = defs.schemas.namespaces.clone();
    for b in &defs.bindings {
        for op in &b.operations {
            if op.style.unwrap_or(b.style) != crate::wsdl::Style::Rpc {
                continue;
            }
            for body in [op.input_body.as_ref(), op.output_body.as_ref()] {
                let ns = super::bodies::rpc_namespace(defs, body);
                if !ns.is_empty() && !all.contains(&ns) {
                    all.push(ns);
                }
            }
        }
    }
    all
}

/// Types a field of `ty` holds inline (not behind a Vec): the edges that can make a type
/// infinitely large.
fn inline_targets(kind: &TypeKind) -> Vec<(usize, TypeKey)> {
    match kind {
        TypeKind::Struct(s) => s
            .elements
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                !matches!(f.card, Cardinality::Many | Cardinality::ManyNillable) && !f.boxed
            })
            .filter_map(|(i, f)| match &f.ty {
                ValueType::Named(k) => Some((i, k.clone())),
                ValueType::Builtin(_) => None,
            })
            .collect(),
        TypeKind::Poly(p) => p
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| (i, v.ty.clone()))
            .collect(),
        TypeKind::Choice(c) => c
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.boxed)
            .filter_map(|(i, v)| match &v.ty {
                ValueType::Named(k) => Some((i, k.clone())),
                ValueType::Builtin(_) => None,
            })
            .collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Boxes each struct field whose type can reach the struct again without passing a Vec or
/// a box: exactly the fields that would make the type infinitely sized.
fn box_recursive_fields(built: &mut BTreeMap<QName, Built>) {
    let keys: Vec<QName> = built.keys().cloned().collect();
    for key in keys {
        while let Some(b) = built.get(&key) {
            let targets = inline_targets(&b.kind);
            let cyclic = targets.into_iter().find(|(_, t)| reaches(built, t, &key));
            let Some((i, _)) = cyclic else { break };
            match built.get_mut(&key).map(|b| &mut b.kind) {
                Some(TypeKind::Struct(s)) => s.elements[i].boxed = true,
                Some(TypeKind::Choice(c)) => c.variants[i].boxed = true,
                // A poly enum reaching itself is broken by boxing inside its variants' structs.
                _ => break,
            }
        }
    }
}

fn reaches(built: &BTreeMap<QName, Built>, from: &QName, to: &QName) -> bool {
    let mut stack = vec![from.clone()];
    let mut seen = BTreeSet::new();
    while let Some(k) = stack.pop() {
        if &k == to {
            return true;
        }
        if !seen.insert(k.clone()) {
            continue;
        }
        if let Some(b) = built.get(&k) {
            stack.extend(inline_targets(&b.kind).into_iter().map(|(_, t)| t));
        }
    }
    false
}

/// The structs whose every field has a valid default: the least fixed point, so a type
/// that requires itself is never given a `Default` that would recurse forever.
fn default_types(built: &BTreeMap<QName, Built>) -> BTreeSet<QName> {
    let mut yes = BTreeSet::new();
    loop {
        let mut changed = false;
        for (key, b) in built {
            if yes.contains(key) {
                continue;
            }
            let TypeKind::Struct(s) = &b.kind else {
                continue;
            };
            let ok_value = |vt: &ValueType| match vt {
                ValueType::Builtin(b) => b.has_default(),
                ValueType::Named(k) => yes.contains(k),
            };
            let all = s
                .elements
                .iter()
                .chain(&s.attributes)
                .all(|f| f.card != Cardinality::Required || ok_value(&f.ty))
                && s.text.as_ref().is_none_or(ok_value);
            if all {
                yes.insert(key.clone());
                changed = true;
            }
        }
        if !changed {
            return yes;
        }
    }
}
