//! WSDL 2.0 components -> the WSDL 1.1 model: an interface becomes a port type (with the
//! operations of the interfaces it extends), each input, output and fault a message with one
//! `element=` part, a SOAP binding a document/literal binding of every operation of its
//! interface, a service's endpoints its ports.
//!
//! The messages WSDL 2.0 does without are named `Interface.operation#input` and the like: `#`
//! cannot appear in a WSDL 1.1 name (an NCName), so they never clash with a real message.

use std::collections::BTreeSet;

use super::read::IN_OUT;
use super::{
    Binding, BindingOperation, Components, Content, Interface, InterfaceFault, InterfaceOperation,
    MessageRef,
};
use crate::error::{Error, Pos, Result};
use crate::wsdl::model::{
    self, BodyBinding, Definitions, HeaderBinding, Message, Part, Port, PortOperation, PortType,
    QName, Style,
};

const IN_ONLY: &str = "http://www.w3.org/ns/wsdl/in-only";
const ROBUST_IN_ONLY: &str = "http://www.w3.org/ns/wsdl/robust-in-only";

/// Adds the WSDL 2.0 `components` to `defs`. What cannot be expressed (an operation whose
/// body is `#any`, say) is left out and reported in `defs.left_out` when a SOAP binding
/// binds it; an interface that is never bound raises nothing.
pub(crate) fn lower(components: &Components, defs: &mut Definitions) {
    let lowered: Vec<LoweredInterface<'_>> = components
        .interfaces
        .iter()
        .map(|interface| lower_interface(components, interface, defs))
        .collect();
    for interface in &lowered {
        let operations = interface
            .operations
            .iter()
            .filter_map(|(_, op)| op.as_ref().ok().cloned())
            .collect();
        defs.port_types
            .entry(interface.source.name.clone())
            .or_insert(PortType {
                name: interface.source.name.clone(),
                operations,
                pos: interface.source.pos.clone(),
            });
    }
    for binding in &components.bindings {
        if defs.bindings.iter().any(|b| b.name == binding.name) {
            continue;
        }
        if let Some(lowered_binding) = lower_binding(components, &lowered, binding, defs) {
            defs.bindings.push(lowered_binding);
        }
    }
    for service in &components.services {
        if defs.services.iter().any(|s| s.name == service.name) {
            continue;
        }
        let ports = service
            .endpoints
            .iter()
            .map(|endpoint| Port {
                name: endpoint.name.clone(),
                binding: endpoint.binding.clone(),
                address: endpoint.address.clone(),
                pos: endpoint.pos.clone(),
            })
            .collect();
        defs.services.push(model::Service {
            name: service.name.clone(),
            ports,
            doc: service.doc.clone(),
            pos: service.pos.clone(),
        });
    }
}

/// An interface with the operations it has (its own, then those it inherits), each lowered to
/// a port type operation or the reason it cannot be.
struct LoweredInterface<'c> {
    source: &'c Interface,
    operations: Vec<(QName, Result<PortOperation>)>,
    /// Problems with the interface itself (an `extends` that names nothing).
    problems: Vec<Error>,
}

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

/// `interface` and every interface it extends, directly or not, each once, in declaration
/// order. Names that are not defined are returned as problems.
fn with_ancestors<'c>(
    components: &'c Components,
    interface: &'c Interface,
) -> (Vec<&'c Interface>, Vec<Error>) {
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    let mut problems = Vec::new();
    // An explicit stack: an extends chain as long as the document allows costs no call depth.
    let mut stack = vec![interface];
    while let Some(next) = stack.pop() {
        if !seen.insert(&next.name) {
            continue;
        }
        order.push(next);
        for parent in next.extends.iter().rev() {
            match find(&components.interfaces, parent, |i| &i.name) {
                Some(found) => stack.push(found),
                None => problems.push(Error::at(
                    &next.pos,
                    format!(
                        "interface {} extends {parent}, which is not defined",
                        next.name.local
                    ),
                )),
            }
        }
    }
    (order, problems)
}

fn lower_interface<'c>(
    components: &'c Components,
    interface: &'c Interface,
    defs: &mut Definitions,
) -> LoweredInterface<'c> {
    let (family, problems) = with_ancestors(components, interface);
    let faults: Vec<(&Interface, &InterfaceFault)> = family
        .iter()
        .flat_map(|i| i.faults.iter().map(move |f| (*i, f)))
        .collect();
    let mut operations: Vec<(QName, Result<PortOperation>)> = Vec::new();
    for declaring in &family {
        for op in &declaring.operations {
            // An operation inherited twice is one operation.
            if operations
                .iter()
                .any(|(name, _)| name.local == op.name.local)
            {
                continue;
            }
            let lowered = port_operation(declaring, op, &faults, defs);
            operations.push((op.name.clone(), lowered));
        }
    }
    LoweredInterface {
        source: interface,
        operations,
        problems,
    }
}

/// A synthesized message name: `#` keeps it apart from every name a document can define.
fn message_name(owner: &QName, what: &str) -> QName {
    QName::new(&owner.ns, &format!("{}#{what}", owner.local))
}

/// A message of one part holding `element`.
fn add_message(defs: &mut Definitions, name: &QName, part: &str, element: &QName, pos: &Pos) {
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
fn port_operation(
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

/// Reports `problem` once, however many bindings run into it.
fn report(defs: &mut Definitions, problem: &Error) {
    if !defs.left_out.contains(problem) {
        defs.left_out.push(problem.clone());
    }
}

/// A binding of the 1.1 model, or None when it binds no interface at all (a reusable binding
/// no service uses).
fn lower_binding(
    components: &Components,
    lowered: &[LoweredInterface<'_>],
    binding: &Binding,
    defs: &mut Definitions,
) -> Option<model::Binding> {
    let interface_name = binding.interface.clone().or_else(|| {
        components
            .services
            .iter()
            .find(|s| {
                s.endpoints
                    .iter()
                    .any(|e| e.binding.local == binding.name.local)
            })
            .and_then(|s| s.interface.clone())
    })?;
    let interface = find(lowered, &interface_name, |l| &l.source.name);
    let mut operations = Vec::new();
    // Only SOAP bindings are rendered: the operations of others are not looked at.
    if binding.soap.is_some() {
        if let Some(interface) = interface {
            for problem in &interface.problems {
                report(defs, problem);
            }
            for (name, op) in &interface.operations {
                let explicit = find(&binding.operations, name, |b| &b.interface_operation);
                match op {
                    Ok(op) => operations.push(binding_operation(binding, op, explicit, defs)),
                    Err(problem) => report(defs, problem),
                }
            }
        }
        // Binding operations for operations the interface does not have: `ir` reports each
        // where it is written.
        for extra in &binding.operations {
            let bound = interface.is_some_and(|i| {
                find(&i.operations, &extra.interface_operation, |(n, _)| n).is_some()
            });
            if !bound {
                operations.push(model::BindingOperation {
                    name: extra.interface_operation.local.clone(),
                    soap_action: extra.action.clone(),
                    style: None,
                    input_body: None,
                    input_headers: Vec::new(),
                    output_body: None,
                    output_headers: Vec::new(),
                    pos: extra.pos.clone(),
                });
            }
        }
    }
    Some(model::Binding {
        name: binding.name.clone(),
        port_type: interface.map_or(interface_name, |i| i.source.name.clone()),
        soap: binding.soap,
        style: Style::Document,
        operations,
        pos: binding.pos.clone(),
    })
}

/// How a SOAP binding sends one operation: document/literal, with the action and headers the
/// binding operation gives (every interface operation is bound, written out or not).
fn binding_operation(
    binding: &Binding,
    op: &PortOperation,
    explicit: Option<&BindingOperation>,
    defs: &mut Definitions,
) -> model::BindingOperation {
    let body = || BodyBinding {
        parts: None,
        encoded: false,
        namespace: None,
    };
    let owner = QName::new(
        &binding.name.ns,
        &format!("{}.{}", binding.name.local, op.name),
    );
    let mut headers = |direction: &str, written: &[(QName, Pos)]| -> Vec<HeaderBinding> {
        written
            .iter()
            .enumerate()
            .map(|(i, (element, pos))| {
                let message = message_name(&owner, &format!("{direction}-header-{}", i + 1));
                add_message(defs, &message, "header", element, pos);
                HeaderBinding {
                    message,
                    part: "header".to_string(),
                    encoded: false,
                    pos: pos.clone(),
                }
            })
            .collect()
    };
    let input_headers = headers("input", explicit.map_or(&[], |b| &b.input_headers));
    let output_headers = headers("output", explicit.map_or(&[], |b| &b.output_headers));
    model::BindingOperation {
        name: op.name.clone(),
        soap_action: explicit.and_then(|b| b.action.clone()),
        style: None,
        input_body: Some(body()),
        input_headers,
        output_body: op.output.as_ref().map(|_| body()),
        output_headers,
        pos: explicit.map_or_else(|| binding.pos.clone(), |b| b.pos.clone()),
    }
}
