//! Operation names as users type them.

use crate::fail::Failure;

/// The one operation that takes a `MktowsContextHeader` (Marketo's workspaces).
pub const WORKSPACE_OPERATION: &str = "syncLead";

/// The WSDL name for `name`: exact (`syncLead`), or equal ignoring case and `_`/`-`
/// (`sync_lead`, `SyncLead`, `sync-lead`).
pub fn resolve(name: &str) -> Result<&'static str, Failure> {
    if let Some(exact) = mktows::OPERATIONS.iter().find(|op| **op == name) {
        return Ok(exact);
    }
    let wanted = normalize(name);
    let mut found = mktows::OPERATIONS
        .iter()
        .filter(|op| normalize(op) == wanted);
    match (found.next(), found.next()) {
        (Some(op), None) => Ok(op),
        _ => Err(Failure::usage(format!(
            "unknown operation `{name}`; valid operations: {}",
            mktows::OPERATIONS.join(", ")
        ))),
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(resolve("syncLead").ok(), Some("syncLead"));
        assert_eq!(resolve("sync_lead").ok(), Some("syncLead"));
        assert_eq!(resolve("SyncLead").ok(), Some("syncLead"));
        assert_eq!(resolve("list_m_objects").ok(), Some("listMObjects"));
        assert_eq!(resolve("get_m_objects").ok(), Some("getMObjects"));
        let Err(Failure::Input(message)) = resolve("syncLeads") else {
            panic!("syncLeads resolved");
        };
        assert!(
            message.contains("syncLead") && message.contains("getTags"),
            "{message}"
        );
    }
}
