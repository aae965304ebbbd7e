// Usage of the `extension` feature: included by tests/features.rs inside the generated module.

/// As a client sends it: no xsi on the envelope, so each xsi:type declares it.
const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:extension">
  <SOAP-ENV:Body>
    <ns1:draw>
      <owner id="7" department="R&amp;D">
        <name>Grace</name>
        <born>1906-12-09</born>
        <employeeNumber>1</employeeNumber>
        <reports id="8"><name>Ada</name><employeeNumber>2</employeeNumber></reports>
        <reports id="9" department="Ops"><name>Alan</name><employeeNumber>3</employeeNumber></reports>
      </owner>
      <shape xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ns1:Circle" color="red">
        <label>sun</label><radius>1.5</radius>
      </shape>
      <shape xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ns1:Square" rotated="true">
        <label>box</label><width>2.0</width><height>2.0</height>
      </shape>
    </ns1:draw>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

/// As a server sends it: xsi declared once, on the envelope.
const RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:extension">
  <SOAP-ENV:Body>
    <ns1:drawResponse>
      <largest xsi:type="ns1:Rectangle" color="blue"><label>wall</label><width>3.0</width><height>4.5</height></largest>
      <area>13.5</area>
    </ns1:drawResponse>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[test]
fn an_extension_has_the_base_fields_then_its_own() {
    let Request::Draw(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    // Employee has an extension (Manager), so it is an enum: a plain employee is its base.
    let employee = |id: i32, department: Option<&str>, name: &str, number: i32| {
        Employee::Employee(EmployeeBase {
            id,
            department: department.map(String::from),
            name: name.into(),
            born: None,
            employee_number: number,
        })
    };
    assert_eq!(
        m.owner,
        Manager {
            id: 7,
            department: Some("R&D".into()),
            name: "Grace".into(),
            born: Some(rt::Date::from_ymd(1906, 12, 9).unwrap()),
            employee_number: 1,
            reports: vec![
                employee(8, None, "Ada", 2),
                employee(9, Some("Ops"), "Alan", 3)
            ],
        }
    );
}

#[test]
fn an_abstract_base_is_one_of_its_extensions_by_xsi_type() {
    let Request::Draw(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m.shape,
        vec![
            Shape::Circle(Circle {
                color: Some("red".into()),
                label: "sun".into(),
                radius: 1.5,
            }),
            // Square extends Rectangle, which extends Shape: fields of all three.
            Shape::Square(Square {
                color: None,
                rotated: Some(true),
                label: "box".into(),
                width: 2.0,
                height: 2.0,
            }),
        ]
    );

    let Response::Draw(r) = wire::round_trip_exact(&wire::compact(RESPONSE));
    assert_eq!(
        r,
        DrawResponse {
            largest: RectangleBase {
                color: Some("blue".into()),
                label: "wall".into(),
                width: 3.0,
                height: 4.5,
            }
            .into(),
            area: 13.5,
        }
    );
}

#[test]
fn a_concrete_base_can_carry_an_extension_by_xsi_type() {
    // A report who is herself a manager: read as the base type, her reports would be lost.
    let alan = r#"<reports id="9" department="Ops"><name>Alan</name><employeeNumber>3</employeeNumber></reports>"#;
    let joan = concat!(
        r#"<reports xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ns1:Manager" id="9">"#,
        "<name>Joan</name><employeeNumber>3</employeeNumber>",
        r#"<reports id="10"><name>Kay</name><employeeNumber>4</employeeNumber></reports></reports>"#
    );
    let Request::Draw(m) = wire::round_trip_exact(&wire::compact(&REQUEST.replace(alan, joan)));
    match &m.owner.reports[1] {
        Employee::Manager(joan) => {
            assert_eq!(joan.name, "Joan");
            assert_eq!(joan.reports.len(), 1);
        }
        other => panic!("expected a Manager, got {other:?}"),
    }
    // Without xsi:type, an element is its declared type.
    assert!(matches!(m.owner.reports[0], Employee::Employee(_)));
}

#[test]
fn xsi_type_is_matched_whatever_the_prefix() {
    let envelope = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
      <x:drawResponse xmlns:x="urn:feature:extension" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
        <largest i:type="x:Circle"><label>dot</label><radius>0.1</radius></largest><area>0.0314</area>
      </x:drawResponse></e:Body></e:Envelope>"#;
    let Response::Draw(r) = wire::round_trip(envelope);
    assert_eq!(
        r.largest,
        Shape::Circle(Circle {
            color: None,
            label: "dot".into(),
            radius: 0.1,
        })
    );
}

#[test]
fn an_abstract_type_needs_a_known_xsi_type() {
    let read = |largest: &str| {
        let envelope = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:feature:extension"><e:Body><ns1:drawResponse>{largest}<area>1.0</area></ns1:drawResponse></e:Body></e:Envelope>"#
        );
        let doc = wire::parse(&envelope);
        Response::read_body(wire::body(&doc))
            .unwrap_err()
            .to_string()
    };
    assert!(
        read(r#"<largest xsi:type="ns1:Triangle"><label>t</label></largest>"#)
            .ends_with("drawResponse/largest: xsi:type Triangle is not a type derived from Shape")
    );
    assert!(read("<largest><label>t</label></largest>")
        .ends_with("drawResponse/largest: xsi:type is required: Shape is abstract"));
}
