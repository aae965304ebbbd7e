//! The call side: service and operation specs, SOAP headers (`Headers`, `HeaderSource`), one
//! client type per binding with a call builder per operation, and the `Request`/`Response`
//! enums that let tools and servers handle any operation by name.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{BodyLayout, ClientDef, MessageElement, Model, Operation, SoapVersion, TypeKind};
use crate::naming;

/// Names of the items generated for one operation of one client.
pub(super) struct OpNames {
    pub spec: Ident,
    pub write_fn: Ident,
    pub call: Ident,
    pub fault: Ident,
}

pub(super) fn op_names(client_index: usize, client: &ClientDef, op: &Operation) -> OpNames {
    let prefix_const = if client_index == 0 {
        String::new()
    } else {
        format!("{}_", naming::const_name(&client.rust_name))
    };
    let prefix_type = if client_index == 0 {
        String::new()
    } else {
        client.rust_name.clone()
    };
    let prefix_fn = if client_index == 0 {
        String::new()
    } else {
        format!("{}_", naming::snake_ident(&client.rust_name))
    };
    let bare = op.rust_name.trim_start_matches("r#");
    // `SERVICE` and `<BINDING>_SERVICE` name the bindings' specs: an operation whose name
    // ends that way gets a suffix.
    let mut spec = format!("{prefix_const}{}", naming::const_name(bare));
    if spec.ends_with("SERVICE") {
        spec.push_str("_OPERATION");
    }
    OpNames {
        spec: ident(&spec),
        write_fn: ident(&format!("write_{prefix_fn}{bare}_envelope")),
        call: ident(&format!("{prefix_type}{}Call", op.type_name)),
        fault: ident(&format!("{prefix_type}{}Fault", op.type_name)),
    }
}

pub(super) fn client_items(model: &Model) -> TokenStream {
    let headers = headers_items(model);
    let clients = model
        .clients
        .iter()
        .enumerate()
        .map(|(i, c)| client(model, i, c));
    let messages = super::messages::messages(model);
    let parts_readers = parts_readers(model);
    quote! {
        #headers
        #(#clients)*
        #parts_readers
        #messages
    }
}

/// Writes `body` from `v` (an expression of type `&T`): its one element, or its parts one
/// after another.
pub(super) fn write_body(body: &MessageElement, v: TokenStream) -> TokenStream {
    match body.layout {
        BodyLayout::Element => {
            let name = &body.xml_written;
            quote! { rt::xml::write_complex(w, #name, #v) }
        }
        BodyLayout::Parts => quote! { rt::xml::ComplexValue::write_content(#v, w) },
    }
}

/// The function that reads `body` given the Body's first element.
pub(super) fn read_body_fn(model: &Model, body: &MessageElement) -> TokenStream {
    let ty = ident(&model.ty(&body.ty).rust_name);
    match body.layout {
        BodyLayout::Element => quote! { <#ty as rt::xml::ComplexValue>::read },
        BodyLayout::Parts => quote! { #ty::read_parts },
    }
}

/// The element names a body is made of, for docs: `a` or `a`, `b`.
pub(super) fn body_names(model: &Model, body: &MessageElement) -> String {
    match (&body.layout, &model.ty(&body.ty).kind) {
        (BodyLayout::Parts, TypeKind::Struct(s)) => s
            .elements
            .iter()
            .map(|f| format!("`{}`", f.xml_written))
            .collect::<Vec<_>>()
            .join(", "),
        _ => format!("`{}`", body.xml_written),
    }
}

/// `read_parts` for each struct that holds the parts of a body: a response (or, for a
/// server, a request) gives the Body's first element, and the parts are all of the Body.
fn parts_readers(model: &Model) -> TokenStream {
    let mut done = std::collections::BTreeSet::new();
    let bodies = model
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .flat_map(|op| std::iter::once(&op.input).chain(op.output.as_ref()));
    let readers = bodies
        .filter(|b| b.layout == BodyLayout::Parts && done.insert(b.ty.clone()))
        .map(|b| {
            let ty = ident(&model.ty(&b.ty).rust_name);
            quote! {
                impl #ty {
                    /// Reads the parts from the SOAP Body holding them, given its first element.
                    pub fn read_parts(first: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
                        match first.parent_element() {
                            Some(body) => rt::xml::ComplexValue::read(body),
                            None => Err(rt::xml::DecodeError::new("message parts outside a SOAP Body").at(first)),
                        }
                    }
                }
            }
        });
    quote! { #(#readers)* }
}

fn header_ty(model: &Model, i: usize) -> (Ident, Ident, &str) {
    let h = &model.headers[i];
    (
        ident(&h.rust_name),
        ident(&model.ty(&h.element.ty).rust_name),
        h.element.xml_written.as_str(),
    )
}

fn headers_items(model: &Model) -> TokenStream {
    let fields = (0..model.headers.len()).map(|i| {
        let (name, ty, written) = header_ty(model, i);
        let doc = format!(" The `{written}` SOAP header.");
        quote! { #[doc = #doc] pub #name: Option<#ty>, }
    });
    let sources = (0..model.headers.len()).map(|i| {
        let (name, ty, written) = header_ty(model, i);
        let doc = format!(
            " The `{written}` header to send, built fresh for every request (and every retry)."
        );
        quote! { #[doc = #doc] fn #name(&self) -> Option<#ty> { None } }
    });
    let from_static = (0..model.headers.len()).map(|i| {
        let (name, ty, _) = header_ty(model, i);
        quote! { fn #name(&self) -> Option<#ty> { self.#name.clone() } }
    });
    let read_arms = model
        .headers
        .iter()
        .map(|h| {
            let name = ident(&h.rust_name);
            (
                vec![h.element.xml_local.clone()],
                quote! { headers.#name = Some(rt::xml::read_complex(child)?); },
            )
        })
        .collect();
    let dispatch = super::read::dispatch(quote! { child.tag_name().name() }, read_arms, None);
    let read_body = if model.headers.is_empty() {
        quote! { let _ = header; Ok(Self::default()) }
    } else {
        quote! {
            let mut headers = Self::default();
            for child in header.children().filter(|c| c.is_element()) {
                #dispatch
            }
            Ok(headers)
        }
    };
    quote! {
        /// SOAP header values, one optional field per header element any operation uses.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Headers {
            #(#fields)*
        }

        impl Headers {
            /// Reads the known header elements inside a `SOAP-ENV:Header` element (unknown ones are skipped).
            pub fn read(header: rt::roxmltree::Node<'_, '_>) -> Result<Self, rt::xml::DecodeError> {
                #read_body
            }
        }

        /// Where a client gets the SOAP headers it sends. Each method is asked once per request
        /// attempt, so a signature computed in it is fresh on every retry.
        pub trait HeaderSource: Send + Sync {
            #(#sources)*
        }

        /// No headers.
        impl HeaderSource for () {}

        /// The same header values on every request.
        impl HeaderSource for Headers {
            #(#from_static)*
        }
    }
}

fn soap_version(v: SoapVersion) -> TokenStream {
    match v {
        SoapVersion::V11 => quote! { rt::SoapVersion::V11 },
        SoapVersion::V12 => quote! { rt::SoapVersion::V12 },
    }
}

fn client(model: &Model, index: usize, c: &ClientDef) -> TokenStream {
    let spec = ident(&c.spec_name);
    let soap = soap_version(c.soap);
    let ns = model.namespaces.iter().map(|(p, u)| quote! { (#p, #u) });
    let spec_doc = format!(
        " The `{}` binding ({}){}.",
        c.binding,
        if c.soap == SoapVersion::V11 {
            "SOAP 1.1"
        } else {
            "SOAP 1.2"
        },
        c.address
            .as_ref()
            .map(|a| format!(", published at `{a}`"))
            .unwrap_or_default()
    );
    let name = ident(&c.rust_name);
    let ops: Vec<&Operation> = c.operations.iter().filter(|o| o.output.is_some()).collect();
    let specs = ops.iter().map(|op| op_spec(index, c, op, &spec));
    let writes = c
        .operations
        .iter()
        .map(|op| write_fn(model, index, c, op, &spec));
    let methods = ops.iter().map(|op| method(model, index, c, op));
    let calls = ops.iter().map(|op| call_builder(model, index, c, op));
    let faults = c
        .operations
        .iter()
        .map(|op| fault_enum(model, index, c, op));
    let client_doc = format!(
        " Typed client for the `{}` binding: one method per operation.",
        c.binding
    );
    let blocking_alias = if index == 0 {
        quote! {
            /// The client on reqwest's blocking transport.
            #[cfg(feature = "blocking")]
            pub type BlockingClient = Client<rt::blocking::Client>;
        }
    } else {
        quote! {}
    };
    quote! {
        #[doc = #spec_doc]
        pub static #spec: rt::ServiceSpec = rt::ServiceSpec {
            soap: #soap,
            namespaces: &[#(#ns),*],
        };

        #(#specs)*
        #(#writes)*

        #[doc = #client_doc]
        #[derive(Clone)]
        pub struct #name<T = rt::Client> {
            transport: T,
            headers: ::std::sync::Arc<dyn HeaderSource>,
        }

        impl<T> #name<T> {
            /// A client sending through `transport`, with headers from `headers`.
            pub fn new(transport: T, headers: impl HeaderSource + 'static) -> Self {
                Self { transport, headers: ::std::sync::Arc::new(headers) }
            }

            /// The transport (endpoint, timeouts, retry policy).
            pub fn transport(&self) -> &T {
                &self.transport
            }

            /// Where this client's headers come from.
            pub fn header_source(&self) -> &dyn HeaderSource {
                &*self.headers
            }

            #(#methods)*
        }

        impl<T: ::core::fmt::Debug> ::core::fmt::Debug for #name<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(stringify!(#name)).field("transport", &self.transport).finish_non_exhaustive()
            }
        }

        #blocking_alias
        #(#calls)*
        #(#faults)*
    }
}

fn op_spec(index: usize, c: &ClientDef, op: &Operation, service: &Ident) -> TokenStream {
    let names = op_names(index, c, op);
    let spec = names.spec;
    let (name, action) = (&op.name, &op.soap_action);
    let root = op
        .output
        .as_ref()
        .map(|o| o.xml_local.as_str())
        .unwrap_or_default();
    let doc = format!(" `{name}`: SOAPAction `{action}`, response element `{root}`.");
    quote! {
        #[doc = #doc]
        pub static #spec: rt::OperationSpec = rt::OperationSpec {
            name: #name,
            soap_action: #action,
            output_root: #root,
            service: &#service,
        };
    }
}

fn write_fn(
    model: &Model,
    index: usize,
    c: &ClientDef,
    op: &Operation,
    service: &Ident,
) -> TokenStream {
    let names = op_names(index, c, op);
    let f = names.write_fn;
    let params = ident(&model.ty(&op.input.ty).rust_name);
    let body_write = write_body(&op.input, quote! { params });
    let header_writes = op.input_headers.iter().map(|&i| {
        let (name, _, written) = header_ty(model, i);
        quote! { if let Some(h) = &headers.#name { rt::xml::write_complex(w, #written, h)?; } }
    });
    let any_header = op.input_headers.iter().map(|&i| {
        let (name, _, _) = header_ty(model, i);
        quote! { headers.#name.is_some() }
    });
    let header_block = if op.input_headers.is_empty() {
        quote! { let _ = headers; }
    } else {
        quote! {
            if #(#any_header)||* {
                rt::envelope::begin_header(w);
                #(#header_writes)*
                rt::envelope::end_header(w);
            }
        }
    };
    let doc = format!(" Writes a complete `{}` request envelope (the headers this operation takes, then the body).", op.name);
    quote! {
        #[doc = #doc]
        pub fn #f(w: &mut rt::xml::XmlWriter, params: &#params, headers: &Headers) -> Result<(), rt::xml::EncodeError> {
            rt::envelope::begin(w, &#service, false);
            #header_block
            rt::envelope::begin_body(w);
            #body_write?;
            rt::envelope::end_body_and_envelope(w);
            Ok(())
        }
    }
}

fn method(model: &Model, index: usize, c: &ClientDef, op: &Operation) -> TokenStream {
    let names = op_names(index, c, op);
    let call = names.call;
    let m = ident(&op.rust_name);
    let params = ident(&model.ty(&op.input.ty).rust_name);
    let doc = doc_attrs(op.doc.as_deref());
    let wire = format!(
        " Operation `{}`: sends {}.",
        op.name,
        body_names(model, &op.input)
    );
    let headers_init = if op.input_headers.is_empty() {
        quote! {}
    } else {
        quote! { headers: Headers::default() }
    };
    quote! {
        #doc
        #[doc = ""]
        #[doc = #wire]
        pub fn #m<'a>(&'a self, params: &'a #params) -> #call<'a, T> {
            #call { client: self, params, #headers_init }
        }
    }
}

fn call_builder(model: &Model, index: usize, c: &ClientDef, op: &Operation) -> TokenStream {
    let names = op_names(index, c, op);
    let (call, spec, write_fn) = (names.call, names.spec, names.write_fn);
    let params = ident(&model.ty(&op.input.ty).rust_name);
    let Some(output) = &op.output else {
        return TokenStream::new();
    };
    let out = ident(&model.ty(&output.ty).rust_name);
    let read = read_body_fn(model, output);
    let setters = op.input_headers.iter().map(|&i| {
        let (name, ty, written) = header_ty(model, i);
        let doc = format!(" Sends this `{written}` header instead of the client's.");
        quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #ty) -> Self {
                self.headers.#name = Some(value);
                self
            }
        }
    });
    let resolved = op.input_headers.iter().map(|&i| {
        let (name, _, _) = header_ty(model, i);
        quote! { #name: self.headers.#name.clone().or_else(|| self.client.headers.#name()), }
    });
    let doc = format!(" A prepared `{}` call: set headers, then `send`.", op.name);
    // Explicit headers, for operations that take any.
    let headers_field = if op.input_headers.is_empty() {
        quote! {}
    } else {
        quote! { headers: Headers, }
    };
    let client_name = ident(&c.rust_name);
    quote! {
        #[doc = #doc]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #call<'a, T = rt::Client> {
            client: &'a #client_name<T>,
            params: &'a #params,
            #headers_field
        }

        impl<T> #call<'_, T> {
            #(#setters)*

            /// The headers this call sends: those set on it, else the client's (fresh each time).
            #[allow(clippy::needless_update)]
            pub fn resolved_headers(&self) -> Headers {
                Headers { #(#resolved)* ..Headers::default() }
            }

            /// Writes the request envelope as it would be sent now.
            pub fn write_envelope(&self, w: &mut rt::xml::XmlWriter) -> Result<(), rt::xml::EncodeError> {
                #write_fn(w, self.params, &self.resolved_headers())
            }
        }

        impl #call<'_, rt::Client> {
            /// Sends the request; retries as the transport's policy says, re-signing each attempt.
            pub async fn send(self) -> Result<#out, rt::Error> {
                self.client
                    .transport
                    .call(&#spec, |w| self.write_envelope(w), #read)
                    .await
            }
        }

        #[cfg(feature = "blocking")]
        impl #call<'_, rt::blocking::Client> {
            /// Sends the request and waits for the response.
            pub fn send(self) -> Result<#out, rt::Error> {
                self.client
                    .transport
                    .call(&#spec, |w| self.write_envelope(w), #read)
            }
        }
    }
}

/// The faults an operation declares, as an enum decoded from a SOAP Fault's detail.
fn fault_enum(model: &Model, index: usize, c: &ClientDef, op: &Operation) -> TokenStream {
    if op.faults.is_empty() {
        return TokenStream::new();
    }
    let name = op_names(index, c, op).fault;
    let variants = op.faults.iter().map(|f| {
        let v = ident(&f.rust_name);
        let ty = ident(&model.ty(&f.element.ty).rust_name);
        let doc = format!(
            " The `{}` fault (detail element `{}`).",
            f.name, f.element.xml_written
        );
        quote! { #[doc = #doc] #v(#ty), }
    });
    let arms: Vec<(Vec<String>, TokenStream)> = op
        .faults
        .iter()
        .map(|f| {
            let v = ident(&f.rust_name);
            (
                vec![f.element.xml_local.clone()],
                quote! { return Some(rt::xml::read_complex(child).map(Self::#v)); },
            )
        })
        .collect();
    let dispatch = super::read::dispatch(quote! { child.tag_name().name() }, arms, None);
    let doc = format!(" The faults `{}` declares (its `wsdl:fault`s).", op.name);
    quote! {
        #[doc = #doc]
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The declared fault a SOAP Fault carries in its detail: `None` when the detail
            /// holds none of them, `Some(Err(_))` when it does but does not decode.
            pub fn from_fault(fault: &rt::Fault) -> Option<Result<Self, rt::xml::DecodeError>> {
                let xml = fault.detail_xml.as_deref()?;
                let doc = match rt::xml::parse_document(xml) {
                    Ok(doc) => doc,
                    Err(e) => return Some(Err(e)),
                };
                for child in doc.root_element().children().filter(|c| c.is_element()) {
                    #dispatch
                }
                None
            }
        }
    }
}
