//! SOAP envelopes: writing requests (and fault responses), reading responses (and
//! requests, for servers such as an emulator).
//!
//! Requests are written without whitespace, with the prefixes Marketo's documented
//! requests use (`SOAP-ENV`, `ns1`), so a syncLead request matches Marketo's
//! example byte for byte apart from indentation.

use roxmltree::{Document, Node};

use crate::error::Error;
use crate::fault::Fault;
use crate::xml::{
    element_children, local_part, parse_document, DecodeError, EncodeError, XmlWriter,
    XSI_NAMESPACE,
};

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_NAMESPACE: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The `Content-Type` of every SOAP 1.1 request.
pub(crate) const SOAP11_CONTENT_TYPE: &str = "text/xml; charset=utf-8";
/// The namespace of Marketo's `serviceException` fault detail.
pub const MKTOWS_NAMESPACE: &str = "http://www.marketo.com/mktows/";

/// The SOAP version a service binds to; decides the envelope namespace, the content
/// type and where the action goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml` and a `SOAPAction` header (mktows).
    V11,
    /// SOAP 1.2: `application/soap+xml` with an `action` parameter.
    V12,
}

impl SoapVersion {
    /// The envelope namespace URI.
    pub fn namespace(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_NAMESPACE,
            SoapVersion::V12 => SOAP12_NAMESPACE,
        }
    }

    /// The request's `Content-Type`. SOAP 1.2 carries the action here; SOAP 1.1
    /// sends it as the `SOAPAction` header (see [`SoapVersion::soap_action_header`]).
    pub fn content_type(self, action: &str) -> String {
        match self {
            SoapVersion::V11 => SOAP11_CONTENT_TYPE.to_owned(),
            SoapVersion::V12 if action.is_empty() => {
                "application/soap+xml; charset=utf-8".to_owned()
            }
            SoapVersion::V12 => format!("application/soap+xml; charset=utf-8; action=\"{action}\""),
        }
    }

    /// The value of the `SOAPAction` header (quoted, as SOAP 1.1 requires), or `None`
    /// for SOAP 1.2.
    pub fn soap_action_header(self, action: &str) -> Option<String> {
        match self {
            SoapVersion::V11 => {
                // Built by hand: every request sends one, and `format!` costs more.
                let mut quoted = String::with_capacity(action.len() + 2);
                quoted.push('"');
                quoted.push_str(action);
                quoted.push('"');
                Some(quoted)
            }
            SoapVersion::V12 => None,
        }
    }

    /// The version whose envelope namespace is `uri`.
    pub fn from_namespace(uri: &str) -> Option<SoapVersion> {
        match uri {
            SOAP11_NAMESPACE => Some(SoapVersion::V11),
            SOAP12_NAMESPACE => Some(SoapVersion::V12),
            _ => None,
        }
    }
}

/// A service's fixed envelope settings, emitted as a `static` by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceSpec {
    /// The SOAP version of the binding.
    pub soap: SoapVersion,
    /// Namespaces declared on the envelope, in order: (prefix, URI), e.g. `("ns1", "http://www.marketo.com/mktows/")`.
    pub namespaces: &'static [(&'static str, &'static str)],
}

/// One operation's call settings, emitted as a `static` by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationSpec {
    /// The operation name, e.g. `syncLead` (for logs).
    pub name: &'static str,
    /// The SOAP action, e.g. `http://www.marketo.com/mktows/syncLead`.
    pub soap_action: &'static str,
    /// The local name of the response body's root element, e.g. `successSyncLead`.
    pub output_root: &'static str,
    /// The service the operation belongs to.
    pub service: &'static ServiceSpec,
}

/// Writes `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=".."
/// xmlns:ns1="..">`, with `xmlns:xsi` before the service's namespaces when `declare_xsi`
/// (the order of Marketo's documented responses), and records the declarations in the writer.
pub fn begin(w: &mut XmlWriter, spec: &ServiceSpec, declare_xsi: bool) {
    // Every request starts here, so the prologue is one literal per version (the test
    // `begin_spells_the_envelope_namespaces` checks them against the constants).
    w.raw(match spec.soap {
        SoapVersion::V11 => concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"",
            "http://schemas.xmlsoap.org/soap/envelope/",
            "\""
        ),
        SoapVersion::V12 => concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"",
            "http://www.w3.org/2003/05/soap-envelope",
            "\""
        ),
    });
    if declare_xsi {
        w.raw(" xmlns:xsi=\"");
        w.raw(XSI_NAMESPACE);
        w.raw("\"");
    }
    for (prefix, uri) in spec.namespaces {
        w.raw(" xmlns:");
        w.raw(prefix);
        w.raw("=\"");
        w.raw(uri);
        w.raw("\"");
    }
    w.raw(">");
    w.set_xsi_declared(declare_xsi);
    w.set_declared_namespaces(spec.namespaces);
}

/// Writes `<SOAP-ENV:Header>`.
pub fn begin_header(w: &mut XmlWriter) {
    w.raw("<SOAP-ENV:Header>");
}

/// Writes `</SOAP-ENV:Header>`.
pub fn end_header(w: &mut XmlWriter) {
    w.raw("</SOAP-ENV:Header>");
}

/// Writes `<SOAP-ENV:Body>`.
pub fn begin_body(w: &mut XmlWriter) {
    w.raw("<SOAP-ENV:Body>");
}

/// Writes `</SOAP-ENV:Body></SOAP-ENV:Envelope>`.
pub fn end_body_and_envelope(w: &mut XmlWriter) {
    w.raw("</SOAP-ENV:Body></SOAP-ENV:Envelope>");
}

/// Decodes a response: finds Envelope (either SOAP namespace, any prefix) / Body /
/// first element. A Fault becomes [`Error::Fault`]; otherwise the element's local
/// name must be `expected_root`, and `read` decodes it (errors are prefixed with
/// the root's name).
pub fn decode_response<T>(
    xml: &str,
    expected_root: &str,
    read: fn(Node<'_, '_>) -> Result<T, DecodeError>,
) -> Result<T, Error> {
    let doc = parse_document(xml)?;
    let (version, body) = envelope_body(&doc)?;
    let root = element_children(body)
        .next()
        .ok_or_else(|| DecodeError::new("empty Body").at(body))?;
    if is_fault(root, version) {
        return Err(Fault::from_node(root).into());
    }
    let found = root.tag_name().name();
    if found != expected_root {
        return Err(
            DecodeError::new(format!("expected {expected_root}, found {found}"))
                .at(root)
                .into(),
        );
    }
    read(root).map_err(|e| Error::Decode(e.within(expected_root).at(root)))
}

fn is_fault(node: Node<'_, '_>, version: SoapVersion) -> bool {
    node.tag_name().name() == "Fault" && node.tag_name().namespace() == Some(version.namespace())
}

/// The SOAP version and the Body element of a parsed envelope.
fn envelope_body<'a, 'input>(
    doc: &'a Document<'input>,
) -> Result<(SoapVersion, Node<'a, 'input>), DecodeError> {
    let envelope = doc.root_element();
    let version = envelope
        .tag_name()
        .namespace()
        .and_then(SoapVersion::from_namespace)
        .filter(|_| envelope.tag_name().name() == "Envelope")
        .ok_or_else(|| {
            DecodeError::new(format!(
                "expected a SOAP Envelope, found <{}>",
                envelope.tag_name().name()
            ))
            .at(envelope)
        })?;
    let body = element_children(envelope)
        .find(|n| {
            n.tag_name().name() == "Body" && n.tag_name().namespace() == Some(version.namespace())
        })
        .ok_or_else(|| DecodeError::new("missing").within("Body").at(envelope))?;
    Ok((version, body))
}

/// A parsed request envelope, for servers: the SOAP version, the header blocks and
/// the body's first element. It borrows the [`Document`], which the caller keeps:
///
/// ```
/// # use mktows_runtime::envelope::{decode_request_envelope};
/// # use mktows_runtime::xml::parse_document;
/// let xml = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><m:paramsGetLead xmlns:m="urn:m"/></e:Body></e:Envelope>"#;
/// let doc = parse_document(xml)?;
/// let request = decode_request_envelope(&doc)?;
/// assert_eq!(request.body.tag_name().name(), "paramsGetLead");
/// assert!(request.header("AuthenticationHeader").is_none());
/// # Ok::<(), mktows_runtime::xml::DecodeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RequestEnvelope<'a, 'input> {
    /// The SOAP version of the envelope.
    pub version: SoapVersion,
    /// The `Header` element, if present.
    pub header: Option<Node<'a, 'input>>,
    /// The first element child of `Body`.
    pub body: Node<'a, 'input>,
}

impl<'a, 'input> RequestEnvelope<'a, 'input> {
    /// The header blocks (element children of `Header`).
    pub fn headers(&self) -> impl Iterator<Item = Node<'a, 'input>> {
        self.header.into_iter().flat_map(element_children)
    }

    /// The first header block with this local name (e.g. `AuthenticationHeader`).
    pub fn header(&self, local_name: &str) -> Option<Node<'a, 'input>> {
        self.headers().find(|n| n.tag_name().name() == local_name)
    }
}

/// Finds the header and body of a request parsed with [`parse_document`].
pub fn decode_request_envelope<'a, 'input>(
    doc: &'a Document<'input>,
) -> Result<RequestEnvelope<'a, 'input>, DecodeError> {
    let (version, body) = envelope_body(doc)?;
    let header = body.parent().and_then(|envelope| {
        element_children(envelope).find(|n| {
            n.tag_name().name() == "Header" && n.tag_name().namespace() == Some(version.namespace())
        })
    });
    let first = element_children(body)
        .next()
        .ok_or_else(|| DecodeError::new("empty Body").at(body))?;
    Ok(RequestEnvelope {
        version,
        header,
        body: first,
    })
}

/// Writes a complete Fault response envelope in Marketo's shape. SOAP 1.1:
/// `faultcode`, `faultstring` and, when `fault.code` is set, `<detail><ns1:serviceException
/// xmlns:ns1="http://www.marketo.com/mktows/"><name>..</name><message>..</message><code>..</code>
/// </ns1:serviceException></detail>`. SOAP 1.2 uses `Code/Value`, `Reason/Text` and `Detail`
/// with the same content (`Client`/`Server` codes become `Sender`/`Receiver`).
pub fn write_fault(
    w: &mut XmlWriter,
    spec: &ServiceSpec,
    fault: &Fault,
) -> Result<(), EncodeError> {
    write_fault_inner(w, spec, fault).map_err(|e| e.within("Fault"))
}

fn write_fault_inner(
    w: &mut XmlWriter,
    spec: &ServiceSpec,
    fault: &Fault,
) -> Result<(), EncodeError> {
    begin(w, spec, false);
    begin_body(w);
    w.raw("<SOAP-ENV:Fault>");
    let detail_tag = match spec.soap {
        SoapVersion::V11 => {
            w.text_element("faultcode", &fault.faultcode)?;
            w.text_element("faultstring", &fault.faultstring)?;
            "detail"
        }
        SoapVersion::V12 => {
            w.raw("<SOAP-ENV:Code>");
            w.text_element("SOAP-ENV:Value", &soap12_code(&fault.faultcode))
                .map_err(|e| e.within("Code"))?;
            w.raw("</SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang=\"en\">");
            w.text(&fault.faultstring)
                .map_err(|e| e.within("Text").within("Reason"))?;
            w.raw("</SOAP-ENV:Text></SOAP-ENV:Reason>");
            "SOAP-ENV:Detail"
        }
    };
    if let Some(code) = fault.code {
        let exception =
            |e: EncodeError| e.within("serviceException").within(local_part(detail_tag));
        w.open(detail_tag);
        w.raw("><ns1:serviceException xmlns:ns1=\"");
        w.raw(MKTOWS_NAMESPACE);
        w.raw("\">");
        w.text_element(
            "name",
            fault.name.as_deref().unwrap_or("mktServiceException"),
        )
        .map_err(exception)?;
        match &fault.message {
            Some(m) => w.text_element("message", m),
            None => w.text_element(
                "message",
                &format!("{} ({code})", fault_text(&fault.faultstring, code)),
            ),
        }
        .map_err(exception)?;
        w.simple_element("code", &code)?;
        w.raw("</ns1:serviceException>");
        w.end(detail_tag);
    }
    w.raw("</SOAP-ENV:Fault>");
    end_body_and_envelope(w);
    Ok(())
}

/// `20105 - Unknown lead field` -> `Unknown lead field`.
fn fault_text(faultstring: &str, code: u32) -> &str {
    let prefix = format!("{code} - ");
    faultstring.strip_prefix(&prefix).unwrap_or(faultstring)
}

/// SOAP 1.2 names the 1.1 `Client`/`Server` codes `Sender`/`Receiver`.
fn soap12_code(faultcode: &str) -> String {
    let (prefix, local) = faultcode.split_once(':').unwrap_or(("SOAP-ENV", faultcode));
    let local = match local {
        "Client" => "Sender",
        "Server" => "Receiver",
        other => other,
    };
    format!("{prefix}:{local}")
}

#[cfg(test)]
#[path = "envelope_tests.rs"]
mod tests;
