//! The state file: leads in a redb database, one ACID write transaction per call.
//!
//! redb writes copy-on-write B-trees and commits with an fsync (its default
//! `Durability::Immediate`), so once `commit` returns the change survives a crash, and a
//! crash during a commit leaves the previous state intact. Records are JSON so the file
//! stays readable across emulator versions that add fields.

use std::path::{Path, PathBuf};

use redb::{Database, ReadableTable, TableDefinition};

use crate::store::{Lead, Leads};

/// Lead id -> the lead as JSON.
const LEADS: TableDefinition<'_, i32, &[u8]> = TableDefinition::new("leads");
/// Counters that must survive restarts even when no lead carries them (ids are never
/// reused, so the next id is kept explicitly).
const META: TableDefinition<'_, &str, u64> = TableDefinition::new("meta");
const NEXT_ID: &str = "next_id";
const SEQ: &str = "seq";

/// Why the state file could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// The database reported an error (including "already open" by another process).
    #[error("state file {path}: {source}")]
    Database {
        /// The state file.
        path: PathBuf,
        /// What redb said.
        #[source]
        source: Box<redb::Error>,
    },
    /// A stored record is not a lead this emulator can read.
    #[error("state file {path}: lead {id} is unreadable: {message}")]
    Corrupt {
        /// The state file.
        path: PathBuf,
        /// The key of the bad record.
        id: i32,
        /// What went wrong.
        message: String,
    },
    /// The emulator is shutting down and the state file is closed.
    #[error("the state file is closed (the emulator is shutting down)")]
    Closed,
}

/// An open state file.
pub(crate) struct Persist {
    db: Database,
    path: PathBuf,
}

impl Persist {
    /// Opens or creates the file and reads every lead.
    pub(crate) fn open(path: &Path) -> Result<(Persist, Leads), PersistError> {
        let err = |e: redb::Error| PersistError::Database {
            path: path.to_owned(),
            source: Box::new(e),
        };
        let db = Database::create(path).map_err(|e| err(e.into()))?;
        // Make sure both tables exist, so reads below and later never meet a missing table.
        let tx = db.begin_write().map_err(|e| err(e.into()))?;
        tx.open_table(LEADS).map_err(|e| err(e.into()))?;
        tx.open_table(META).map_err(|e| err(e.into()))?;
        tx.commit().map_err(|e| err(e.into()))?;

        let rx = db.begin_read().map_err(|e| err(e.into()))?;
        let meta = rx.open_table(META).map_err(|e| err(e.into()))?;
        let counter = |name: &str| -> Result<u64, PersistError> {
            Ok(meta
                .get(name)
                .map_err(|e| err(e.into()))?
                .map(|v| v.value())
                .unwrap_or(0))
        };
        let next_id = i32::try_from(counter(NEXT_ID)?).unwrap_or(i32::MAX);
        let seq = counter(SEQ)?;
        let table = rx.open_table(LEADS).map_err(|e| err(e.into()))?;
        let mut leads = Vec::new();
        for row in table.iter().map_err(|e| err(e.into()))? {
            let (key, value) = row.map_err(|e| err(e.into()))?;
            let id = key.value();
            let lead: Lead =
                serde_json::from_slice(value.value()).map_err(|e| PersistError::Corrupt {
                    path: path.to_owned(),
                    id,
                    message: e.to_string(),
                })?;
            leads.push(lead);
        }
        let persist = Persist {
            db,
            path: path.to_owned(),
        };
        Ok((persist, Leads::from_parts(leads, next_id, seq)))
    }

    /// Writes the changed leads and the counters in one durable transaction.
    pub(crate) fn commit(
        &self,
        changed: &[&Lead],
        next_id: i32,
        seq: u64,
    ) -> Result<(), PersistError> {
        let err = |e: redb::Error| PersistError::Database {
            path: self.path.clone(),
            source: Box::new(e),
        };
        let tx = self.db.begin_write().map_err(|e| err(e.into()))?;
        {
            let mut leads = tx.open_table(LEADS).map_err(|e| err(e.into()))?;
            for lead in changed {
                let json = serde_json::to_vec(lead).map_err(|e| PersistError::Corrupt {
                    path: self.path.clone(),
                    id: lead.id,
                    message: e.to_string(),
                })?;
                leads
                    .insert(lead.id, json.as_slice())
                    .map_err(|e| err(e.into()))?;
            }
            let mut meta = tx.open_table(META).map_err(|e| err(e.into()))?;
            let next_id = u64::try_from(next_id).unwrap_or(0);
            meta.insert(NEXT_ID, next_id).map_err(|e| err(e.into()))?;
            meta.insert(SEQ, seq).map_err(|e| err(e.into()))?;
        }
        // Dropping an uncommitted transaction aborts it, so an error above loses nothing
        // that was acknowledged before.
        tx.commit().map_err(|e| err(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn leads_and_counters_survive_reopening() {
        let dir =
            std::env::temp_dir().join(format!("mktows-emulator-persist-{}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        {
            let store = Store::open(&dir).unwrap();
            store
                .write(5, |tx| {
                    let mut a = Lead::new(1, "Default");
                    a.email = Some("a@x.com".into());
                    a.attributes.insert("FirstName", "Ann");
                    tx.put(a);
                    tx.put(Lead::new(2, "EU"));
                    Ok::<_, ()>(())
                })
                .unwrap();
            // A rejected write never reaches the file.
            let _ = store.write(6, |tx| {
                tx.put(Lead::new(3, "Default"));
                Err::<(), _>(())
            });
        }
        let store = Store::open(&dir).unwrap();
        store.read(|l| {
            assert_eq!(l.len(), 2);
            assert_eq!(
                l.by_email("a@x.com")
                    .next()
                    .and_then(|l| l.attributes.get("FirstName")),
                Some("Ann")
            );
            assert_eq!(l.get(2).map(|l| l.partition.as_str()), Some("EU"));
            assert_eq!(l.next_id(), 3);
            assert_eq!(l.seq(), 2);
        });
        store.close();
        let _ = std::fs::remove_file(&dir);
    }
}
