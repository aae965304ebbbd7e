// Usage of the `anonymous` feature: included by tests/features.rs inside the generated module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:anonymous">
  <SOAP-ENV:Body>
    <ns1:placeOrder>
      <customer>
        <name>Ada</name>
        <address><city>Paris</city><zip>75001</zip></address>
      </customer>
      <line kind="sale"><sku>A-1</sku><quantity>2</quantity><unit>piece</unit><gift>wrap</gift></line>
      <line><sku>B-2</sku><quantity>1</quantity><unit>kg</unit></line>
      <line kind="exchange"><sku>C-3</sku><quantity>5</quantity><unit>box</unit></line>
    </ns1:placeOrder>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn anonymous_types_are_named_after_where_they_are() {
    let Request::PlaceOrder(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m.customer,
        PlaceOrderCustomer {
            name: "Ada".into(),
            address: PlaceOrderCustomerAddress {
                city: "Paris".into(),
                // A restriction by pattern keeps its base type.
                zip: "75001".into(),
            },
        }
    );
    assert_eq!(
        m.line,
        vec![
            PlaceOrderLine {
                kind: Some(PlaceOrderLineKind::Sale),
                sku: "A-1".into(),
                quantity: 2,
                unit: PlaceOrderLineUnit::Piece,
                gift: Some(PlaceOrderLineGiftBase::Wrap),
            },
            PlaceOrderLine {
                kind: None,
                sku: "B-2".into(),
                quantity: 1,
                unit: PlaceOrderLineUnit::Kg,
                gift: None,
            },
            // Anonymous enumerations keep values they do not list, like named ones.
            PlaceOrderLine {
                kind: Some(PlaceOrderLineKind::Unknown("exchange".into())),
                sku: "C-3".into(),
                quantity: 5,
                unit: PlaceOrderLineUnit::Unknown("box".into()),
                gift: None,
            },
        ]
    );
}

#[test]
fn anonymous_enumerations_list_their_values() {
    assert_eq!(PlaceOrderLineUnit::VALUES, ["piece", "kg"]);
    assert_eq!(PlaceOrderLineKind::VALUES, ["sale", "return"]);
    assert_eq!(PlaceOrderLineKind::Return.as_str(), "return");
    assert_eq!(
        PlaceOrderLineGiftBase::from("card"),
        PlaceOrderLineGiftBase::Card
    );
}

#[test]
fn a_simple_typed_element_with_a_facet_is_read_as_its_base() {
    let envelope =
        wire::compact(&REQUEST.replace("<quantity>2</quantity>", "<quantity>two</quantity>"));
    let doc = wire::parse(&envelope);
    let err = Request::read_body(wire::body(&doc))
        .unwrap_err()
        .to_string();
    assert!(err.contains("placeOrder/line/quantity"), "{err}");
    assert!(err.contains("xs:int"), "{err}");
}
