//! Response decoding on arbitrary bytes: what the typed client does with a body (syncLead's
//! `decode_response`, faults included), and what a server or tool does with any body element
//! (`Response::read_body`, `Request::read_body`). No input may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mktows::runtime::envelope::{decode_request_envelope, decode_response};
use mktows::runtime::xml::{parse_document, ComplexValue};
use mktows::{Request, Response, SuccessSyncLead};

fuzz_target!(|data: &[u8]| {
    // The transport refuses invalid UTF-8 before decoding; lossy keeps the rest useful.
    let text = String::from_utf8_lossy(data);
    let _ = decode_response(
        &text,
        "successSyncLead",
        <SuccessSyncLead as ComplexValue>::read,
    );
    let Ok(doc) = parse_document(&text) else {
        return;
    };
    if let Ok(envelope) = decode_request_envelope(&doc) {
        let _ = Response::read_body(envelope.body);
        let _ = Request::read_body(envelope.body);
    }
    // Any element as a body root: the readers dispatch on its name.
    for node in doc.descendants().filter(|n| n.is_element()).take(16) {
        let _ = Response::read_body(node);
    }
});
