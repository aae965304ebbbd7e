// Usage of the `choice` feature: included by tests/features.rs inside the generated module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:choice">
  <SOAP-ENV:Body>
    <ns1:sendMessage>
      <to>
        <name>Ada</name>
        <phone><country>44</country><number>20 7946 0018</number></phone>
      </to>
      <text>Hello</text>
      <link><href>https://example.com/a</href></link>
      <text>and bye</text>
      <image>aGk=</image>
      <urgent>true</urgent>
    </ns1:sendMessage>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn a_choice_holds_the_alternative_that_was_sent() {
    let Request::SendMessage(m) = wire::round_trip_exact(&wire::compact(REQUEST)) else {
        panic!("not sendMessage");
    };
    assert_eq!(
        m.to,
        Contact {
            name: "Ada".into(),
            email_or_phone: ContactChoice::Phone(Phone {
                country: 44,
                number: "20 7946 0018".into(),
            }),
        }
    );
    assert_eq!(m.priority_or_urgent, Some(SendMessageChoice2::Urgent(true)));
}

#[test]
fn a_repeated_choice_keeps_the_wire_order() {
    let Request::SendMessage(m) = wire::round_trip_exact(&wire::compact(REQUEST)) else {
        panic!("not sendMessage");
    };
    assert_eq!(
        m.text_or_image_or_link,
        vec![
            SendMessageChoice::Text("Hello".into()),
            SendMessageChoice::Link(Link {
                href: "https://example.com/a".into(),
                title: None,
            }),
            SendMessageChoice::Text("and bye".into()),
            SendMessageChoice::Image(rt::Base64Binary(b"hi".to_vec())),
        ]
    );
}

#[test]
fn optional_and_repeated_choices_may_be_absent() {
    let envelope = wire::compact(
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:choice">
  <SOAP-ENV:Body>
    <ns1:sendMessage><to><name>Bob</name><email>bob@example.com</email></to></ns1:sendMessage>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#,
    );
    let Request::SendMessage(m) = wire::round_trip_exact(&envelope) else {
        panic!("not sendMessage");
    };
    assert_eq!(
        m,
        SendMessage {
            to: Contact {
                name: "Bob".into(),
                email_or_phone: ContactChoice::Email("bob@example.com".into()),
            },
            text_or_image_or_link: Vec::new(),
            priority_or_urgent: None,
        }
    );
}

#[test]
fn a_required_choice_with_no_alternative_is_an_error() {
    let envelope = r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:choice"><SOAP-ENV:Body><ns1:sendMessage><to><name>Bob</name></to></ns1:sendMessage></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let doc = wire::parse(envelope);
    let err = Request::read_body(wire::body(&doc)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1:142: sendMessage/to/email_or_phone: missing"
    );
}

#[test]
fn a_choice_can_be_the_whole_content() {
    for (body, expected) in [
        (
            "<ns1:sendMessageResponse><messageId>42</messageId></ns1:sendMessageResponse>",
            SendMessageResponseChoice::MessageId(42),
        ),
        (
            "<ns1:sendMessageResponse><rejected>blocked</rejected></ns1:sendMessageResponse>",
            SendMessageResponseChoice::Rejected("blocked".into()),
        ),
    ] {
        let envelope = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:choice"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        );
        let Response::SendMessage(r) = wire::round_trip_exact(&envelope) else {
        panic!("not sendMessage");
    };
        assert_eq!(r.message_id_or_rejected, expected);
    }
}

const SEARCH: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:choice">
  <SOAP-ENV:Body>
    <ns1:search>
      <query>rust</query>
      <after>2024-01-01</after>
      <before>2024-02-01</before>
      <limit>10</limit>
    </ns1:search>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn a_group_alternative_is_read_in_order_from_consecutive_siblings() {
    let Request::Search(m) = wire::round_trip_exact(&wire::compact(SEARCH)) else {
        panic!("not a search");
    };
    assert_eq!(
        m,
        Search {
            query: "rust".into(),
            date_range_or_last_days: Some(SearchChoice::DateRange(SearchDateRange {
                after: Some(rt::Date::parse("2024-01-01").unwrap()),
                before: Some(rt::Date::parse("2024-02-01").unwrap()),
            })),
            limit: Some(10),
            anything_or_tag_or_category_and_exact: None,
        }
    );
}

#[test]
fn a_group_alternative_may_begin_with_any_of_its_leading_optional_elements() {
    let envelope = wire::compact(&SEARCH.replace("<after>2024-01-01</after>", ""));
    let Request::Search(m) = wire::round_trip_exact(&envelope) else {
        panic!("not a search");
    };
    assert_eq!(
        m.date_range_or_last_days,
        Some(SearchChoice::DateRange(SearchDateRange {
            after: None,
            before: Some(rt::Date::parse("2024-02-01").unwrap()),
        }))
    );
    assert_eq!(m.limit, Some(10));
}

#[test]
fn a_choice_whose_group_can_be_empty_may_be_absent() {
    let envelope = wire::compact(
        &SEARCH
            .replace("<after>2024-01-01</after>", "")
            .replace("<before>2024-02-01</before>", ""),
    );
    let Request::Search(m) = wire::round_trip_exact(&envelope) else {
        panic!("not a search");
    };
    assert_eq!(m.date_range_or_last_days, None);
    let envelope = wire::compact(&SEARCH.replace(
        "<after>2024-01-01</after>\n      <before>2024-02-01</before>",
        "<lastDays>7</lastDays>",
    ));
    let Request::Search(m) = wire::round_trip_exact(&envelope) else {
        panic!("not a search");
    };
    assert_eq!(m.date_range_or_last_days, Some(SearchChoice::LastDays(7)));
}

#[test]
fn a_group_alternative_and_another_alternative_together_are_a_duplicate() {
    let envelope = wire::compact(&SEARCH.replace(
        "<limit>10</limit>",
        "<lastDays>7</lastDays><limit>10</limit>",
    ));
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc)).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("search/dateRange_or_lastDays: element appears more than once"),
        "{err}"
    );
}

const RESULTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:choice"><SOAP-ENV:Body><ns1:searchResponse><hit>a</hit><group>crates</group><member>serde</member><member>quote</member><total>2</total><hit>b</hit><ad:banner xmlns:ad="urn:ads" size="small">Buy <ad:b>now</ad:b></ad:banner><group>tools</group><member>cargo</member></ns1:searchResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

#[test]
fn a_repeated_choice_takes_sequences_elements_and_unknown_elements_in_wire_order() {
    let Response::Search(r) = wire::round_trip_exact(RESULTS) else {
        panic!("not a search response");
    };
    assert_eq!(
        r.hit_or_group_and_member_and_total_or_any,
        vec![
            SearchResponseChoice::Hit("a".into()),
            SearchResponseChoice::GroupAndMemberAndTotal(SearchResponseGroupAndMemberAndTotal {
                group: "crates".into(),
                member: vec!["serde".into(), "quote".into()],
                total: Some(2),
            }),
            SearchResponseChoice::Hit("b".into()),
            SearchResponseChoice::Any(rt::RawXml(
                r#"<ad:banner xmlns:ad="urn:ads" size="small">Buy <ad:b>now</ad:b></ad:banner>"#
                    .into()
            )),
            SearchResponseChoice::GroupAndMemberAndTotal(SearchResponseGroupAndMemberAndTotal {
                group: "tools".into(),
                member: vec!["cargo".into()],
                total: None,
            }),
        ]
    );
}

#[test]
fn a_sequence_alternative_checks_min_occurs() {
    let envelope = RESULTS.replace("<member>cargo</member>", "");
    let doc = wire::parse(&envelope);
    let err = Response::read_body(wire::body(&doc)).unwrap_err();
    assert!(err.to_string().ends_with("member: missing"), "{err}");
}

#[test]
fn a_sequence_alternative_stops_at_an_element_out_of_order() {
    // `total` before `member`: the group ends after its members are missing.
    let envelope = RESULTS.replace(
        "<member>serde</member><member>quote</member><total>2</total>",
        "<total>2</total><member>serde</member>",
    );
    let doc = wire::parse(&envelope);
    assert!(Response::read_body(wire::body(&doc)).is_err());
}

#[test]
fn a_sequence_alternative_can_begin_with_a_choice_of_elements() {
    let envelope = wire::compact(&SEARCH.replace(
        "<limit>10</limit>",
        "<limit>10</limit><category>3</category><exact>true</exact>",
    ));
    let Request::Search(m) = wire::round_trip_exact(&envelope) else {
        panic!("not a search");
    };
    assert_eq!(m.limit, Some(10));
    assert_eq!(
        m.anything_or_tag_or_category_and_exact,
        Some(SearchChoice3::TagOrCategoryAndExact(
            SearchTagOrCategoryAndExact {
                tag_or_category: SearchChoice2::Category(3),
                exact: Some(true),
            }
        ))
    );
    let envelope = wire::compact(
        &SEARCH.replace("<limit>10</limit>", "<limit>10</limit><tag>async</tag>"),
    );
    let Request::Search(m) = wire::round_trip_exact(&envelope) else {
        panic!("not a search");
    };
    assert_eq!(
        m.anything_or_tag_or_category_and_exact,
        Some(SearchChoice3::TagOrCategoryAndExact(
            SearchTagOrCategoryAndExact {
                tag_or_category: SearchChoice2::Tag("async".into()),
                exact: None,
            }
        ))
    );
}
