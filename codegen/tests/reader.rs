//! The reader stage: real WSDLs (Marketo's and a corpus of others) here, and small inline
//! documents for imports, includes, the catalog, namespaces and errors in `reader/documents.rs`,
//! and for WSDL 2.0 and the built-in schemas in `reader/wsdl20.rs`.

mod common;

use std::path::Path;

use common::corpus_dir as corpus;

use mktows_codegen::error::Error;
use mktows_codegen::wsdl::{
    read, ComplexContent, Definitions, MaxOccurs, Particle, QName, ReadOptions, SimpleTypeKind,
    SoapVersion, TypeUse, XSD_NS,
};

const MKTOWS: &str = "http://www.marketo.com/mktows/";

fn read_ok(path: &Path) -> Definitions {
    read(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn q(ns: &str, local: &str) -> QName {
    QName::new(ns, local)
}

#[test]
fn marketo_wsdl_reads_into_the_expected_model() {
    let Some(corpus) = corpus() else { return };
    let defs = read_ok(&corpus.join("marketo/mktows-2_2.wsdl"));
    assert_eq!(defs.target_ns, MKTOWS);
    assert_eq!(defs.files.len(), 1);
    assert_eq!(defs.schemas.namespaces, [MKTOWS]);

    let port_type = &defs.port_types[&q(MKTOWS, "MktowsPort")];
    assert_eq!(port_type.operations.len(), 23);
    let sync_lead = port_type
        .operations
        .iter()
        .find(|o| o.name == "syncLead")
        .expect("syncLead");
    assert_eq!(sync_lead.input, Some(q(MKTOWS, "SyncLeadRequest")));
    assert_eq!(sync_lead.doc.as_deref(), Some("Create or update a lead."));

    assert_eq!(defs.bindings.len(), 1);
    let binding = &defs.bindings[0];
    assert_eq!(binding.soap, Some(SoapVersion::V11));
    assert_eq!(binding.port_type, q(MKTOWS, "MktowsPort"));
    assert_eq!(binding.operations.len(), 23);
    let op = binding
        .operations
        .iter()
        .find(|o| o.name == "syncLead")
        .expect("binding syncLead");
    assert_eq!(
        op.soap_action.as_deref(),
        Some("http://www.marketo.com/mktows/syncLead")
    );
    let headers: Vec<(QName, &str)> = op
        .input_headers
        .iter()
        .map(|h| (h.message.clone(), h.part.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            (q(MKTOWS, "AuthenticationHeader"), "authentication"),
            (q(MKTOWS, "MktowsContextHeader"), "mktowsContext"),
        ]
    );
    assert!(op.output_headers.is_empty());
    assert!(!op.input_body.as_ref().expect("soap:body").encoded);

    let port = &defs.services[0].ports[0];
    assert_eq!(
        port.address.as_deref(),
        Some("https://na-aba.marketo.com/soap/mktows/2_2")
    );

    let lead = &defs.schemas.complex_types[&q(MKTOWS, "LeadRecord")];
    let ComplexContent::Particle(Some(Particle::Sequence { items, .. })) = &lead.content else {
        panic!("LeadRecord is not a sequence: {:?}", lead.content);
    };
    let mut names = Vec::new();
    for item in items {
        let Particle::Element { element, occurs } = item else {
            panic!("not a local element: {item:?}");
        };
        assert_eq!(occurs.min, 0);
        assert_eq!(occurs.max, MaxOccurs::Bounded(1));
        assert!(element.nillable);
        // elementFormDefault is absent: local elements are unqualified.
        assert_eq!(element.name.ns, "");
        names.push(element.name.local.as_str());
    }
    assert_eq!(
        names,
        [
            "Id",
            "Email",
            "ForeignSysPersonId",
            "ForeignSysType",
            "leadAttributeList"
        ]
    );

    let selector = &defs.schemas.complex_types[&q(MKTOWS, "LastUpdateAtSelector")];
    assert!(matches!(&selector.content,
        ComplexContent::Extension { base, particle: Some(_) } if *base == q(MKTOWS, "LeadSelector")));
    assert!(defs.schemas.complex_types[&q(MKTOWS, "LeadSelector")].is_abstract);

    let status = &defs.schemas.simple_types[&q(MKTOWS, "LeadSyncStatus")];
    let SimpleTypeKind::Restriction { base, enumeration } = &status.kind else {
        panic!("LeadSyncStatus: {:?}", status.kind);
    };
    assert!(matches!(base, TypeUse::Named(b) if *b == q(XSD_NS, "string")));
    let values: Vec<&str> = enumeration.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(values, ["CREATED", "UPDATED", "FAILED"]);

    // Global elements are in the target namespace.
    assert!(defs
        .schemas
        .elements
        .contains_key(&q(MKTOWS, "paramsSyncLead")));
}

/// Whether an error's text starts with the place it is about: `file:line:col: ` for a
/// position inside a file that exists and has that many lines, `file: ` for one that could
/// not be read.
fn well_placed(err: &Error) -> bool {
    let text = err.to_string();
    match err {
        Error::At { pos, .. } => {
            let lines = std::fs::read(&pos.file)
                .map(|b| b.iter().filter(|&&c| c == b'\n').count() + 1)
                .unwrap_or(0);
            pos.line >= 1
                && pos.col >= 1
                && usize::try_from(pos.line).is_ok_and(|l| l <= lines)
                && text.starts_with(&format!(
                    "{}:{}:{}: ",
                    pos.file.display(),
                    pos.line,
                    pos.col
                ))
        }
        Error::Io { path, .. } => text.starts_with(&format!("{}: ", path.display())),
    }
}

#[test]
fn every_corpus_root_reads_or_fails_with_a_positioned_error() {
    let Some(corpus) = corpus() else { return };
    let roots = std::fs::read_to_string(corpus.join("ROOTS.txt")).expect("ROOTS.txt");
    let (mut ok, mut errors, mut panics, mut misplaced) = (0, Vec::new(), Vec::new(), Vec::new());
    for line in roots.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let path = corpus.join(line);
        match std::panic::catch_unwind(|| read(&path, &ReadOptions::default())) {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(e)) => {
                if !well_placed(&e) {
                    misplaced.push(e.to_string());
                }
                errors.push(e.to_string());
            }
            Err(_) => panics.push(line.to_string()),
        }
    }
    println!("read ok {ok}, errors {}", errors.len());
    for e in &errors {
        println!("  {e}");
    }
    assert!(panics.is_empty(), "reader panicked on: {panics:#?}");
    assert!(
        misplaced.is_empty(),
        "errors without a position: {misplaced:#?}"
    );
    assert!(ok > 0);
}

#[path = "reader/documents.rs"]
mod documents;

#[path = "reader/wsdl20.rs"]
mod wsdl20;
