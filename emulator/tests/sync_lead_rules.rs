//! syncLead's lead rules (facts sheet and seed page), one test per rule, with the project's
//! generated client against a running emulator.

mod common;

use common::*;
use mktows::{ForeignSysType, LeadKey, LeadKeyRef, LeadSyncStatus, Nillable, ParamsGetLead};

fn get_lead_params(key_type: LeadKeyRef, value: &str) -> ParamsGetLead {
    ParamsGetLead {
        lead_key: LeadKey {
            key_type,
            key_value: value.into(),
        },
    }
}

async fn get_lead(
    client: &mktows::Client,
    key_type: LeadKeyRef,
    value: &str,
) -> Vec<mktows::LeadRecord> {
    let p = get_lead_params(key_type, value);
    let out = client.get_lead(&p).send().await.expect("getLead succeeds");
    out.result
        .lead_record_list
        .into_option()
        .map(|l| l.lead_record)
        .unwrap_or_default()
}

#[tokio::test]
async fn no_match_creates_with_status_created() {
    let (emu, client) = start_default().await;
    let out = sync(&client, &params(by_email("new@example.com"))).await;
    let r = out.result;
    assert_eq!(r.sync_status.status, LeadSyncStatus::Created);
    assert_eq!(r.lead_id, r.sync_status.lead_id);
    assert_eq!(r.sync_status.error, Nillable::Nil);
    assert_eq!(emu.lead_count(), 1);
}

#[tokio::test]
async fn a_match_updates_with_status_updated() {
    let (emu, client) = start_default().await;
    let first = sync(
        &client,
        &params(with(by_email("t@t.com"), &[("FirstName", "George")])),
    )
    .await;
    let second = sync(
        &client,
        &params(with(by_email("t@t.com"), &[("LastName", "of the Jungle")])),
    )
    .await;
    assert_eq!(second.result.sync_status.status, LeadSyncStatus::Updated);
    assert_eq!(second.result.lead_id, first.result.lead_id);
    let lead = emu.lead(first.result.lead_id).expect("stored");
    assert_eq!(lead.attributes.get("FirstName"), Some("George"));
    assert_eq!(lead.attributes.get("LastName"), Some("of the Jungle"));
    assert_eq!(emu.lead_count(), 1);
}

#[tokio::test]
async fn id_wins_over_all_other_keys() {
    let (emu, client) = start_default().await;
    let a = sync(&client, &params(by_email("a@example.com")))
        .await
        .result
        .lead_id;
    let b = sync(&client, &with_cookie(by_email("b@example.com"), "cookie-b"))
        .await
        .result
        .lead_id;
    // The Email and cookie name lead b, the foreign id nobody: the Id decides.
    let mut record = by_foreign_id("F-NEW");
    record.id = Nillable::Value(a);
    record.email = "b@example.com".into();
    let out = sync(&client, &with_cookie(record, "cookie-b")).await.result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (a, LeadSyncStatus::Updated)
    );
    assert_eq!(emu.lead_count(), 2);
    let lead_a = emu.lead(a).expect("a");
    assert_eq!(lead_a.email.as_deref(), Some("b@example.com"));
    assert_eq!(lead_a.foreign_sys_person_id.as_deref(), Some("F-NEW"));
    assert_eq!(
        emu.lead(b).expect("b").email.as_deref(),
        Some("b@example.com")
    );
}

#[tokio::test]
async fn id_and_foreign_id_updates_that_leads_foreign_id() {
    let (_emu, client) = start_default().await;
    let id = sync(&client, &params(by_foreign_id("CRM-1")))
        .await
        .result
        .lead_id;
    let mut record = by_id(id);
    record.foreign_sys_person_id = "CRM-2".into();
    record.foreign_sys_type = Nillable::Value(ForeignSysType::Sfdc);
    let out = sync(&client, &params(record)).await.result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (id, LeadSyncStatus::Updated)
    );
    let stored = out.lead_record.into_option().expect("returnLead");
    assert_eq!(
        stored.foreign_sys_person_id,
        Nillable::Value("CRM-2".into())
    );
    assert_eq!(
        stored.foreign_sys_type,
        Nillable::Value(ForeignSysType::Sfdc)
    );
    // The old foreign id no longer selects it: it now creates a new lead.
    let again = sync(&client, &params(by_foreign_id("CRM-1"))).await.result;
    assert_eq!(again.sync_status.status, LeadSyncStatus::Created);
}

#[tokio::test]
async fn foreign_id_alone_is_a_unique_key() {
    let (emu, client) = start_default().await;
    let first = sync(&client, &params(by_foreign_id("ERP-7"))).await.result;
    assert_eq!(first.sync_status.status, LeadSyncStatus::Created);
    let second = sync(
        &client,
        &params(with(by_foreign_id("ERP-7"), &[("Company", "Acme")])),
    )
    .await
    .result;
    assert_eq!(
        (second.lead_id, second.sync_status.status),
        (first.lead_id, LeadSyncStatus::Updated)
    );
    assert_eq!(emu.lead_count(), 1);
}

#[tokio::test]
async fn foreign_id_and_email_without_id_foreign_id_wins_and_email_is_updated() {
    let (emu, client) = start_default().await;
    let mut record = by_foreign_id("CRM-9");
    record.email = "old@example.com".into();
    let crm = sync(&client, &params(record)).await.result.lead_id;
    let other = sync(&client, &params(by_email("new@example.com")))
        .await
        .result
        .lead_id;

    let mut record = by_foreign_id("CRM-9");
    record.email = "new@example.com".into();
    let out = sync(&client, &params(record)).await.result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (crm, LeadSyncStatus::Updated)
    );
    assert_eq!(
        emu.lead(crm).expect("crm").email.as_deref(),
        Some("new@example.com")
    );
    assert_eq!(
        emu.lead(other).expect("other").email.as_deref(),
        Some("new@example.com")
    );
    assert_eq!(emu.lead_count(), 2);
}

#[tokio::test]
async fn email_is_not_unique_and_the_most_recently_updated_lead_is_updated() {
    let (emu, client) = start_default().await;
    // Two leads share an Email: a new foreign id creates a lead whatever its Email.
    let mut r1 = by_foreign_id("F1");
    r1.email = "shared@example.com".into();
    let mut r2 = by_foreign_id("F2");
    r2.email = "shared@example.com".into();
    let first = sync(&client, &params(r1)).await.result.lead_id;
    let second = sync(&client, &params(r2)).await.result.lead_id;
    assert_ne!(first, second);
    assert_eq!(
        get_lead(&client, LeadKeyRef::Email, "shared@example.com")
            .await
            .len(),
        2
    );

    // Touch the first lead so it is the most recently updated, then sync by Email.
    sync(
        &client,
        &params(with(by_foreign_id("F1"), &[("City", "Lyon")])),
    )
    .await;
    let out = sync(
        &client,
        &params(with(by_email("shared@example.com"), &[("Title", "CTO")])),
    )
    .await
    .result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (first, LeadSyncStatus::Updated)
    );
    assert_eq!(
        emu.lead(first).expect("first").attributes.get("Title"),
        Some("CTO")
    );
    assert!(!emu
        .lead(second)
        .expect("second")
        .attributes
        .contains_key("Title"));
}

#[tokio::test]
async fn cookie_turns_an_anonymous_lead_into_a_known_one() {
    let (emu, client) = start_default().await;
    let visitor = emu
        .track_visitor("id:561-HYG-937&token:_mch-example.com-1")
        .expect("visit");
    assert!(emu.lead(visitor).expect("visitor").anonymous);

    let p = with_cookie(
        by_email("visitor@example.com"),
        "id:561-HYG-937&token:_mch-example.com-1",
    );
    let out = sync(&client, &p).await.result;
    assert_eq!(
        (out.lead_id, out.sync_status.status),
        (visitor, LeadSyncStatus::Updated)
    );
    let lead = emu.lead(visitor).expect("lead");
    assert!(!lead.anonymous);
    assert_eq!(lead.email.as_deref(), Some("visitor@example.com"));
    assert_eq!(
        get_lead(&client, LeadKeyRef::Email, "visitor@example.com")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn a_cookie_that_matches_nothing_creates_an_anonymous_lead() {
    let (emu, client) = start_default().await;
    let p = with_cookie(
        with(mktows::LeadRecord::default(), &[("City", "Oslo")]),
        "cookie-new",
    );
    let out = sync(&client, &p).await.result;
    assert_eq!(out.sync_status.status, LeadSyncStatus::Created);
    let lead = emu.lead(out.lead_id).expect("lead");
    assert!(lead.anonymous);
    assert_eq!(lead.cookies, ["cookie-new"]);
    let found = get_lead(&client, LeadKeyRef::Cookie, "cookie-new").await;
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn return_lead_returns_the_stored_record_with_attribute_types() {
    let (_emu, client) = start_default().await;
    let record = with(
        by_email("typed@example.com"),
        &[
            ("FirstName", "Ada"),
            ("NumberOfEmployees", "12"),
            ("Website", "https://example.com"),
        ],
    );
    let out = sync(&client, &params(record)).await.result;
    let stored = out
        .lead_record
        .into_option()
        .expect("returnLead=true returns the record");
    assert_eq!(stored.id, Nillable::Value(out.lead_id));
    assert_eq!(stored.email, Nillable::Value("typed@example.com".into()));
    assert_eq!(stored.foreign_sys_person_id, Nillable::Nil);
    assert_eq!(stored.foreign_sys_type, Nillable::Nil);
    let list = stored
        .lead_attribute_list
        .into_option()
        .expect("attributes");
    let typed: Vec<(&str, Option<&str>, &str)> = list
        .attribute
        .iter()
        .map(|a| {
            (
                a.attr_name.as_str(),
                a.attr_type.as_option().map(String::as_str),
                a.attr_value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        typed,
        [
            ("FirstName", Some("string"), "Ada"),
            ("NumberOfEmployees", Some("integer"), "12"),
            ("Website", Some("url"), "https://example.com"),
        ]
    );

    let mut quiet = params(by_email("typed@example.com"));
    quiet.return_lead = false;
    assert_eq!(
        sync(&client, &quiet).await.result.lead_record,
        Nillable::Nil
    );
}

#[tokio::test]
async fn unknown_attribute_is_fault_20105_and_nothing_changes() {
    let (emu, client) = start_default().await;
    let id = sync(
        &client,
        &params(with(by_email("ann@example.com"), &[("FirstName", "Ann")])),
    )
    .await
    .result
    .lead_id;
    let before = emu.leads();

    let bad = with(
        by_email("ann@example.com"),
        &[("FirstName", "Bob"), ("FavoriteColor", "blue")],
    );
    assert_eq!(sync_fault(&client, &params(bad)).await, 20105);
    let new_bad = with(by_email("other@example.com"), &[("favoriteColor", "red")]);
    assert_eq!(sync_fault(&client, &params(new_bad)).await, 20105);

    assert_eq!(emu.leads(), before);
    assert_eq!(
        emu.lead(id).expect("lead").attributes.get("FirstName"),
        Some("Ann")
    );
}

#[tokio::test]
async fn unknown_id_is_fault_20103() {
    let (emu, client) = start_default().await;
    let mut record = by_id(4242);
    record.email = "x@example.com".into();
    assert_eq!(sync_fault(&client, &params(record)).await, 20103);
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn no_lead_key_is_fault_20101() {
    let (emu, client) = start_default().await;
    let keyless = with(mktows::LeadRecord::default(), &[("FirstName", "Nobody")]);
    assert_eq!(sync_fault(&client, &params(keyless)).await, 20101);
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn foreign_id_without_foreign_sys_type_is_fault_20109() {
    let (emu, client) = start_default().await;
    let mut record = by_foreign_id("F1");
    record.foreign_sys_type = Nillable::Absent;
    assert_eq!(sync_fault(&client, &params(record)).await, 20109);
    assert_eq!(emu.lead_count(), 0);
}

#[tokio::test]
async fn a_foreign_id_held_by_another_lead_is_fault_20106() {
    let (emu, client) = start_default().await;
    sync(&client, &params(by_foreign_id("F1"))).await;
    let other = sync(&client, &params(by_email("o@example.com")))
        .await
        .result
        .lead_id;
    let mut record = by_foreign_id("F1");
    record.id = Nillable::Value(other);
    assert_eq!(sync_fault(&client, &params(record)).await, 20106);
    assert_eq!(emu.lead(other).expect("other").foreign_sys_person_id, None);
}
