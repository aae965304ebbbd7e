//! The protocol around the operations: authentication, faults for bad requests, the fault
//! shape, the WSDL and the HTTP routes.

mod common;

use std::time::Duration;

use common::*;
use mktows::runtime::{sign, Credentials};
use mktows::{AuthenticationHeaderInfo, ParamsGetTags};
use mktows_emulator::{EmulatorConfig, DEFAULT_SECRET, DEFAULT_USER_ID};

#[tokio::test]
async fn wrong_signature_is_fault_20014() {
    let (emu, _) = start_default().await;
    let client = client_as(&emu, DEFAULT_USER_ID, "not-the-secret");
    assert_eq!(
        sync_fault(&client, &params(by_email("a@example.com"))).await,
        20014
    );
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn wrong_user_is_fault_20014() {
    let (emu, _) = start_default().await;
    let client = client_as(&emu, "someone_else", DEFAULT_SECRET);
    assert_eq!(
        sync_fault(&client, &params(by_email("a@example.com"))).await,
        20014
    );
}

#[tokio::test]
async fn missing_authentication_header_is_fault_20014() {
    let (emu, _) = start_default().await;
    let body = envelope("", "<ns1:paramsGetLead><leadKey><keyType>IDNUM</keyType><keyValue>1</keyValue></leadKey></ns1:paramsGetLead>");
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!((status, raw_fault_code(&text)), (500, Some(20014)));
}

#[tokio::test]
async fn stale_timestamp_is_fault_20016() {
    let (emu, client) = start_default().await;
    let stale = (chrono::Local::now() - chrono::Duration::minutes(30))
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let header = AuthenticationHeaderInfo {
        mktows_user_id: DEFAULT_USER_ID.into(),
        request_signature: sign(DEFAULT_SECRET, &stale, DEFAULT_USER_ID),
        request_timestamp: stale,
        audit: None,
        mode: None,
    };
    let p = params(by_email("a@example.com"));
    let result = client
        .sync_lead(&p)
        .authentication_header(header)
        .send()
        .await;
    let err = result.expect_err("stale");
    assert!(err.is_transient(), "20016 is retryable: {err}");
    assert_eq!(err.fault().and_then(|f| f.code), Some(20016));
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn clock_skew_window_is_configurable() {
    let config = EmulatorConfig {
        clock_skew: Duration::from_secs(3600),
        ..EmulatorConfig::default()
    };
    let emu = start(config).await;
    let client = emu.client().expect("client");
    let old = (chrono::Local::now() - chrono::Duration::minutes(30))
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let header = Credentials::new(DEFAULT_USER_ID, DEFAULT_SECRET).sign_at(old);
    let header = AuthenticationHeaderInfo {
        mktows_user_id: header.user_id,
        request_signature: header.signature,
        request_timestamp: header.timestamp,
        audit: None,
        mode: None,
    };
    let p = params(by_email("a@example.com"));
    client
        .sync_lead(&p)
        .authentication_header(header)
        .send()
        .await
        .expect("inside a one hour window");
}

#[tokio::test]
async fn malformed_xml_is_fault_20012() {
    let (emu, _) = start_default().await;
    for body in [
        "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body>".to_owned(),
        "not xml at all".to_owned(),
        "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".to_owned(),
        "<Envelope><Body/></Envelope>".to_owned(),
    ] {
        let (status, text) = post_raw(&emu, body.clone()).await;
        assert_eq!((status, raw_fault_code(&text)), (500, Some(20012)), "{body}");
        assert!(text.contains("<faultcode>SOAP-ENV:Client</faultcode>"), "{text}");
        assert!(text.contains("<name>mktServiceException</name>"), "{text}");
    }
}

#[tokio::test]
async fn unknown_operation_is_fault_20019() {
    let (emu, _) = start_default().await;
    let body = envelope(
        &signed_header(&emu),
        "<ns1:paramsFrobnicate><x>1</x></ns1:paramsFrobnicate>",
    );
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!((status, raw_fault_code(&text)), (500, Some(20019)));
}

#[tokio::test]
async fn operations_the_emulator_does_not_implement_are_fault_20019() {
    let (_emu, client) = start_default().await;
    let result = client.get_tags(&ParamsGetTags::default()).send().await;
    assert_eq!(fault_code(result), 20019);
}

#[tokio::test]
async fn missing_required_parameter_is_fault_20017() {
    let (emu, _) = start_default().await;
    // returnLead is required.
    let body = envelope(
        &signed_header(&emu),
        "<ns1:paramsSyncLead><leadRecord><Email>t@t.com</Email></leadRecord></ns1:paramsSyncLead>",
    );
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!(
        (status, raw_fault_code(&text)),
        (500, Some(20017)),
        "{text}"
    );
    assert!(
        text.contains("returnLead"),
        "the fault names the parameter: {text}"
    );
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn faults_have_the_documented_shape() {
    let (emu, _) = start_default().await;
    let body = envelope(
        &signed_header(&emu),
        "<ns1:paramsSyncLead><leadRecord><Email>t@t.com</Email><leadAttributeList><attribute>\
         <attrName>Nope</attrName><attrValue>1</attrValue></attribute></leadAttributeList></leadRecord>\
         <returnLead>false</returnLead></ns1:paramsSyncLead>",
    );
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!(status, 500);
    for part in [
        "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20105 - Unknown lead field: Nope</faultstring>",
        "<detail><ns1:serviceException xmlns:ns1=\"http://www.marketo.com/mktows/\"><name>mktServiceException</name>",
        "<message>Unknown lead field: Nope (20105)</message><code>20105</code></ns1:serviceException></detail>",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

#[tokio::test]
async fn the_documented_request_gets_the_documented_response_shape() {
    let (emu, _) = start_default().await;
    // The seed page's request body, as written there.
    let body = envelope(
        &signed_header(&emu),
        "<ns1:paramsSyncLead><leadRecord><Email>t@t.com</Email><leadAttributeList>\
         <attribute><attrName>FirstName</attrName><attrValue>George</attrValue></attribute>\
         <attribute><attrName>LastName</attrName><attrValue>of the Jungle</attrValue></attribute>\
         </leadAttributeList></leadRecord><returnLead>false</returnLead></ns1:paramsSyncLead>",
    );
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""),
        "{text}"
    );
    assert!(
        text.contains("<ns1:successSyncLead><result><leadId>1</leadId><syncStatus><leadId>1</leadId><status>CREATED</status><error xsi:nil=\"true\"/></syncStatus><leadRecord xsi:nil=\"true\"/></result></ns1:successSyncLead>"),
        "{text}"
    );
}

#[tokio::test]
async fn wsdl_is_served_with_the_emulators_address() {
    let (emu, _) = start_default().await;
    let http = reqwest::Client::new();
    for query in ["?WSDL", "?wsdl"] {
        let response = http
            .get(format!("{}{query}", emu.url()))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status().as_u16(), 200);
        let text = response.text().await.expect("body");
        assert!(text.contains("<wsdl:definitions"));
        assert!(
            text.contains(&format!("<soap:address location=\"{}\"/>", emu.url())),
            "address"
        );
        assert!(!text.contains("<soap:address location=\"https://munchkin-id"));
    }
}

#[tokio::test]
async fn other_versions_and_paths_are_404() {
    let (emu, _) = start_default().await;
    let http = reqwest::Client::new();
    let other = emu.url_for("9_9");
    let response = http.post(&other).body("<x/>").send().await.expect("POST");
    assert_eq!(response.status().as_u16(), 404);
    let response = http
        .get(format!("http://{}/elsewhere", emu.addr()))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let (emu, client) = start_default().await;
    sync(&client, &params(by_email("a@example.com"))).await;
    let url = emu.url();
    emu.shutdown().await.expect("clean shutdown");
    let after = reqwest::Client::new().post(&url).body("<x/>").send().await;
    assert!(after.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_fault_20012() {
    let (emu, _) = start_default().await;
    let body = envelope(
        &signed_header(&emu),
        "<ns1:paramsSyncLead><leadRecord><Id>twelve</Id></leadRecord><returnLead>false</returnLead></ns1:paramsSyncLead>",
    );
    let (status, text) = post_raw(&emu, body).await;
    assert_eq!(
        (status, raw_fault_code(&text)),
        (500, Some(20012)),
        "{text}"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let (emu, _) = start_default().await;
    let body = "x".repeat(mktows_emulator::MAX_REQUEST_BYTES + 1);
    let response = reqwest::Client::new()
        .post(emu.url())
        .body(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 413);
}
