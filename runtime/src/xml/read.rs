//! Reading helpers over `roxmltree` that generated readers call.
//!
//! Errors carry the element path and the source position, so a bad response reads
//! like `12:9: successSyncLead/result/syncStatus/status: missing`.

use std::borrow::Cow;
use std::fmt;

use roxmltree::{Document, Node, ParsingOptions};

use super::write::{join_rev_path, write_rev_path, XSI_NAMESPACE};
use super::{ComplexValue, SimpleValue};

/// The most nodes a parsed document may have. A 16 MiB response of leads has about
/// a million; the cap bounds memory on hostile input (each node is ~60 bytes).
pub const MAX_XML_NODES: u32 = 4_000_000;

/// A response (or request) that does not match what the schema expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Path segments, innermost first (errors bubble up, prepending is a push).
    rev_path: Vec<String>,
    message: String,
    /// 1-based line and column.
    pos: Option<(u32, u32)>,
}

impl DecodeError {
    /// An error with a message, an empty path and no position.
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError {
            rev_path: Vec::new(),
            message: message.into(),
            pos: None,
        }
    }

    /// Sets the position to where `node` starts, unless a position is already set
    /// (the innermost position is the most precise).
    pub fn at(mut self, node: Node<'_, '_>) -> Self {
        if self.pos.is_none() {
            let pos = node.document().text_pos_at(node.range().start);
            self.pos = Some((pos.row, pos.col));
        }
        self
    }

    /// Sets the position to a line and column, unless one is already set.
    pub fn at_position(mut self, line: u32, col: u32) -> Self {
        if self.pos.is_none() {
            self.pos = Some((line, col));
        }
        self
    }

    /// Prepends a path segment (the enclosing element's name).
    pub fn within(mut self, segment: &str) -> Self {
        self.rev_path.push(segment.to_owned());
        self
    }

    /// The message, without path and position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path, outermost segment first, joined with `/`.
    pub fn path(&self) -> String {
        join_rev_path(&self.rev_path)
    }

    /// The 1-based (line, column) where the problem is, when known.
    pub fn position(&self) -> Option<(u32, u32)> {
        self.pos
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, col)) = self.pos {
            write!(f, "{line}:{col}: ")?;
        }
        if !self.rev_path.is_empty() {
            write_rev_path(f, &self.rev_path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Parses a whole document safely: a DTD is rejected (so no entity expansion and no
/// external entities) and the node count is capped at [`MAX_XML_NODES`].
pub fn parse_document(xml: &str) -> Result<Document<'_>, DecodeError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..ParsingOptions::default()
    };
    // A byte order mark is legal before the XML declaration; the parser wants none.
    let xml = xml.strip_prefix('\u{FEFF}').unwrap_or(xml);
    Document::parse_with_options(xml, options).map_err(parse_error)
}

fn parse_error(e: roxmltree::Error) -> DecodeError {
    let message = match e {
        roxmltree::Error::DtdDetected => {
            return DecodeError::new(
                "invalid XML: a document type declaration (DTD) is not allowed",
            )
        }
        roxmltree::Error::NodesLimitReached => {
            return DecodeError::new(format!("invalid XML: more than {MAX_XML_NODES} nodes"))
        }
        roxmltree::Error::NoRootNode | roxmltree::Error::UnexpectedEndOfStream => {
            return DecodeError::new(format!("invalid XML: {e}"))
        }
        ref other => other.to_string(),
    };
    let pos = e.pos();
    // roxmltree ends most messages with " at LINE:COL"; the position goes first in ours.
    let suffix = format!(" at {pos}");
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    DecodeError::new(format!("invalid XML: {message}")).at_position(pos.row, pos.col)
}

/// Whether the element has `xsi:nil="true"` (or `"1"`).
pub fn is_nil(node: Node<'_, '_>) -> bool {
    matches!(
        node.attribute((XSI_NAMESPACE, "nil")).map(str::trim),
        Some("true" | "1")
    )
}

/// The element's character data, or an error if it has child elements. A single
/// text node (the usual case) is borrowed; text split by comments or CDATA is joined.
pub fn element_text<'a>(node: Node<'a, '_>) -> Result<Cow<'a, str>, DecodeError> {
    let mut text: Option<Cow<'a, str>> = None;
    for child in node.children() {
        if child.is_element() {
            return Err(DecodeError::new(format!(
                "expected text, found element <{}>",
                child.tag_name().name()
            ))
            .at(child));
        }
        if let Some(t) = child.text().filter(|_| child.is_text()) {
            text = Some(match text {
                None => Cow::Borrowed(t),
                Some(prev) => Cow::Owned(prev.into_owned() + t),
            });
        }
    }
    Ok(text.unwrap_or(Cow::Borrowed("")))
}

/// Reads a simple-typed element: its text through `T::parse_text`. Errors are
/// reported within the element's local name, at the element.
pub fn read_simple<T: SimpleValue>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    let name = node.tag_name().name();
    let text = element_text(node).map_err(|e| e.within(name))?;
    T::parse_text(&text).map_err(|message| DecodeError::new(message).within(name).at(node))
}

/// Reads a complex-typed element through `T::read`; errors are reported within the
/// element's local name.
pub fn read_complex<T: ComplexValue>(node: Node<'_, '_>) -> Result<T, DecodeError> {
    T::read(node).map_err(|e| e.within(node.tag_name().name()).at(node))
}

/// The error for a required child `name` that `parent` lacks: `name: missing`, at `parent`.
pub fn missing(name: &str, parent: Node<'_, '_>) -> DecodeError {
    DecodeError::new("missing").within(name).at(parent)
}

/// The error for a single-valued element that appears twice (the second is `child`):
/// keeping either would silently drop the other.
pub fn duplicate(name: &str, child: Node<'_, '_>) -> DecodeError {
    DecodeError::new("element appears more than once")
        .at(child)
        .within(name)
}

/// The error for a child element the schema does not allow here.
pub fn unexpected(child: Node<'_, '_>) -> DecodeError {
    DecodeError::new(format!("unexpected element <{}>", child.tag_name().name())).at(child)
}

/// The element's `xsi:type`, resolved: (namespace URI of its prefix, local name).
/// The namespace is `None` when the prefix is not declared (or there is none and no
/// default namespace).
pub fn xsi_type<'a>(node: Node<'a, '_>) -> Option<(Option<&'a str>, &'a str)> {
    let value = node.attribute((XSI_NAMESPACE, "type"))?.trim();
    let (prefix, local) = match value.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, value),
    };
    Some((node.lookup_namespace_uri(prefix), local))
}

/// The node's source text, verbatim, for `xs:any` / `xs:anyType` content.
/// Namespace declarations made on ancestors are not included.
pub fn raw_xml(node: Node<'_, '_>) -> String {
    node.document()
        .input_text()
        .get(node.range())
        .unwrap_or_default()
        .to_owned()
}

/// An element's markup made parseable on its own: the namespace declarations it needs
/// from its ancestors (prefixes its elements, attributes or QName-valued attributes such as
/// `xsi:type="xsd:string"` use, and that the markup does not declare itself) are added to
/// its start tag. So a SOAP Fault's `detail` or an `xs:any` element cut out of its envelope
/// still knows what `ns1:` means, and one that needs nothing is copied byte for byte.
pub fn standalone_xml(node: Node<'_, '_>) -> String {
    let raw = raw_xml(node);
    let Some(tag_end) = start_tag_end(&raw) else {
        return raw;
    };
    let text = node.document().input_text();
    let mut decls = String::new();
    let mut added: Vec<Option<&str>> = Vec::new();
    for element in node.descendants().filter(|n| n.is_element()) {
        for prefix in used_prefixes(element, text) {
            if added.contains(&prefix) || declared_within(element, node, prefix, text) {
                continue;
            }
            let Some(uri) = element.lookup_namespace_uri(prefix) else {
                continue;
            };
            added.push(prefix);
            match prefix {
                Some(p) => {
                    decls.push_str(" xmlns:");
                    decls.push_str(p);
                }
                None => decls.push_str(" xmlns"),
            }
            decls.push_str("=\"");
            push_attr_escaped(&mut decls, uri);
            decls.push('"');
        }
    }
    let start_tag = &raw[..tag_end];
    let insert_at = if start_tag.ends_with('/') {
        tag_end - 1
    } else {
        tag_end
    };
    let mut out = String::with_capacity(raw.len() + decls.len());
    out.push_str(&raw[..insert_at]);
    out.push_str(&decls);
    out.push_str(&raw[insert_at..]);
    out
}

/// The raw start tag of an element (`<p:name attr="..."`), from the source text.
fn start_tag<'t>(element: Node<'_, '_>, text: &'t str) -> &'t str {
    let raw = text.get(element.range()).unwrap_or_default();
    &raw[..start_tag_end(raw).unwrap_or(raw.len())]
}

/// Prefixes an element uses: in its own name, its attributes' names, and QName-looking
/// attribute values whose prefix is in scope. `None` is the default namespace.
fn used_prefixes<'a>(element: Node<'a, '_>, text: &str) -> Vec<Option<&'a str>> {
    let mut used = Vec::new();
    let tag = start_tag(element, text);
    let name = tag.trim_start_matches('<');
    let name_end = name
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    match name[..name_end].split_once(':') {
        Some((prefix, _)) => used.push(scope_prefix(element, prefix)),
        None if element.tag_name().namespace().is_some() => used.push(None),
        None => {}
    }
    for attr in element.attributes() {
        if let Some(ns) = attr.namespace() {
            used.push(element.lookup_prefix(ns));
        }
        if let Some((prefix, _)) = attr.value().split_once(':') {
            if element.lookup_namespace_uri(Some(prefix)).is_some() {
                used.push(scope_prefix(element, prefix));
            }
        }
    }
    used.retain(|p| *p != Some("xml"));
    used
}

/// The prefix as an in-scope name (with the node's lifetime).
fn scope_prefix<'a>(element: Node<'a, '_>, prefix: &str) -> Option<&'a str> {
    element
        .namespaces()
        .filter_map(|ns| ns.name())
        .find(|name| *name == prefix)
}

/// Whether `prefix` is declared on `element` or an ancestor of it up to `top`.
fn declared_within(
    element: Node<'_, '_>,
    top: Node<'_, '_>,
    prefix: Option<&str>,
    text: &str,
) -> bool {
    let attr = match prefix {
        Some(p) => format!("xmlns:{p}="),
        None => "xmlns=".to_string(),
    };
    let mut current = Some(element);
    while let Some(e) = current {
        if start_tag(e, text).contains(&attr) {
            return true;
        }
        if e == top {
            break;
        }
        current = e.parent_element();
    }
    false
}

/// Index of the `>` closing the first start tag, skipping quoted attribute values.
fn start_tag_end(raw: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in raw.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, _) => {}
        }
    }
    None
}

fn push_attr_escaped(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The markup between an element's start and end tags: the content of an `xs:anyType`
/// element. Text and comments come as they were; child elements also carry the namespace
/// declarations they inherit, so the content stays well-formed wherever it is written.
/// Empty for `<a/>` and `<a></a>`.
pub fn inner_xml(node: Node<'_, '_>) -> String {
    let text = node.document().input_text();
    let mut out = String::new();
    for child in node.children() {
        if child.is_element() {
            out.push_str(&standalone_xml(child));
        } else {
            out.push_str(text.get(child.range()).unwrap_or_default());
        }
    }
    out
}

/// The element children of `node`, skipping text, comments and processing instructions.
pub fn element_children<'a, 'input>(
    node: Node<'a, 'input>,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// The first element child with the local name `name` (any namespace: the mktows
/// schema leaves children unqualified, and tolerant readers ignore prefixes).
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    element_children(node).find(|c| c.tag_name().name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_error_display() {
        let e = DecodeError::new("missing")
            .within("status")
            .within("syncStatus")
            .at_position(12, 9)
            .within("result")
            .within("successSyncLead");
        assert_eq!(
            e.to_string(),
            "12:9: successSyncLead/result/syncStatus/status: missing"
        );
        assert_eq!(e.path(), "successSyncLead/result/syncStatus/status");
        assert_eq!(e.position(), Some((12, 9)));
        assert_eq!(DecodeError::new("bad").to_string(), "bad");
        assert_eq!(DecodeError::new("bad").within("a").to_string(), "a: bad");
        assert_eq!(
            DecodeError::new("bad").at_position(1, 2).to_string(),
            "1:2: bad"
        );
        // The first (innermost) position wins.
        assert_eq!(
            DecodeError::new("x")
                .at_position(3, 4)
                .at_position(1, 1)
                .position(),
            Some((3, 4))
        );
    }

    #[test]
    fn read_simple_reports_path_and_position() {
        let xml = "<r>\n  <leadId> 42 </leadId>\n  <count>abc</count>\n  <nested><x/></nested></r>";
        let doc = parse_document(xml).unwrap();
        let root = doc.root_element();
        let lead_id: i32 = read_simple(child(root, "leadId").unwrap()).unwrap();
        assert_eq!(lead_id, 42);

        let e = read_simple::<i32>(child(root, "count").unwrap())
            .unwrap_err()
            .within("r");
        assert_eq!(
            e.to_string(),
            "3:3: r/count: expected xs:int, found \"abc\""
        );

        let e = read_simple::<String>(child(root, "nested").unwrap()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "4:11: nested: expected text, found element <x>"
        );
    }

    #[test]
    fn text_split_by_comments_and_cdata_is_joined() {
        let doc = parse_document("<a>one<!-- c -->two<![CDATA[<3>]]>&amp;</a>").unwrap();
        let s: String = read_simple(doc.root_element()).unwrap();
        assert_eq!(s, "onetwo<3>&");
        let doc = parse_document("<a/>").unwrap();
        assert_eq!(read_simple::<String>(doc.root_element()).unwrap(), "");
        let doc = parse_document("<a>x&#13;y</a>").unwrap();
        assert_eq!(read_simple::<String>(doc.root_element()).unwrap(), "x\ry");
    }

    #[test]
    fn nil_and_xsi_type() {
        let xml = r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:m" xmlns="urn:d">
            <a xsi:nil="true"/><b xsi:nil="1"/><c xsi:nil="false"/><d nil="true"/>
            <e xsi:type="ns1:LeadRecord"/><f xsi:type="Plain"/><g xsi:type="zz:Q"/></r>"#;
        let doc = parse_document(xml).unwrap();
        let root = doc.root_element();
        let get = |n| child(root, n).unwrap();
        assert!(is_nil(get("a")));
        assert!(is_nil(get("b")));
        assert!(!is_nil(get("c")));
        assert!(!is_nil(get("d")));
        assert_eq!(xsi_type(get("e")), Some((Some("urn:m"), "LeadRecord")));
        assert_eq!(xsi_type(get("f")), Some((Some("urn:d"), "Plain")));
        assert_eq!(xsi_type(get("g")), Some((None, "Q")));
        assert_eq!(xsi_type(get("a")), None);
    }

    #[test]
    fn missing_and_raw_xml() {
        let doc = parse_document("<r>\n <syncStatus><leadId>1</leadId></syncStatus></r>").unwrap();
        let status = child(doc.root_element(), "syncStatus").unwrap();
        let e = missing("status", status).within("syncStatus");
        assert_eq!(e.to_string(), "2:2: syncStatus/status: missing");
        assert_eq!(
            raw_xml(status),
            "<syncStatus><leadId>1</leadId></syncStatus>"
        );
        assert_eq!(element_children(doc.root_element()).count(), 1);
        assert_eq!(
            unexpected(status).to_string(),
            "2:2: unexpected element <syncStatus>"
        );
    }

    #[test]
    fn dtd_and_malformed_input_are_rejected() {
        let e = parse_document("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>").unwrap_err();
        assert!(e.to_string().contains("DTD"), "{e}");
        let e = parse_document("<a>\n<b></c></a>").unwrap_err();
        assert_eq!(e.position(), Some((2, 4)));
        assert!(e.to_string().starts_with("2:4: invalid XML: "), "{e}");
        assert!(!e.to_string().ends_with("2:4"), "{e}");
        assert!(parse_document("").is_err());
        assert!(parse_document("\u{FEFF}<?xml version=\"1.0\"?><a/>").is_ok());
        assert!(parse_document("<a>").is_err());
    }
}

#[cfg(test)]
mod inner_xml_tests {
    use super::*;

    #[test]
    fn standalone_xml_carries_inherited_namespaces() {
        let doc = roxmltree::Document::parse(
            r#"<e:E xmlns:e="urn:e" xmlns:ns1="urn:m" xmlns="urn:d"><detail a=">"><ns1:x/></detail><e:y xmlns:ns1="urn:m"/></e:E>"#,
        )
        .unwrap();
        let detail = doc.root_element().first_element_child().unwrap();
        let xml = standalone_xml(detail);
        let again = roxmltree::Document::parse(&xml).expect("parses on its own");
        let x = again.root_element().first_element_child().unwrap();
        assert_eq!(x.tag_name().namespace(), Some("urn:m"));
        assert_eq!(again.root_element().tag_name().namespace(), Some("urn:d"));
        assert_eq!(again.root_element().attribute("a"), Some(">"));
        // A declaration the element makes itself is not repeated, and unused ones are not added.
        let y = doc.root_element().last_element_child().unwrap();
        let xml = standalone_xml(y);
        assert_eq!(xml.matches("xmlns:ns1=").count(), 1, "{xml}");
        assert!(!xml.contains("xmlns=\""), "{xml}");
        roxmltree::Document::parse(&xml).expect("parses on its own");
        // Markup that needs nothing from outside is copied as it is.
        let plain = roxmltree::Document::parse(r#"<a xmlns:n="urn:n"><b c="d">t</b></a>"#).unwrap();
        let b = plain.root_element().first_element_child().unwrap();
        assert_eq!(standalone_xml(b), r#"<b c="d">t</b>"#);
        // A QName-valued attribute keeps its prefix bound.
        let typed = roxmltree::Document::parse(
            r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><item xsi:type="xsd:string">v</item></a>"#,
        )
        .unwrap();
        let item = typed.root_element().first_element_child().unwrap();
        let xml = standalone_xml(item);
        assert!(
            xml.contains(r#"xmlns:xsd="http://www.w3.org/2001/XMLSchema""#),
            "{xml}"
        );
        assert!(xml.contains(r#"xmlns:xsi="#), "{xml}");
    }

    #[test]
    fn inner_xml_is_the_content_between_the_tags() {
        let doc = roxmltree::Document::parse("<a><b x=\"1\">t&amp;</b> <!--c--></a>").unwrap();
        assert_eq!(
            inner_xml(doc.root_element()),
            "<b x=\"1\">t&amp;</b> <!--c-->"
        );
        let empty = roxmltree::Document::parse("<a/>").unwrap();
        assert_eq!(inner_xml(empty.root_element()), "");
    }
}
