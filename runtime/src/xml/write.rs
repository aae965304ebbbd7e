//! The XML writer generated code serializes requests with.
//!
//! One `String` buffer is appended to and reused between requests (`clear` keeps
//! its capacity), so writing an envelope allocates nothing once the buffer has
//! grown. Names and markup passed to the writer come from generated code and are
//! trusted; only values are escaped and checked.

use std::fmt;

use super::escape::escape_into;
use super::{ComplexValue, SimpleValue};

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Appends XML to a reusable buffer.
#[derive(Clone, Default)]
pub struct XmlWriter {
    buf: String,
    /// The envelope declared `xmlns:xsi`, so `xsi:` attributes need no local declaration.
    xsi_declared: bool,
    /// Set while a value is written inside `attr`: text escaping then also covers `"`, \t and \n.
    in_attr: bool,
    /// Prefixes declared on the envelope (prefix, namespace URI), for `xsi_type_attr`.
    declared: &'static [(&'static str, &'static str)],
}

impl fmt::Debug for XmlWriter {
    // The buffer can hold a signed request; show its size, not its content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XmlWriter")
            .field("len", &self.buf.len())
            .field("xsi_declared", &self.xsi_declared)
            .finish_non_exhaustive()
    }
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer whose buffer can hold `bytes` without growing.
    pub fn with_capacity(bytes: usize) -> Self {
        XmlWriter {
            buf: String::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// Empties the buffer (keeping its capacity) and forgets the envelope's declarations.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.xsi_declared = false;
        self.in_attr = false;
        self.declared = &[];
    }

    /// The XML written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The number of bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The XML written, as an owned string.
    pub fn into_string(self) -> String {
        self.buf
    }

    /// Appends trusted markup verbatim (no escaping, no checks).
    #[inline]
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
    }

    /// Starts an element: `<name`.
    #[inline]
    pub fn open(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
    }

    /// Writes an attribute ` name="value"`, escaping `& < > "` and \t \n \r as
    /// character references. Errors are reported within `@name`.
    pub fn attr<V: SimpleValue>(&mut self, name: &str, value: &V) -> Result<(), EncodeError> {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        self.in_attr = true;
        let result = value.write_text(self);
        self.in_attr = false;
        self.buf.push('"');
        result.map_err(|e| e.within_attribute(name))
    }

    /// Ends a start tag: `>`.
    #[inline]
    pub fn close_start(&mut self) {
        self.buf.push('>');
    }

    /// Ends an empty element: `/>`.
    #[inline]
    pub fn close_empty(&mut self) {
        self.buf.push_str("/>");
    }

    /// Writes an end tag: `</name>`.
    #[inline]
    pub fn end(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// Appends escaped character data: `& < >` always and `\r` as `&#13;` (so it
    /// survives parsing); inside `attr` also `"`, \t and \n. A character XML 1.0
    /// forbids (such as U+0001) is an error.
    #[inline]
    pub fn text(&mut self, s: &str) -> Result<(), EncodeError> {
        escape_into(&mut self.buf, s, self.in_attr)
    }

    /// Writes `<name>text</name>`; errors are reported within the local part of `name`.
    #[inline]
    pub fn simple_element<V: SimpleValue>(&mut self, name: &str, v: &V) -> Result<(), EncodeError> {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
        v.write_text(self).map_err(|e| e.within(local_part(name)))?;
        self.end(name);
        Ok(())
    }

    /// `simple_element` with both tags spelled out by the caller (`"<attrName>"`,
    /// `"</attrName>"`): generated code knows them at compile time, so writing an element
    /// is two appends around the value. Errors are reported within the local name.
    #[inline]
    pub fn simple_element_tags<V: SimpleValue>(
        &mut self,
        open: &str,
        close: &str,
        v: &V,
    ) -> Result<(), EncodeError> {
        self.buf.push_str(open);
        v.write_text(self)
            .map_err(|e| e.within(tag_local_name(open)))?;
        self.buf.push_str(close);
        Ok(())
    }

    /// Writes `<name>text</name>` with `text` escaped; errors are reported within
    /// the local part of `name`.
    pub fn text_element(&mut self, name: &str, text: &str) -> Result<(), EncodeError> {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
        self.text(text).map_err(|e| e.within(local_part(name)))?;
        self.end(name);
        Ok(())
    }

    /// Writes `<name xsi:nil="true"/>`, declaring `xmlns:xsi` on the element unless
    /// the envelope did.
    pub fn nil_element(&mut self, name: &str) {
        self.open(name);
        if !self.xsi_declared {
            self.declare("xsi", XSI_NAMESPACE);
        }
        self.buf.push_str(" xsi:nil=\"true\"/>");
    }

    /// Writes ` xsi:type="prefix:local"`, declaring `xmlns:prefix` and `xmlns:xsi`
    /// on the current element when the envelope did not declare them.
    pub fn xsi_type_attr(&mut self, prefix: &str, local: &str, namespace: &str) {
        if !self.xsi_declared {
            self.declare("xsi", XSI_NAMESPACE);
        }
        let declared = self
            .declared
            .iter()
            .any(|&(p, ns)| p == prefix && ns == namespace);
        let is_xsi = prefix == "xsi" && namespace == XSI_NAMESPACE;
        if !declared && !is_xsi {
            self.declare(prefix, namespace);
        }
        self.buf.push_str(" xsi:type=\"");
        self.buf.push_str(prefix);
        self.buf.push(':');
        self.buf.push_str(local);
        self.buf.push('"');
    }

    /// Records that the envelope declared `xmlns:xsi` (see `envelope::begin`).
    pub fn set_xsi_declared(&mut self, declared: bool) {
        self.xsi_declared = declared;
    }

    /// Whether the envelope declared `xmlns:xsi`.
    pub fn xsi_declared(&self) -> bool {
        self.xsi_declared
    }

    /// Records the prefixes the envelope declared, so `xsi_type_attr` does not
    /// declare them again (see `envelope::begin`).
    pub fn set_declared_namespaces(&mut self, namespaces: &'static [(&'static str, &'static str)]) {
        self.declared = namespaces;
    }

    /// Writes ` xmlns:prefix="namespace"` (namespace URIs are trusted, from the schema).
    fn declare(&mut self, prefix: &str, namespace: &str) {
        self.buf.push_str(" xmlns:");
        self.buf.push_str(prefix);
        self.buf.push_str("=\"");
        self.buf.push_str(namespace);
        self.buf.push('"');
    }

    /// Direct access to the buffer for value writers in this crate (base64, numbers).
    pub(crate) fn buf_mut(&mut self) -> &mut String {
        &mut self.buf
    }
}

/// Writes a complex element: `<name` + attributes, then `/>` when the content is
/// empty, else `>` content `</name>`. Errors are reported within the local part of `name`.
pub fn write_complex<T: ComplexValue>(
    w: &mut XmlWriter,
    name: &str,
    v: &T,
) -> Result<(), EncodeError> {
    // The local part is only needed for an error's path: found then, not on every element.
    w.open(name);
    v.write_attributes(w)
        .map_err(|e| e.within(local_part(name)))?;
    w.buf.push('>');
    let content_start = w.buf.len();
    v.write_content(w).map_err(|e| e.within(local_part(name)))?;
    if w.buf.len() == content_start {
        // Nothing was written: turn the `>` into `/>`.
        w.buf.pop();
        w.close_empty();
    } else {
        w.end(name);
    }
    Ok(())
}

/// `write_complex` with the tags spelled out by the caller: `open_start` is the start tag
/// without its `>` (`"<attribute"`, so attributes can follow), `close` the end tag.
#[inline]
pub fn write_complex_tags<T: ComplexValue>(
    w: &mut XmlWriter,
    open_start: &str,
    close: &str,
    v: &T,
) -> Result<(), EncodeError> {
    w.buf.push_str(open_start);
    v.write_attributes(w)
        .map_err(|e| e.within(tag_local_name(open_start)))?;
    w.buf.push('>');
    let content_start = w.buf.len();
    v.write_content(w)
        .map_err(|e| e.within(tag_local_name(open_start)))?;
    if w.buf.len() == content_start {
        // Nothing was written: turn the `>` into `/>`.
        w.buf.pop();
        w.close_empty();
    } else {
        w.buf.push_str(close);
    }
    Ok(())
}

/// The local name in a start tag such as `<ns1:attribute>` or `<attribute` (for errors).
fn tag_local_name(tag: &str) -> &str {
    local_part(tag.trim_start_matches('<').trim_end_matches('>'))
}

/// The part of a qualified name after its prefix (`ns1:paramsSyncLead` -> `paramsSyncLead`).
pub fn local_part(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// A value that cannot be written as XML, with the element path where it occurred.
///
/// Displays as `leadRecord/leadAttributeList/attribute/attrValue: character U+0001
/// is not allowed in XML 1.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// Path segments, innermost first (errors bubble up, prepending is a push).
    rev_path: Vec<String>,
    message: String,
}

impl EncodeError {
    /// An error with a message and an empty path.
    pub fn new(message: impl Into<String>) -> Self {
        EncodeError {
            rev_path: Vec::new(),
            message: message.into(),
        }
    }

    /// Prepends a path segment (the enclosing element's name).
    pub fn within(mut self, segment: &str) -> Self {
        self.rev_path.push(segment.to_owned());
        self
    }

    fn within_attribute(mut self, name: &str) -> Self {
        self.rev_path.push(format!("@{name}"));
        self
    }

    /// The message, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path, outermost segment first, joined with `/`.
    pub fn path(&self) -> String {
        join_rev_path(&self.rev_path)
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.rev_path.is_empty() {
            write_rev_path(f, &self.rev_path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for EncodeError {}

pub(crate) fn write_rev_path(f: &mut fmt::Formatter<'_>, rev_path: &[String]) -> fmt::Result {
    for (i, segment) in rev_path.iter().rev().enumerate() {
        if i > 0 {
            f.write_str("/")?;
        }
        f.write_str(segment)?;
    }
    Ok(())
}

pub(crate) fn join_rev_path(rev_path: &[String]) -> String {
    let mut out = String::new();
    for (i, segment) in rev_path.iter().rev().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::DecodeError;
    use roxmltree::Node;

    struct Attribute {
        name: String,
        value: String,
    }

    impl ComplexValue for Attribute {
        fn write_content(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
            w.simple_element("attrName", &self.name)?;
            w.simple_element("attrValue", &self.value)
        }
        fn read(_node: Node<'_, '_>) -> Result<Self, DecodeError> {
            Err(DecodeError::new("unused"))
        }
    }

    struct Empty;

    impl ComplexValue for Empty {
        fn write_attributes(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
            w.attr("kind", &String::from("a\"b"))
        }
        fn write_content(&self, _w: &mut XmlWriter) -> Result<(), EncodeError> {
            Ok(())
        }
        fn read(_node: Node<'_, '_>) -> Result<Self, DecodeError> {
            Ok(Empty)
        }
    }

    #[test]
    fn elements_attributes_and_text() {
        let mut w = XmlWriter::new();
        w.open("a");
        w.attr("x", &String::from("1 < 2 & \"q\"\n")).unwrap();
        w.attr("n", &42i32).unwrap();
        w.close_start();
        w.text("<&>\r'\"").unwrap();
        w.simple_element("b", &true).unwrap();
        w.open("c");
        w.close_empty();
        w.end("a");
        assert_eq!(
            w.as_str(),
            r#"<a x="1 &lt; 2 &amp; &quot;q&quot;&#10;" n="42">&lt;&amp;&gt;&#13;'"<b>true</b><c/></a>"#
        );
        // The attribute state is reset: quotes in text stay as they are.
        w.text("\"").unwrap();
        assert!(w.as_str().ends_with("</a>\""));
    }

    #[test]
    fn complex_elements_and_error_paths() {
        let mut w = XmlWriter::new();
        let ok = Attribute {
            name: "FirstName".into(),
            value: "Ann & Bob".into(),
        };
        write_complex(&mut w, "attribute", &ok).unwrap();
        assert_eq!(
            w.as_str(),
            "<attribute><attrName>FirstName</attrName><attrValue>Ann &amp; Bob</attrValue></attribute>"
        );

        w.clear();
        write_complex(&mut w, "ns1:empty", &Empty).unwrap();
        assert_eq!(w.as_str(), r#"<ns1:empty kind="a&quot;b"/>"#);

        let bad = Attribute {
            name: "X".into(),
            value: "bell\u{1}".into(),
        };
        let e = write_complex(&mut w, "attribute", &bad)
            .map_err(|e| e.within("leadAttributeList").within("leadRecord"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "leadRecord/leadAttributeList/attribute/attrValue: character U+0001 is not allowed in XML 1.0"
        );
        assert_eq!(e.path(), "leadRecord/leadAttributeList/attribute/attrValue");
        assert_eq!(e.message(), "character U+0001 is not allowed in XML 1.0");

        let mut w = XmlWriter::new();
        let e = w
            .attr("id", &String::from("\u{2}"))
            .unwrap_err()
            .within("lead");
        assert_eq!(
            e.to_string(),
            "lead/@id: character U+0002 is not allowed in XML 1.0"
        );
    }

    #[test]
    fn nil_and_xsi_type_declare_locally_unless_the_envelope_did() {
        const NS: &[(&str, &str)] = &[("ns1", "http://www.marketo.com/mktows/")];
        let mut w = XmlWriter::new();
        w.nil_element("Email");
        assert_eq!(
            w.as_str(),
            r#"<Email xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#
        );
        w.clear();
        w.set_xsi_declared(true);
        w.nil_element("Email");
        assert_eq!(w.as_str(), r#"<Email xsi:nil="true"/>"#);

        w.clear();
        w.set_xsi_declared(true);
        w.set_declared_namespaces(NS);
        w.open("obj");
        w.xsi_type_attr("ns1", "LeadRecord", "http://www.marketo.com/mktows/");
        w.xsi_type_attr("xsd", "string", "http://www.w3.org/2001/XMLSchema");
        w.close_empty();
        assert_eq!(
            w.as_str(),
            r#"<obj xsi:type="ns1:LeadRecord" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:string"/>"#
        );

        // clear() forgets the envelope's declarations.
        w.clear();
        assert!(!w.xsi_declared());
        w.open("obj");
        w.xsi_type_attr("ns1", "LeadRecord", "http://www.marketo.com/mktows/");
        w.close_empty();
        assert_eq!(
            w.as_str(),
            r#"<obj xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/" xsi:type="ns1:LeadRecord"/>"#
        );
    }

    #[test]
    fn clear_keeps_capacity() {
        let mut w = XmlWriter::with_capacity(1024);
        w.raw("<x/>");
        let cap = w.buf.capacity();
        w.clear();
        assert!(w.is_empty());
        assert_eq!(w.buf.capacity(), cap);
        assert!(cap >= 1024);
        w.raw("<y/>");
        assert_eq!(w.len(), 4);
        assert_eq!(w.into_string(), "<y/>");
    }

    #[test]
    fn local_part_strips_prefix() {
        assert_eq!(local_part("ns1:paramsSyncLead"), "paramsSyncLead");
        assert_eq!(local_part("leadRecord"), "leadRecord");
    }
}
