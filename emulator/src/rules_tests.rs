//! One test per syncLead rule, on the pure functions (the integration tests in
//! `emulator/tests/` check the same rules over HTTP with the generated client).

use super::*;
use crate::config::{AssignmentRule, Workspace};
use crate::store::Store;
use mktows::{ArrayOfAttribute, Attribute, Nillable};

fn record() -> LeadRecord {
    LeadRecord::default()
}

fn with_attrs(mut r: LeadRecord, attrs: &[(&str, &str)]) -> LeadRecord {
    r.lead_attribute_list = Nillable::Value(ArrayOfAttribute {
        attribute: attrs
            .iter()
            .map(|(n, v)| Attribute {
                attr_name: (*n).into(),
                attr_type: Nillable::Absent,
                attr_value: (*v).into(),
            })
            .collect(),
    });
    r
}

fn email(e: &str) -> LeadRecord {
    LeadRecord {
        email: e.into(),
        ..record()
    }
}

fn foreign(id: &str) -> LeadRecord {
    LeadRecord {
        foreign_sys_person_id: id.into(),
        foreign_sys_type: Nillable::Value(ForeignSysType::Custom),
        ..record()
    }
}

struct World {
    store: Store,
    config: EmulatorConfig,
}

impl World {
    fn new() -> World {
        World {
            store: Store::in_memory(),
            config: EmulatorConfig::default(),
        }
    }

    fn workspaces() -> World {
        let mut w = World::new();
        let ws = &mut w.config.workspaces;
        ws.enabled = true;
        ws.workspaces.push(Workspace::new("Europe", "EU"));
        ws.assignment_rules
            .push(AssignmentRule::new("Country", "Germany", "DACH"));
        w
    }

    fn sync_full(
        &self,
        record: &LeadRecord,
        cookie: Option<&str>,
        workspace: Option<&str>,
    ) -> Result<(Lead, Option<MatchedBy>), RuleError> {
        let input = SyncInput {
            record,
            cookie,
            target_workspace: workspace,
            dedup: true,
        };
        self.store
            .write(0, |tx| {
                let plan = plan_sync(tx.leads(), &self.config, &input)?;
                let by = plan.matched_by;
                Ok((apply(tx, plan), by))
            })
            .map_err(|e| match e {
                crate::store::WriteError::Rejected(e) => e,
                crate::store::WriteError::Persist(e) => RuleError::new(0, e.to_string()),
            })
    }

    fn sync(&self, record: &LeadRecord) -> Result<(Lead, Option<MatchedBy>), RuleError> {
        self.sync_full(record, None, None)
    }

    fn lead(&self, id: i32) -> Lead {
        self.store
            .read(|l| l.get(id).cloned())
            .expect("lead exists")
    }
}

#[test]
fn no_match_creates_and_a_match_updates() {
    let w = World::new();
    let (a, by) = w.sync(&email("a@x.com")).unwrap();
    assert_eq!((a.id, by), (1, None));
    let (b, by) = w.sync(&email("A@X.com ")).unwrap();
    assert_eq!((b.id, by), (1, Some(MatchedBy::Email)));
}

#[test]
fn id_wins_over_all_other_keys() {
    let w = World::new();
    w.sync(&foreign("F1")).unwrap();
    w.sync_full(&email("c@x.com"), Some("cookie-2"), None)
        .unwrap();
    w.sync(&email("e@x.com")).unwrap();
    // Every other key points elsewhere (the cookie and Email to lead 2) or nowhere (F9).
    let mut r = foreign("F9");
    r.id = Nillable::Value(3);
    r.email = "c@x.com".into();
    let (lead, by) = w.sync_full(&r, Some("cookie-2"), None).unwrap();
    assert_eq!((lead.id, by), (3, Some(MatchedBy::Id)));
    assert_eq!(lead.foreign_sys_person_id.as_deref(), Some("F9"));
    assert_eq!(w.store.read(|l| l.len()), 3);
}

#[test]
fn id_plus_foreign_id_that_another_lead_holds_is_20106() {
    let w = World::new();
    w.sync(&foreign("F1")).unwrap();
    w.sync(&email("b@x.com")).unwrap();
    let mut r = foreign("F1");
    r.id = Nillable::Value(2);
    assert_eq!(w.sync(&r).unwrap_err().code, 20106);
    assert_eq!(w.lead(2).foreign_sys_person_id, None);
}

#[test]
fn unknown_id_is_20103() {
    let w = World::new();
    let r = LeadRecord {
        id: Nillable::Value(42),
        email: "a@x.com".into(),
        ..record()
    };
    assert_eq!(w.sync(&r).unwrap_err().code, 20103);
    assert!(w.store.read(|l| l.is_empty()));
}

#[test]
fn foreign_id_with_email_updates_the_email() {
    let w = World::new();
    let mut r = foreign("F1");
    r.email = "old@x.com".into();
    w.sync(&r).unwrap();
    let mut r = foreign("F1");
    r.email = "new@x.com".into();
    let (lead, by) = w.sync(&r).unwrap();
    assert_eq!((lead.id, by), (1, Some(MatchedBy::ForeignId)));
    assert_eq!(lead.email.as_deref(), Some("new@x.com"));
}

#[test]
fn unmatched_foreign_id_creates_even_when_the_email_exists() {
    let w = World::new();
    w.sync(&email("a@x.com")).unwrap();
    let mut r = foreign("F9");
    r.email = "a@x.com".into();
    let (lead, by) = w.sync(&r).unwrap();
    assert_eq!((lead.id, by), (2, None));
    assert_eq!(w.store.read(|l| l.by_email("a@x.com").count()), 2);
}

#[test]
fn the_most_recently_updated_of_leads_sharing_an_email_is_updated() {
    let w = World::new();
    let mut a = foreign("F1");
    a.email = "s@x.com".into();
    let mut b = foreign("F2");
    b.email = "s@x.com".into();
    w.sync(&a).unwrap();
    w.sync(&b).unwrap();
    w.sync(&foreign("F1")).unwrap(); // lead 1 is now the most recently updated
    let (lead, _) = w.sync(&email("s@x.com")).unwrap();
    assert_eq!(lead.id, 1);
}

#[test]
fn foreign_id_needs_a_known_type() {
    let w = World::new();
    let mut r = foreign("F1");
    r.foreign_sys_type = Nillable::Absent;
    assert_eq!(w.sync(&r).unwrap_err().code, 20109);
    r.foreign_sys_type = Nillable::Value(ForeignSysType::Unknown("ORACLE".into()));
    assert_eq!(w.sync(&r).unwrap_err().code, 20110);
}

#[test]
fn no_key_is_20101() {
    let w = World::new();
    let r = with_attrs(record(), &[("FirstName", "Ann")]);
    assert_eq!(w.sync(&r).unwrap_err().code, 20101);
    let blank = LeadRecord {
        email: " ".into(),
        foreign_sys_person_id: Nillable::Nil,
        ..record()
    };
    assert_eq!(w.sync(&blank).unwrap_err().code, 20101);
}

#[test]
fn unknown_field_is_20105() {
    let w = World::new();
    let r = with_attrs(email("a@x.com"), &[("FirstName", "Ann"), ("Favorite", "x")]);
    let e = w.sync(&r).unwrap_err();
    assert_eq!(e.code, 20105);
    assert!(e.message.contains("Favorite"));
}

#[test]
fn cookie_makes_an_anonymous_lead_known() {
    let w = World::new();
    let (visitor, _) = w.sync_full(&record(), Some("ck"), None).unwrap();
    assert!(visitor.anonymous);
    let (lead, by) = w.sync_full(&email("v@x.com"), Some("ck"), None).unwrap();
    assert_eq!((lead.id, by), (visitor.id, Some(MatchedBy::Cookie)));
    assert!(!lead.anonymous);
}

#[test]
fn a_cookie_moves_to_the_lead_a_higher_key_selects() {
    let w = World::new();
    w.sync_full(&record(), Some("ck"), None).unwrap();
    w.sync(&email("b@x.com")).unwrap();
    let r = LeadRecord {
        id: Nillable::Value(2),
        ..record()
    };
    w.sync_full(&r, Some("ck"), None).unwrap();
    assert!(w.lead(1).cookies.is_empty());
    assert_eq!(w.lead(2).cookies, ["ck"]);
    assert_eq!(w.store.read(|l| l.by_cookie("ck").map(|l| l.id)), Some(2));
}

#[test]
fn empty_value_removes_a_field() {
    let w = World::new();
    w.sync(&with_attrs(email("a@x.com"), &[("City", "Paris")]))
        .unwrap();
    let (lead, _) = w
        .sync(&with_attrs(email("a@x.com"), &[("City", "")]))
        .unwrap();
    assert!(lead.attributes.is_empty());
}

#[test]
fn workspaces_new_leads_follow_rules_then_the_target() {
    let w = World::workspaces();
    let (de, _) = w
        .sync_full(
            &with_attrs(email("de@x.com"), &[("Country", "germany")]),
            None,
            Some("Europe"),
        )
        .unwrap();
    assert_eq!(de.partition, "DACH");
    let (fr, _) = w
        .sync_full(
            &with_attrs(email("fr@x.com"), &[("Country", "France")]),
            None,
            Some("europe"),
        )
        .unwrap();
    assert_eq!(fr.partition, "EU");
    let (none, _) = w.sync(&email("n@x.com")).unwrap();
    assert_eq!(none.partition, "Default");
}

#[test]
fn workspaces_matched_by_unique_key_must_be_in_the_primary_partition() {
    let w = World::workspaces();
    let mut r = foreign("F1");
    r.email = "eu@x.com".into();
    w.sync_full(&r, Some("ck"), Some("Europe")).unwrap();
    let by_id = LeadRecord {
        id: Nillable::Value(1),
        ..record()
    };
    for (rec, cookie) in [
        (&by_id, None),
        (&foreign("F1"), None),
        (&record(), Some("ck")),
    ] {
        let e = w.sync_full(rec, cookie, Some("Default")).unwrap_err();
        assert_eq!(e.code, 20106, "{e}");
    }
    // Email ignores the header; no header updates in place.
    let (lead, by) = w
        .sync_full(&email("eu@x.com"), None, Some("Default"))
        .unwrap();
    assert_eq!(
        (lead.partition.as_str(), by),
        ("EU", Some(MatchedBy::Email))
    );
    let (lead, _) = w.sync(&by_id).unwrap();
    assert_eq!(lead.partition, "EU");
}

#[test]
fn workspace_names_are_checked() {
    let w = World::workspaces();
    assert_eq!(
        w.sync_full(&email("a@x.com"), None, Some("Mars"))
            .unwrap_err()
            .code,
        20110
    );
    let off = World::new();
    assert_eq!(
        off.sync_full(&email("a@x.com"), None, Some("Europe"))
            .unwrap_err()
            .code,
        20110
    );
    let (lead, _) = off
        .sync_full(&email("a@x.com"), None, Some("default"))
        .unwrap();
    assert_eq!(lead.partition, "Default");
    // Assignment rules do not apply when workspaces are off.
    let mut off = World::new();
    off.config
        .workspaces
        .assignment_rules
        .push(AssignmentRule::new("Country", "Germany", "DACH"));
    let (lead, _) = off
        .sync(&with_attrs(email("b@x.com"), &[("Country", "Germany")]))
        .unwrap();
    assert_eq!(lead.partition, "Default");
}

#[test]
fn without_dedup_email_never_matches() {
    let w = World::new();
    w.sync(&email("a@x.com")).unwrap();
    let input = SyncInput {
        record: &email("a@x.com"),
        cookie: None,
        target_workspace: None,
        dedup: false,
    };
    let plan = w.store.read(|l| plan_sync(l, &w.config, &input)).unwrap();
    assert_eq!((plan.lead.id, plan.matched_by), (2, None));
}
