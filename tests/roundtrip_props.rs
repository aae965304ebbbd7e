//! Properties of the syncLead request writer and reader: any `LeadRecord` survives being
//! written in a request envelope and read back, and a character XML 1.0 forbids is an
//! encode error naming the field, never malformed XML.

use mktows::runtime::roxmltree::Node;
use mktows::runtime::xml::{parse_document, XmlWriter};
use mktows::{
    write_sync_lead_envelope, ArrayOfAttribute, Attribute, AuthenticationHeaderInfo,
    ForeignSysType, Headers, LeadRecord, Nillable, ParamsSyncLead, Request,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, RngSeed};

/// 256 cases from a fixed seed, no regression files written into the tree.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x6d6b_746f_7773),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML whitespace (what readers may trim from enumeration values).
fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        3 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', ']', '\r', '\n', '\t', ' ',
            // Unicode spaces that are not XML whitespace, and other edge characters.
            '\u{85}', '\u{A0}', '\u{2028}', '\u{3000}', '\u{FEFF}', '\u{FFFD}', '\u{E000}',
            '\u{D7FF}', '\u{10000}', '\u{10FFFF}', 'é', '東', '🎉',
        ]),
        2 => any::<char>().prop_filter("XML 1.0 characters", |c| is_xml_char(*c)),
    ]
}

/// Arbitrary text of XML-legal characters, with `]]>` and CRLF pieces, possibly empty.
fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => xml_char().prop_map(String::from),
            1 => Just("]]>".to_owned()),
            1 => Just("\r\n".to_owned()),
        ],
        0..16,
    )
    .prop_map(|pieces| pieces.concat())
}

fn nillable<T: Clone + std::fmt::Debug + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Nillable<T>> {
    prop_oneof![
        1 => Just(Nillable::Absent),
        1 => Just(Nillable::Nil),
        3 => value.prop_map(Nillable::Value),
    ]
}

/// Which values `ForeignSysType::Unknown` may hold in generated records.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unknowns {
    /// Any value that is not listed and has no leading or trailing XML whitespace.
    Any,
    /// Also no leading or trailing Unicode `White_Space` (U+0085, U+00A0, U+3000, ...):
    /// works around the bug `unknown_enum_values_keep_unicode_spaces` shows.
    NoUnicodeSpaceEnds,
}

/// A value the schema does not list, as a newer server might send. Readers trim XML
/// whitespace from enumeration values (a documented leniency), so only values without
/// leading or trailing XML whitespace can survive unchanged; other Unicode spaces must.
fn unknown_foreign_sys_type(unknowns: Unknowns) -> impl Strategy<Value = String> {
    xml_string().prop_filter(
        "not a listed value, no surrounding XML whitespace",
        move |s| {
            let ends_ok = match unknowns {
                Unknowns::Any => !s.starts_with(is_xml_space) && !s.ends_with(is_xml_space),
                Unknowns::NoUnicodeSpaceEnds => s.trim() == s,
            };
            !ForeignSysType::VALUES.contains(&s.as_str()) && ends_ok
        },
    )
}

fn foreign_sys_type(unknowns: Unknowns) -> impl Strategy<Value = ForeignSysType> {
    prop_oneof![
        Just(ForeignSysType::Custom),
        Just(ForeignSysType::Sfdc),
        Just(ForeignSysType::Netsuite),
        unknown_foreign_sys_type(unknowns).prop_map(ForeignSysType::Unknown),
    ]
}

fn attribute() -> impl Strategy<Value = Attribute> {
    (xml_string(), nillable(xml_string()), xml_string()).prop_map(
        |(attr_name, attr_type, attr_value)| Attribute {
            attr_name,
            attr_type,
            attr_value,
        },
    )
}

fn lead_record(unknowns: Unknowns) -> impl Strategy<Value = LeadRecord> {
    (
        nillable(any::<i32>()),
        nillable(xml_string()),
        nillable(xml_string()),
        nillable(foreign_sys_type(unknowns)),
        nillable(
            prop::collection::vec(attribute(), 0..5)
                .prop_map(|attribute| ArrayOfAttribute { attribute }),
        ),
    )
        .prop_map(
            |(id, email, foreign_sys_person_id, foreign_sys_type, lead_attribute_list)| {
                LeadRecord {
                    id,
                    email,
                    foreign_sys_person_id,
                    foreign_sys_type,
                    lead_attribute_list,
                }
            },
        )
}

fn params(unknowns: Unknowns) -> impl Strategy<Value = ParamsSyncLead> {
    (lead_record(unknowns), any::<bool>(), nillable(xml_string())).prop_map(
        |(lead_record, return_lead, marketo_cookie)| ParamsSyncLead {
            lead_record,
            return_lead,
            marketo_cookie,
        },
    )
}

fn write(params: &ParamsSyncLead, headers: &Headers) -> Result<String, String> {
    let mut w = XmlWriter::new();
    match write_sync_lead_envelope(&mut w, params, headers) {
        Ok(()) => Ok(w.into_string()),
        Err(e) => Err(e.to_string()),
    }
}

fn body_root<'a, 'input>(envelope: Node<'a, 'input>) -> Node<'a, 'input> {
    let body = envelope
        .children()
        .find(|n| n.has_tag_name(("http://schemas.xmlsoap.org/soap/envelope/", "Body")))
        .expect("a Body");
    body.children()
        .find(|n| n.is_element())
        .expect("a body root")
}

/// Writes a request envelope, parses it and reads the body back.
fn round_trip(params: &ParamsSyncLead) -> Request {
    let xml = write(params, &Headers::default()).expect("legal values are encodable");
    let doc = parse_document(&xml).unwrap_or_else(|e| panic!("malformed XML ({e}): {xml}"));
    Request::read_body(body_root(doc.root_element()))
        .unwrap_or_else(|e| panic!("cannot read back ({e}): {xml}"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_lead_record_survives_write_then_read(params in params(Unknowns::Any)) {
        prop_assert_eq!(round_trip(&params), Request::SyncLead(params));
    }

    /// The property above, without the values the enum-trimming bug loses, so that
    /// everything else stays checked while it is open.
    #[test]
    fn any_lead_record_survives_write_then_read_apart_from_unicode_spaces_around_unknown_enums(
        params in params(Unknowns::NoUnicodeSpaceEnds),
    ) {
        prop_assert_eq!(round_trip(&params), Request::SyncLead(params));
    }
}

/// Where a bad character goes, and the path the error must name.
#[derive(Debug, Clone, Copy)]
enum Field {
    Email,
    ForeignSysPersonId,
    ForeignSysType,
    AttrName,
    AttrType,
    AttrValue,
    MarketoCookie,
    UserId,
}

impl Field {
    const ALL: [Field; 8] = [
        Field::Email,
        Field::ForeignSysPersonId,
        Field::ForeignSysType,
        Field::AttrName,
        Field::AttrType,
        Field::AttrValue,
        Field::MarketoCookie,
        Field::UserId,
    ];

    fn path(self) -> &'static str {
        match self {
            Field::Email => "paramsSyncLead/leadRecord/Email",
            Field::ForeignSysPersonId => "paramsSyncLead/leadRecord/ForeignSysPersonId",
            Field::ForeignSysType => "paramsSyncLead/leadRecord/ForeignSysType",
            Field::AttrName => "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrName",
            Field::AttrType => "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrType",
            Field::AttrValue => "paramsSyncLead/leadRecord/leadAttributeList/attribute/attrValue",
            Field::MarketoCookie => "paramsSyncLead/marketoCookie",
            Field::UserId => "AuthenticationHeader/mktowsUserId",
        }
    }

    /// Puts `bad` into this field of otherwise legal values.
    fn place(self, params: &mut ParamsSyncLead, headers: &mut Headers, bad: String) {
        let lead = &mut params.lead_record;
        match self {
            Field::Email => lead.email = Nillable::Value(bad),
            Field::ForeignSysPersonId => lead.foreign_sys_person_id = Nillable::Value(bad),
            Field::ForeignSysType => {
                lead.foreign_sys_type = Nillable::Value(ForeignSysType::Unknown(bad))
            }
            Field::AttrName => last_attribute(&mut lead.lead_attribute_list).attr_name = bad,
            Field::AttrType => {
                last_attribute(&mut lead.lead_attribute_list).attr_type = Nillable::Value(bad)
            }
            Field::AttrValue => last_attribute(&mut lead.lead_attribute_list).attr_value = bad,
            Field::MarketoCookie => params.marketo_cookie = Nillable::Value(bad),
            Field::UserId => {
                headers.authentication_header = Some(AuthenticationHeaderInfo {
                    mktows_user_id: bad,
                    request_signature: "0".repeat(40),
                    request_timestamp: "2013-07-31T12:38:47-07:00".into(),
                    audit: None,
                    mode: None,
                })
            }
        }
    }
}

/// The last attribute of the list, creating the list and an attribute when needed.
fn last_attribute(list: &mut Nillable<ArrayOfAttribute>) -> &mut Attribute {
    if !list.is_value() {
        *list = Nillable::Value(ArrayOfAttribute::default());
    }
    let Nillable::Value(list) = list else {
        panic!("just set to a value")
    };
    if list.attribute.is_empty() {
        list.attribute.push(Attribute {
            attr_name: "FirstName".into(),
            attr_type: Nillable::Absent,
            attr_value: "George".into(),
        });
    }
    list.attribute.last_mut().expect("one attribute")
}

/// The characters XML 1.0 forbids that a Rust `char` can hold.
fn forbidden_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range('\u{0}', '\u{8}'),
        Just('\u{B}'),
        Just('\u{C}'),
        proptest::char::range('\u{E}', '\u{1F}'),
        Just('\u{FFFE}'),
        Just('\u{FFFF}'),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_forbidden_character_is_an_error_naming_the_field(
        params in params(Unknowns::Any),
        field in prop::sample::select(Field::ALL.to_vec()),
        before in xml_string(),
        bad in forbidden_char(),
        after in xml_string(),
    ) {
        let mut params = params;
        let mut headers = Headers::default();
        field.place(&mut params, &mut headers, format!("{before}{bad}{after}"));
        // An error, not a document: the first forbidden character is named with its field.
        prop_assert_eq!(
            write(&params, &headers),
            Err(format!(
                "{}: character U+{:04X} is not allowed in XML 1.0",
                field.path(),
                u32::from(bad)
            ))
        );
    }
}

#[test]
fn forbidden_characters_are_exactly_those_xml_forbids() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    for _ in 0..256 {
        let c = forbidden_char()
            .new_tree(&mut runner)
            .expect("a value")
            .current();
        assert!(!is_xml_char(c), "{c:?}");
    }
    // U+0000..U+0008, U+000B, U+000C, U+000E..U+001F, U+FFFE, U+FFFF.
    let forbidden = ('\u{0}'..='\u{10FFFF}')
        .filter(|c| !is_xml_char(*c))
        .count();
    assert_eq!(forbidden, 9 + 2 + 18 + 2);
    // Each of them is refused by the writer.
    for c in ('\u{0}'..='\u{10FFFF}').filter(|c| !is_xml_char(*c)) {
        let params = ParamsSyncLead {
            lead_record: LeadRecord {
                email: format!("a{c}").into(),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(write(&params, &Headers::default()).is_err(), "{c:?}");
    }
}

#[test]
fn carriage_returns_survive_as_character_references() {
    // A parser turns a literal CR (and CRLF) into LF: the writer must write &#13;.
    let text = "a\rb\r\nc\n\rd\r";
    let params = ParamsSyncLead {
        lead_record: LeadRecord {
            email: text.into(),
            lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                attribute: vec![Attribute {
                    attr_name: "Notes".into(),
                    attr_type: "string".into(),
                    attr_value: text.into(),
                }],
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let xml = write(&params, &Headers::default()).unwrap();
    assert!(!xml.contains('\r'), "a literal CR was written: {xml:?}");
    assert!(
        xml.contains("<Email>a&#13;b&#13;\nc\n&#13;d&#13;</Email>"),
        "{xml:?}"
    );
    assert!(
        xml.contains("<attrValue>a&#13;b&#13;\nc\n&#13;d&#13;</attrValue>"),
        "{xml:?}"
    );
    assert_eq!(round_trip(&params), Request::SyncLead(params));

    // What happens without the reference: the CR is lost.
    let doc = parse_document("<Email>a\rb\r\nc</Email>").unwrap();
    assert_eq!(doc.root_element().text(), Some("a\nb\nc"));
}

#[test]
fn markup_characters_are_escaped_and_survive() {
    let text = r#"<a href="x">&amp; ]]> 'q'</a>"#;
    let params = ParamsSyncLead {
        lead_record: LeadRecord {
            email: text.into(),
            foreign_sys_person_id: "".into(),
            foreign_sys_type: Nillable::Value(ForeignSysType::Unknown("<&>".into())),
            ..Default::default()
        },
        ..Default::default()
    };
    let xml = write(&params, &Headers::default()).unwrap();
    assert!(
        xml.contains(r#"<Email>&lt;a href="x"&gt;&amp;amp; ]]&gt; 'q'&lt;/a&gt;</Email><ForeignSysPersonId></ForeignSysPersonId><ForeignSysType>&lt;&amp;&gt;</ForeignSysType>"#),
        "{xml}"
    );
    assert_eq!(round_trip(&params), Request::SyncLead(params));
}

#[test]
fn unknown_enum_values_keep_unicode_spaces() {
    // Only XML whitespace (space, tab, CR, LF) may be trimmed from an enumeration value;
    // U+00A0, U+3000, U+2028 and U+0085 are data.
    for value in ["\u{A0}SFDC", "SFDC\u{3000}", "\u{2028}", "\u{85}x\u{85}"] {
        let params = ParamsSyncLead {
            lead_record: LeadRecord {
                foreign_sys_type: Nillable::Value(ForeignSysType::Unknown(value.into())),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(round_trip(&params), Request::SyncLead(params), "{value:?}");
    }
}

#[test]
fn listed_enum_values_round_trip_and_tolerate_xml_whitespace() {
    for (value, text) in [
        (ForeignSysType::Custom, "CUSTOM"),
        (ForeignSysType::Sfdc, "SFDC"),
        (ForeignSysType::Netsuite, "NETSUITE"),
    ] {
        assert_eq!(value.as_str(), text);
        assert_eq!(ForeignSysType::from(text), value);
        let params = ParamsSyncLead {
            lead_record: LeadRecord {
                foreign_sys_type: Nillable::Value(value.clone()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(round_trip(&params), Request::SyncLead(params));
        let xml = format!(
            "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><m:paramsSyncLead xmlns:m=\"http://www.marketo.com/mktows/\"><leadRecord><ForeignSysType>\n  {text}\t</ForeignSysType></leadRecord><returnLead>0</returnLead></m:paramsSyncLead></e:Body></e:Envelope>"
        );
        let doc = parse_document(&xml).unwrap();
        match Request::read_body(body_root(doc.root_element())).unwrap() {
            Request::SyncLead(p) => {
                assert_eq!(p.lead_record.foreign_sys_type, Nillable::Value(value));
                assert!(!p.return_lead);
            }
            other => panic!("{other:?}"),
        }
    }
}
