//! What an emulator instance is set up with: the account it authenticates, its clock-skew
//! window, workspaces and assignment rules, the lead fields it knows, the service limits it
//! enforces and where (if anywhere) it keeps its leads.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The user id of [`EmulatorConfig::default`]: a development account, not a secret.
pub const DEFAULT_USER_ID: &str = "mktows_emulator_user";
/// The secret of [`EmulatorConfig::default`]. Public on purpose: the emulator listens on
/// loopback and holds test data only. Set your own with [`EmulatorConfig::new`].
pub const DEFAULT_SECRET: &str = "mktows-emulator-secret";
/// The API versions served by default: the one the project generates its client from.
pub const DEFAULT_VERSIONS: &[&str] = &["2_2"];
/// The name of the workspace every Marketo instance has (and the only one when workspaces
/// are off).
pub const DEFAULT_WORKSPACE: &str = "Default";

/// Everything an emulator is set up with. `Debug` never shows the secret.
#[derive(Clone, PartialEq)]
pub struct EmulatorConfig {
    /// The `mktowsUserId` requests must carry.
    pub user_id: String,
    /// The key requests are signed with (HMAC-SHA1 over `requestTimestamp + mktowsUserId`).
    pub secret: String,
    /// How far `requestTimestamp` may be from the emulator's clock, either way, before a
    /// request is refused with 20016. Marketo does not document its window; 5 minutes
    /// by default.
    pub clock_skew: Duration,
    /// Workspaces, partitions and assignment rules (off by default, as on an instance
    /// without workspaces).
    pub workspaces: WorkspaceConfig,
    /// The lead fields the instance knows, with their types. A sync naming any other field
    /// fails with 20105.
    pub lead_fields: Vec<LeadField>,
    /// Service limits (all off by default; [`Limits::marketo`] for the real ones).
    pub limits: Limits,
    /// Where leads are kept across restarts (a redb file). `None`: in memory only.
    pub state_path: Option<PathBuf>,
    /// The API versions served at `/soap/mktows/{version}`; others get HTTP 404. Every
    /// version is parsed with the project's generated 2_2 types (syncLead's types are the
    /// same in 2_1, 2_2, 2_3 and 2_7).
    pub versions: Vec<String>,
    /// Extra time spent on every authenticated call before it is handled: simulated
    /// network or server latency (zero by default). Calls being delayed count towards
    /// the concurrency limit, which is what makes that limit testable.
    pub response_delay: Duration,
}

impl EmulatorConfig {
    /// The defaults, for the account `user_id` / `secret`.
    pub fn new(user_id: impl Into<String>, secret: impl Into<String>) -> Self {
        EmulatorConfig {
            user_id: user_id.into(),
            secret: secret.into(),
            ..EmulatorConfig::default()
        }
    }

    /// The first configured workspace whose name equals `name`, ignoring ASCII case
    /// (Marketo's own Java sample targets `"default"`).
    pub fn workspace(&self, name: &str) -> Option<&Workspace> {
        self.workspaces
            .workspaces
            .iter()
            .find(|w| w.name.eq_ignore_ascii_case(name))
    }

    /// The field called `name` (case-sensitive, like Marketo's field API names).
    pub fn lead_field(&self, name: &str) -> Option<&LeadField> {
        self.lead_fields.iter().find(|f| f.name == name)
    }

    /// Checks the settings that could make requests fail in confusing ways later.
    pub fn validate(&self) -> Result<(), String> {
        if self.user_id.trim().is_empty() {
            return Err("the user id is empty".to_owned());
        }
        if self.secret.is_empty() {
            return Err("the secret is empty".to_owned());
        }
        if self.versions.is_empty() {
            return Err("no API version to serve".to_owned());
        }
        for v in &self.versions {
            let ok = v
                .split_once('_')
                .is_some_and(|(a, b)| is_digits(a) && is_digits(b));
            if !ok {
                return Err(format!(
                    "invalid API version {v:?}: expected digits joined by '_', like 2_2"
                ));
            }
        }
        if self.workspace(DEFAULT_WORKSPACE).is_none() {
            return Err(format!(
                "there is no {DEFAULT_WORKSPACE:?} workspace: every instance has one"
            ));
        }
        if let Some(rate) = &self.limits.rate {
            if rate.calls == 0 || rate.window.is_zero() {
                return Err("the rate limit needs at least one call and a window".to_owned());
            }
        }
        Ok(())
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Default for EmulatorConfig {
    /// The development account ([`DEFAULT_USER_ID`], [`DEFAULT_SECRET`]), a 5 minute
    /// clock-skew window, workspaces off, [`default_lead_fields`], no limits, in memory,
    /// version 2_2.
    fn default() -> Self {
        EmulatorConfig {
            user_id: DEFAULT_USER_ID.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            clock_skew: Duration::from_secs(5 * 60),
            workspaces: WorkspaceConfig::default(),
            lead_fields: default_lead_fields(),
            limits: Limits::default(),
            state_path: None,
            versions: DEFAULT_VERSIONS.iter().map(|v| (*v).to_owned()).collect(),
            response_delay: Duration::ZERO,
        }
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("user_id", &self.user_id)
            .field("secret", &"<redacted>")
            .field("clock_skew", &self.clock_skew)
            .field("workspaces", &self.workspaces)
            .field("lead_fields", &self.lead_fields.len())
            .field("limits", &self.limits)
            .field("state_path", &self.state_path)
            .field("versions", &self.versions)
            .field("response_delay", &self.response_delay)
            .finish()
    }
}

/// Workspaces and partitions (Marketo's "lead partitions").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceConfig {
    /// Whether the instance has workspaces. When off, the only valid target workspace is
    /// "Default" and every lead lives in its primary partition.
    pub enabled: bool,
    /// The workspaces; one must be named "Default".
    pub workspaces: Vec<Workspace>,
    /// Where new leads go, first match wins (only when `enabled`).
    pub assignment_rules: Vec<AssignmentRule>,
}

impl Default for WorkspaceConfig {
    /// Off, with the one workspace "Default" whose primary partition is "Default".
    fn default() -> Self {
        WorkspaceConfig {
            enabled: false,
            workspaces: vec![Workspace::new(DEFAULT_WORKSPACE, DEFAULT_WORKSPACE)],
            assignment_rules: Vec::new(),
        }
    }
}

/// A workspace and the partition its new leads go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The name sent in `MktowsContextHeader/targetWorkspace` (compared ignoring ASCII case).
    pub name: String,
    /// The workspace's primary lead partition.
    pub primary_partition: String,
}

impl Workspace {
    /// A workspace called `name` with primary partition `primary_partition`.
    pub fn new(name: impl Into<String>, primary_partition: impl Into<String>) -> Self {
        Workspace {
            name: name.into(),
            primary_partition: primary_partition.into(),
        }
    }
}

/// A lead partition assignment rule: a new lead whose `attribute` equals `value`
/// (ignoring ASCII case and surrounding spaces) is created in `partition`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRule {
    /// A lead field name (see [`EmulatorConfig::lead_fields`]) or `Email`.
    pub attribute: String,
    /// The value that selects the rule.
    pub value: String,
    /// The partition the lead is created in.
    pub partition: String,
}

impl AssignmentRule {
    /// A rule sending new leads with `attribute` = `value` to `partition`.
    pub fn new(
        attribute: impl Into<String>,
        value: impl Into<String>,
        partition: impl Into<String>,
    ) -> Self {
        AssignmentRule {
            attribute: attribute.into(),
            value: value.into(),
            partition: partition.into(),
        }
    }
}

/// A lead field the instance knows: its API name and the `attrType` returned with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadField {
    /// The API name, e.g. `FirstName` (case-sensitive).
    pub name: String,
    /// The type written as `attrType` in returned records, e.g. `string`, `integer`, `url`.
    pub attr_type: String,
}

impl LeadField {
    /// A field called `name` of type `attr_type`.
    pub fn new(name: impl Into<String>, attr_type: impl Into<String>) -> Self {
        LeadField {
            name: name.into(),
            attr_type: attr_type.into(),
        }
    }
}

/// The standard lead fields of a Marketo instance that the emulator knows by default,
/// with the `attrType` Marketo reports for each.
pub fn default_lead_fields() -> Vec<LeadField> {
    const FIELDS: &[(&str, &str)] = &[
        ("Salutation", "string"),
        ("FirstName", "string"),
        ("MiddleName", "string"),
        ("LastName", "string"),
        ("Company", "string"),
        ("Title", "string"),
        ("Department", "string"),
        ("Phone", "phone"),
        ("MobilePhone", "phone"),
        ("Fax", "phone"),
        ("Website", "url"),
        ("Address", "text"),
        ("City", "string"),
        ("State", "string"),
        ("PostalCode", "string"),
        ("Country", "string"),
        ("Industry", "string"),
        ("NumberOfEmployees", "integer"),
        ("AnnualRevenue", "currency"),
        ("LeadScore", "integer"),
        ("LeadSource", "string"),
        ("LeadStatus", "string"),
        ("Rating", "string"),
        ("DateOfBirth", "date"),
        ("Unsubscribed", "boolean"),
        ("UnsubscribedReason", "text"),
        ("DoNotCall", "boolean"),
        ("DoNotCallReason", "string"),
        ("InferredCompany", "string"),
        ("InferredCountry", "string"),
        ("AcquisitionDate", "datetime"),
    ];
    FIELDS
        .iter()
        .map(|(name, ty)| LeadField::new(*name, *ty))
        .collect()
}

/// Service limits. Each is off when `None`; all are off by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// At most `calls` calls in any sliding `window` (20023 beyond).
    pub rate: Option<RateLimit>,
    /// At most this many calls being handled at once (20024 beyond).
    pub concurrency: Option<u32>,
    /// At most this many calls per UTC day (20015 beyond).
    pub daily_quota: Option<u32>,
}

impl Limits {
    /// Marketo's documented limits: 100 calls per 20 s, 10 at once, 10,000 per day.
    pub fn marketo() -> Self {
        Limits {
            rate: Some(RateLimit {
                calls: 100,
                window: Duration::from_secs(20),
            }),
            concurrency: Some(10),
            daily_quota: Some(10_000),
        }
    }
}

/// A sliding-window rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls allowed within `window`.
    pub calls: u32,
    /// The window's length.
    pub window: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_debug_hides_the_secret() {
        let c = EmulatorConfig::new("u", "very-secret");
        assert_eq!(c.validate(), Ok(()));
        let debug = format!("{c:?}");
        assert!(!debug.contains("very-secret"), "{debug}");
        assert_eq!(
            c.workspace("default").map(|w| w.name.as_str()),
            Some("Default")
        );
        assert_eq!(
            c.lead_field("NumberOfEmployees")
                .map(|f| f.attr_type.as_str()),
            Some("integer")
        );
        assert!(c.lead_field("firstname").is_none());
    }

    #[test]
    fn validation_names_the_problem() {
        let mut c = EmulatorConfig::default();
        c.workspaces.workspaces.clear();
        assert!(c.validate().unwrap_err().contains("Default"));
        let c = EmulatorConfig {
            versions: vec!["2.2".into()],
            ..EmulatorConfig::default()
        };
        assert!(c.validate().unwrap_err().contains("2.2"));
        let c = EmulatorConfig::new("u", "");
        assert!(c.validate().is_err());
    }
}
