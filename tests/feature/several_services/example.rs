// Usage of the `several_services` feature: included by tests/features.rs inside the generated
// module.

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

fn envelope(soap: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="{soap}" xmlns:ns1="urn:feature:several_services"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

#[test]
fn each_binding_has_its_client_and_specs() {
    assert_eq!(SERVICE.soap, rt::SoapVersion::V11);
    assert_eq!(INVENTORY_BINDING_SERVICE.soap, rt::SoapVersion::V12);
    assert!(std::ptr::eq(PLACE_ORDER.service, &SERVICE));
    assert!(std::ptr::eq(
        INVENTORY_BINDING_CLIENT_CHECK_STOCK.service,
        &INVENTORY_BINDING_SERVICE
    ));
    assert_eq!(OPERATIONS, ["placeOrder", "checkStock"]);

    let orders = Client::new((), ());
    let inventory = InventoryBindingClient::new((), ());
    let mut w = rt::XmlWriter::new();
    orders
        .place_order(&PlaceOrder {
            sku: "A-1".into(),
            quantity: 2,
        })
        .write_envelope(&mut w)
        .unwrap();
    assert_eq!(
        w.as_str(),
        envelope(
            SOAP11,
            "<ns1:placeOrder><sku>A-1</sku><quantity>2</quantity></ns1:placeOrder>"
        )
    );
    let mut w = rt::XmlWriter::new();
    let check = CheckStock { sku: "A-1".into() };
    inventory
        .check_stock(&check)
        .write_envelope(&mut w)
        .unwrap();
    assert_eq!(
        w.as_str(),
        envelope(SOAP12, "<ns1:checkStock><sku>A-1</sku></ns1:checkStock>")
    );
    let mut direct = rt::XmlWriter::new();
    write_inventory_binding_client_check_stock_envelope(&mut direct, &check, &Headers::default())
        .unwrap();
    assert_eq!(direct.as_str(), w.as_str());
}

#[test]
fn requests_of_either_binding_are_read_and_know_their_service() {
    let order = envelope(
        SOAP11,
        "<ns1:placeOrder><sku>A-1</sku><quantity>2</quantity></ns1:placeOrder>",
    );
    let m = wire::round_trip_exact::<Request>(&order);
    assert_eq!(
        m,
        Request::PlaceOrder(PlaceOrder {
            sku: "A-1".into(),
            quantity: 2,
        })
    );
    assert!(std::ptr::eq(m.service(), &SERVICE));
    assert_eq!(wire::envelope(&m), order);

    let stock = envelope(SOAP12, "<ns1:checkStock><sku>B-2</sku></ns1:checkStock>");
    let m = wire::round_trip_exact::<Request>(&stock);
    assert_eq!(m, Request::CheckStock(CheckStock { sku: "B-2".into() }));
    assert!(std::ptr::eq(m.service(), &INVENTORY_BINDING_SERVICE));
    // Written in its own binding's SOAP version.
    assert_eq!(wire::envelope(&m), stock);
}

#[test]
fn responses_of_either_binding_are_read() {
    let placed = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:several_services"><SOAP-ENV:Body><ns1:placeOrderResponse><orderId>o-1</orderId></ns1:placeOrderResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let r = wire::round_trip_exact::<Response>(placed);
    assert_eq!(
        r,
        Response::PlaceOrder(PlaceOrderResponse {
            order_id: "o-1".into(),
        })
    );
    assert_eq!(wire::envelope(&r), placed);

    let stocked = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:several_services"><SOAP-ENV:Body><ns1:checkStockResponse><available>12</available></ns1:checkStockResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let r = wire::round_trip_exact::<Response>(stocked);
    assert_eq!(
        r,
        Response::CheckStock(CheckStockResponse { available: 12 })
    );
    assert_eq!(wire::envelope(&r), stocked);
}
