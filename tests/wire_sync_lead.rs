//! The syncLead request on the wire: Marketo's documented request (the seed page) encoded
//! byte for byte, the signing vectors of Marketo's Java sample, the workspace header, and
//! envelopes signed with `Credentials` as a client sends them.

mod support;

use support::compact;

use mktows::runtime::xml::XmlWriter;
use mktows::runtime::{roxmltree, sign, Credentials, DateTime};
use mktows::{
    write_sync_lead_envelope, ArrayOfAttribute, Attribute, AuthenticationHeaderInfo, Client,
    Headers, LeadRecord, MktowsContextHeaderInfo, Nillable, ParamsSyncLead,
};

/// The seed's `AuthenticationHeader`, verbatim.
const SEED_USER: &str = "bigcorp1_461839624B16E06BA2D663";
const SEED_SIGNATURE: &str = "92f05a7be4838ae1c0e5aafe814891ee72968a08";
const SEED_TIMESTAMP: &str = "2013-07-31T12:38:47-07:00";

/// The account of Marketo's Java sample (same seed page), whose signatures are published.
const JAVA_USER: &str = "demo17_1_809934544BFABAE58E5D27";
const JAVA_SECRET: &str = "27272727aa";

const MKTOWS_NS: &str = "http://www.marketo.com/mktows/";
const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The seed's request body: Email t@t.com, FirstName=George, LastName=of the Jungle.
fn seed_params() -> ParamsSyncLead {
    let attribute = |name: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_type: Nillable::Absent,
        attr_value: value.into(),
    };
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: "t@t.com".into(),
            lead_attribute_list: ArrayOfAttribute {
                attribute: vec![
                    attribute("FirstName", "George"),
                    attribute("LastName", "of the Jungle"),
                ],
            }
            .into(),
            ..Default::default()
        },
        return_lead: false,
        marketo_cookie: Nillable::Absent,
    }
}

fn seed_auth_header() -> AuthenticationHeaderInfo {
    AuthenticationHeaderInfo {
        mktows_user_id: SEED_USER.into(),
        request_signature: SEED_SIGNATURE.into(),
        request_timestamp: SEED_TIMESTAMP.into(),
        audit: None,
        mode: None,
    }
}

fn seed_headers() -> Headers {
    Headers {
        authentication_header: Some(seed_auth_header()),
        mktows_context_header: None,
    }
}

fn write(params: &ParamsSyncLead, headers: &Headers) -> String {
    let mut w = XmlWriter::new();
    write_sync_lead_envelope(&mut w, params, headers).expect("the seed request is encodable");
    w.into_string()
}

/// The seed request, compacted; `None` (skip) without `../shared`.
fn seed_request() -> Option<String> {
    let blocks = support::seed_xml_blocks()?;
    let request = compact(&blocks[0]);
    // The compaction must keep the document intact for the comparison to mean anything.
    assert!(
        request.starts_with(
            r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="#
        ),
        "{request}"
    );
    assert!(
        request.contains("<attrValue>of the Jungle</attrValue>"),
        "{request}"
    );
    Some(request)
}

#[test]
fn seed_request_is_encoded_byte_for_byte() {
    let Some(expected) = seed_request() else {
        return;
    };
    assert_eq!(write(&seed_params(), &seed_headers()), expected);
}

#[test]
fn request_has_header_before_body_and_unqualified_children() {
    let xml = write(&seed_params(), &seed_headers());
    assert!(
        xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Header><ns1:AuthenticationHeader><mktowsUserId>"#),
        "{xml}"
    );
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let envelope = doc.root_element();
    let parts: Vec<_> = envelope
        .children()
        .filter(|n| n.is_element())
        .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
        .collect();
    assert_eq!(
        parts,
        [(Some(SOAP11_NS), "Header"), (Some(SOAP11_NS), "Body")]
    );
    // Only the header block and the body root are qualified; everything below them is not.
    for qualified in ["AuthenticationHeader", "paramsSyncLead"] {
        let node = doc
            .descendants()
            .find(|n| n.has_tag_name((MKTOWS_NS, qualified)))
            .unwrap_or_else(|| panic!("no ns1:{qualified}"));
        for d in node.descendants().skip(1).filter(|n| n.is_element()) {
            assert_eq!(
                d.tag_name().namespace(),
                None,
                "<{}> under {qualified} must be unqualified",
                d.tag_name().name()
            );
        }
    }
}

/// The seed's printed signature cannot be checked: the secret of `bigcorp1_...` is not
/// published. Marketo's Java sample publishes its secret, and these are its signatures.
#[test]
fn java_sample_signing_vectors() {
    let vectors = [
        (
            "2013-08-01T18:22:30-07:00",
            "b5e21953ae9f1b263e644da5eccce9ff33802513",
        ),
        (
            "2013-08-05T09:57:10-07:00",
            "0737b707c4022bb90122e7a1dbc79a2dbfbcd5ca",
        ),
    ];
    let credentials = Credentials::new(JAVA_USER, JAVA_SECRET);
    for (timestamp, signature) in vectors {
        assert_eq!(sign(JAVA_SECRET, timestamp, JAVA_USER), signature);
        let signed = credentials.sign_at(timestamp);
        assert_eq!(signed.signature, signature);
        assert_eq!(signed.timestamp, timestamp);
        assert_eq!(signed.user_id, JAVA_USER);
        assert!(credentials.verify(timestamp, JAVA_USER, signature));
    }
    // The signed string is timestamp + user id, in that order.
    assert_ne!(
        sign(JAVA_SECRET, JAVA_USER, "2013-08-01T18:22:30-07:00"),
        vectors[0].1
    );
}

/// The seed request with `<ns1:MktowsContextHeader>` right after the AuthenticationHeader.
fn with_workspace(request: &str, workspace: &str) -> String {
    let after_auth = request
        .find("</ns1:AuthenticationHeader>")
        .expect("an AuthenticationHeader")
        + "</ns1:AuthenticationHeader>".len();
    format!(
        "{}<ns1:MktowsContextHeader><targetWorkspace>{workspace}</targetWorkspace></ns1:MktowsContextHeader>{}",
        &request[..after_auth],
        &request[after_auth..]
    )
}

#[test]
fn workspace_header_follows_the_authentication_header() {
    let params = seed_params();
    let client = Client::new((), seed_headers());
    let mut w = XmlWriter::new();
    client
        .sync_lead(&params)
        .workspace("Default")
        .write_envelope(&mut w)
        .unwrap();
    let from_call = w.into_string();
    let expected = with_workspace(&write(&params, &seed_headers()), "Default");
    assert_eq!(from_call, expected);
    assert!(
        from_call.contains("</ns1:AuthenticationHeader><ns1:MktowsContextHeader><targetWorkspace>Default</targetWorkspace></ns1:MktowsContextHeader></SOAP-ENV:Header><SOAP-ENV:Body>"),
        "{from_call}"
    );

    // The same through `Headers` directly.
    let headers = Headers {
        mktows_context_header: Some(MktowsContextHeaderInfo {
            target_workspace: "Default".into(),
        }),
        ..seed_headers()
    };
    assert_eq!(write(&params, &headers), expected);

    // And against the seed itself, when present.
    if let Some(seed) = seed_request() {
        assert_eq!(from_call, with_workspace(&seed, "Default"));
    }
}

#[test]
fn workspace_header_alone_still_makes_a_header() {
    let params = seed_params();
    let client = Client::new((), ());
    let mut w = XmlWriter::new();
    client
        .sync_lead(&params)
        .workspace("Sales & <Marketing>")
        .write_envelope(&mut w)
        .unwrap();
    assert!(
        w.as_str().contains("<SOAP-ENV:Header><ns1:MktowsContextHeader><targetWorkspace>Sales &amp; &lt;Marketing&gt;</targetWorkspace></ns1:MktowsContextHeader></SOAP-ENV:Header><SOAP-ENV:Body>"),
        "{}",
        w.as_str()
    );
    // Without any header there is no SOAP-ENV:Header element at all.
    let mut w = XmlWriter::new();
    client.sync_lead(&params).write_envelope(&mut w).unwrap();
    assert!(!w.as_str().contains("Header"), "{}", w.as_str());
    assert!(w.as_str().contains(
        r#"xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><ns1:paramsSyncLead>"#
    ));
}

/// `YYYY-MM-DDThh:mm:ss±hh:mm` with plausible field values.
fn is_offset_timestamp(ts: &str) -> bool {
    let b = ts.as_bytes();
    if b.len() != 25 {
        return false;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        let s = &ts[from..to];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let separators = b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (b[19] == b'+' || b[19] == b'-')
        && b[22] == b':';
    let fields = [
        (0, 4, 0, 9999),
        (5, 7, 1, 12),
        (8, 10, 1, 31),
        (11, 13, 0, 23),
        (14, 16, 0, 59),
        (17, 19, 0, 60),
        (20, 22, 0, 14),
        (23, 25, 0, 59),
    ];
    separators
        && fields
            .iter()
            .all(|&(from, to, min, max)| num(from, to).is_some_and(|v| (min..=max).contains(&v)))
}

#[test]
fn offset_timestamp_shape_checker_is_strict() {
    assert!(is_offset_timestamp(SEED_TIMESTAMP));
    assert!(is_offset_timestamp("2013-08-01T18:22:30+00:00"));
    for bad in [
        "2013-08-01T18:22:30Z",
        "2013-08-01T18:22:30.123-07:00",
        "2013-08-01 18:22:30-07:00",
        "2013-13-01T18:22:30-07:00",
        "2013-08-01T18:22:30-0700",
    ] {
        assert!(!is_offset_timestamp(bad), "{bad}");
    }
}

/// The AuthenticationHeader values (user, signature, timestamp) of a written request.
fn auth_values(xml: &str) -> (String, String, String) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let header = doc
        .descendants()
        .find(|n| n.has_tag_name((MKTOWS_NS, "AuthenticationHeader")))
        .expect("an AuthenticationHeader");
    let text = |name: &str| {
        header
            .children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no {name}"))
            .to_owned()
    };
    (
        text("mktowsUserId"),
        text("requestSignature"),
        text("requestTimestamp"),
    )
}

#[test]
fn credentials_sign_each_envelope() {
    let params = seed_params();
    let client = Client::new((), Credentials::new(JAVA_USER, JAVA_SECRET));
    let envelope = || {
        let mut w = XmlWriter::new();
        client.sync_lead(&params).write_envelope(&mut w).unwrap();
        w.into_string()
    };
    let first = envelope();
    let second = envelope();

    let mut masked = Vec::new();
    for xml in [&first, &second] {
        let (user, signature, timestamp) = auth_values(xml);
        assert_eq!(user, JAVA_USER);
        assert!(is_offset_timestamp(&timestamp), "{timestamp}");
        let parsed = DateTime::parse(&timestamp).expect("an xs:dateTime");
        assert!(parsed.offset().is_some(), "{timestamp} has an offset");
        assert_eq!(signature, sign(JAVA_SECRET, &timestamp, JAVA_USER));
        assert!(signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(signature.len(), 40);
        masked.push(
            xml.replace(
                &format!("<requestSignature>{signature}</requestSignature>"),
                "<requestSignature>SIG</requestSignature>",
            )
            .replace(
                &format!("<requestTimestamp>{timestamp}</requestTimestamp>"),
                "<requestTimestamp>TS</requestTimestamp>",
            ),
        );
    }
    // Two calls differ at most in timestamp and signature.
    assert_eq!(masked[0], masked[1]);
    assert!(masked[0].contains(
        "<requestSignature>SIG</requestSignature><requestTimestamp>TS</requestTimestamp>"
    ));

    // Apart from those values, a signed request is the seed's request.
    let expected = write(
        &params,
        &Headers {
            authentication_header: Some(AuthenticationHeaderInfo {
                mktows_user_id: JAVA_USER.into(),
                request_signature: "SIG".into(),
                request_timestamp: "TS".into(),
                ..seed_auth_header()
            }),
            mktows_context_header: None,
        },
    );
    assert_eq!(masked[0], expected);
    if let Some(seed) = seed_request() {
        let seed = seed
            .replace(SEED_USER, JAVA_USER)
            .replace(SEED_SIGNATURE, "SIG")
            .replace(SEED_TIMESTAMP, "TS");
        assert_eq!(masked[0], seed);
    }
}

#[test]
fn a_call_header_overrides_the_client_credentials() {
    let params = seed_params();
    let client = Client::new((), Credentials::new(JAVA_USER, JAVA_SECRET));
    let mut w = XmlWriter::new();
    client
        .sync_lead(&params)
        .authentication_header(seed_auth_header())
        .write_envelope(&mut w)
        .unwrap();
    assert_eq!(w.as_str(), write(&params, &seed_headers()));
}
