//! One interface operation -> a port type operation and the messages WSDL 2.0 does without:
//! one per input, output and fault, each of one `element=` part.
//!
//! They are named `Interface.operation#input` and the like: `#` cannot appear in a WSDL 1.1
//! name (an NCName), so they never clash with a real message.

use super::{Content, Interface, InterfaceFault, InterfaceOperation, MessageRef};
use crate::error::{Error, Pos, Result};
use crate::wsdl::model::{Definitions, Message, Part, PortOperation, QName};

/// The pattern of an operation that does not name one.
pub(super) const IN_OUT: &str = "http://www.w3.org/ns/wsdl/in-out";
const IN_ONLY: &str = "http://www.w3.org/ns/wsdl/in-only";
const ROBUST_IN_ONLY: &str = "http://www.w3.org/ns/wsdl/robust-in-only";

/// Exactly `name`, else the only one with its local name (the leniency `ir` has for
/// references, for documents that get a namespace prefix wrong).
fn find<'c, T>(items: &'c [T], name: &QName, name_of: impl Fn(&T) -> &QName) -> Option<&'c T> {
    if let Some(exact) = items.iter().find(|i| name_of(i) == name) {
        return Some(exact);
    }
    let mut candidates = items.iter().filter(|i| name_of(i).local == name.local);
    let first = candidates.next()?;
    candidates.next().is_none().then_some(first)
}

/// A synthesized message name: `#` keeps it apart from every name a document can define.
pub(super) fn message_name(owner: &QName, what: &str) -> QName {
    QName::new(&owner.ns, &format!("{}#{what}", owner.local))
}

/// A message of one part holding `element`.
pub(super) fn add_message(
    defs: &mut Definitions,
    name: &QName,
    part: &str,
    element: &QName,
    pos: &Pos,
) {
    defs.messages
        .entry(name.clone())
        .or_insert_with(|| Message {
            name: name.clone(),
            parts: vec![Part {
                name: part.to_string(),
                element: Some(element.clone()),
                ty: None,
                pos: pos.clone(),
            }],
            pos: pos.clone(),
        });
}

/// The body element of an operation's input or output, and where it is named.
fn body_element<'m>(
    op: &InterfaceOperation,
    direction: &str,
    message: Option<&'m MessageRef>,
) -> Result<(&'m QName, &'m Pos)> {
    let Some(message) = message else {
        return Err(Error::at(
            &op.pos,
            format!("operation {} has no {direction}", op.name.local),
        ));
    };
    let why = match &message.content {
        Content::Element(element) => return Ok((element, &message.pos)),
        Content::Any => "any element (#any): a generated call needs to know which",
        Content::Empty => "an empty body (#none), which generated calls do not support",
        Content::Other => "no schema element (#other, or no element= at all)",
    };
    Err(Error::at(
        &message.pos,
        format!(
            "operation {}: the {direction} has {why}; element= must name a schema element",
            op.name.local
        ),
    ))
}

/// An interface operation as a port type operation, adding its messages to `defs` once
/// nothing stands in the way.
pub(super) fn port_operation(
    declaring: &Interface,
    op: &InterfaceOperation,
    faults: &[(&Interface, &InterfaceFault)],
    defs: &mut Definitions,
) -> Result<PortOperation> {
    let has_output = match op.pattern.as_str() {
        IN_OUT => true,
        IN_ONLY | ROBUST_IN_ONLY => false,
        other => {
            return Err(Error::at(
                &op.pos,
                format!(
                    "operation {}: the message exchange pattern {other} is not supported \
                     (a client sends first: in-out, in-only or robust-in-only)",
                    op.name.local
                ),
            ))
        }
    };
    let owner = QName::new(
        &declaring.name.ns,
        &format!("{}.{}", declaring.name.local, op.name.local),
    );
    let input_name = message_name(&owner, "input");
    let input = body_element(op, "input", op.input.as_ref())?;
    let mut messages = vec![(input_name.clone(), "body", input)];
    let output_name = if has_output {
        let name = message_name(&owner, "output");
        let output = body_element(op, "output", op.output.as_ref())?;
        messages.push((name.clone(), "body", output));
        Some(name)
    } else {
        None
    };
    let mut fault_names = Vec::new();
    for reference in &op.outfaults {
        let (fault_owner, fault) = find(faults, &reference.fault, |(_, f)| &f.name)
            .copied()
            .ok_or_else(|| {
                Error::at(
                    &reference.pos,
                    format!(
                        "outfault ref=\"{}\": interface {} has no such fault (nor do the \
                         interfaces it extends)",
                        reference.fault.local, declaring.name.local
                    ),
                )
            })?;
        // A fault without a schema element still reaches the caller, as a plain SOAP fault:
        // only its typed detail is lost, so the operation stays.
        let Content::Element(element) = &fault.content else {
            continue;
        };
        let fault_owner = QName::new(
            &fault_owner.name.ns,
            &format!("{}.{}", fault_owner.name.local, fault.name.local),
        );
        let name = message_name(&fault_owner, "fault");
        fault_names.push((fault.name.local.clone(), name.clone()));
        messages.push((name, "detail", (element, &fault.pos)));
    }
    for (name, part, (element, pos)) in &messages {
        add_message(defs, name, part, element, pos);
    }
    Ok(PortOperation {
        name: op.name.local.clone(),
        input: Some(input_name),
        output: output_name,
        faults: fault_names,
        doc: op.doc.clone(),
        pos: op.pos.clone(),
    })
}
