//! Canned Marketo responses shared by the hardening tests.

pub const USER: &str = "demo17_1_809934544BFABAE58E5D27";
pub const SECRET: &str = "27272727aa";

/// Marketo's documented syncLead response, one element per line (so positions are easy to
/// state): `leadId` is on line 6.
pub const SEED_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">
<SOAP-ENV:Body>
<ns1:successSyncLead>
<result>
<leadId>1089965</leadId>
<syncStatus>
<leadId>1089965</leadId>
<status>UPDATED</status>
<error xsi:nil="true" />
</syncStatus>
<leadRecord xsi:nil="true" />
</result>
</ns1:successSyncLead>
</SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

/// A response with returnLead=true: a lead record with attributes.
pub const RETURN_LEAD_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><ns1:successSyncLead><result><leadId>7</leadId><syncStatus><leadId>7</leadId><status>CREATED</status><error xsi:nil="true"/></syncStatus><leadRecord><Id>7</Id><Email>t@t.com</Email><ForeignSysPersonId xsi:nil="true"/><ForeignSysType xsi:nil="true"/><leadAttributeList><attribute><attrName>FirstName</attrName><attrType>string</attrType><attrValue>George &amp; &lt;Co&gt;</attrValue></attribute><attribute><attrName>LeadScore</attrName><attrType>integer</attrType><attrValue>12</attrValue></attribute></leadAttributeList></leadRecord></result></ns1:successSyncLead></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;

pub fn fault(code: u32, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>{code} - {text}</faultstring><detail><ns1:serviceException><name>mktServiceException</name><message>{text} ({code})</message><code>{code}</code></ns1:serviceException></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

/// The seed response with `leadId`'s text replaced.
pub fn with_lead_id(text: &str) -> String {
    SEED_RESPONSE.replacen(
        "<leadId>1089965</leadId>",
        &format!("<leadId>{text}</leadId>"),
        1,
    )
}

/// Decodes a syncLead response envelope into the typed value (or the fault / error).
pub fn decode_sync(xml: &str) -> Result<mktows::SuccessSyncLead, mktows::Error> {
    mktows::runtime::envelope::decode_response(
        xml,
        "successSyncLead",
        <mktows::SuccessSyncLead as mktows::runtime::xml::ComplexValue>::read,
    )
}
