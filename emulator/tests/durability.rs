//! No lost data: concurrent calls are serialised safely, and with a state file the leads
//! survive a restart.

mod common;

use common::*;
use mktows::{LeadKey, LeadKeyRef, LeadSyncStatus, ParamsGetLead};
use mktows_emulator::{Emulator, EmulatorConfig};

fn config_with_state(path: &std::path::Path) -> EmulatorConfig {
    EmulatorConfig {
        state_path: Some(path.to_owned()),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn state_file_survives_restart() {
    let path = temp_state("restart");
    let emu = start(config_with_state(&path)).await;
    let client = emu.client().expect("client");
    let a = sync(
        &client,
        &params(with(by_email("keep@example.com"), &[("City", "Nantes")])),
    )
    .await
    .result
    .lead_id;
    let visitor = emu.track_visitor("cookie-keep").expect("visit");
    let before = emu.leads();
    emu.shutdown().await.expect("shutdown");

    let emu = start(config_with_state(&path)).await;
    let client = emu.client().expect("client");
    assert_eq!(emu.leads(), before);
    let p = ParamsGetLead {
        lead_key: LeadKey {
            key_type: LeadKeyRef::Email,
            key_value: "keep@example.com".into(),
        },
    };
    let out = client
        .get_lead(&p)
        .send()
        .await
        .expect("getLead after restart")
        .result;
    let record = &out
        .lead_record_list
        .into_option()
        .expect("found")
        .lead_record[0];
    assert_eq!(attr(record, "City"), Some("Nantes"));
    // Keys still match after the restart, and ids are not reused.
    let again = sync(&client, &params(by_email("keep@example.com")))
        .await
        .result;
    assert_eq!(
        (again.lead_id, again.sync_status.status),
        (a, LeadSyncStatus::Updated)
    );
    let next = sync(&client, &params(by_email("next@example.com")))
        .await
        .result
        .lead_id;
    assert!(next > visitor, "new ids continue after the old ones");
    emu.shutdown().await.expect("shutdown");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn concurrent_syncs_lose_nothing() {
    const TASKS: usize = 8;
    const SYNCS: usize = 20;
    const EMAILS_PER_TASK: usize = 4;
    let path = temp_state("concurrent");
    let emu = start(config_with_state(&path)).await;
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let client = emu.client().expect("client");
        tasks.push(tokio::spawn(async move {
            for m in 0..SYNCS {
                let email = format!("t{t}-{}@example.com", m % EMAILS_PER_TASK);
                let p = params(with(by_email(&email), &[("LeadScore", &m.to_string())]));
                client.sync_lead(&p).send().await.expect("sync");
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }

    let check = |leads: Vec<mktows_emulator::Lead>| {
        assert_eq!(
            leads.len(),
            TASKS * EMAILS_PER_TASK,
            "every lead exactly once"
        );
        for t in 0..TASKS {
            for e in 0..EMAILS_PER_TASK {
                let email = format!("t{t}-{e}@example.com");
                let found: Vec<_> = leads
                    .iter()
                    .filter(|l| l.email.as_deref() == Some(email.as_str()))
                    .collect();
                assert_eq!(found.len(), 1, "{email}");
                // The last sync of this email had m = the largest m with m % 4 == e.
                let last = (0..SYNCS)
                    .filter(|m| m % EMAILS_PER_TASK == e)
                    .max()
                    .unwrap_or(0);
                assert_eq!(
                    found[0].attributes.get("LeadScore"),
                    Some(last.to_string().as_str()),
                    "{email}"
                );
            }
        }
    };
    check(emu.leads());
    emu.shutdown().await.expect("shutdown");

    // Everything acknowledged is in the state file.
    let emu = Emulator::start(
        config_with_state(&path),
        "127.0.0.1:0".parse().expect("addr"),
    )
    .await
    .expect("restart");
    check(emu.leads());
    emu.shutdown().await.expect("shutdown");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_background_emulator_serves_blocking_code() {
    let emu = Emulator::start_in_background(
        EmulatorConfig::default(),
        "127.0.0.1:0".parse().expect("addr"),
    )
    .expect("start");
    let id = emu.track_visitor("bg-cookie").expect("visit");
    assert_eq!(emu.lead(id).map(|l| l.anonymous), Some(true));
    // A client on another runtime reaches it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = emu.client().expect("client");
    let out = runtime
        .block_on(client.sync_lead(&params(by_email("bg@example.com"))).send())
        .expect("sync");
    assert_eq!(out.result.sync_status.status, LeadSyncStatus::Created);
    emu.shutdown().expect("shutdown");
}
