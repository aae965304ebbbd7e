//! syncLead's rules as pure functions: given the stored leads, the configuration and one
//! lead record, which lead is created or updated and how, or which fault.
//!
//! What the facts sheet and the seed page fix, and what this module decides where they
//! are silent (each choice is also listed in `emulator/README.md`):
//!
//! * **Key priority.** The highest-priority key present in the record selects the lead,
//!   alone: `Id`, else `ForeignSysPersonId`, else `marketoCookie`, else `Email`. Lower keys
//!   are only values to write. So `ForeignSysPersonId` + `Email` updates the lead with that
//!   foreign id and sets its Email; a foreign id or cookie that matches nothing creates a
//!   lead even when the Email is already used (Email is not unique).
//! * **Unknown Id.** Ids are allocated by the service, so an `Id` that matches no lead is
//!   fault 20103 "Lead not found" (a `FAILED` status in syncMultipleLeads), not a creation.
//! * **Shared Email.** When several leads have the Email, the most recently updated one
//!   is updated. Emails match ignoring ASCII case and surrounding spaces.
//! * **No key** (no Id, ForeignSysPersonId, cookie or Email): fault 20101.
//! * **ForeignSysPersonId without ForeignSysType**: fault 20109; a type outside CUSTOM,
//!   SFDC, NETSUITE: 20110. A type without a foreign id is ignored. Foreign ids are unique
//!   by value (whatever their type); Id + a foreign id that another lead holds: 20106.
//! * **Cookies.** A cookie belongs to one lead at most. A cookie that matches nothing
//!   creates a lead carrying it; a lead created with neither Email nor foreign id is
//!   *anonymous* (a web visitor). An anonymous lead becomes known once a sync gives it
//!   an Email or a foreign id. A cookie sent with a higher-priority key moves to the lead
//!   that key selects (as Munchkin re-associates a browser with the person last
//!   identified on it).
//! * **Values.** `Nil` or blank key fields are treated as absent (they neither match nor
//!   clear). An attribute with an empty `attrValue` removes the field; duplicate names in
//!   one record: the last wins. Values are stored as text, unchecked against the type.
//! * **Unknown field name**: fault 20105 for the whole call, before anything changes.
//! * **Workspaces.** Names compare ignoring ASCII case (Marketo's Java sample sends
//!   "default"). A blank `targetWorkspace` counts as no header. Workspaces on + a name
//!   that is not configured: 20110. Workspaces off + a header naming anything but
//!   "Default": 20110. A lead matched by Id, foreign id or cookie outside the primary
//!   partition of the header's workspace: 20106, nothing changes. Email matches ignore
//!   the header. Without a header, and whenever workspaces are off, existing leads are
//!   updated where they are; new leads go to the first matching assignment rule's
//!   partition (workspaces on only), else to the target (or "Default") workspace's
//!   primary partition.

use crate::config::{EmulatorConfig, Workspace, DEFAULT_WORKSPACE};
use crate::fault_codes as code;
use crate::store::{Lead, Leads, Tx};
use mktows::{ForeignSysType, LeadRecord};

/// A rule a request broke: a Marketo fault code and the text after "CODE - ".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The fault code, e.g. 20105.
    pub code: u32,
    /// The explanation, e.g. `Unknown lead field: Favorite`.
    pub message: String,
}

impl RuleError {
    /// A rule error with this code and text.
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        RuleError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} - {}", self.code, self.message)
    }
}

/// One lead record to sync, with what surrounds it in the call.
#[derive(Debug, Clone, Copy)]
pub struct SyncInput<'a> {
    /// The record as received.
    pub record: &'a LeadRecord,
    /// syncLead's `marketoCookie`.
    pub cookie: Option<&'a str>,
    /// `MktowsContextHeader/targetWorkspace` (syncLead only).
    pub target_workspace: Option<&'a str>,
    /// syncMultipleLeads' `dedupEnabled` (true for syncLead): when false, Email never
    /// selects an existing lead, so records keyed by Email alone are always created.
    pub dedup: bool,
}

/// Which key selected the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// `Id`.
    Id,
    /// `ForeignSysPersonId`.
    ForeignId,
    /// `marketoCookie`.
    Cookie,
    /// `Email`.
    Email,
}

/// What a sync does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPlan {
    /// The lead as it is to be stored.
    pub lead: Lead,
    /// `None` when the lead is new (CREATED), else how it was found (UPDATED).
    pub matched_by: Option<MatchedBy>,
    /// Another lead that loses the cookie to `lead`, as it is to be stored.
    pub cookie_taken_from: Option<Lead>,
}

/// The record's keys, cleaned: nil and blank values are absent.
struct Keys<'a> {
    id: Option<i32>,
    foreign_id: Option<&'a str>,
    foreign_type: Option<&'a ForeignSysType>,
    cookie: Option<&'a str>,
    email: Option<&'a str>,
}

fn present(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl<'a> Keys<'a> {
    fn of(input: &SyncInput<'a>) -> Keys<'a> {
        let r = input.record;
        Keys {
            id: r.id.as_option().copied(),
            foreign_id: present(r.foreign_sys_person_id.as_option()),
            foreign_type: r.foreign_sys_type.as_option(),
            cookie: input.cookie.map(str::trim).filter(|s| !s.is_empty()),
            email: present(r.email.as_option()),
        }
    }
}

/// Every attribute name of `record` must be a known lead field (20105 otherwise).
pub fn check_fields(config: &EmulatorConfig, record: &LeadRecord) -> Result<(), RuleError> {
    let Some(list) = record.lead_attribute_list.as_option() else {
        return Ok(());
    };
    match list
        .attribute
        .iter()
        .find(|a| config.lead_field(&a.attr_name).is_none())
    {
        Some(a) => Err(RuleError::new(
            code::UNKNOWN_LEAD_FIELD,
            format!("Unknown lead field: {}", a.attr_name),
        )),
        None => Ok(()),
    }
}

/// The workspace a call targets: `None` when no (or a blank) header was sent.
pub fn target_workspace<'c>(
    config: &'c EmulatorConfig,
    header: Option<&str>,
) -> Result<Option<&'c Workspace>, RuleError> {
    let Some(name) = header.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if !config.workspaces.enabled && !name.eq_ignore_ascii_case(DEFAULT_WORKSPACE) {
        return Err(RuleError::new(
            code::BAD_PARAMETER,
            format!(
                "Workspaces are not enabled on this instance: targetWorkspace must be \
                 {DEFAULT_WORKSPACE}, not {name}"
            ),
        ));
    }
    config
        .workspace(name)
        .map(Some)
        .ok_or_else(|| RuleError::new(code::BAD_PARAMETER, format!("Unknown workspace: {name}")))
}

/// Plans one record's sync: finds the lead by the key rules, checks workspaces and
/// uniqueness, and returns the lead as it is to be stored. Changes nothing.
pub fn plan_sync(
    leads: &Leads,
    config: &EmulatorConfig,
    input: &SyncInput<'_>,
) -> Result<SyncPlan, RuleError> {
    check_fields(config, input.record)?;
    let keys = Keys::of(input);
    let foreign_type = match (keys.foreign_id, keys.foreign_type) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(RuleError::new(
                code::PARAMETER_REQUIRED,
                "Parameter required: ForeignSysType (required with ForeignSysPersonId)",
            ))
        }
        (Some(_), Some(ForeignSysType::Unknown(other))) => {
            return Err(RuleError::new(
                code::BAD_PARAMETER,
                format!(
                    "Bad parameter: ForeignSysType {other} (expected CUSTOM, SFDC or NETSUITE)"
                ),
            ))
        }
        (Some(_), Some(t)) => Some(t.as_str().to_owned()),
    };
    let target = target_workspace(config, input.target_workspace)?;

    let found = find(leads, &keys, input.dedup)?;
    if let (Some((lead, by)), Some(ws)) = (&found, target) {
        let checked = matches!(by, MatchedBy::Id | MatchedBy::ForeignId | MatchedBy::Cookie);
        if config.workspaces.enabled && checked && lead.partition != ws.primary_partition {
            return Err(RuleError::new(
                code::LEAD_SYNC_FAILED,
                format!(
                    "Lead sync failed: lead {} is in partition {}, not in the primary \
                     partition {} of workspace {}",
                    lead.id, lead.partition, ws.primary_partition, ws.name
                ),
            ));
        }
    }
    if let (Some(fid), Some((lead, _))) = (keys.foreign_id, &found) {
        if let Some(holder) = leads.by_foreign_id(fid).filter(|h| h.id != lead.id) {
            return Err(RuleError::new(
                code::LEAD_SYNC_FAILED,
                format!(
                    "Lead sync failed: ForeignSysPersonId {fid} already belongs to lead {}",
                    holder.id
                ),
            ));
        }
    }

    let matched_by = found.as_ref().map(|(_, by)| *by);
    let mut lead = match found {
        Some((lead, _)) => lead.clone(),
        None => {
            let id = leads.next_id();
            if id == i32::MAX || leads.get(id).is_some() {
                return Err(RuleError::new(
                    code::INTERNAL,
                    "Internal error: lead ids exhausted",
                ));
            }
            Lead::new(id, new_lead_partition(config, target, &keys, input.record))
        }
    };
    let was_new = matched_by.is_none();
    if let Some(email) = keys.email {
        lead.email = Some(email.to_owned());
    }
    if let (Some(fid), Some(t)) = (keys.foreign_id, foreign_type) {
        lead.foreign_sys_person_id = Some(fid.to_owned());
        lead.foreign_sys_type = Some(t);
    }
    let mut cookie_taken_from = None;
    if let Some(cookie) = keys.cookie {
        if !lead.cookies.iter().any(|c| c == cookie) {
            lead.cookies.push(cookie.to_owned());
        }
        if let Some(holder) = leads.by_cookie(cookie).filter(|h| h.id != lead.id) {
            let mut holder = holder.clone();
            holder.cookies.retain(|c| c != cookie);
            cookie_taken_from = Some(holder);
        }
    }
    if let Some(list) = input.record.lead_attribute_list.as_option() {
        for a in &list.attribute {
            if a.attr_value.is_empty() {
                lead.attributes.remove(&a.attr_name);
            } else {
                lead.attributes.insert(&a.attr_name, &a.attr_value);
            }
        }
    }
    let identified = lead.email.is_some() || lead.foreign_sys_person_id.is_some();
    lead.anonymous = if was_new {
        !identified
    } else {
        lead.anonymous && !identified
    };
    Ok(SyncPlan {
        lead,
        matched_by,
        cookie_taken_from,
    })
}

/// Stores a plan (the lead, and the lead that lost the cookie) and returns the lead as
/// stored.
pub fn apply(tx: &mut Tx<'_>, plan: SyncPlan) -> Lead {
    if let Some(holder) = plan.cookie_taken_from {
        tx.put(holder);
    }
    tx.put(plan.lead)
}

/// The lead the keys select, by priority (see the module docs).
fn find<'l>(
    leads: &'l Leads,
    keys: &Keys<'_>,
    dedup: bool,
) -> Result<Option<(&'l Lead, MatchedBy)>, RuleError> {
    if let Some(id) = keys.id {
        return match leads.get(id) {
            Some(lead) => Ok(Some((lead, MatchedBy::Id))),
            None => Err(RuleError::new(
                code::LEAD_NOT_FOUND,
                format!("Lead not found: no lead has Id {id}"),
            )),
        };
    }
    if let Some(fid) = keys.foreign_id {
        return Ok(leads.by_foreign_id(fid).map(|l| (l, MatchedBy::ForeignId)));
    }
    if let Some(cookie) = keys.cookie {
        return Ok(leads.by_cookie(cookie).map(|l| (l, MatchedBy::Cookie)));
    }
    if let Some(email) = keys.email {
        if !dedup {
            return Ok(None);
        }
        return Ok(leads
            .by_email(email)
            .max_by_key(|l| l.updated_seq)
            .map(|l| (l, MatchedBy::Email)));
    }
    Err(RuleError::new(
        code::LEAD_KEY_REQUIRED,
        "Lead key required: send Id, ForeignSysPersonId, marketoCookie or Email",
    ))
}

/// Where a new lead goes: an assignment rule's partition (workspaces on), else the target
/// workspace's primary partition, else Default's.
fn new_lead_partition(
    config: &EmulatorConfig,
    target: Option<&Workspace>,
    keys: &Keys<'_>,
    record: &LeadRecord,
) -> String {
    let ws = &config.workspaces;
    if ws.enabled {
        let value_of = |name: &str| -> Option<&str> {
            if name == "Email" {
                return keys.email;
            }
            record
                .lead_attribute_list
                .as_option()?
                .attribute
                .iter()
                .rev()
                .find(|a| a.attr_name == name)
                .map(|a| a.attr_value.trim())
        };
        let rule = ws.assignment_rules.iter().find(|r| {
            value_of(&r.attribute).is_some_and(|v| v.eq_ignore_ascii_case(r.value.trim()))
        });
        if let Some(rule) = rule {
            return rule.partition.clone();
        }
    }
    target
        .or_else(|| config.workspace(DEFAULT_WORKSPACE))
        .map(|w| w.primary_partition.clone())
        .unwrap_or_else(|| DEFAULT_WORKSPACE.to_owned())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
