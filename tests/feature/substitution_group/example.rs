// Usage of the `substitution_group` feature: included by tests/features.rs inside the
// generated module.

fn request(register: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:substitution_group"><SOAP-ENV:Body><ns1:register>{register}</ns1:register></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

#[test]
fn a_head_element_stands_for_its_members_in_wire_order() {
    let envelope = request(concat!(
        "<fleet>",
        "<ns1:bike><plate>B-1</plate><electric>true</electric></ns1:bike>",
        "<ns1:car><plate>AB-123</plate><seats>5</seats></ns1:car>",
        "<ns1:bike><plate>B-2</plate><electric>false</electric></ns1:bike>",
        "</fleet>",
        "<ns1:warning>low fuel</ns1:warning>",
    ));
    let Request::Register(m) = wire::round_trip_exact(&envelope);
    let bike = |plate: &str, electric| {
        RegisterFleetChoice::Bike(Bike {
            plate: plate.into(),
            electric,
        })
    };
    assert_eq!(
        m.fleet.bike_or_car_or_truck,
        vec![
            bike("B-1", true),
            RegisterFleetChoice::Car(Car {
                plate: "AB-123".into(),
                seats: 5,
            }),
            bike("B-2", false),
        ]
    );
    assert_eq!(
        m.note_or_warning,
        Some(RegisterChoice::Warning("low fuel".into()))
    );
}

#[test]
fn a_head_that_is_not_abstract_is_an_alternative_too() {
    let envelope = request("<fleet/><ns1:note>serviced</ns1:note>");
    let Request::Register(m) = wire::round_trip_exact(&envelope);
    assert_eq!(m.fleet.bike_or_car_or_truck, vec![]);
    assert_eq!(
        m.note_or_warning,
        Some(RegisterChoice::Note("serviced".into()))
    );
}

#[test]
fn a_required_head_is_one_member() {
    let envelope = r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:substitution_group"><SOAP-ENV:Body><ns1:registerResponse><ns1:car><plate>C-7</plate><seats>2</seats></ns1:car></ns1:registerResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
    let Response::Register(r) = wire::round_trip_exact(envelope);
    assert_eq!(
        r.bike_or_car_or_truck,
        RegisterResponseChoice::Car(Car {
            plate: "C-7".into(),
            seats: 2,
        })
    );
}

#[test]
fn a_member_without_a_type_has_its_heads_type() {
    let envelope =
        request("<fleet><ns1:truck><plate>T-9</plate><seats>3</seats></ns1:truck></fleet>");
    let Request::Register(m) = wire::round_trip_exact(&envelope);
    // Checked through Debug so that this compiles whatever the variant holds.
    assert_eq!(
        format!("{:?}", m.fleet.bike_or_car_or_truck),
        r#"[Truck(Car { plate: "T-9", seats: 3 })]"#
    );
}
