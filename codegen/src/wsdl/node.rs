//! Reading values off XML nodes: positions, required attributes, booleans, occurrence bounds,
//! QName attribute values resolved in the node's namespace scope, and documentation text.

use std::path::Path;

use roxmltree::Node;

use super::model::{MaxOccurs, Occurs, QName, WSDL20_NS, WSDL_NS, XSD_NS};
use crate::error::{Error, Pos, Result};

/// Elements nested deeper than this in a schema (anonymous types inside anonymous types,
/// groups inside groups) are refused with an error rather than risking the stack.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

pub(crate) const MAX_DEPTH: usize = 256;

/// A parsed file: its name as shown in messages, and where its lines start, so that finding
/// a node's line and column does not rescan the text (`Pos::of` does, which is quadratic over
/// a large schema).
pub(crate) struct Src<'a> {
    pub file: &'a Path,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Src<'a> {
    pub(crate) fn new(file: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Src {
            file,
            text,
            line_starts,
        }
    }

    /// Where `node` starts: 1-based line, and column in characters (as roxmltree counts).
    pub(crate) fn pos(&self, node: Node<'_, '_>) -> Pos {
        let offset = node.range().start;
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count())
            + 1;
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Pos::new(self.file, to_u32(line), to_u32(col))
    }
}

/// Whether `node` is the element `{ns}local`.
pub(crate) fn is(node: Node<'_, '_>, ns: &str, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// The element children of `node` in namespace `ns`.
pub(crate) fn children_in<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    ns: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ns))
}

/// `xs:element`, `wsdl:part`...: the element's name as a reader would write it, for messages.
pub(crate) fn display_name(node: Node<'_, '_>) -> String {
    let local = node.tag_name().name();
    match node.tag_name().namespace() {
        Some(XSD_NS) => format!("xs:{local}"),
        Some(WSDL_NS | WSDL20_NS) => format!("wsdl:{local}"),
        _ => local.to_string(),
    }
}

/// Refuses nodes nested deeper than [`MAX_DEPTH`] in their document: the readers recurse
/// along the nesting, so this bounds their stack.
pub(crate) fn check_depth(src: &Src<'_>, node: Node<'_, '_>) -> Result<()> {
    // ancestors() counts the node itself and the document root.
    if node.ancestors().count() > MAX_DEPTH + 1 {
        return Err(Error::at(
            &src.pos(node),
            format!(
                "{} is nested more than {MAX_DEPTH} levels deep",
                display_name(node)
            ),
        ));
    }
    Ok(())
}

/// An attribute value, trimmed; None when absent.
pub(crate) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute(name).map(str::trim)
}

/// An attribute that must be present and non-empty.
pub(crate) fn required<'a>(src: &Src<'_>, node: Node<'a, '_>, name: &str) -> Result<&'a str> {
    match attr(node, name) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::at(
            &src.pos(node),
            format!("{} needs a {name}= attribute", display_name(node)),
        )),
    }
}

/// An `xs:boolean` attribute; `default` when absent.
pub(crate) fn boolean(
    src: &Src<'_>,
    node: Node<'_, '_>,
    name: &str,
    default: bool,
) -> Result<bool> {
    match attr(node, name) {
        None => Ok(default),
        Some("true" | "1") => Ok(true),
        Some("false" | "0") => Ok(false),
        Some(other) => Err(Error::at(
            &src.pos(node),
            format!("{name}=\"{other}\" is not a boolean (true, false, 1 or 0)"),
        )),
    }
}

/// `form=`, `elementFormDefault=`...: Some(true) for qualified, None when absent.
pub(crate) fn form(src: &Src<'_>, node: Node<'_, '_>, name: &str) -> Result<Option<bool>> {
    match attr(node, name) {
        None => Ok(None),
        Some("qualified") => Ok(Some(true)),
        Some("unqualified") => Ok(Some(false)),
        Some(other) => Err(Error::at(
            &src.pos(node),
            format!("{name}=\"{other}\" must be \"qualified\" or \"unqualified\""),
        )),
    }
}

/// `minOccurs` and `maxOccurs` (both default to 1).
pub(crate) fn occurs(src: &Src<'_>, node: Node<'_, '_>) -> Result<Occurs> {
    let bad = |name: &str, v: &str| {
        Error::at(
            &src.pos(node),
            format!("{name}=\"{v}\" is not a non-negative integer"),
        )
    };
    let min = match attr(node, "minOccurs") {
        None => 1,
        Some(v) => v.parse::<u64>().map_err(|_| bad("minOccurs", v))?,
    };
    let max = match attr(node, "maxOccurs") {
        None => MaxOccurs::Bounded(1),
        Some("unbounded") => MaxOccurs::Unbounded,
        Some(v) => MaxOccurs::Bounded(v.parse::<u64>().map_err(|_| bad("maxOccurs", v))?),
    };
    Ok(Occurs { min, max })
}

/// Resolves a QName written in attribute `name` of `node`. An unprefixed value takes the
/// default namespace in scope, or no namespace when none is declared.
pub(crate) fn resolve_qname(
    src: &Src<'_>,
    node: Node<'_, '_>,
    name: &str,
    value: &str,
) -> Result<QName> {
    let invalid = || {
        Error::at(
            &src.pos(node),
            format!("{name}=\"{value}\" is not a valid QName"),
        )
    };
    let (prefix, local) = match value.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, value),
    };
    if local.is_empty() || local.contains(':') || prefix == Some("") {
        return Err(invalid());
    }
    let ns = match prefix {
        None => node.lookup_namespace_uri(None).unwrap_or(""),
        // Bound in every document without a declaration.
        Some("xml") => XML_NS,
        Some(p) => node.lookup_namespace_uri(Some(p)).ok_or_else(|| {
            Error::at(
                &src.pos(node),
                format!("unbound prefix \"{p}\" in {name}=\"{value}\""),
            )
        })?,
    };
    // Drafts of XML Schema before the 2001 Recommendation, still seen in old rpc WSDLs: their
    // built-in types are the same.
    let ns = match ns {
        "http://www.w3.org/1999/XMLSchema" | "http://www.w3.org/2000/10/XMLSchema" => XSD_NS,
        ns => ns,
    };
    Ok(QName::new(ns, local))
}

/// A QName attribute, resolved; None when absent.
pub(crate) fn qname_attr(src: &Src<'_>, node: Node<'_, '_>, name: &str) -> Result<Option<QName>> {
    match attr(node, name) {
        None => Ok(None),
        Some(v) => resolve_qname(src, node, name, v).map(Some),
    }
}

/// A QName attribute that must be present.
pub(crate) fn required_qname(src: &Src<'_>, node: Node<'_, '_>, name: &str) -> Result<QName> {
    let v = required(src, node, name)?;
    resolve_qname(src, node, name, v)
}

/// `xs:annotation/xs:documentation` children of an XSD node, cleaned and joined.
pub(crate) fn xsd_doc(node: Node<'_, '_>) -> Option<String> {
    let docs = children_in(node, XSD_NS)
        .filter(|c| c.tag_name().name() == "annotation")
        .flat_map(|a| children_in(a, XSD_NS).filter(|d| d.tag_name().name() == "documentation"));
    join_docs(docs)
}

/// `documentation` children of a WSDL 1.1 or 2.0 node, cleaned and joined.
pub(crate) fn wsdl_doc(node: Node<'_, '_>) -> Option<String> {
    join_docs(
        node.children()
            .filter(|d| is(*d, WSDL_NS, "documentation") || is(*d, WSDL20_NS, "documentation")),
    )
}

fn join_docs<'a, 'input: 'a>(docs: impl Iterator<Item = Node<'a, 'input>>) -> Option<String> {
    let parts: Vec<String> = docs
        .filter_map(|d| {
            // Documentation may hold XHTML markup: keep its text only.
            let text: String = d
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            clean_doc(&text)
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

/// Trims, removes the indentation the XML layout added (so rustdoc does not read the lines as
/// code blocks), drops trailing spaces and collapses runs of blank lines into one.
pub(crate) fn clean_doc(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let lines = lines.get(first..=last)?;
    // The first line usually starts right after the opening tag; the others carry the
    // indentation of the surrounding XML.
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    let mut blank = false;
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 {
            line.trim_start()
        } else {
            line.get(indent..).unwrap_or_else(|| line.trim_start())
        };
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{clean_doc, Src};
    use crate::error::Pos;
    use std::path::Path;

    #[test]
    fn positions_match_roxmltrees() {
        let text =
            "<?xml version=\"1.0\"?>\n<a>\n  <b x=\"é\"/><c/>\n\n\t<ü>\u{1F600}<d/></ü>\n</a>\n";
        let doc = roxmltree::Document::parse(text).expect("parses");
        let file = Path::new("f.xml");
        let src = Src::new(file, text);
        for node in doc.descendants().filter(|n| n.is_element()) {
            assert_eq!(src.pos(node), Pos::of(file, node));
        }
    }

    #[test]
    fn doc_text_is_trimmed_dedented_and_blank_runs_collapse() {
        let text = "First line.\n      second\n        indented\n\n\n\n      third\n    ";
        assert_eq!(
            clean_doc(text).as_deref(),
            Some("First line.\nsecond\n  indented\n\nthird")
        );
        assert_eq!(clean_doc("  \n \n"), None);
        assert_eq!(clean_doc("\n   Only.\n  ").as_deref(), Some("Only."));
    }
}
