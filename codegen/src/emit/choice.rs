//! Choice enums: one variant per alternative, with the methods struct readers and writers
//! call to handle whichever alternative is present, and the hooks `read` uses to dispatch
//! to them. An alternative that is a sequence reads on past its first element, so a
//! struct holding such a choice walks its children with an iterator the choice advances.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, is_simple, value_type};
use crate::ir::{Builtin, Cardinality, ChoiceDef, ChoiceVariant, Field, Model, StructDef};
use crate::ir::{SequenceWire, TypeDef, TypeKind, ValueType, VariantWire};
use crate::wsdl::MaxOccurs;

fn variant_type(model: &Model, v: &ChoiceVariant) -> TokenStream {
    let ty = value_type(model, &v.ty);
    if v.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// Whether some alternative is a sequence: the choice is then read with `read_choice_from`.
fn has_sequence(c: &ChoiceDef) -> bool {
    c.variants
        .iter()
        .any(|v| matches!(v.wire, VariantWire::Sequence(_)))
}

/// The names a struct reader hands to a choice field: what each alternative can begin
/// with (an `xs:any` alternative takes the rest, through `any_field`).
pub(super) fn dispatch_names(c: &ChoiceDef) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for v in &c.variants {
        let starts = match &v.wire {
            VariantWire::Element => std::slice::from_ref(&v.xml_local),
            VariantWire::Sequence(s) => s.starts.as_slice(),
            VariantWire::Any => &[],
        };
        for s in starts {
            if !names.contains(s) {
                names.push(s.clone());
            }
        }
    }
    names
}

/// The first choice field of `s` with an `xs:any` alternative: it takes every child
/// element no other field takes (when the struct keeps no `xs:any` of its own).
pub(super) fn any_field<'s>(model: &Model, s: &'s StructDef) -> Option<&'s Field> {
    s.elements.iter().find(|f| {
        super::choice_of(model, &f.ty)
            .is_some_and(|c| c.variants.iter().any(|v| v.wire == VariantWire::Any))
    })
}

/// The expression that reads a value of choice type `vt` from `child`, inside a struct
/// reader's loop (see `children_loop`).
pub(super) fn read_field_value(model: &Model, vt: &ValueType) -> TokenStream {
    let ty = value_type(model, vt);
    match super::choice_of(model, vt) {
        Some(c) if has_sequence(c) => quote! { #ty::read_choice_from(child, &mut children)? },
        _ => quote! { #ty::read_choice(child)? },
    }
}

/// The head of a struct reader's loop over `node`'s children: a `for`, or, when a choice
/// field has a sequence alternative, a `while let` over `children`, which that
/// alternative's reader moves past the siblings it takes.
pub(super) fn children_loop(model: &Model, s: &StructDef) -> TokenStream {
    let advancing = s
        .elements
        .iter()
        .any(|f| super::choice_of(model, &f.ty).is_some_and(has_sequence));
    if advancing {
        quote! { let mut children = node.children(); while let Some(child) = children.next() }
    } else {
        quote! { for child in node.children() }
    }
}

pub(super) fn choice_def(model: &Model, t: &TypeDef, c: &ChoiceDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let variants = c.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = variant_type(model, v);
        let doc = super::doc_attrs(v.doc.as_deref());
        let wire = match &v.wire {
            VariantWire::Element => format!(" The `{}` element.", v.xml_local),
            VariantWire::Sequence(s) => format!(
                " A sequence of elements, beginning with {}.",
                s.starts
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            VariantWire::Any => String::new(),
        };
        let wire = (!wire.is_empty()).then(|| quote! { #[doc = #wire] });
        quote! { #doc #wire #vname(#ty), }
    });
    let writes = c.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let written = &v.xml_written;
        let value = if v.boxed {
            quote! { &**v }
        } else {
            quote! { v }
        };
        match &v.wire {
            VariantWire::Any => quote! { Self::#vname(v) => { w.raw(&v.0); Ok(()) } },
            VariantWire::Sequence(_) => {
                quote! { Self::#vname(v) => rt::xml::ComplexValue::write_content(#value, w), }
            }
            VariantWire::Element if is_simple(model, &v.ty) => {
                quote! { Self::#vname(v) => w.simple_element(#written, #value), }
            }
            VariantWire::Element => {
                quote! { Self::#vname(v) => rt::xml::write_complex(w, #written, #value), }
            }
        }
    });
    let read = read_fns(model, t, c);
    let write_doc = if has_sequence(c) {
        " Writes the alternative as its element (a sequence alternative as its elements)."
    } else {
        " Writes the alternative as its element."
    };
    quote! {
        /// One alternative of an `xs:choice`.
        // Alternatives differ in size by nature; boxing them all would cost every user an
        // allocation and a `Box::new` for the sake of the largest.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #[doc = #write_doc]
            pub fn write_choice(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                match self { #(#writes)* }
            }

            #read
        }
    }
}

/// Reads one value of type `vt` from element `node` (an ident).
fn read_value(model: &Model, vt: &ValueType, boxed: bool, node: &TokenStream) -> TokenStream {
    let ty = value_type(model, vt);
    let read = if *vt == ValueType::Builtin(Builtin::AnyType) {
        // anyType content may be elements: keep its markup.
        quote! { rt::RawXml(rt::xml::inner_xml(#node)) }
    } else if is_simple(model, vt) {
        quote! { rt::xml::read_simple::<#ty>(#node)? }
    } else {
        quote! { rt::xml::read_complex::<#ty>(#node)? }
    };
    if boxed {
        quote! { Box::new(#read) }
    } else {
        read
    }
}

/// `read_choice(child)`, or `read_choice_from(child, rest)` with a reader per sequence
/// alternative when there are any.
fn read_fns(model: &Model, t: &TypeDef, c: &ChoiceDef) -> TokenStream {
    let child = quote! { child };
    let mut arms = Vec::new();
    let mut sequence_readers = Vec::new();
    let mut any = None;
    for v in &c.variants {
        let vname = ident(&v.rust_name);
        match &v.wire {
            VariantWire::Element => {
                let local = &v.xml_local;
                let read = read_value(model, &v.ty, v.boxed, &child);
                arms.push(quote! { #local => Ok(Self::#vname(#read)), });
            }
            VariantWire::Sequence(seq) => {
                let reader = ident(&format!(
                    "read_{}",
                    crate::naming::snake_ident(&v.rust_name).trim_start_matches("r#")
                ));
                let starts = &seq.starts;
                let read = quote! { Self::#reader(child, rest)? };
                let read = if v.boxed {
                    quote! { Box::new(#read) }
                } else {
                    read
                };
                arms.push(quote! { #(#starts)|* => Ok(Self::#vname(#read)), });
                sequence_readers.push(sequence_reader(model, v, seq, &reader));
            }
            VariantWire::Any => any = Some(vname),
        }
    }
    let not_one = format!("is not an alternative of {}", t.rust_name);
    let fallback = match &any {
        Some(vname) => {
            quote! { _ => Ok(Self::#vname(rt::RawXml(rt::xml::standalone_xml(child)))), }
        }
        None => quote! {
            other => Err(rt::xml::DecodeError::new(format!("<{other}> {}", #not_one)).at(child)),
        },
    };
    let body = match (&any, arms.is_empty()) {
        // Only xs:any: every element is it.
        (Some(vname), true) => {
            quote! { Ok(Self::#vname(rt::RawXml(rt::xml::standalone_xml(child)))) }
        }
        _ => quote! {
            match child.tag_name().name() {
                #(#arms)*
                #fallback
            }
        },
    };
    if sequence_readers.is_empty() {
        return quote! {
            /// Reads the alternative that `child` is, by its local name.
            pub fn read_choice(child: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
                #body
            }
        };
    }
    quote! {
        /// Reads the alternative that begins at `child`, by its local name. `rest` iterates
        /// the siblings after `child`; a sequence alternative moves it past those it takes.
        pub fn read_choice_from<'a, 'input>(
            child: rt::roxmltree::Node<'a, 'input>,
            rest: &mut rt::roxmltree::Children<'a, 'input>,
        ) -> Result<Self, rt::xml::DecodeError> {
            #body
        }

        #(#sequence_readers)*
    }
}

/// Reads a sequence alternative from `first` and the siblings after it, in order, taking
/// each element as many times as its maxOccurs allows and failing when one occurs fewer
/// times than its minOccurs.
fn sequence_reader(
    model: &Model,
    v: &ChoiceVariant,
    seq: &SequenceWire,
    reader: &proc_macro2::Ident,
) -> TokenStream {
    let ValueType::Named(key) = &v.ty else {
        return TokenStream::new();
    };
    let TypeKind::Struct(s) = &model.ty(key).kind else {
        return TokenStream::new();
    };
    let ty = ident(&model.ty(key).rust_name);
    let n = quote! { n };
    let count = s.elements.len();
    let steps = s.elements.iter().zip(&seq.occurs).enumerate().map(|(i, (f, occurs))| {
        let var = super::local_var(f);
        let local = &f.xml_local;
        // A choice field (of elements only) is read by whichever element it begins with.
        let (names, one) = match super::choice_of(model, &f.ty) {
            Some(c) => {
                let ty = value_type(model, &f.ty);
                let read = quote! { #ty::read_choice(n)? };
                let read = if f.boxed {
                    quote! { Box::new(#read) }
                } else {
                    read
                };
                (dispatch_names(c), read)
            }
            None => (vec![local.clone()], read_value(model, &f.ty, f.boxed, &n)),
        };
        let many = matches!(f.card, Cardinality::Many | Cardinality::ManyNillable);
        // The last element leaves `next` unread unless it repeats.
        let advance = if i + 1 < count || many {
            quote! { next = n.next_sibling_element(); taken += 1; }
        } else {
            quote! { taken += 1; }
        };
        let is_next = match names.as_slice() {
            [one] => quote! { n.tag_name().name() == #one },
            names => quote! { matches!(n.tag_name().name(), #(#names)|*) },
        };
        let matching = quote! { next.filter(|n| #is_next) };
        match f.card {
            Cardinality::Required => quote! {
                let #var = match #matching {
                    Some(n) => { #advance #one }
                    None => return Err(rt::xml::missing(#local, first)),
                };
            },
            Cardinality::Optional | Cardinality::RequiredNillable => quote! {
                let #var = match #matching {
                    Some(n) => { #advance if rt::xml::is_nil(n) { None } else { Some(#one) } }
                    None => None,
                };
            },
            Cardinality::OptionalNillable => quote! {
                let #var = match #matching {
                    Some(n) => {
                        #advance
                        if rt::xml::is_nil(n) { rt::Nillable::Nil } else { rt::Nillable::Value(#one) }
                    }
                    None => rt::Nillable::Absent,
                };
            },
            Cardinality::Many | Cardinality::ManyNillable => {
                let push = if f.card == Cardinality::ManyNillable {
                    quote! { #var.push(if rt::xml::is_nil(n) { None } else { Some(#one) }); }
                } else {
                    quote! { #var.push(#one); }
                };
                let bound = match occurs.max {
                    MaxOccurs::Bounded(max) => {
                        let max = usize::try_from(max).unwrap_or(usize::MAX);
                        quote! { #var.len() < #max && }
                    }
                    MaxOccurs::Unbounded => quote! {},
                };
                let too_few = match occurs.min {
                    0 => None,
                    1 => Some(quote! { #var.is_empty() }),
                    min => {
                        let min = usize::try_from(min).unwrap_or(usize::MAX);
                        Some(quote! { #var.len() < #min })
                    }
                };
                let min_check = too_few.map(|too_few| {
                    quote! {
                        if #too_few {
                            return Err(rt::xml::missing(#local, first));
                        }
                    }
                });
                quote! {
                    let mut #var = Vec::new();
                    while let Some(n) = next.filter(|n| #bound #is_next) {
                        #advance
                        #push
                    }
                    #min_check
                }
            }
        }
    });
    let fields = s.elements.iter().map(|f| {
        let name = ident(&f.rust_name);
        let var = super::local_var(f);
        quote! { #name: #var, }
    });
    // `next` is reassigned only when something after the first element is looked at.
    let next_mut = if count > 1
        || s.elements
            .iter()
            .any(|f| matches!(f.card, Cardinality::Many | Cardinality::ManyNillable))
    {
        quote! { mut }
    } else {
        quote! {}
    };
    let doc = format!(
        " Reads the `{}` alternative in order from `first`.",
        v.rust_name
    );
    quote! {
        #[doc = #doc]
        fn #reader<'a, 'input>(
            first: rt::roxmltree::Node<'a, 'input>,
            rest: &mut rt::roxmltree::Children<'a, 'input>,
        ) -> Result<#ty, rt::xml::DecodeError> {
            // The element to look at next, and how many have been taken.
            let #next_mut next = Some(first);
            let mut taken = 0usize;
            #(#steps)*
            // `rest` is already past `first`: move it past the others taken.
            for _ in 1..taken {
                let _ = rest.find(|n| n.is_element());
            }
            Ok(#ty { #(#fields)* })
        }
    }
}
