//! Bindings -> clients and operations: which SOAP bindings to render, each operation's body
//! element, SOAPAction and headers.

use std::collections::BTreeSet;

use super::bodies::{document_body, message_element, rpc_body, rpc_namespace, PartsCache};
use super::types::TypeBuilder;
use super::{lookup, ClientDef, FaultDef, Header, MessageElement, Operation};
use crate::error::{Error, Pos, Result};
use crate::naming;
use crate::wsdl::{Binding, Definitions, HeaderBinding, Message, QName, Style};
use crate::Options;

/// The SOAP bindings to render, in a stable order: those behind service ports first (in
/// document order), then any other SOAP binding. A port type bound twice (SOAP 1.1 and 1.2,
/// say) is rendered once, from the first binding found.
fn chosen_bindings<'d>(
    defs: &'d Definitions,
    options: &Options,
) -> Vec<(&'d Binding, Option<String>)> {
    let mut order: Vec<(&QName, Option<String>)> = Vec::new();
    for service in &defs.services {
        if !options.services.is_empty() && !options.services.contains(&service.name.local) {
            continue;
        }
        for port in &service.ports {
            order.push((&port.binding, port.address.clone()));
        }
    }
    if options.services.is_empty() {
        for b in &defs.bindings {
            order.push((&b.name, None));
        }
    }
    let mut seen_bindings = BTreeSet::new();
    let mut seen_port_types = BTreeSet::new();
    let mut chosen = Vec::new();
    for (name, address) in order {
        let exact = defs.bindings.iter().find(|b| &b.name == name);
        // Same leniency as `lookup`: a unique local name is enough.
        let loose = || {
            let mut c = defs.bindings.iter().filter(|b| b.name.local == name.local);
            c.next().filter(|_| c.next().is_none())
        };
        let Some(binding) = exact.or_else(loose) else {
            continue;
        };
        if binding.soap.is_none() || !seen_bindings.insert(binding.name.clone()) {
            continue;
        }
        if seen_port_types.insert(binding.port_type.clone()) {
            chosen.push((binding, address));
        }
    }
    chosen
}

pub(super) fn clients(
    defs: &Definitions,
    tb: &mut TypeBuilder<'_>,
    options: &Options,
    headers: &mut Vec<Header>,
    warnings: &mut Vec<Error>,
) -> Result<Vec<ClientDef>> {
    let mut clients: Vec<ClientDef> = Vec::new();
    let mut parts_cache = PartsCache::default();
    for (binding, address) in chosen_bindings(defs, options) {
        let port_type = match lookup(&defs.port_types, &binding.port_type) {
            Some((_, pt)) => pt,
            None => {
                let e = Error::at(
                    &binding.pos,
                    format!(
                        "port type {} is not defined",
                        tb.display(&binding.port_type)
                    ),
                );
                skip_or_fail(e, options, warnings)?;
                continue;
            }
        };
        let mut operations = Vec::new();
        let mut method_names = BTreeSet::new();
        for bop in &binding.operations {
            if !options.operations.is_empty() && !options.operations.contains(&bop.name) {
                continue;
            }
            // An operation that cannot be generated is left out whole: whatever it added to
            // the arena goes too, so no half-built type survives.
            let mark = tb.mark();
            let header_count = headers.len();
            let (pop, input, output, input_headers, faults, left_out) =
                match operation_parts(defs, tb, binding, port_type, bop, headers, &mut parts_cache)
                {
                    Ok(parts) => parts,
                    Err(e) => {
                        tb.rollback(&mark);
                        parts_cache.retain_built(tb);
                        headers.truncate(header_count);
                        skip_or_fail(e, options, warnings)?;
                        continue;
                    }
                };
            for e in left_out {
                skip_or_fail(e, options, warnings)?;
            }
            // Operation names that differ only in case map to one Rust name: number the later ones.
            let base = naming::method_name(&bop.name);
            let mut rust_name = base.clone();
            let mut n = 2;
            while !method_names.insert(rust_name.clone()) {
                rust_name = format!("{}_{n}", base.trim_start_matches("r#"));
                n += 1;
            }
            operations.push(Operation {
                name: bop.name.clone(),
                type_name: naming::type_name(rust_name.trim_start_matches("r#")),
                rust_name,
                doc: pop.doc.clone(),
                soap_action: bop.soap_action.clone().unwrap_or_default(),
                input,
                output,
                input_headers,
                faults,
            });
        }
        let (rust_name, spec_name) = if clients.is_empty() {
            ("Client".to_string(), "SERVICE".to_string())
        } else {
            let base = naming::type_name(&binding.name.local);
            (
                format!("{base}Client"),
                format!("{}_SERVICE", naming::const_name(&binding.name.local)),
            )
        };
        clients.push(ClientDef {
            rust_name,
            spec_name,
            soap: binding.soap.unwrap_or(crate::wsdl::SoapVersion::V11),
            binding: binding.name.local.clone(),
            address,
            operations,
        });
    }
    Ok(clients)
}

/// With `strict`, a problem in one operation fails the whole generation; otherwise the
/// operation is left out and the problem reported as a warning.
pub(super) fn skip_or_fail(e: Error, options: &Options, warnings: &mut Vec<Error>) -> Result<()> {
    if options.strict {
        Err(e)
    } else {
        warnings.push(e);
        Ok(())
    }
}

type OperationParts<'d> = (
    &'d crate::wsdl::PortOperation,
    MessageElement,
    Option<MessageElement>,
    Vec<usize>,
    Vec<FaultDef>,
    Vec<Error>,
);

/// Everything one binding operation needs: its port type operation, body elements and headers.
fn operation_parts<'d>(
    defs: &'d Definitions,
    tb: &mut TypeBuilder<'_>,
    binding: &Binding,
    port_type: &'d crate::wsdl::PortType,
    bop: &crate::wsdl::BindingOperation,
    headers: &mut Vec<Header>,
    parts_cache: &mut PartsCache,
) -> Result<OperationParts<'d>> {
    let pop = port_type
        .operations
        .iter()
        .find(|o| o.name == bop.name)
        .ok_or_else(|| {
            Error::at(
                &bop.pos,
                format!(
                    "operation {} is not in port type {}",
                    bop.name,
                    tb.display(&port_type.name)
                ),
            )
        })?;
    let style = bop.style.unwrap_or(binding.style);
    let input_name = pop.input.as_ref().ok_or_else(|| {
        Error::at(
            &pop.pos,
            format!(
                "operation {} has no input message: a client cannot call an output-only \
                 (notification) operation",
                pop.name
            ),
        )
    })?;
    let input_msg = message(defs, tb, input_name, &pop.pos)?;
    let output_msg = match &pop.output {
        Some(name) => Some(message(defs, tb, name, &pop.pos)?),
        None => None,
    };
    let (input, output) = if style == Style::Rpc {
        let ns = rpc_namespace(defs, bop.input_body.as_ref());
        let input = rpc_body(
            tb,
            input_msg,
            bop.input_body.as_ref(),
            &bop.input_headers,
            &ns,
            &bop.name,
        )?;
        let output = match output_msg {
            Some(msg) => {
                let ns = rpc_namespace(defs, bop.output_body.as_ref());
                let wrapper = format!("{}Response", bop.name);
                Some(rpc_body(
                    tb,
                    msg,
                    bop.output_body.as_ref(),
                    &bop.output_headers,
                    &ns,
                    &wrapper,
                )?)
            }
            None => None,
        };
        (input, output)
    } else {
        let input = document_body(
            tb,
            input_msg,
            bop.input_body.as_ref(),
            &bop.input_headers,
            &bop.pos,
            parts_cache,
        )?;
        let output = match output_msg {
            Some(msg) => Some(document_body(
                tb,
                msg,
                bop.output_body.as_ref(),
                &bop.output_headers,
                &bop.pos,
                parts_cache,
            )?),
            None => None,
        };
        (input, output)
    };
    // A header that cannot be generated is left out on its own: the operation works
    // without it (the caller reports the problem, or fails when strict).
    let mut input_headers = Vec::new();
    let mut left_out = Vec::new();
    for h in &bop.input_headers {
        let mark = tb.mark();
        match header(defs, tb, h, headers) {
            Ok(i) => input_headers.push(i),
            Err(e) => {
                tb.rollback(&mark);
                left_out.push(e);
            }
        }
    }
    // Likewise a declared fault: without it, the fault still arrives as a SOAP Fault.
    let faults = faults(defs, tb, pop, &mut left_out);
    Ok((pop, input, output, input_headers, faults, left_out))
}

fn message<'d>(
    defs: &'d Definitions,
    tb: &TypeBuilder<'_>,
    name: &QName,
    pos: &Pos,
) -> Result<&'d Message> {
    lookup(&defs.messages, name)
        .map(|(_, m)| m)
        .ok_or_else(|| Error::at(pos, format!("message {} is not defined", tb.display(name))))
}

fn header(
    defs: &Definitions,
    tb: &mut TypeBuilder<'_>,
    h: &HeaderBinding,
    headers: &mut Vec<Header>,
) -> Result<usize> {
    if h.encoded {
        return Err(Error::at(
            &h.pos,
            "use=\"encoded\" headers are not supported yet",
        ));
    }
    let msg = message(defs, tb, &h.message, &h.pos)?;
    let part = msg.parts.iter().find(|p| p.name == h.part).ok_or_else(|| {
        Error::at(
            &h.pos,
            format!("message {} has no part {}", msg.name.local, h.part),
        )
    })?;
    let element = part.element.as_ref().ok_or_else(|| {
        Error::at(
            &part.pos,
            format!("header part {} needs element=, not type=", part.name),
        )
    })?;
    if let Some(i) = headers
        .iter()
        .position(|x| x.element.xml_written == tb.written(element))
    {
        return Ok(i);
    }
    let element = message_element(tb, element, &part.pos)?;
    let base = naming::method_name(&element.xml_local);
    let mut rust_name = base.clone();
    let mut n = 2;
    while headers.iter().any(|x| x.rust_name == rust_name) {
        rust_name = format!("{}_{n}", base.trim_start_matches("r#"));
        n += 1;
    }
    headers.push(Header { element, rust_name });
    Ok(headers.len() - 1)
}

/// The declared faults of an operation: each fault message's element is the detail child.
/// A fault that cannot be generated is left out on its own, its problem added to `problems`.
fn faults(
    defs: &Definitions,
    tb: &mut TypeBuilder<'_>,
    pop: &crate::wsdl::PortOperation,
    problems: &mut Vec<Error>,
) -> Vec<FaultDef> {
    let mut out: Vec<FaultDef> = Vec::new();
    let names: Vec<&str> = pop.faults.iter().map(|(name, _)| name.as_str()).collect();
    let (variants, _) = naming::variant_names(&names);
    for ((name, message_name), rust_name) in pop.faults.iter().zip(variants) {
        let mark = tb.mark();
        let element = match fault_element(defs, tb, message_name, &pop.pos) {
            Ok(element) => element,
            Err(e) => {
                tb.rollback(&mark);
                problems.push(e);
                continue;
            }
        };
        // Two faults with one detail element cannot be told apart: the first names it.
        if out.iter().any(|f| f.element.xml_local == element.xml_local) {
            continue;
        }
        out.push(FaultDef {
            name: name.clone(),
            rust_name,
            element,
        });
    }
    out
}

/// The detail element of a fault message: its first part's element.
fn fault_element(
    defs: &Definitions,
    tb: &mut TypeBuilder<'_>,
    message_name: &QName,
    pos: &Pos,
) -> Result<MessageElement> {
    let msg = message(defs, tb, message_name, pos)?;
    let part = msg.parts.first().ok_or_else(|| {
        Error::at(
            &msg.pos,
            format!("fault message {} has no part", msg.name.local),
        )
    })?;
    let element = part.element.as_ref().ok_or_else(|| {
        Error::at(
            &part.pos,
            format!("fault part {} needs element=, not type=", part.name),
        )
    })?;
    message_element(tb, element, &part.pos)
}
