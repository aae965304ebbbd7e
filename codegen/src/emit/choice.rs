//! Choice enums: one variant per alternative element, with the methods struct readers and
//! writers call to handle whichever alternative is present.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, is_simple, value_type};
use crate::ir::{ChoiceDef, ChoiceVariant, Model, TypeDef};

fn variant_type(model: &Model, v: &ChoiceVariant) -> TokenStream {
    let ty = value_type(model, &v.ty);
    if v.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

pub(super) fn choice_def(model: &Model, t: &TypeDef, c: &ChoiceDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let variants = c.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = variant_type(model, v);
        let doc = super::doc_attrs(v.doc.as_deref());
        let wire = format!(" The `{}` element.", v.xml_local);
        quote! { #doc #[doc = #wire] #vname(#ty), }
    });
    let writes = c.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let written = &v.xml_written;
        let value = if v.boxed {
            quote! { &**v }
        } else {
            quote! { v }
        };
        if is_simple(model, &v.ty) {
            quote! { Self::#vname(v) => w.simple_element(#written, #value), }
        } else {
            quote! { Self::#vname(v) => rt::xml::write_complex(w, #written, #value), }
        }
    });
    let reads = c.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let local = &v.xml_local;
        let ty = value_type(model, &v.ty);
        let read = if v.ty == crate::ir::ValueType::Builtin(crate::ir::Builtin::AnyType) {
            // anyType content may be elements: keep its markup.
            quote! { rt::RawXml(rt::xml::inner_xml(child)) }
        } else if is_simple(model, &v.ty) {
            quote! { rt::xml::read_simple::<#ty>(child)? }
        } else {
            quote! { rt::xml::read_complex::<#ty>(child)? }
        };
        let read = if v.boxed {
            quote! { Box::new(#read) }
        } else {
            read
        };
        quote! { #local => Ok(Self::#vname(#read)), }
    });
    let not_one = format!("is not an alternative of {}", t.rust_name);
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
            /// Writes the alternative as its element.
            pub fn write_choice(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                match self { #(#writes)* }
            }

            /// Reads the alternative that `child` is, by its local name.
            pub fn read_choice(child: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
                match child.tag_name().name() {
                    #(#reads)*
                    other => Err(rt::xml::DecodeError::new(format!("<{other}> {}", #not_one)).at(child)),
                }
            }
        }
    }
}
