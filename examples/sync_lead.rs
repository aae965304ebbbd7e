//! The main job: sync one lead with `syncLead`.
//!
//! With `MKTOWS_ENDPOINT`, `MKTOWS_USER_ID` and `MKTOWS_SECRET` set, it sends the request to
//! that endpoint and prints the result. Without them it builds and signs the request with
//! the documentation's demo credentials and prints the envelope that would be sent.

use mktows::runtime::xml::XmlWriter;
use mktows::{
    ArrayOfAttribute, Attribute, Client, Credentials, Endpoint, LeadRecord, ParamsSyncLead,
};

fn params(email: &str) -> ParamsSyncLead {
    let attribute = |name: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_value: value.into(),
        ..Default::default()
    };
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: email.into(),
            lead_attribute_list: ArrayOfAttribute {
                attribute: vec![
                    attribute("FirstName", "George"),
                    attribute("LastName", "of the Jungle"),
                ],
            }
            .into(),
            ..Default::default()
        },
        return_lead: true,
        ..Default::default()
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let email = std::env::var("MKTOWS_LEAD_EMAIL").unwrap_or_else(|_| "george@jungle.com".into());
    let params = params(&email);
    let configured = std::env::var_os("MKTOWS_ENDPOINT").is_some();
    if configured {
        let client = Client::marketo(Endpoint::from_env()?, Credentials::from_env()?)?;
        let out = client
            .sync_lead(&params)
            .workspace("Default")
            .send()
            .await?;
        let r = &out.result;
        println!(
            "syncLead {email}: lead {} {}",
            r.lead_id, r.sync_status.status
        );
        if let Some(error) = r.sync_status.error.as_option() {
            println!("  error: {error}");
        }
        return Ok(());
    }
    // No endpoint configured: show the signed request that would go out.
    let credentials = Credentials::new("demo17_1_809934544BFABAE58E5D27", "27272727aa");
    let endpoint = Endpoint::for_munchkin("100-AEK-913", "2_2")?;
    let client = Client::marketo(endpoint.clone(), credentials)?;
    let call = client.sync_lead(&params).workspace("Default");
    let mut w = XmlWriter::with_capacity(2048);
    call.write_envelope(&mut w)?;
    println!(
        "No MKTOWS_ENDPOINT set: this is the signed syncLead request for {}",
        endpoint.url()
    );
    println!("(SOAPAction \"http://www.marketo.com/mktows/syncLead\", demo credentials)\n");
    println!("{}", w.as_str());
    Ok(())
}
