//! Indents an envelope for reading.
//!
//! Whitespace goes only where it carries no data: between the declaration and the root, and
//! around the children of elements whose children are all elements. Text, mixed content and
//! attributes stay byte for byte, so the indented envelope decodes to the same values.

use mktows_runtime::roxmltree::Node;
use mktows_runtime::xml::{parse_document, DecodeError};

const INDENT: &str = "  ";

/// `xml` with newlines and indentation added.
pub fn indent(xml: &str) -> Result<String, DecodeError> {
    let doc = parse_document(xml)?;
    // (byte offset, depth): a newline and `depth` indents go before the byte at offset.
    let mut breaks = Vec::new();
    let root = doc.root_element();
    if root.range().start > 0 {
        breaks.push((root.range().start, 0));
    }
    collect_breaks(xml, root, 0, &mut breaks);
    breaks.sort_unstable();
    let mut out = String::with_capacity(xml.len() + breaks.len() * 8);
    let mut copied = 0;
    for (offset, depth) in breaks {
        out.push_str(&xml[copied..offset]);
        out.push('\n');
        for _ in 0..depth {
            out.push_str(INDENT);
        }
        copied = offset;
    }
    out.push_str(&xml[copied..]);
    Ok(out)
}

fn collect_breaks(xml: &str, node: Node<'_, '_>, depth: usize, breaks: &mut Vec<(usize, usize)>) {
    let has_children = node.first_child().is_some();
    if !has_children || !node.children().all(|c| c.is_element()) {
        return;
    }
    for child in node.children() {
        breaks.push((child.range().start, depth + 1));
        collect_breaks(xml, child, depth + 1, breaks);
    }
    // An element with children always ends with its end tag.
    let range = node.range();
    if let Some(end_tag) = xml[range.clone()].rfind("</") {
        breaks.push((range.start + end_tag, depth));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_element_only_content() {
        let xml =
            r#"<?xml version="1.0"?><a x="1"><b><c>t &amp; u</c><d/></b><e>mixed<f/>text</e></a>"#;
        assert_eq!(
            indent(xml).unwrap(),
            "<?xml version=\"1.0\"?>\n<a x=\"1\">\n  <b>\n    <c>t &amp; u</c>\n    <d/>\n  </b>\n  <e>mixed<f/>text</e>\n</a>"
        );
        assert_eq!(indent("<a/>").unwrap(), "<a/>");
        assert!(indent("<a>").is_err());
    }
}
