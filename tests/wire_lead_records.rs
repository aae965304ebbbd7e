//! Lead records on the wire: a list of one is a list, xsi:nil is written and read for
//! nillable fields, and a returned lead record (returnLead=true) decodes.

mod support;

use support::responses::decode_sync;

use mktows::runtime::envelope::decode_response;
use mktows::runtime::xml::{parse_document, read_complex, write_complex, ComplexValue, XmlWriter};
use mktows::{
    write_sync_lead_envelope, ArrayOfAttribute, Attribute, ForeignSysType, Headers, LeadRecord,
    LeadSyncStatus, Nillable, ParamsSyncLead, ResultSyncLead, SuccessGetLead, SuccessSyncLead,
    SyncStatus,
};

const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[test]
fn a_list_of_one_is_a_list() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <ns1:successGetLead>
      <result>
        <count>1</count>
        <leadRecordList>
          <leadRecord>
            <Id>1089965</Id>
            <Email>t@t.com</Email>
            <ForeignSysPersonId xsi:nil="true" />
            <ForeignSysType xsi:nil="true" />
            <leadAttributeList>
              <attribute>
                <attrName>FirstName</attrName>
                <attrType>string</attrType>
                <attrValue>George</attrValue>
              </attribute>
            </leadAttributeList>
          </leadRecord>
        </leadRecordList>
      </result>
    </ns1:successGetLead>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;
    let decoded = decode_response(
        xml,
        "successGetLead",
        <SuccessGetLead as ComplexValue>::read,
    )
    .expect("decodes");
    assert_eq!(decoded.result.count, 1);
    let leads = &decoded
        .result
        .lead_record_list
        .as_option()
        .expect("a leadRecordList")
        .lead_record;
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].id, Nillable::Value(1089965));
    let attributes = &leads[0]
        .lead_attribute_list
        .as_option()
        .expect("attributes")
        .attribute;
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes[0].attr_value, "George");

    // Two (Email is not unique: getLead can return two leads).
    let two = xml.replace(
        "</leadRecordList>",
        "<leadRecord><Id>1089966</Id><Email>t@t.com</Email></leadRecord></leadRecordList>",
    );
    let decoded = decode_response(
        &two,
        "successGetLead",
        <SuccessGetLead as ComplexValue>::read,
    )
    .expect("decodes");
    let leads = decoded
        .result
        .lead_record_list
        .into_option()
        .unwrap()
        .lead_record;
    assert_eq!(leads.len(), 2);
    assert_eq!(leads[1].id, Nillable::Value(1089966));

    // None: an empty list element.
    let none = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><m:successGetLead xmlns:m="http://www.marketo.com/mktows/"><result><count>0</count><leadRecordList/></result></m:successGetLead></e:Body></e:Envelope>"#;
    let decoded = decode_response(
        none,
        "successGetLead",
        <SuccessGetLead as ComplexValue>::read,
    )
    .expect("decodes");
    assert_eq!(
        decoded.result.lead_record_list,
        Nillable::Value(Default::default())
    );
}

fn read_lead(xml: &str) -> LeadRecord {
    let doc = parse_document(xml).unwrap();
    read_complex(doc.root_element()).unwrap()
}

#[test]
fn xsi_nil_is_written_and_read_for_nillable_fields() {
    let lead = LeadRecord {
        email: Nillable::Nil,
        ..Default::default()
    };
    let mut w = XmlWriter::new();
    write_complex(&mut w, "leadRecord", &lead).unwrap();
    assert_eq!(
        w.as_str(),
        format!(r#"<leadRecord><Email xmlns:xsi="{XSI_NS}" xsi:nil="true"/></leadRecord>"#)
    );
    let back = read_lead(w.as_str());
    assert_eq!(back, lead);
    assert!(back.email.is_nil());
    // Absent stays absent.
    assert!(back.id.is_absent());
    assert!(back.foreign_sys_person_id.is_absent());
    assert!(back.foreign_sys_type.is_absent());
    assert!(back.lead_attribute_list.is_absent());

    // Every nillable field nil, in a request envelope (which declares no xsi: each nil
    // element declares it).
    let lead = LeadRecord {
        id: Nillable::Nil,
        email: Nillable::Nil,
        foreign_sys_person_id: Nillable::Nil,
        foreign_sys_type: Nillable::Nil,
        lead_attribute_list: Nillable::Nil,
    };
    let params = ParamsSyncLead {
        lead_record: lead.clone(),
        return_lead: true,
        marketo_cookie: Nillable::Nil,
    };
    let mut w = XmlWriter::new();
    write_sync_lead_envelope(&mut w, &params, &Headers::default()).unwrap();
    let nil = |name: &str| format!(r#"<{name} xmlns:xsi="{XSI_NS}" xsi:nil="true"/>"#);
    let expected_record = format!(
        "<leadRecord>{}{}{}{}{}</leadRecord><returnLead>true</returnLead>{}",
        nil("Id"),
        nil("Email"),
        nil("ForeignSysPersonId"),
        nil("ForeignSysType"),
        nil("leadAttributeList"),
        nil("marketoCookie"),
    );
    assert!(w.as_str().contains(&expected_record), "{}", w.as_str());
    let doc = parse_document(w.as_str()).unwrap();
    let record = doc
        .descendants()
        .find(|n| n.has_tag_name("leadRecord"))
        .unwrap();
    assert_eq!(read_complex::<LeadRecord>(record).unwrap(), lead);

    // Read leniently: nil="1", another prefix; nil="false" and an empty element are values.
    let lead = read_lead(&format!(
        r#"<leadRecord xmlns:i="{XSI_NS}"><Id i:nil="1"/><Email i:nil="false">a@b.c</Email><ForeignSysPersonId/></leadRecord>"#
    ));
    assert_eq!(lead.id, Nillable::Nil);
    assert_eq!(lead.email, Nillable::Value("a@b.c".into()));
    assert_eq!(lead.foreign_sys_person_id, Nillable::Value(String::new()));
    assert!(lead.foreign_sys_type.is_absent());
    // An unprefixed `nil` attribute is not xsi:nil.
    let lead = read_lead(r#"<leadRecord><Email nil="true">x</Email></leadRecord>"#);
    assert_eq!(lead.email, Nillable::Value("x".into()));
}

#[test]
fn a_returned_lead_record_decodes() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <ns1:successSyncLead>
      <result>
        <leadId>1090240</leadId>
        <syncStatus>
          <leadId>1090240</leadId>
          <status>CREATED</status>
          <error xsi:nil="true" />
        </syncStatus>
        <leadRecord>
          <Id>1090240</Id>
          <Email>george@jungle.com</Email>
          <ForeignSysPersonId xsi:nil="true" />
          <ForeignSysType xsi:nil="true" />
          <leadAttributeList>
            <attribute>
              <attrName>FirstName</attrName>
              <attrType>string</attrType>
              <attrValue>George</attrValue>
            </attribute>
            <attribute>
              <attrName>NumberOfEmployees</attrName>
              <attrType>integer</attrType>
              <attrValue>42</attrValue>
            </attribute>
            <attribute>
              <attrName>Website</attrName>
              <attrType>url</attrType>
              <attrValue>http://jungle.com/?a=1&amp;b=2</attrValue>
            </attribute>
          </leadAttributeList>
        </leadRecord>
      </result>
    </ns1:successSyncLead>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;
    let attribute = |name: &str, ty: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_type: ty.into(),
        attr_value: value.into(),
    };
    let expected = SuccessSyncLead {
        result: ResultSyncLead {
            lead_id: 1090240,
            sync_status: SyncStatus {
                lead_id: 1090240,
                status: LeadSyncStatus::Created,
                error: Nillable::Nil,
            },
            lead_record: Nillable::Value(LeadRecord {
                id: Nillable::Value(1090240),
                email: "george@jungle.com".into(),
                foreign_sys_person_id: Nillable::Nil,
                foreign_sys_type: Nillable::Nil,
                lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                    attribute: vec![
                        attribute("FirstName", "string", "George"),
                        attribute("NumberOfEmployees", "integer", "42"),
                        attribute("Website", "url", "http://jungle.com/?a=1&b=2"),
                    ],
                }),
            }),
        },
    };
    assert_eq!(decode_sync(xml).unwrap(), expected);

    // With a foreign system set.
    let with_foreign = xml
        .replace(
            r#"<ForeignSysPersonId xsi:nil="true" />"#,
            "<ForeignSysPersonId>SF-0001</ForeignSysPersonId>",
        )
        .replace(
            r#"<ForeignSysType xsi:nil="true" />"#,
            "<ForeignSysType>SFDC</ForeignSysType>",
        );
    let decoded = decode_sync(&with_foreign).unwrap();
    let lead = decoded.result.lead_record.into_option().unwrap();
    assert_eq!(
        lead.foreign_sys_person_id,
        Nillable::Value("SF-0001".into())
    );
    assert_eq!(lead.foreign_sys_type, Nillable::Value(ForeignSysType::Sfdc));
}
