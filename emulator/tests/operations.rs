//! getLead, getMultipleLeads and syncMultipleLeads: reading back what was synced, paging,
//! batches and their per-record statuses.

mod common;

use common::*;
use mktows::runtime::DateTime;
use mktows::{
    ArrayOfLeadRecord, ArrayOfString, LastUpdateAtSelector, LeadKey, LeadKeyRef, LeadKeySelector,
    LeadRecord, LeadSelector, LeadSyncStatus, Nillable, ParamsGetLead, ParamsGetMultipleLeads,
    ParamsSyncMultipleLeads, StaticListSelector,
};

fn get(key_type: LeadKeyRef, value: &str) -> ParamsGetLead {
    ParamsGetLead {
        lead_key: LeadKey {
            key_type,
            key_value: value.into(),
        },
    }
}

fn batch(records: Vec<LeadRecord>) -> ParamsSyncMultipleLeads {
    ParamsSyncMultipleLeads {
        lead_record_list: ArrayOfLeadRecord {
            lead_record: records,
        },
        dedup_enabled: Nillable::Absent,
    }
}

#[tokio::test]
async fn get_lead_reads_back_what_was_synced() {
    let (_emu, client) = start_default().await;
    let record = with(
        by_email("read@example.com"),
        &[("FirstName", "Grace"), ("LeadScore", "42")],
    );
    let id = sync(&client, &params(record)).await.result.lead_id;

    for p in [
        get(LeadKeyRef::Idnum, &id.to_string()),
        get(LeadKeyRef::Email, "READ@example.com"),
    ] {
        let out = client.get_lead(&p).send().await.expect("getLead").result;
        assert_eq!(out.count, 1);
        let leads = out
            .lead_record_list
            .into_option()
            .expect("records")
            .lead_record;
        assert_eq!(leads[0].id, Nillable::Value(id));
        assert_eq!(leads[0].email, Nillable::Value("read@example.com".into()));
        assert_eq!(attr(&leads[0], "FirstName"), Some("Grace"));
        assert_eq!(attr(&leads[0], "LeadScore"), Some("42"));
    }
    assert_eq!(
        fault_code(
            client
                .get_lead(&get(LeadKeyRef::Email, "nobody@example.com"))
                .send()
                .await
        ),
        20103
    );
    assert_eq!(
        fault_code(
            client
                .get_lead(&get(LeadKeyRef::Sfdcleadid, "00Q1"))
                .send()
                .await
        ),
        20102
    );
}

#[tokio::test]
async fn get_multiple_leads_pages_with_stream_position() {
    let (_emu, client) = start_default().await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            sync(&client, &params(by_email(&format!("p{i}@example.com"))))
                .await
                .result
                .lead_id,
        );
    }
    let since = LeadSelector::LastUpdateAtSelector(LastUpdateAtSelector {
        oldest_updated_at: DateTime::parse("2000-01-01T00:00:00Z").expect("date"),
        latest_updated_at: Nillable::Absent,
    });
    let mut seen = Vec::new();
    let mut position = Nillable::Absent;
    let mut pages = 0;
    loop {
        let p = ParamsGetMultipleLeads {
            lead_selector: Some(since.clone()),
            stream_position: position.clone(),
            batch_size: Nillable::Value(3),
            ..ParamsGetMultipleLeads::default()
        };
        let out = client
            .get_multiple_leads(&p)
            .send()
            .await
            .expect("page")
            .result;
        pages += 1;
        let page: Vec<i32> = out
            .lead_record_list
            .into_option()
            .map(|l| l.lead_record)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| r.id.as_option().copied())
            .collect();
        assert_eq!(out.return_count as usize, page.len());
        seen.extend(page);
        assert_eq!(out.remaining_count as usize, ids.len() - seen.len());
        position = Nillable::Value(out.new_stream_position);
        if out.remaining_count == 0 {
            break;
        }
        assert!(pages < 10, "paging must end");
    }
    assert_eq!((seen, pages), (ids.clone(), 3));

    // By key values, and a static list (not emulated: empty).
    let by_keys = ParamsGetMultipleLeads {
        lead_selector: Some(LeadSelector::LeadKeySelector(LeadKeySelector {
            key_type: LeadKeyRef::Email,
            key_values: ArrayOfString {
                string_item: vec![
                    "p1@example.com".into(),
                    "p5@example.com".into(),
                    "none@example.com".into(),
                ],
            },
        })),
        ..ParamsGetMultipleLeads::default()
    };
    let out = client
        .get_multiple_leads(&by_keys)
        .send()
        .await
        .expect("by keys")
        .result;
    assert_eq!((out.return_count, out.remaining_count), (2, 0));
    let list = ParamsGetMultipleLeads {
        lead_selector: Some(LeadSelector::StaticListSelector(StaticListSelector {
            static_list_name: "VIPs".into(),
            static_list_id: Nillable::Absent,
        })),
        ..ParamsGetMultipleLeads::default()
    };
    let out = client
        .get_multiple_leads(&list)
        .send()
        .await
        .expect("static list")
        .result;
    assert_eq!((out.return_count, out.lead_record_list), (0, Nillable::Nil));
}

#[tokio::test]
async fn sync_multiple_leads_returns_per_record_status() {
    let (emu, client) = start_default().await;
    let existing = sync(&client, &params(by_email("old@example.com")))
        .await
        .result
        .lead_id;
    let mut no_type = by_foreign_id("F1");
    no_type.foreign_sys_type = Nillable::Absent;
    let p = batch(vec![
        by_email("new@example.com"),
        with(by_email("old@example.com"), &[("City", "Rome")]),
        by_id(999),
        no_type,
        // The batch's own first record is seen by the later ones.
        with(by_email("new@example.com"), &[("City", "Turin")]),
    ]);
    let out = client
        .sync_multiple_leads(&p)
        .send()
        .await
        .expect("batch")
        .result;
    let statuses = out.sync_status_list.sync_status;
    let kinds: Vec<_> = statuses.iter().map(|s| s.status.clone()).collect();
    assert_eq!(
        kinds,
        [
            LeadSyncStatus::Created,
            LeadSyncStatus::Updated,
            LeadSyncStatus::Failed,
            LeadSyncStatus::Failed,
            LeadSyncStatus::Updated,
        ]
    );
    assert_eq!(statuses[1].lead_id, existing);
    assert_eq!(statuses[4].lead_id, statuses[0].lead_id);
    assert!(
        statuses[2]
            .error
            .as_option()
            .is_some_and(|e| e.starts_with("20103")),
        "{:?}",
        statuses[2]
    );
    assert!(
        statuses[3]
            .error
            .as_option()
            .is_some_and(|e| e.starts_with("20109")),
        "{:?}",
        statuses[3]
    );
    assert_eq!(statuses[0].error, Nillable::Nil);
    assert_eq!(emu.lead_count(), 2);
    assert_eq!(
        emu.lead(statuses[0].lead_id)
            .expect("new")
            .attributes
            .get("City"),
        Some("Turin")
    );

    // dedupEnabled=false: Email does not select existing leads, so a duplicate is created.
    let mut p = batch(vec![by_email("old@example.com")]);
    p.dedup_enabled = Nillable::Value(false);
    let out = client
        .sync_multiple_leads(&p)
        .send()
        .await
        .expect("no dedup")
        .result;
    assert_eq!(
        out.sync_status_list.sync_status[0].status,
        LeadSyncStatus::Created
    );
    assert_eq!(emu.lead_count(), 3);

    // An unknown field fails the whole call, and nothing changes.
    let p = batch(vec![
        by_email("x@example.com"),
        with(by_email("y@example.com"), &[("Bogus", "1")]),
    ]);
    assert_eq!(
        fault_code(client.sync_multiple_leads(&p).send().await),
        20105
    );
    assert_eq!(emu.lead_count(), 3);
}

#[tokio::test]
async fn sync_multiple_leads_over_300_is_rejected() {
    let (emu, client) = start_default().await;
    let records: Vec<LeadRecord> = (0..301)
        .map(|i| by_email(&format!("b{i}@example.com")))
        .collect();
    assert_eq!(
        fault_code(client.sync_multiple_leads(&batch(records)).send().await),
        20110
    );
    assert_eq!(emu.lead_count(), 0);

    let records: Vec<LeadRecord> = (0..300)
        .map(|i| by_email(&format!("b{i}@example.com")))
        .collect();
    let out = client
        .sync_multiple_leads(&batch(records))
        .send()
        .await
        .expect("300 is fine")
        .result;
    assert_eq!(out.sync_status_list.sync_status.len(), 300);
    assert_eq!(emu.lead_count(), 300);
}
