//! `Request` and `Response`: every operation's body as one enum each, so a tool (the CLI's
//! encode/decode) or a server can handle any operation by its name or its body element.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{BodyLayout, MessageElement, Model, Operation};

/// Operations of every client, first client first; an operation name seen before is skipped
/// so match arms never overlap.
fn all_operations(model: &Model) -> Vec<(&Operation, usize)> {
    let mut seen = BTreeSet::new();
    let mut ops = Vec::new();
    for (i, c) in model.clients.iter().enumerate() {
        for op in &c.operations {
            if seen.insert(op.type_name.clone()) {
                ops.push((op, i));
            }
        }
    }
    ops
}

pub(super) fn messages(model: &Model) -> TokenStream {
    let ops = all_operations(model);
    let request = message_enum(model, "Request", &ops, |op| Some(&op.input), true);
    let response = message_enum(model, "Response", &ops, |op| op.output.as_ref(), false);
    let names = ops.iter().map(|(op, _)| &op.name);
    quote! {
        /// The WSDL names of every operation, in binding order.
        pub const OPERATIONS: &[&str] = &[#(#names),*];
        #request
        #response
    }
}

fn message_enum<'m>(
    model: &'m Model,
    enum_name: &str,
    ops: &[(&'m Operation, usize)],
    element: impl Fn(&'m Operation) -> Option<&'m MessageElement>,
    is_request: bool,
) -> TokenStream {
    let name = ident(enum_name);
    let entries: Vec<(&Operation, &MessageElement, usize)> = ops
        .iter()
        .filter_map(|(op, client)| element(op).map(|e| (*op, e, *client)))
        .collect();
    let spec_of = |client: usize| ident(&model.clients[client].spec_name);
    let variants = entries.iter().map(|(op, e, _)| {
        let v = ident(&op.type_name);
        let ty = ident(&model.ty(&e.ty).rust_name);
        let doc = format!(" `{}` ({}).", op.name, super::client::body_names(model, e));
        quote! { #[doc = #doc] #v(#ty), }
    });
    let op_arms = entries.iter().map(|(op, _, _)| {
        let v = ident(&op.type_name);
        let n = &op.name;
        quote! { Self::#v(_) => #n, }
    });
    let write_arms = entries.iter().map(|(op, e, _)| {
        let v = ident(&op.type_name);
        let write = super::client::write_body(e, quote! { v });
        quote! { Self::#v(v) => #write, }
    });
    let mut seen_roots = BTreeSet::new();
    let read_arms: Vec<TokenStream> = entries
        .iter()
        .filter(|(_, e, _)| seen_roots.insert(e.xml_local.clone()))
        .map(|(op, e, _)| {
            let v = ident(&op.type_name);
            let local = &e.xml_local;
            let read = match e.layout {
                BodyLayout::Element => quote! { rt::xml::read_complex(node)? },
                BodyLayout::Parts => {
                    let ty = ident(&model.ty(&e.ty).rust_name);
                    quote! { #ty::read_parts(node)? }
                }
            };
            quote! { #local => Ok(Self::#v(#read)), }
        })
        .collect();
    // WSDL 1.1 allows overloaded operation names; by name, the first one is meant.
    let mut seen_names = BTreeSet::new();
    let json_arms = entries.iter().filter(|(op, _, _)| seen_names.insert(op.name.clone())).map(|(op, _, _)| {
        let v = ident(&op.type_name);
        let n = &op.name;
        quote! { #n => ::serde::Deserialize::deserialize(deserializer).map(|v| Some(Self::#v(v))), }
    });
    let spec_fn = if is_request {
        let services = entries.iter().map(|(op, _, client)| {
            let v = ident(&op.type_name);
            let spec = spec_of(*client);
            quote! { Self::#v(_) => &#spec, }
        });
        let env_arms = entries.iter().map(|(op, _, client)| {
            let v = ident(&op.type_name);
            let write_fn = super::client::op_names(*client, &model.clients[*client], op).write_fn;
            quote! { Self::#v(v) => #write_fn(w, v, headers), }
        });
        quote! {
            /// The service (SOAP version, namespaces) this request belongs to.
            pub fn service(&self) -> &'static rt::ServiceSpec {
                match self { #(#services)* }
            }

            /// Writes a whole request envelope with the headers its operation takes.
            pub fn write_envelope(&self, w: &mut rt::xml::XmlWriter, headers: &Headers) -> Result<(), rt::xml::EncodeError> {
                match self { #(#env_arms)* }
            }
        }
    } else {
        let env_arms = entries.iter().map(|(op, _, client)| {
            let v = ident(&op.type_name);
            let spec = spec_of(*client);
            quote! { Self::#v(_) => &#spec, }
        });
        quote! {
            /// Writes a whole response envelope (xsi declared on the envelope, as servers do).
            pub fn write_envelope(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                let service: &rt::ServiceSpec = match self { #(#env_arms)* };
                rt::envelope::begin(w, service, true);
                rt::envelope::begin_body(w);
                self.write_body(w)?;
                rt::envelope::end_body_and_envelope(w);
                Ok(())
            }
        }
    };
    let what = if is_request { "request" } else { "response" };
    let doc = format!(" The body of any operation's {what}.");
    let unknown = format!("is not the {what} element of any operation");
    if entries.is_empty() {
        return quote! {};
    }
    quote! {
        #[doc = #doc]
        // Bodies differ in size by nature; a message is built once per call.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize))]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The WSDL operation name.
            pub fn operation(&self) -> &'static str {
                match self { #(#op_arms)* }
            }

            /// Writes the body element.
            pub fn write_body(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                match self { #(#write_arms)* }
            }

            /// Reads a body element, choosing the operation by the element's local name.
            pub fn read_body(node: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
                match node.tag_name().name() {
                    #(#read_arms)*
                    other => Err(rt::xml::DecodeError::new(format!("<{other}> {}", #unknown)).at(node)),
                }
            }

            /// Deserializes the body of `operation` (its WSDL name) from any serde format;
            /// `Ok(None)` when no operation has that name.
            #[cfg(feature = "serde")]
            pub fn deserialize_for<'de, D: ::serde::Deserializer<'de>>(operation: &str, deserializer: D) -> Result<Option<Self>, D::Error> {
                match operation {
                    #(#json_arms)*
                    _ => Ok(None),
                }
            }

            #spec_fn
        }
    }
}
