//! WSDL 2.0 components -> the WSDL 1.1 model: an interface a binding binds becomes a port type
//! (with the operations of the interfaces it extends), a SOAP binding a document/literal
//! binding of every operation of its interface, a service's endpoints its ports.
//!
//! Only what bindings reach is lowered: the later stages get to port types through bindings
//! alone, and flattening every interface of a long `extends` chain would cost the square of
//! its length for nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::operations::{add_message, message_name, port_operation};
use super::{Binding, BindingOperation, Components, Interface, InterfaceFault};
use crate::error::{Error, Pos, Result};
use crate::wsdl::model::{
    self, BodyBinding, Definitions, HeaderBinding, Port, PortOperation, PortType, QName, Style,
};

/// Adds the WSDL 2.0 `components` to `defs`. What cannot be expressed (an operation whose
/// body is `#any`, say) is left out and reported in `defs.left_out` when a SOAP binding
/// binds it; an interface that no SOAP binding binds raises nothing.
pub(crate) fn lower(components: &Components, defs: &mut Definitions) {
    let mut lowering = Lowering {
        components,
        index: NameIndex::new(components.interfaces.iter().map(|i| &i.name)),
        own: vec![None; components.interfaces.len()],
        flattened: BTreeMap::new(),
        reported: BTreeSet::new(),
    };
    for binding in &components.bindings {
        if defs.bindings.iter().any(|b| b.name == binding.name) {
            continue;
        }
        if let Some(lowered) = lowering.binding(binding, defs) {
            defs.bindings.push(lowered);
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

/// The operations of a bound interface: its own, then those it inherits, each once, as
/// (declaring interface, operation) indexes; and what is wrong with its `extends`.
struct Flattened {
    operations: Vec<(usize, usize)>,
    problems: Vec<Error>,
}

struct Lowering<'c> {
    components: &'c Components,
    /// The interfaces, by name.
    index: NameIndex<'c>,
    /// The operations each interface declares, lowered the first time a binding needs them
    /// (by interface index, then operation index).
    own: Vec<Option<Vec<Result<PortOperation>>>>,
    /// Bound interfaces, by index.
    flattened: BTreeMap<usize, Flattened>,
    /// The text of every problem reported, so that each is reported once however many
    /// bindings run into it.
    reported: BTreeSet<String>,
}

impl<'c> Lowering<'c> {
    fn interfaces(&self) -> &'c [Interface] {
        &self.components.interfaces
    }

    fn report(&mut self, defs: &mut Definitions, problem: &Error) {
        if self.reported.insert(problem.to_string()) {
            defs.left_out.push(problem.clone());
        }
    }

    /// Lowers the operations interface `i` declares, once. An operation's outfaults refer to
    /// the faults of its interface and of those it extends.
    fn lower_own(&mut self, i: usize, defs: &mut Definitions) {
        if self.own.get(i).is_none_or(Option::is_some) {
            return;
        }
        let interfaces = self.interfaces();
        let Some(interface) = interfaces.get(i) else {
            return;
        };
        let needs_faults = interface
            .operations
            .iter()
            .any(|op| !op.outfaults.is_empty());
        let faults: Vec<(&Interface, &InterfaceFault)> = if needs_faults {
            let (family, _) = family(&self.index, interfaces, i);
            family
                .iter()
                .filter_map(|&f| interfaces.get(f))
                .flat_map(|f| f.faults.iter().map(move |fault| (f, fault)))
                .collect()
        } else {
            Vec::new()
        };
        let lowered = interface
            .operations
            .iter()
            .map(|op| port_operation(interface, op, &faults, defs))
            .collect();
        if let Some(slot) = self.own.get_mut(i) {
            *slot = Some(lowered);
        }
    }

    /// Flattens interface `i` (once) and adds its port type to `defs`.
    fn flatten(&mut self, i: usize, defs: &mut Definitions) {
        if self.flattened.contains_key(&i) {
            return;
        }
        let (family, problems) = family(&self.index, self.interfaces(), i);
        let mut names = BTreeSet::new();
        let mut operations = Vec::new();
        for &declaring in &family {
            self.lower_own(declaring, defs);
            let Some(interface) = self.interfaces().get(declaring) else {
                continue;
            };
            for (o, op) in interface.operations.iter().enumerate() {
                // An operation inherited twice is one operation.
                if names.insert(op.name.local.as_str()) {
                    operations.push((declaring, o));
                }
            }
        }
        if let Some(interface) = self.interfaces().get(i) {
            let port_operations = operations
                .iter()
                .filter_map(|&(d, o)| self.operation(d, o)?.as_ref().ok().cloned())
                .collect();
            defs.port_types
                .entry(interface.name.clone())
                .or_insert_with(|| PortType {
                    name: interface.name.clone(),
                    operations: port_operations,
                    pos: interface.pos.clone(),
                });
        }
        self.flattened.insert(
            i,
            Flattened {
                operations,
                problems,
            },
        );
    }

    fn operation(&self, declaring: usize, o: usize) -> Option<&Result<PortOperation>> {
        self.own.get(declaring)?.as_ref()?.get(o)
    }

    /// A binding of the 1.1 model, or None when it binds no interface at all (a reusable
    /// binding no service uses).
    fn binding(&mut self, binding: &Binding, defs: &mut Definitions) -> Option<model::Binding> {
        let services = &self.components.services;
        let interface_name = binding.interface.clone().or_else(|| {
            services
                .iter()
                .find(|s| {
                    s.endpoints
                        .iter()
                        .any(|e| e.binding.local == binding.name.local)
                })
                .and_then(|s| s.interface.clone())
        })?;
        let found = self.index.get(&interface_name);
        if let Some(i) = found {
            self.flatten(i, defs);
        }
        let explicit_ops =
            NameIndex::new(binding.operations.iter().map(|b| &b.interface_operation));
        let mut operations = Vec::new();
        let mut bound = BTreeSet::new();
        // Only SOAP bindings are rendered: nothing is reported for the others.
        let flattened = found.and_then(|i| self.flattened.get(&i));
        if let (Some(_), Some(flattened)) = (binding.soap, flattened) {
            let mut problems = flattened.problems.clone();
            for &(d, o) in &flattened.operations {
                let Some(name) = self
                    .interfaces()
                    .get(d)
                    .and_then(|i| i.operations.get(o))
                    .map(|op| &op.name)
                else {
                    continue;
                };
                let explicit = explicit_ops
                    .get(name)
                    .and_then(|b| binding.operations.get(b));
                if let Some(explicit) = explicit {
                    bound.insert(&explicit.pos);
                }
                match self.operation(d, o) {
                    Some(Ok(op)) => operations.push(binding_operation(binding, op, explicit, defs)),
                    Some(Err(problem)) => problems.push(problem.clone()),
                    None => {}
                }
            }
            for problem in &problems {
                self.report(defs, problem);
            }
        }
        if binding.soap.is_some() {
            // Binding operations for operations the interface does not have: `ir` reports
            // each where it is written.
            for extra in binding
                .operations
                .iter()
                .filter(|b| !bound.contains(&b.pos))
            {
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
        let port_type = found
            .and_then(|i| self.interfaces().get(i))
            .map_or(interface_name, |i| i.name.clone());
        Some(model::Binding {
            name: binding.name.clone(),
            port_type,
            soap: binding.soap,
            style: Style::Document,
            operations,
            pos: binding.pos.clone(),
        })
    }
}

/// Components by name, with the leniency `ir` has for references (exactly the name, else the
/// only one with its local name), without a scan per reference.
struct NameIndex<'c> {
    exact: BTreeMap<&'c QName, usize>,
    /// None: several components have that local name.
    by_local: BTreeMap<&'c str, Option<usize>>,
}

impl<'c> NameIndex<'c> {
    fn new(names: impl Iterator<Item = &'c QName>) -> Self {
        let mut exact = BTreeMap::new();
        let mut by_local = BTreeMap::new();
        for (i, name) in names.enumerate() {
            // The first of a name wins, as for every other component.
            let first = *exact.entry(name).or_insert(i);
            by_local
                .entry(name.local.as_str())
                .and_modify(|found: &mut Option<usize>| {
                    if *found != Some(first) {
                        *found = None;
                    }
                })
                .or_insert(Some(i));
        }
        NameIndex { exact, by_local }
    }

    fn get(&self, name: &QName) -> Option<usize> {
        self.exact
            .get(name)
            .copied()
            .or_else(|| self.by_local.get(name.local.as_str()).copied().flatten())
    }
}

/// Interface `start` and every interface it extends, directly or not, each once, in
/// declaration order; and an error for each name in `extends` that is not defined.
fn family(
    index: &NameIndex<'_>,
    interfaces: &[Interface],
    start: usize,
) -> (Vec<usize>, Vec<Error>) {
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    let mut problems = Vec::new();
    // An explicit stack: an extends chain as long as the document allows costs no call depth.
    let mut stack = vec![start];
    while let Some(next) = stack.pop() {
        let Some(interface) = interfaces.get(next) else {
            continue;
        };
        if !seen.insert(next) {
            continue;
        }
        order.push(next);
        for parent in interface.extends.iter().rev() {
            match index.get(parent) {
                Some(found) => stack.push(found),
                None => problems.push(Error::at(
                    &interface.pos,
                    format!(
                        "interface {} extends {parent}, which is not defined",
                        interface.name.local
                    ),
                )),
            }
        }
    }
    (order, problems)
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
