//! syncLead with workspaces and partitions: the three cases of the facts sheet (on with
//! the header, on without it, off). Partitions are not on the wire, so they are read back
//! through `RunningEmulator::lead`.

mod common;

use common::*;
use mktows::{LeadSyncStatus, ParamsSyncLead};
use mktows_emulator::{AssignmentRule, EmulatorConfig, RunningEmulator, Workspace};

/// Workspaces on: Default (partition "Default") and Europe (partition "EU"); new German
/// leads go to "DACH".
async fn with_workspaces() -> (RunningEmulator, mktows::Client) {
    let mut config = EmulatorConfig::default();
    config.workspaces.enabled = true;
    config
        .workspaces
        .workspaces
        .push(Workspace::new("Europe", "EU"));
    config
        .workspaces
        .assignment_rules
        .push(AssignmentRule::new("Country", "Germany", "DACH"));
    let emu = start(config).await;
    let client = emu.client().expect("client");
    (emu, client)
}

async fn sync_in(
    client: &mktows::Client,
    workspace: &str,
    p: &ParamsSyncLead,
) -> Result<mktows::SuccessSyncLead, mktows::Error> {
    client.sync_lead(p).workspace(workspace).send().await
}

fn partition(emu: &RunningEmulator, id: i32) -> String {
    emu.lead(id).expect("lead").partition
}

/// A lead in Europe's partition with a foreign id, a cookie and an Email.
async fn european_lead(client: &mktows::Client) -> i32 {
    let mut record = by_foreign_id("EU-1");
    record.email = "eu@example.com".into();
    let out = sync_in(client, "Europe", &with_cookie(record, "cookie-eu"))
        .await
        .expect("created");
    out.result.lead_id
}

#[tokio::test]
async fn workspaces_on_with_header_new_lead_goes_to_assignment_rule_partition() {
    let (emu, client) = with_workspaces().await;
    let p = params(with(by_email("de@example.com"), &[("Country", "Germany")]));
    let id = sync_in(&client, "Europe", &p)
        .await
        .expect("created")
        .result
        .lead_id;
    assert_eq!(partition(&emu, id), "DACH");
}

#[tokio::test]
async fn workspaces_on_with_header_new_lead_else_goes_to_the_named_workspaces_primary_partition() {
    let (emu, client) = with_workspaces().await;
    let p = params(with(by_email("fr@example.com"), &[("Country", "France")]));
    let id = sync_in(&client, "europe", &p)
        .await
        .expect("created")
        .result
        .lead_id;
    assert_eq!(partition(&emu, id), "EU");
}

#[tokio::test]
async fn workspaces_on_with_header_lead_matched_by_id_outside_primary_partition_is_an_error() {
    let (emu, client) = with_workspaces().await;
    let id = european_lead(&client).await;
    let before = emu.leads();
    let p = params(with(by_id(id), &[("City", "Paris")]));
    assert_eq!(fault_code(sync_in(&client, "Default", &p).await), 20106);
    assert_eq!(emu.leads(), before);
    // In its own workspace the same call works.
    sync_in(&client, "Europe", &p)
        .await
        .expect("same partition");
}

#[tokio::test]
async fn workspaces_on_with_header_lead_matched_by_foreign_id_outside_primary_partition_is_an_error(
) {
    let (emu, client) = with_workspaces().await;
    european_lead(&client).await;
    let before = emu.leads();
    let p = params(with(by_foreign_id("EU-1"), &[("City", "Paris")]));
    assert_eq!(fault_code(sync_in(&client, "Default", &p).await), 20106);
    assert_eq!(emu.leads(), before);
}

#[tokio::test]
async fn workspaces_on_with_header_lead_matched_by_cookie_outside_primary_partition_is_an_error() {
    let (emu, client) = with_workspaces().await;
    european_lead(&client).await;
    let before = emu.leads();
    let p = with_cookie(
        with(mktows::LeadRecord::default(), &[("City", "Paris")]),
        "cookie-eu",
    );
    assert_eq!(fault_code(sync_in(&client, "Default", &p).await), 20106);
    assert_eq!(emu.leads(), before);
}

#[tokio::test]
async fn workspaces_on_with_header_lead_matched_by_email_ignores_the_header() {
    let (emu, client) = with_workspaces().await;
    let id = european_lead(&client).await;
    let p = params(with(by_email("eu@example.com"), &[("City", "Paris")]));
    let out = sync_in(&client, "Default", &p)
        .await
        .expect("Email matches ignore the header")
        .result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (id, LeadSyncStatus::Updated)
    );
    let lead = emu.lead(id).expect("lead");
    assert_eq!(
        (lead.partition.as_str(), lead.attributes.get("City")),
        ("EU", Some("Paris"))
    );
}

#[tokio::test]
async fn workspaces_on_without_header_new_lead_goes_to_default_primary_partition() {
    let (emu, client) = with_workspaces().await;
    let id = sync(&client, &params(by_email("plain@example.com")))
        .await
        .result
        .lead_id;
    assert_eq!(partition(&emu, id), "Default");
}

#[tokio::test]
async fn workspaces_on_without_header_new_lead_follows_assignment_rules() {
    let (emu, client) = with_workspaces().await;
    let p = params(with(by_email("de@example.com"), &[("Country", "Germany")]));
    let id = sync(&client, &p).await.result.lead_id;
    assert_eq!(partition(&emu, id), "DACH");
}

#[tokio::test]
async fn workspaces_on_without_header_existing_leads_are_updated_where_they_are() {
    let (emu, client) = with_workspaces().await;
    let id = european_lead(&client).await;
    for p in [
        params(with(by_id(id), &[("Title", "A")])),
        params(with(by_foreign_id("EU-1"), &[("Title", "B")])),
        with_cookie(
            with(mktows::LeadRecord::default(), &[("Title", "C")]),
            "cookie-eu",
        ),
        params(with(by_email("eu@example.com"), &[("Title", "D")])),
    ] {
        let out = sync(&client, &p).await.result;
        assert_eq!(
            (out.lead_id, out.sync_status.status),
            (id, LeadSyncStatus::Updated)
        );
    }
    let lead = emu.lead(id).expect("lead");
    assert_eq!(
        (lead.partition.as_str(), lead.attributes.get("Title")),
        ("EU", Some("D"))
    );
}

#[tokio::test]
async fn workspaces_on_unknown_workspace_is_fault_20110() {
    let (emu, client) = with_workspaces().await;
    let p = params(by_email("x@example.com"));
    assert_eq!(fault_code(sync_in(&client, "Atlantis", &p).await), 20110);
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn workspaces_off_target_must_be_default() {
    let mut config = EmulatorConfig::default();
    config
        .workspaces
        .workspaces
        .push(Workspace::new("Europe", "EU"));
    let emu = start(config).await;
    let client = emu.client().expect("client");
    let p = params(by_email("x@example.com"));
    assert_eq!(fault_code(sync_in(&client, "Europe", &p).await), 20110);
    assert_eq!(emu.lead_count(), 0);
    // "Default" (Marketo's Java sample writes "default") and no header at all both work.
    let a = sync_in(&client, "default", &p)
        .await
        .expect("Default")
        .result
        .lead_id;
    let b = sync(&client, &params(by_email("y@example.com")))
        .await
        .result
        .lead_id;
    assert_eq!(
        (partition(&emu, a), partition(&emu, b)),
        ("Default".into(), "Default".into())
    );
}
