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
    let Request::SendMessage(m) = wire::round_trip_exact(&wire::compact(REQUEST));
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
    let Request::SendMessage(m) = wire::round_trip_exact(&wire::compact(REQUEST));
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
    let Request::SendMessage(m) = wire::round_trip_exact(&envelope);
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
        let Response::SendMessage(r) = wire::round_trip_exact(&envelope);
        assert_eq!(r.message_id_or_rejected, expected);
    }
}
