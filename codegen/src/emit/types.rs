//! Type definitions: structs, enums with a keep-unknown variant, and xsi:type polymorphism.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, field_type, ident};
use crate::ir::{Cardinality, EnumDef, Field, Model, PolyDef, StructDef, TypeDef, TypeKind};

pub(super) fn type_def(model: &Model, t: &TypeDef) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(s) => struct_def(model, t, s),
        TypeKind::Enum(e) => enum_def(t, e),
        TypeKind::Poly(p) => poly_def(model, t, p),
        TypeKind::Choice(c) => super::choice::choice_def(model, t, c),
    }
}

/// The name of the field holding simpleContent text: `value`, unless an attribute took it.
pub(super) fn text_field_name(s: &StructDef) -> String {
    if s.attributes.iter().any(|a| a.rust_name == "value") {
        "text_value".to_string()
    } else {
        "value".to_string()
    }
}

fn struct_def(model: &Model, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let doc = doc_attrs(t.doc.as_deref());
    let default = if t.has_default {
        quote! { Default, }
    } else {
        quote! {}
    };
    let fields = s
        .attributes
        .iter()
        .map(|f| field(model, f, "attribute"))
        .chain(s.elements.iter().map(|f| field(model, f, "element")));
    let text = s.text.as_ref().map(|vt| {
        let ty = super::value_type(model, vt);
        let name = text_field_name(s);
        let id = ident(&name);
        quote! {
            #[doc = " The element's text content."]
            #[cfg_attr(feature = "serde", serde(rename = #name))]
            pub #id: #ty,
        }
    });
    let any = s.any.as_ref().map(|name| {
        let id = ident(name);
        quote! {
            /// Child elements the schema leaves open (`xs:any`), as their markup, in order.
            #[cfg_attr(feature = "serde", serde(rename = "#any", default, skip_serializing_if = "Vec::is_empty"))]
            pub #id: Vec<rt::RawXml>,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize), serde(deny_unknown_fields))]
        pub struct #name {
            #(#fields)*
            #text
            #any
        }
    }
}

fn field(model: &Model, f: &Field, what: &str) -> TokenStream {
    let name = ident(&f.rust_name);
    let ty = field_type(model, f);
    let wire = format!(
        " `{}` {what}{}.",
        f.xml_local,
        match f.card {
            Cardinality::Required => "",
            Cardinality::Optional => ", optional",
            Cardinality::RequiredNillable => ", nillable (None is written as xsi:nil)",
            Cardinality::OptionalNillable => ", optional and nillable",
            Cardinality::Many | Cardinality::ManyNillable => ", repeated",
        }
    );
    let doc = doc_attrs(f.doc.as_deref());
    let sep = if f.doc.is_some() {
        quote! { #[doc = ""] }
    } else {
        quote! {}
    };
    let rename = if what == "attribute" {
        format!("@{}", f.xml_local)
    } else {
        f.xml_local.clone()
    };
    let serde = match f.card {
        Cardinality::Required => quote! { serde(rename = #rename) },
        Cardinality::Optional => {
            quote! { serde(rename = #rename, default, skip_serializing_if = "Option::is_none") }
        }
        Cardinality::RequiredNillable => quote! { serde(rename = #rename, default) },
        Cardinality::OptionalNillable => {
            quote! { serde(rename = #rename, default, skip_serializing_if = "rt::Nillable::is_absent") }
        }
        Cardinality::Many | Cardinality::ManyNillable => {
            quote! { serde(rename = #rename, default, skip_serializing_if = "Vec::is_empty") }
        }
    };
    quote! {
        #doc
        #sep
        #[doc = #wire]
        #[cfg_attr(feature = "serde", #serde)]
        pub #name: #ty,
    }
}

fn enum_def(t: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let doc = doc_attrs(t.doc.as_deref());
    let unknown = ident(&e.unknown_variant);
    let variants = e.values.iter().map(|(wire, rust, vdoc)| {
        let v = ident(rust);
        let vdoc = doc_attrs(vdoc.as_deref());
        let wire_doc = format!(" `{wire}`");
        quote! { #vdoc #[doc = #wire_doc] #v, }
    });
    let to_str = e.values.iter().map(|(wire, rust, _)| {
        let v = ident(rust);
        quote! { Self::#v => #wire, }
    });
    let from_str = e.values.iter().map(|(wire, rust, _)| {
        let v = ident(rust);
        quote! { #wire => Self::#v, }
    });
    let wires = e.values.iter().map(|(wire, _, _)| wire);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this schema does not list (a newer server may send one): kept as sent.
            #unknown(String),
        }

        impl #name {
            /// Every value the schema lists, in schema order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_string()),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rt::xml::SimpleValue for #name {
            fn write_text(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                w.text(self.as_str())
            }
            fn parse_text(text: &str) -> Result<Self, String> {
                Ok(Self::from(rt::xml::trim_xml(text)))
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }
    }
}

fn poly_def(model: &Model, t: &TypeDef, p: &PolyDef) -> TokenStream {
    let name = ident(&t.rust_name);
    let kind_doc = if p.variants.iter().any(|v| v.is_base) {
        " A schema type with extensions: a value is the type itself or one of them (`xsi:type`)."
    } else {
        " An abstract schema type: each value is one of its concrete extensions."
    };
    let doc = doc_attrs(t.doc.as_deref());
    let variants = p.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = ident(&model.ty(&v.ty).rust_name);
        let vdoc = if v.is_base {
            " The declared type itself: written without `xsi:type`.".to_string()
        } else {
            format!(
                " Written with `xsi:type=\"{}:{}\"`.",
                v.xsi_prefix, v.xsi_local
            )
        };
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    let froms = p.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = ident(&model.ty(&v.ty).rust_name);
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#vname(value)
                }
            }
        }
    });
    quote! {
        #doc
        #[doc = ""]
        #[doc = #kind_doc]
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        pub enum #name {
            #(#variants)*
        }
        #(#froms)*
    }
}
