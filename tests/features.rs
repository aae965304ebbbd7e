//! Generator features, one directory each under `tests/feature/<name>/`: `schema.wsdl` (what
//! the feature is, in a comment at its top), `expected.rs` (the generator's output for it,
//! committed and compiled here) and `example.rs` (real XML through the generated code).
//!
//! `expected_output_is_fresh` regenerates every schema and compares; when the generator
//! changes on purpose, refresh the goldens with:
//!     MKTOWS_BLESS=1 cargo test -p mktows --test features

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REFRESH: &str = "MKTOWS_BLESS=1 cargo test -p mktows --test features";

/// The absolute URL the `catalog` feature imports, and the local file it stands for.
const CATALOG_URL: &str = "http://example.com/feature/catalog/units.xsd";
const CATALOG_FILE: &str = "vendor/units.xsd";

fn feature_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feature")
}

/// Generator options for one feature: the catalog feature resolves its absolute import
/// through the offline catalog.
fn options(feature: &str) -> mktows_codegen::Options {
    let mut options = mktows_codegen::Options {
        strict: true,
        ..Default::default()
    };
    if feature == "catalog" {
        options.read.catalog = BTreeMap::from([(
            CATALOG_URL.to_string(),
            feature_dir().join("catalog").join(CATALOG_FILE),
        )]);
    }
    options
}

/// Every feature directory, by name, with its root schema (`schema.wsdl` or `schema.xsd`).
fn features() -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(feature_dir()).expect("tests/feature is readable") {
        let dir = entry.expect("tests/feature entry").path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let schema = ["schema.wsdl", "schema.xsd"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("tests/feature/{name} has no schema.wsdl or schema.xsd"));
        found.push((name, schema));
    }
    found.sort();
    found
}

#[test]
fn expected_output_is_fresh() {
    let bless = std::env::var_os("MKTOWS_BLESS").is_some();
    let this_file = include_str!("features.rs");
    let mut stale = Vec::new();
    let mut not_compiled = Vec::new();
    for (name, schema) in features() {
        let generated = mktows_codegen::generate(&schema, &options(&name))
            .unwrap_or_else(|e| panic!("tests/feature/{name}: generation failed: {e}"));
        assert!(
            generated.warnings.is_empty(),
            "tests/feature/{name}: {:?}",
            generated.warnings
        );
        let path = schema.with_file_name("expected.rs");
        if bless {
            mktows_codegen::write_if_changed(&path, &generated.code).expect("writable");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(&generated.code) {
            stale.push(format!("tests/feature/{name}/expected.rs"));
        }
        // A golden that is not included here would not be compiled.
        let include = format!("include!(\"feature/{name}/expected.rs\")");
        if !this_file.contains(&include) {
            not_compiled.push(include);
        }
    }
    assert!(
        not_compiled.is_empty(),
        "tests/features.rs compiles no module with {}",
        not_compiled.join(", ")
    );
    assert!(
        stale.is_empty(),
        "{} stale (the generator's output changed); review the diff after refreshing with:\n    {REFRESH}",
        stale.join(", ")
    );
}

/// Reading and writing whole SOAP messages through a feature's generated `Request` and
/// `Response` enums.
mod support;

mod wire {
    use std::fmt::Debug;

    use mktows::runtime::roxmltree::{Document, Node};
    use mktows::runtime::xml::{
        parse_document, raw_xml, ComplexValue, DecodeError, EncodeError, XmlWriter,
    };

    /// A feature's `Request` or `Response` (see `messages!`).
    pub trait Message: Sized + PartialEq + Debug {
        fn read_body(node: Node<'_, '_>) -> Result<Self, DecodeError>;
        fn write_body(&self, w: &mut XmlWriter) -> Result<(), EncodeError>;
        fn write_envelope(&self, w: &mut XmlWriter) -> Result<(), EncodeError>;
    }

    /// Removes the whitespace-only text between tags, as most servers send their XML.
    pub use crate::support::compact;

    pub fn parse(xml: &str) -> Document<'_> {
        parse_document(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"))
    }

    /// The first element in the envelope's Body (SOAP 1.1 or 1.2, any prefix).
    pub fn body<'a, 'i>(doc: &'a Document<'i>) -> Node<'a, 'i> {
        let envelope = doc.root_element();
        assert_eq!(envelope.tag_name().name(), "Envelope");
        let body = envelope
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == "Body")
            .expect("a Body");
        body.children()
            .find(|n| n.is_element())
            .expect("a body element")
    }

    /// Reads the message in `envelope`, panicking with the decode error (path and position).
    pub fn read<M: Message>(envelope: &str) -> M {
        let doc = parse(envelope);
        M::read_body(body(&doc)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads the body element of `envelope` as `T` (the type of the operation's body).
    pub fn read_element<T: ComplexValue>(envelope: &str) -> T {
        let doc = parse(envelope);
        T::read(body(&doc)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The message written by generated code as a whole envelope.
    pub fn envelope<M: Message>(message: &M) -> String {
        let mut w = XmlWriter::new();
        message.write_envelope(&mut w).expect("writable");
        w.into_string()
    }

    /// The body element alone, as generated code writes it.
    pub fn body_xml<M: Message>(message: &M) -> String {
        let mut w = XmlWriter::new();
        message.write_body(&mut w).expect("writable");
        w.into_string()
    }

    /// Reads the message in `envelope`, writes it in a new envelope and reads that back: the
    /// two values must be equal. Returns the value read.
    pub fn round_trip<M: Message>(envelope: &str) -> M {
        round_trip_bodies(envelope).0
    }

    /// `round_trip`, and the body written back must be the body received, byte for byte
    /// (the received envelope declares the namespaces where generated code does).
    pub fn round_trip_exact<M: Message>(envelope: &str) -> M {
        let (message, received, written) = round_trip_bodies(envelope);
        assert_eq!(
            written, received,
            "the body is not written back as received"
        );
        message
    }

    fn round_trip_bodies<M: Message>(envelope: &str) -> (M, String, String) {
        let doc = parse(envelope);
        let received = body(&doc);
        let message = M::read_body(received).unwrap_or_else(|e| panic!("{e}"));
        let rewritten = self::envelope(&message);
        let doc2 = parse(&rewritten);
        let written = body(&doc2);
        let again = M::read_body(written).unwrap_or_else(|e| panic!("{e}\n{rewritten}"));
        assert_eq!(again, message, "written back as {rewritten}");
        (message, raw_xml(received), raw_xml(written))
    }
}

/// `wire::Message` for the `Request` and `Response` of the feature module around the call.
macro_rules! messages {
    () => {
        impl crate::wire::Message for super::Request {
            fn read_body(
                node: mktows::runtime::roxmltree::Node<'_, '_>,
            ) -> Result<Self, mktows::runtime::DecodeError> {
                super::Request::read_body(node)
            }
            fn write_body(
                &self,
                w: &mut mktows::runtime::XmlWriter,
            ) -> Result<(), mktows::runtime::EncodeError> {
                super::Request::write_body(self, w)
            }
            fn write_envelope(
                &self,
                w: &mut mktows::runtime::XmlWriter,
            ) -> Result<(), mktows::runtime::EncodeError> {
                super::Request::write_envelope(self, w, &super::Headers::default())
            }
        }

        impl crate::wire::Message for super::Response {
            fn read_body(
                node: mktows::runtime::roxmltree::Node<'_, '_>,
            ) -> Result<Self, mktows::runtime::DecodeError> {
                super::Response::read_body(node)
            }
            fn write_body(
                &self,
                w: &mut mktows::runtime::XmlWriter,
            ) -> Result<(), mktows::runtime::EncodeError> {
                super::Response::write_body(self, w)
            }
            fn write_envelope(
                &self,
                w: &mut mktows::runtime::XmlWriter,
            ) -> Result<(), mktows::runtime::EncodeError> {
                super::Response::write_envelope(self, w)
            }
        }
    };
}

// Each feature: its generated module (every item compiled, used or not) and its example.

#[allow(dead_code)]
mod anonymous {
    include!("feature/anonymous/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/anonymous/example.rs");
    }
}

#[allow(dead_code)]
mod any {
    include!("feature/any/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/any/example.rs");
    }
}

#[allow(dead_code)]
mod attributes {
    include!("feature/attributes/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/attributes/example.rs");
    }
}

#[allow(dead_code)]
mod catalog {
    include!("feature/catalog/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/catalog/example.rs");
    }
}

#[allow(dead_code)]
mod choice {
    include!("feature/choice/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/choice/example.rs");
    }
}

#[allow(dead_code)]
mod extension {
    include!("feature/extension/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/extension/example.rs");
    }
}

#[allow(dead_code)]
mod faults {
    include!("feature/faults/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use mktows::runtime as rt;
        include!("feature/faults/example.rs");
    }
}

#[allow(dead_code)]
mod imports {
    include!("feature/imports/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/imports/example.rs");
    }
}

#[allow(dead_code)]
mod lists_unions {
    include!("feature/lists_unions/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/lists_unions/example.rs");
    }
}

#[allow(dead_code)]
mod multipart_body {
    include!("feature/multipart_body/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/multipart_body/example.rs");
    }
}

#[allow(dead_code)]
mod names {
    include!("feature/names/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/names/example.rs");
    }
}

#[allow(dead_code)]
mod qualification {
    include!("feature/qualification/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/qualification/example.rs");
    }
}

#[allow(dead_code)]
mod recursive {
    include!("feature/recursive/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/recursive/example.rs");
    }
}

#[allow(dead_code)]
mod restriction {
    include!("feature/restriction/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/restriction/example.rs");
    }
}

#[allow(dead_code)]
mod rpc_encoded {
    include!("feature/rpc_encoded/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/rpc_encoded/example.rs");
    }
}

#[allow(dead_code)]
mod rpc_literal {
    include!("feature/rpc_literal/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/rpc_literal/example.rs");
    }
}

#[allow(dead_code)]
mod several_services {
    include!("feature/several_services/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/several_services/example.rs");
    }
}

#[allow(dead_code)]
mod simple_content {
    include!("feature/simple_content/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/simple_content/example.rs");
    }
}

#[allow(dead_code)]
mod soap12 {
    include!("feature/soap12/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/soap12/example.rs");
    }
}

#[allow(dead_code)]
mod substitution_group {
    include!("feature/substitution_group/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/substitution_group/example.rs");
    }
}

#[allow(dead_code)]
mod wsdl20 {
    include!("feature/wsdl20/expected.rs");
    #[cfg(test)]
    mod roundtrip {
        use super::*;
        use crate::wire;
        messages!();
        include!("feature/wsdl20/example.rs");
    }
}
