// Usage of the `faults` feature: included by tests/features.rs inside the generated module.

fn fault_response(detail: &str) -> String {
    format!(
        concat!(
            r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:b="urn:feature:faults">"#,
            "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>refused</faultstring>",
            "<detail>{}</detail></soap:Fault></soap:Body></soap:Envelope>"
        ),
        detail
    )
}

fn fault_of(xml: &str) -> rt::Fault {
    let read = <TransferResponse as rt::xml::ComplexValue>::read;
    match rt::envelope::decode_response(xml, "transferResponse", read) {
        Err(rt::Error::Fault(f)) => *f,
        other => panic!("expected a fault, got {other:?}"),
    }
}

#[test]
fn a_declared_fault_is_decoded_from_the_detail() {
    // The detail's prefix is declared on the envelope, not on the detail itself.
    let fault = fault_of(&fault_response(
        "<b:insufficientFunds><balance>500</balance><needed>1200</needed></b:insufficientFunds>",
    ));
    assert_eq!(fault.faultstring, "refused");
    let typed = TransferFault::from_fault(&fault).expect("a declared fault").expect("decodes");
    assert_eq!(
        typed,
        TransferFault::InsufficientFunds(InsufficientFunds {
            balance: 500,
            needed: 1200
        })
    );
}

#[test]
fn each_declared_fault_is_its_own_variant() {
    let fault = fault_of(&fault_response(
        "<b:accountLocked><reason>audit</reason></b:accountLocked>",
    ));
    let typed = TransferFault::from_fault(&fault).unwrap().unwrap();
    assert_eq!(
        typed,
        TransferFault::AccountLocked(AccountLocked {
            reason: "audit".into()
        })
    );
}

#[test]
fn an_undeclared_detail_is_not_a_typed_fault() {
    let fault = fault_of(&fault_response("<other>x</other>"));
    assert!(TransferFault::from_fault(&fault).is_none());
    let no_detail = rt::Fault::service(20014, "Authentication failed");
    assert!(TransferFault::from_fault(&no_detail).is_none());
}

#[test]
fn a_declared_fault_that_does_not_decode_says_where() {
    let fault = fault_of(&fault_response(
        "<b:insufficientFunds><balance>lots</balance><needed>1</needed></b:insufficientFunds>",
    ));
    let err = TransferFault::from_fault(&fault).unwrap().unwrap_err();
    assert_eq!(err.path(), "insufficientFunds/balance");
}
