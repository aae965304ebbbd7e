//! XML writers: `ComplexValue::write_attributes` / `write_content` for structs and
//! polymorphic enums. Everything appends to the caller's one `XmlWriter` buffer.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, is_simple};
use crate::ir::{Cardinality, Field, Model, PolyDef, StructDef, TypeDef, TypeKind};

pub(super) fn impl_write(model: &Model, t: &TypeDef) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(s) => struct_write(model, t, s),
        TypeKind::Poly(p) => poly_write(t, p),
        // Enums are simple values (their SimpleValue impl sits with the type); choices are
        // written by the struct holding them (their write_choice sits with the type).
        TypeKind::Enum(_) | TypeKind::Choice(_) => TokenStream::new(),
    }
}

/// Writes one value `v` (an expression of type `&T`) as element `name`.
fn write_one(model: &Model, f: &Field, v: TokenStream) -> TokenStream {
    let name = &f.xml_written;
    if super::choice_of(model, &f.ty).is_some() {
        let ty = super::value_type(model, &f.ty);
        quote! { #ty::write_choice(#v, w)?; }
    } else if is_simple(model, &f.ty) {
        // Tags as literals: writing an element is two appends around its value.
        let (open, close) = (format!("<{name}>"), format!("</{name}>"));
        quote! { w.simple_element_tags(#open, #close, #v)?; }
    } else {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        quote! { rt::xml::write_complex_tags(w, #open, #close, #v)?; }
    }
}

fn element_write(model: &Model, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let name = &f.xml_written;
    // A boxed field derefs to the value; `&**v` works for Box<T>, `v` for T.
    let deref = |v: TokenStream| {
        if f.boxed {
            quote! { &**#v }
        } else {
            v
        }
    };
    match f.card {
        // Generic writers need `&T`, not `&Box<T>`; a choice's own writer takes `&Choice`,
        // where deref coercion does it (and clippy flags an explicit one).
        Cardinality::Required if f.boxed && super::choice_of(model, &f.ty).is_none() => {
            write_one(model, f, quote! { &*self.#field })
        }
        Cardinality::Required => write_one(model, f, quote! { &self.#field }),
        Cardinality::Optional => {
            let one = write_one(model, f, deref(quote! { v }));
            quote! { if let Some(v) = &self.#field { #one } }
        }
        Cardinality::RequiredNillable => {
            let one = write_one(model, f, deref(quote! { v }));
            quote! {
                match &self.#field {
                    Some(v) => { #one }
                    None => w.nil_element(#name),
                }
            }
        }
        Cardinality::OptionalNillable => {
            let one = write_one(model, f, deref(quote! { v }));
            quote! {
                match &self.#field {
                    rt::Nillable::Absent => {}
                    rt::Nillable::Nil => w.nil_element(#name),
                    rt::Nillable::Value(v) => { #one }
                }
            }
        }
        Cardinality::Many => {
            let one = write_one(model, f, quote! { v });
            quote! { for v in &self.#field { #one } }
        }
        Cardinality::ManyNillable => {
            let one = write_one(model, f, quote! { v });
            quote! {
                for v in &self.#field {
                    match v {
                        Some(v) => { #one }
                        None => w.nil_element(#name),
                    }
                }
            }
        }
    }
}

fn attribute_write(f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let name = &f.xml_written;
    match f.card {
        Cardinality::Required => quote! { w.attr(#name, &self.#field)?; },
        _ => quote! { if let Some(v) = &self.#field { w.attr(#name, v)?; } },
    }
}

fn struct_write(model: &Model, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let attrs = s.attributes.iter().map(attribute_write);
    let elements = s.elements.iter().map(|f| element_write(model, f));
    let text = s.text.as_ref().map(|_| {
        let field = ident(&super::types::text_field_name(s));
        quote! { rt::xml::SimpleValue::write_text(&self.#field, w)?; }
    });
    let attributes_fn = if s.attributes.is_empty() {
        quote! {}
    } else {
        quote! {
            fn write_attributes(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                #(#attrs)*
                Ok(())
            }
        }
    };
    let any = s.any.as_ref().map(|name| {
        let field = ident(name);
        quote! { for v in &self.#field { w.raw(&v.0); } }
    });
    let unused = if s.elements.is_empty() && s.text.is_none() && s.any.is_none() {
        quote! { let _ = w; }
    } else {
        quote! {}
    };
    let read = super::read::struct_read_fn(model, s);
    quote! {
        impl rt::xml::ComplexValue for #name {
            #attributes_fn
            fn write_content(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                #unused
                #text
                #(#elements)*
                #any
                Ok(())
            }
            #read
        }
    }
}

fn poly_write(t: &TypeDef, p: &PolyDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let attrs = p.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let (prefix, local, ns) = (&v.xsi_prefix, &v.xsi_local, &v.xsi_ns);
        // The declared type needs no xsi:type: an element without one is that type.
        let xsi = if v.is_base {
            quote! {}
        } else {
            quote! { w.xsi_type_attr(#prefix, #local, #ns); }
        };
        quote! {
            Self::#vname(v) => {
                #xsi
                rt::xml::ComplexValue::write_attributes(v, w)
            }
        }
    });
    let content = p.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        quote! { Self::#vname(v) => rt::xml::ComplexValue::write_content(v, w), }
    });
    let read = super::read::poly_read_fn(t, p);
    quote! {
        impl rt::xml::ComplexValue for #name {
            fn write_attributes(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                match self { #(#attrs)* }
            }
            fn write_content(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                match self { #(#content)* }
            }
            #read
        }
    }
}
