//! The main job: sync a lead (CREATED), sync it again with a changed attribute (UPDATED),
//! and read it back with getLead.
//!
//! With `MKTOWS_ENDPOINT`, `MKTOWS_USER_ID` and `MKTOWS_SECRET` set it talks to that
//! endpoint. Without them it starts the project's Marketo emulator in-process on loopback
//! (Marketo switched its SOAP API off in 2026) and talks to that.

use std::error::Error;

use mktows::{
    ArrayOfAttribute, Attribute, Client, Credentials, Endpoint, LeadKey, LeadKeyRef, LeadRecord,
    ParamsGetLead, ParamsSyncLead,
};
use mktows_emulator::{Emulator, EmulatorConfig};

fn attribute(name: &str, value: &str) -> Attribute {
    Attribute {
        attr_name: name.into(),
        attr_value: value.into(),
        ..Default::default()
    }
}

fn sync_params(email: &str, first_name: &str) -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: email.into(),
            lead_attribute_list: ArrayOfAttribute {
                attribute: vec![
                    attribute("FirstName", first_name),
                    attribute("LastName", "of the Jungle"),
                ],
            }
            .into(),
            ..Default::default()
        },
        return_lead: false,
        ..Default::default()
    }
}

async fn sync(client: &Client, email: &str, first_name: &str) -> Result<i32, Box<dyn Error>> {
    let out = client
        .sync_lead(&sync_params(email, first_name))
        .workspace("Default")
        .send()
        .await?;
    let status = &out.result.sync_status;
    println!(
        "syncLead {email} FirstName={first_name:?}: {} lead {}",
        status.status, out.result.lead_id
    );
    Ok(out.result.lead_id)
}

async fn read_back(client: &Client, email: &str) -> Result<(), Box<dyn Error>> {
    let params = ParamsGetLead {
        lead_key: LeadKey {
            key_type: LeadKeyRef::Email,
            key_value: email.into(),
        },
    };
    let out = client.get_lead(&params).send().await?;
    let leads = out
        .result
        .lead_record_list
        .as_option()
        .map(|l| &l.lead_record[..])
        .unwrap_or(&[]);
    println!("getLead EMAIL {email}: {} lead(s)", out.result.count);
    for lead in leads {
        let attributes: Vec<String> = lead
            .lead_attribute_list
            .as_option()
            .map(|list| &list.attribute[..])
            .unwrap_or(&[])
            .iter()
            .map(|a| {
                let ty = a.attr_type.as_option().map(String::as_str).unwrap_or("?");
                format!("{}={:?} ({ty})", a.attr_name, a.attr_value)
            })
            .collect();
        let id = lead.id.as_option().map_or("?".to_string(), i32::to_string);
        println!("  lead {id}: {}", attributes.join(", "));
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Display, not Debug: "SOAP fault SOAP-ENV:Client: 20014 - Authentication failed".
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let email = std::env::var("MKTOWS_LEAD_EMAIL").unwrap_or_else(|_| "george@jungle.com".into());
    let (client, emulator) = if std::env::var_os("MKTOWS_ENDPOINT").is_some() {
        let endpoint = Endpoint::from_env()?;
        println!("Target: {} (MKTOWS_ENDPOINT)", endpoint.url());
        (Client::marketo(endpoint, Credentials::from_env()?)?, None)
    } else {
        let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse()?).await?;
        println!(
            "Target: {} (built-in emulator: MKTOWS_ENDPOINT is not set)",
            emulator.url()
        );
        (emulator.client()?, Some(emulator))
    };

    let first = sync(&client, &email, "George").await?;
    let second = sync(&client, &email, "George II").await?;
    if first != second {
        println!("note: the second sync updated lead {second}, not {first}");
    }
    read_back(&client, &email).await?;

    if let Some(emulator) = emulator {
        emulator.shutdown().await?;
    }
    Ok(())
}
