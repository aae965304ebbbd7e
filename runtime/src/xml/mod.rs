//! XML writing and reading: the part of the runtime generated code calls most.
//!
//! Writing appends to one reused buffer ([`XmlWriter`]); reading walks a parsed
//! [`roxmltree`] document with the helpers in [`read`].

mod escape;
pub mod read;
pub mod simple;
pub mod write;

use roxmltree::Node;

/// Escapes as element text and as an attribute value (for the robustness tests).
#[cfg(test)]
pub(crate) fn escape_for_tests(
    s: &str,
) -> (Result<String, EncodeError>, Result<String, EncodeError>) {
    let run = |in_attr| {
        let mut out = String::new();
        escape::escape_into(&mut out, s, in_attr).map(|()| out)
    };
    (run(false), run(true))
}

pub use read::{
    child, duplicate, element_children, element_text, inner_xml, is_nil, missing, parse_document,
    raw_xml, read_complex, read_simple, standalone_xml, unexpected, xsi_type, DecodeError,
    MAX_XML_NODES,
};
pub use simple::{trim_xml, SimpleValue};
pub use write::{
    local_part, write_complex, write_complex_tags, EncodeError, XmlWriter, XSI_NAMESPACE,
};

/// A value of an XML Schema complex type: attributes plus element content.
///
/// Generated types implement it; [`write_complex`] and [`read_complex`] add the
/// element around it.
pub trait ComplexValue: Sized {
    /// Writes the attributes (after `<name`, before `>`).
    fn write_attributes(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        let _ = w;
        Ok(())
    }

    /// Writes the content (child elements or text). Writing nothing makes the
    /// element empty (`<name/>`).
    fn write_content(&self, w: &mut XmlWriter) -> Result<(), EncodeError>;

    /// Reads the value from its element. Errors are relative to `node`: the caller
    /// ([`read_complex`]) adds the element's own name.
    fn read(node: Node<'_, '_>) -> Result<Self, DecodeError>;
}
