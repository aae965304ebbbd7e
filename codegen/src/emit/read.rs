//! XML readers: `ComplexValue::read` for structs (one pass over the children, matching local
//! names so any prefix works; unknown elements are skipped) and for xsi:type enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field_type, ident, is_simple, local_var};
use crate::ir::{Builtin, Cardinality, Field, Model, PolyDef, StructDef, TypeDef, ValueType};

/// Reads one value of the field's type from `child`.
fn read_one(model: &Model, f: &Field) -> TokenStream {
    let ty = super::value_type(model, &f.ty);
    let v = match &f.ty {
        vt if super::choice_of(model, vt).is_some() => super::choice::read_field_value(model, vt),
        // anyType content may be elements: keep its markup as it came.
        ValueType::Builtin(Builtin::AnyType) => quote! { rt::RawXml(rt::xml::inner_xml(child)) },
        vt if is_simple(model, vt) => quote! { rt::xml::read_simple::<#ty>(child)? },
        _ => quote! { rt::xml::read_complex::<#ty>(child)? },
    };
    if f.boxed {
        quote! { Box::new(#v) }
    } else {
        v
    }
}

fn duplicate(name: &str) -> TokenStream {
    quote! { return Err(rt::xml::duplicate(#name, child)) }
}

fn init(model: &Model, f: &Field) -> TokenStream {
    let var = local_var(f);
    let ty = field_type(model, f);
    match f.card {
        Cardinality::Required => quote! { let mut #var: Option<#ty> = None; },
        Cardinality::Optional => quote! { let mut #var: #ty = None; },
        // Some(None) is an explicit nil; None, not seen yet.
        Cardinality::RequiredNillable => quote! { let mut #var: Option<#ty> = None; },
        Cardinality::OptionalNillable => quote! { let mut #var: #ty = rt::Nillable::Absent; },
        Cardinality::Many | Cardinality::ManyNillable => quote! { let mut #var: #ty = Vec::new(); },
    }
}

/// The statements that take one matching child into the field's local variable.
fn arm_body(model: &Model, f: &Field) -> TokenStream {
    let var = local_var(f);
    let local = &f.xml_local;
    let one = read_one(model, f);
    let dup = duplicate(local);
    match f.card {
        Cardinality::Required => quote! {
            if #var.is_some() { #dup }
            #var = Some(#one);
        },
        // A nil on a non-nillable optional element carries no value: read it as absent.
        Cardinality::Optional => quote! {
            if #var.is_some() { #dup }
            if !rt::xml::is_nil(child) { #var = Some(#one); }
        },
        Cardinality::RequiredNillable => quote! {
            if #var.is_some() { #dup }
            #var = Some(if rt::xml::is_nil(child) { None } else { Some(#one) });
        },
        Cardinality::OptionalNillable => quote! {
            if !#var.is_absent() { #dup }
            #var = if rt::xml::is_nil(child) { rt::Nillable::Nil } else { rt::Nillable::Value(#one) };
        },
        Cardinality::Many => quote! { #var.push(#one); },
        Cardinality::ManyNillable => quote! {
            #var.push(if rt::xml::is_nil(child) { None } else { Some(#one) });
        },
    }
}

/// Dispatch on a child's local name: a `match` (or an `if` for a single name). `fallback`
/// handles every other child (by default they are skipped: a newer server's additions).
pub(super) fn dispatch(
    child_name: TokenStream,
    arms: Vec<(Vec<String>, TokenStream)>,
    fallback: Option<TokenStream>,
) -> TokenStream {
    match (arms.as_slice(), fallback) {
        ([], None) => quote! {},
        ([], Some(other)) => other,
        ([(names, body)], None) if names.len() == 1 => {
            let name = &names[0];
            quote! { if #child_name == #name { #body } }
        }
        (_, fallback) => {
            let fallback = fallback.unwrap_or_default();
            let arms = arms
                .iter()
                .map(|(names, body)| quote! { #(#names)|* => { #body } });
            quote! {
                match #child_name {
                    #(#arms)*
                    _ => { #fallback }
                }
            }
        }
    }
}

fn finish(f: &Field) -> TokenStream {
    let var = local_var(f);
    let name = ident(&f.rust_name);
    let local = &f.xml_local;
    match f.card {
        Cardinality::Required => {
            quote! { #name: #var.ok_or_else(|| rt::xml::missing(#local, node))?, }
        }
        // Required but nillable: a missing element means no value, like a nil one.
        Cardinality::RequiredNillable => quote! { #name: #var.flatten(), },
        _ => quote! { #name: #var, },
    }
}

fn attribute_read(model: &Model, f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let ty = super::value_type(model, &f.ty);
    let local = &f.xml_local;
    let path = format!("@{local}");
    // Qualified attributes are looked up by namespace too.
    let lookup = match f.xml_written.split_once(':') {
        Some(_) => {
            let ns = attribute_ns(model, f);
            quote! { node.attribute((#ns, #local)) }
        }
        None => quote! { node.attribute(#local) },
    };
    let parse = quote! {
        <#ty as rt::xml::SimpleValue>::parse_text(text)
            .map_err(|m| rt::xml::DecodeError::new(m).at(node).within(#path))?
    };
    match f.card {
        Cardinality::Required => quote! {
            #name: match #lookup {
                Some(text) => #parse,
                None => return Err(rt::xml::missing(#path, node)),
            },
        },
        _ => quote! {
            #name: match #lookup {
                Some(text) => Some(#parse),
                None => None,
            },
        },
    }
}

fn attribute_ns(model: &Model, f: &Field) -> String {
    let prefix = f.xml_written.split(':').next().unwrap_or_default();
    model
        .namespaces
        .iter()
        .find(|(p, _)| p == prefix)
        .map(|(_, ns)| ns.clone())
        .unwrap_or_default()
}

pub(super) fn struct_read_fn(model: &Model, s: &StructDef) -> TokenStream {
    let inits = s.elements.iter().map(|f| init(model, f));
    // Each wire name goes to the first field that takes it (a name twice in one content
    // model cannot be told apart by name alone).
    let mut taken = std::collections::BTreeSet::new();
    let arms = s
        .elements
        .iter()
        .filter_map(|f| {
            let names: Vec<String> = match super::choice_of(model, &f.ty) {
                Some(c) => super::choice::dispatch_names(c),
                None => vec![f.xml_local.clone()],
            };
            let names: Vec<String> = names
                .into_iter()
                .filter(|n| taken.insert(n.clone()))
                .collect();
            (!names.is_empty()).then(|| (names, arm_body(model, f)))
        })
        .collect();
    let fallback = s.any.as_ref().map(|name| {
        let var = ident(&format!("f_{name}"));
        quote! { #var.push(rt::RawXml(rt::xml::standalone_xml(child))); }
    });
    let fallback =
        fallback.or_else(|| super::choice::any_field(model, s).map(|f| arm_body(model, f)));
    let dispatch = dispatch(quote! { child.tag_name().name() }, arms, fallback);
    let finishes = s.elements.iter().map(finish);
    let attrs = s.attributes.iter().map(|f| attribute_read(model, f));
    let text = s.text.as_ref().map(|vt| {
        let ty = super::value_type(model, vt);
        let field = ident(&super::types::text_field_name(s));
        if *vt == ValueType::Builtin(Builtin::AnyType) {
            return quote! { #field: rt::RawXml(rt::xml::inner_xml(node)), };
        }
        quote! {
            #field: {
                let text: String = node.children().filter_map(|c| c.text()).collect();
                <#ty as rt::xml::SimpleValue>::parse_text(&text)
                    .map_err(|m| rt::xml::DecodeError::new(m).at(node))?
            },
        }
    });
    let any_init = s.any.as_ref().map(|name| {
        let var = ident(&format!("f_{name}"));
        quote! { let mut #var: Vec<rt::RawXml> = Vec::new(); }
    });
    let any_finish = s.any.as_ref().map(|name| {
        let (field, var) = (ident(name), ident(&format!("f_{name}")));
        quote! { #field: #var, }
    });
    let loop_ = if s.elements.is_empty() && s.any.is_none() {
        if s.attributes.is_empty() && s.text.is_none() {
            quote! { let _ = node; }
        } else {
            quote! {}
        }
    } else {
        let children_loop = super::choice::children_loop(model, s);
        quote! {
            #children_loop {
                if !child.is_element() {
                    continue;
                }
                #dispatch
            }
        }
    };
    quote! {
        fn read(node: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
            #(#inits)*
            #any_init
            #loop_
            Ok(Self {
                #(#attrs)*
                #(#finishes)*
                #text
                #any_finish
            })
        }
    }
}

pub(super) fn poly_read_fn(t: &TypeDef, p: &PolyDef) -> TokenStream {
    let arms = p.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let local = &v.xsi_local;
        quote! { Some((_, #local)) => Ok(Self::#vname(rt::xml::ComplexValue::read(node)?)), }
    });
    let unknown = format!("is not a type derived from {}", t.rust_name);
    let absent = format!("xsi:type is required: {} is abstract", t.rust_name);
    // Without xsi:type an element is its declared type: the base variant, when concrete.
    let none_arm = match p.variants.iter().find(|v| v.is_base) {
        Some(base) => {
            let vname = ident(&base.rust_name);
            quote! { Ok(Self::#vname(rt::xml::ComplexValue::read(node)?)) }
        }
        None => quote! { Err(rt::xml::DecodeError::new(#absent).at(node)) },
    };
    quote! {
        fn read(node: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
            match rt::xml::xsi_type(node) {
                #(#arms)*
                Some((_, other)) => Err(rt::xml::DecodeError::new(format!("xsi:type {other} {}", #unknown)).at(node)),
                None => #none_arm,
            }
        }
    }
}
