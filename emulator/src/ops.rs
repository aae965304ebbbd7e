//! The operations the emulator implements: syncLead, syncMultipleLeads, getLead and
//! getMultipleLeads. Each takes the decoded parameters and returns the generated response
//! type, or the rule it broke.

use std::collections::BTreeSet;

use mktows::{
    ArrayOfLeadRecord, ArrayOfSyncStatus, LeadKeyRef, LeadSelector, LeadSyncStatus, Nillable,
    ParamsGetLead, ParamsGetMultipleLeads, ParamsSyncLead, ParamsSyncMultipleLeads, Response,
    ResultGetLead, ResultGetMultipleLeads, ResultSyncLead, ResultSyncMultipleLeads, SuccessGetLead,
    SuccessGetMultipleLeads, SuccessSyncLead, SuccessSyncMultipleLeads, SyncStatus,
};
use mktows_runtime::DateTime;

use crate::config::EmulatorConfig;
use crate::fault_codes as code;
use crate::records::lead_record;
use crate::rules::{apply, check_fields, plan_sync, RuleError, SyncInput};
use crate::store::{Lead, Leads, Store, WriteError};

/// The most records syncMultipleLeads takes in one call.
pub const MAX_SYNC_BATCH: usize = 300;
/// getMultipleLeads' batch size when none is asked for, and the most it returns at once.
pub const MAX_GET_BATCH: i32 = 1000;

/// What the operations share.
pub(crate) struct Ctx<'a> {
    pub config: &'a EmulatorConfig,
    pub store: &'a Store,
    /// Now, in milliseconds since the epoch (stamped on changed leads).
    pub now_ms: i64,
}

fn write_error(e: WriteError<RuleError>) -> RuleError {
    match e {
        WriteError::Rejected(e) => e,
        WriteError::Persist(e) => RuleError::new(code::INTERNAL, format!("Internal error: {e}")),
    }
}

fn status_of(updated: bool) -> LeadSyncStatus {
    if updated {
        LeadSyncStatus::Updated
    } else {
        LeadSyncStatus::Created
    }
}

/// syncLead: one record, the whole call fails on any rule.
pub(crate) fn sync_lead(
    ctx: &Ctx<'_>,
    params: &ParamsSyncLead,
    target_workspace: Option<&str>,
) -> Result<Response, RuleError> {
    let input = SyncInput {
        record: &params.lead_record,
        cookie: params.marketo_cookie.as_option().map(String::as_str),
        target_workspace,
        dedup: true,
    };
    let (lead, updated) = ctx
        .store
        .write(ctx.now_ms, |tx| {
            let plan = plan_sync(tx.leads(), ctx.config, &input)?;
            let updated = plan.matched_by.is_some();
            Ok((apply(tx, plan), updated))
        })
        .map_err(write_error)?;
    let lead_record = if params.return_lead {
        Nillable::Value(lead_record(&lead, ctx.config, None))
    } else {
        Nillable::Nil
    };
    Ok(Response::SyncLead(SuccessSyncLead {
        result: ResultSyncLead {
            lead_id: lead.id,
            sync_status: SyncStatus {
                lead_id: lead.id,
                status: status_of(updated),
                error: Nillable::Nil,
            },
            lead_record,
        },
    }))
}

/// syncMultipleLeads: at most 300 records; an unknown field fails the call (20105), any
/// other rule fails only its record (`FAILED` with the error text). All records are
/// written in one transaction, in order, each seeing the ones before it.
pub(crate) fn sync_multiple_leads(
    ctx: &Ctx<'_>,
    params: &ParamsSyncMultipleLeads,
) -> Result<Response, RuleError> {
    let records = &params.lead_record_list.lead_record;
    if records.len() > MAX_SYNC_BATCH {
        return Err(RuleError::new(
            code::BAD_PARAMETER,
            format!(
                "Bad parameter: leadRecordList has {} records, at most {MAX_SYNC_BATCH} are allowed per call",
                records.len()
            ),
        ));
    }
    for record in records {
        check_fields(ctx.config, record)?;
    }
    let dedup = params.dedup_enabled.as_option().copied().unwrap_or(true);
    let statuses = ctx
        .store
        .write(ctx.now_ms, |tx| {
            let mut statuses = Vec::with_capacity(records.len());
            for record in records {
                let input = SyncInput {
                    record,
                    cookie: None,
                    target_workspace: None,
                    dedup,
                };
                statuses.push(match plan_sync(tx.leads(), ctx.config, &input) {
                    Ok(plan) => {
                        let updated = plan.matched_by.is_some();
                        let lead = apply(tx, plan);
                        SyncStatus {
                            lead_id: lead.id,
                            status: status_of(updated),
                            error: Nillable::Nil,
                        }
                    }
                    Err(e) => SyncStatus {
                        lead_id: record.id.as_option().copied().unwrap_or(0),
                        status: LeadSyncStatus::Failed,
                        error: Nillable::Value(e.to_string()),
                    },
                });
            }
            Ok::<_, RuleError>(statuses)
        })
        .map_err(write_error)?;
    Ok(Response::SyncMultipleLeads(SuccessSyncMultipleLeads {
        result: ResultSyncMultipleLeads {
            sync_status_list: ArrayOfSyncStatus {
                sync_status: statuses,
            },
        },
    }))
}

/// The leads one key selects, by ascending id. IDNUM, COOKIE and EMAIL are supported;
/// other key types are 20102.
fn by_key<'l>(
    leads: &'l Leads,
    key_type: &LeadKeyRef,
    value: &str,
) -> Result<Vec<&'l Lead>, RuleError> {
    let value = value.trim();
    Ok(match key_type {
        LeadKeyRef::Idnum => {
            let id: i32 = value.parse().map_err(|_| {
                RuleError::new(
                    code::BAD_PARAMETER,
                    format!("Bad parameter: IDNUM keyValue {value:?} is not an integer"),
                )
            })?;
            leads.get(id).into_iter().collect()
        }
        LeadKeyRef::Cookie => leads.by_cookie(value).into_iter().collect(),
        LeadKeyRef::Email => leads.by_email(value).collect(),
        other => {
            return Err(RuleError::new(
                code::LEAD_KEY_TYPE_NOT_VALID,
                format!(
                "Lead key type not valid: {other} (the emulator supports IDNUM, COOKIE and EMAIL)"
            ),
            ))
        }
    })
}

/// getLead: every lead the key selects (Email may select several); none is 20103.
pub(crate) fn get_lead(ctx: &Ctx<'_>, params: &ParamsGetLead) -> Result<Response, RuleError> {
    let key = &params.lead_key;
    let records = ctx.store.read(|leads| {
        by_key(leads, &key.key_type, &key.key_value).map(|found| {
            found
                .into_iter()
                .map(|l| lead_record(l, ctx.config, None))
                .collect::<Vec<_>>()
        })
    })?;
    if records.is_empty() {
        return Err(RuleError::new(
            code::LEAD_NOT_FOUND,
            format!(
                "Lead not found: no lead has {} {}",
                key.key_type,
                key.key_value.trim()
            ),
        ));
    }
    Ok(Response::GetLead(SuccessGetLead {
        result: ResultGetLead {
            count: i32::try_from(records.len()).unwrap_or(i32::MAX),
            lead_record_list: Nillable::Value(ArrayOfLeadRecord {
                lead_record: records,
            }),
        },
    }))
}

/// Which leads a getMultipleLeads call selects.
enum Selection {
    Ids(BTreeSet<i32>),
    UpdatedBetween { oldest_ms: i64, latest_ms: i64 },
    Nothing,
}

impl Selection {
    fn contains(&self, lead: &Lead) -> bool {
        match self {
            Selection::Ids(ids) => ids.contains(&lead.id),
            Selection::UpdatedBetween {
                oldest_ms,
                latest_ms,
            } => (*oldest_ms..=*latest_ms).contains(&lead.updated_at_ms),
            Selection::Nothing => false,
        }
    }
}

/// A schema date-time as epoch milliseconds; one without a time zone is taken as UTC.
fn epoch_ms(dt: &DateTime, name: &str) -> Result<i64, RuleError> {
    dt.to_utc()
        .or_else(|| dt.to_naive().map(|n| n.and_utc()))
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| {
            RuleError::new(
                code::BAD_PARAMETER,
                format!("Bad parameter: {name} {dt} is out of range"),
            )
        })
}

fn selection(leads: &Leads, params: &ParamsGetMultipleLeads) -> Result<Selection, RuleError> {
    match (&params.lead_selector, &params.last_updated_at) {
        (Some(LeadSelector::LeadKeySelector(s)), _) => {
            let mut ids = BTreeSet::new();
            for value in &s.key_values.string_item {
                ids.extend(by_key(leads, &s.key_type, value)?.into_iter().map(|l| l.id));
            }
            Ok(Selection::Ids(ids))
        }
        (Some(LeadSelector::LastUpdateAtSelector(s)), _) => Ok(Selection::UpdatedBetween {
            oldest_ms: epoch_ms(&s.oldest_updated_at, "oldestUpdatedAt")?,
            latest_ms: match s.latest_updated_at.as_option() {
                Some(latest) => epoch_ms(latest, "latestUpdatedAt")?,
                None => i64::MAX,
            },
        }),
        // Static lists are not emulated: a list selects no lead.
        (Some(LeadSelector::StaticListSelector(_)), _) => Ok(Selection::Nothing),
        (None, Some(since)) => Ok(Selection::UpdatedBetween {
            oldest_ms: epoch_ms(since, "lastUpdatedAt")?,
            latest_ms: i64::MAX,
        }),
        (None, None) => Err(RuleError::new(
            code::MISSING_PARAMETER,
            "Missing parameter: paramsGetMultipleLeads/leadSelector",
        )),
    }
}

const POSITION_PREFIX: &str = "id:";

/// The stream position after lead `id` (opaque to clients).
fn position_after(id: i32) -> String {
    format!("{POSITION_PREFIX}{id}")
}

fn parse_position(position: Option<&String>) -> Result<i32, RuleError> {
    let Some(p) = position.map(|p| p.trim()).filter(|p| !p.is_empty()) else {
        return Ok(0);
    };
    p.strip_prefix(POSITION_PREFIX)
        .and_then(|id| id.parse::<i32>().ok())
        .filter(|id| *id >= 0)
        .ok_or_else(|| {
            RuleError::new(
                code::BAD_PARAMETER,
                format!("Bad parameter: streamPosition {p:?} was not returned by this service"),
            )
        })
}

/// getMultipleLeads: leads by key values, by update time, or by static list (always
/// empty), in ascending id order, `batchSize` at a time (default and maximum 1000; larger
/// sizes are cut to 1000, zero or less is 20110). Pass `newStreamPosition` back as
/// `streamPosition` while `remainingCount` is above zero.
pub(crate) fn get_multiple_leads(
    ctx: &Ctx<'_>,
    params: &ParamsGetMultipleLeads,
) -> Result<Response, RuleError> {
    let batch = match params.batch_size.as_option() {
        None => MAX_GET_BATCH,
        Some(n) if *n <= 0 => {
            return Err(RuleError::new(
                code::BAD_PARAMETER,
                format!("Bad parameter: batchSize {n} must be at least 1"),
            ))
        }
        Some(n) => (*n).min(MAX_GET_BATCH),
    };
    let after = parse_position(params.stream_position.as_option())?;
    let include = params
        .include_attributes
        .as_ref()
        .map(|a| a.string_item.as_slice());
    let (records, remaining, last) = ctx.store.read(|leads| {
        let selection = selection(leads, params)?;
        let mut matching = leads.after(after).filter(|l| selection.contains(l));
        let page: Vec<&Lead> = matching.by_ref().take(batch as usize).collect();
        let remaining = matching.count();
        let last = page.last().map_or(after, |l| l.id);
        let records: Vec<_> = page
            .into_iter()
            .map(|l| lead_record(l, ctx.config, include))
            .collect();
        Ok::<_, RuleError>((records, remaining, last))
    })?;
    Ok(Response::GetMultipleLeads(SuccessGetMultipleLeads {
        result: ResultGetMultipleLeads {
            return_count: i32::try_from(records.len()).unwrap_or(i32::MAX),
            remaining_count: i32::try_from(remaining).unwrap_or(i32::MAX),
            new_stream_position: position_after(last),
            lead_record_list: if records.is_empty() {
                Nillable::Nil
            } else {
                Nillable::Value(ArrayOfLeadRecord {
                    lead_record: records,
                })
            },
        },
    }))
}
