//! Shared by the integration tests: start an emulator, build records, read faults, send
//! raw envelopes the typed client cannot express.

#![allow(dead_code)]

use std::path::PathBuf;

use mktows::runtime::Credentials;
use mktows::{
    ArrayOfAttribute, Attribute, ForeignSysType, LeadRecord, Nillable, ParamsSyncLead,
    SuccessSyncLead,
};
use mktows_emulator::{Emulator, EmulatorConfig, RunningEmulator};

/// An emulator on a free loopback port.
pub async fn start(config: EmulatorConfig) -> RunningEmulator {
    Emulator::start(config, "127.0.0.1:0".parse().expect("address"))
        .await
        .expect("the emulator starts")
}

/// An emulator with the default configuration and its client.
pub async fn start_default() -> (RunningEmulator, mktows::Client) {
    let emu = start(EmulatorConfig::default()).await;
    let client = emu.client().expect("client");
    (emu, client)
}

/// A client for `emu` signing with other credentials.
pub fn client_as(emu: &RunningEmulator, user: &str, secret: &str) -> mktows::Client {
    mktows::Client::marketo(
        mktows::Endpoint::new(&emu.url()).expect("endpoint"),
        Credentials::new(user, secret),
    )
    .expect("client")
}

pub fn attrs(pairs: &[(&str, &str)]) -> Nillable<ArrayOfAttribute> {
    Nillable::Value(ArrayOfAttribute {
        attribute: pairs
            .iter()
            .map(|(n, v)| Attribute {
                attr_name: (*n).into(),
                attr_type: Nillable::Absent,
                attr_value: (*v).into(),
            })
            .collect(),
    })
}

pub fn by_email(email: &str) -> LeadRecord {
    LeadRecord {
        email: email.into(),
        ..LeadRecord::default()
    }
}

pub fn by_id(id: i32) -> LeadRecord {
    LeadRecord {
        id: Nillable::Value(id),
        ..LeadRecord::default()
    }
}

pub fn by_foreign_id(id: &str) -> LeadRecord {
    LeadRecord {
        foreign_sys_person_id: id.into(),
        foreign_sys_type: Nillable::Value(ForeignSysType::Custom),
        ..LeadRecord::default()
    }
}

pub fn with(mut record: LeadRecord, pairs: &[(&str, &str)]) -> LeadRecord {
    record.lead_attribute_list = attrs(pairs);
    record
}

pub fn params(record: LeadRecord) -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: record,
        return_lead: true,
        ..ParamsSyncLead::default()
    }
}

pub fn with_cookie(record: LeadRecord, cookie: &str) -> ParamsSyncLead {
    ParamsSyncLead {
        marketo_cookie: cookie.into(),
        ..params(record)
    }
}

/// syncLead that must succeed.
pub async fn sync(client: &mktows::Client, p: &ParamsSyncLead) -> SuccessSyncLead {
    client.sync_lead(p).send().await.expect("syncLead succeeds")
}

/// syncLead that must fail with a fault; returns its code.
pub async fn sync_fault(client: &mktows::Client, p: &ParamsSyncLead) -> u32 {
    fault_code(client.sync_lead(p).send().await)
}

/// The fault code of a call that must have failed with a fault.
pub fn fault_code<T: std::fmt::Debug>(result: Result<T, mktows::Error>) -> u32 {
    match result {
        Err(e) => e
            .fault()
            .and_then(|f| f.code)
            .unwrap_or_else(|| panic!("expected a fault with a code, got {e}")),
        Ok(v) => panic!("expected a fault, got {v:?}"),
    }
}

/// The value of an attribute in a returned record.
pub fn attr<'a>(record: &'a LeadRecord, name: &str) -> Option<&'a str> {
    record
        .lead_attribute_list
        .as_option()?
        .attribute
        .iter()
        .find(|a| a.attr_name == name)
        .map(|a| a.attr_value.as_str())
}

/// A signed `SOAP-ENV:Header` for `emu`'s account.
pub fn signed_header(emu: &RunningEmulator) -> String {
    let s = emu.credentials().sign_now();
    format!(
        "<SOAP-ENV:Header><ns1:AuthenticationHeader><mktowsUserId>{}</mktowsUserId>\
         <requestSignature>{}</requestSignature><requestTimestamp>{}</requestTimestamp>\
         </ns1:AuthenticationHeader></SOAP-ENV:Header>",
        s.user_id, s.signature, s.timestamp
    )
}

/// A whole envelope around `header` and `body`.
pub fn envelope(header: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"http://www.marketo.com/mktows/\">{header}<SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

/// POSTs raw text to `emu` and returns the HTTP status and the body.
pub async fn post_raw(emu: &RunningEmulator, body: String) -> (u16, String) {
    let transport =
        mktows::runtime::Client::new(mktows::Endpoint::new(&emu.url()).expect("endpoint"))
            .expect("transport");
    let (status, bytes) = transport
        .post_envelope(&mktows::SYNC_LEAD, body)
        .await
        .expect("the emulator answers");
    (status, String::from_utf8(bytes).expect("UTF-8 response"))
}

/// The fault code in a raw fault response.
pub fn raw_fault_code(body: &str) -> Option<u32> {
    let doc = mktows::runtime::roxmltree::Document::parse(body).ok()?;
    let fault = doc.descendants().find(|n| n.tag_name().name() == "Fault")?;
    mktows::Fault::from_node(fault).code
}

/// A fresh state-file path under the temp directory.
pub fn temp_state(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "mktows-emulator-{name}-{}-{}.redb",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let _ = std::fs::remove_file(&path);
    path
}
