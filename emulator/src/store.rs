//! The leads: records, their key indexes, and all-or-nothing writes that reach the state
//! file (when there is one) before a call is answered.
//!
//! One `RwLock` guards everything, so mutations are serialised and a reader never sees a
//! half-applied call. A write runs under the lock on the live indexes and keeps an undo
//! log: if the call fails a rule part-way (a batch, say) or the state file cannot be
//! written, the undo log puts every touched lead back before the lock is released.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use serde::{Deserialize, Serialize};

pub use crate::attributes::Attributes;
use crate::persist::{Persist, PersistError};

/// A stored lead, as the emulator keeps it (the SOAP API shows only part of it: the
/// partition, cookies and sequence numbers are read through
/// [`RunningEmulator::lead`](crate::RunningEmulator::lead)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// The Marketo id, allocated by the emulator (1, 2, 3, ...; never reused).
    pub id: i32,
    /// The email address, as last written (not a unique key).
    pub email: Option<String>,
    /// The foreign system's id for this person (a unique key).
    pub foreign_sys_person_id: Option<String>,
    /// `CUSTOM`, `SFDC` or `NETSUITE`, set together with the foreign id.
    pub foreign_sys_type: Option<String>,
    /// Munchkin cookies associated with the lead (each belongs to one lead at most).
    pub cookies: Vec<String>,
    /// A web visitor known only by a cookie: no Email and no foreign id yet.
    pub anonymous: bool,
    /// The lead partition the lead lives in.
    pub partition: String,
    /// Field values by API name (an empty value removes the field).
    pub attributes: Attributes,
    /// The store-wide sequence number of the lead's creation.
    pub created_seq: u64,
    /// The store-wide sequence number of its latest change (higher is more recent).
    pub updated_seq: u64,
    /// Creation time, milliseconds since the Unix epoch (UTC).
    pub created_at_ms: i64,
    /// Latest change, milliseconds since the Unix epoch (UTC).
    pub updated_at_ms: i64,
}

impl Lead {
    /// A new lead with no keys or fields yet (the store stamps sequence and times).
    pub fn new(id: i32, partition: impl Into<String>) -> Lead {
        Lead {
            id,
            email: None,
            foreign_sys_person_id: None,
            foreign_sys_type: None,
            cookies: Vec::new(),
            anonymous: false,
            partition: partition.into(),
            attributes: Attributes::new(),
            created_seq: 0,
            updated_seq: 0,
            created_at_ms: 0,
            updated_at_ms: 0,
        }
    }
}

/// Emails match ignoring ASCII case and surrounding spaces, as mailbox lookups do.
pub(crate) fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// The ids of the leads that share one email: nearly always one, kept inline.
#[derive(Debug, Clone)]
enum EmailIds {
    One(i32),
    Many(BTreeSet<i32>),
}

impl EmailIds {
    fn insert(&mut self, id: i32) {
        match self {
            EmailIds::One(only) if *only == id => {}
            EmailIds::One(only) => *self = EmailIds::Many(BTreeSet::from([*only, id])),
            EmailIds::Many(ids) => {
                ids.insert(id);
            }
        }
    }

    /// Removes `id`; returns whether no id is left.
    fn remove(&mut self, id: i32) -> bool {
        match self {
            EmailIds::One(only) => *only == id,
            EmailIds::Many(ids) => {
                ids.remove(&id);
                match (ids.len(), ids.first()) {
                    (1, Some(&last)) => {
                        *self = EmailIds::One(last);
                        false
                    }
                    (len, _) => len == 0,
                }
            }
        }
    }

    /// The ids, ascending.
    fn iter(&self) -> impl Iterator<Item = i32> + '_ {
        let (one, many) = match self {
            EmailIds::One(id) => (Some(*id), None),
            EmailIds::Many(ids) => (None, Some(ids.iter().copied())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

/// All leads with indexes on every key.
///
/// Kept compact, as the emulator may hold many leads: each lead is boxed (a B-tree leaf
/// then holds 11 pointers, not 11 whole leads, half of them often unused), field names are
/// shared between leads, and an email used by one lead needs no set of its own.
#[derive(Debug, Clone, Default)]
pub struct Leads {
    leads: BTreeMap<i32, Box<Lead>>,
    by_foreign: HashMap<String, i32>,
    by_cookie: HashMap<String, i32>,
    by_email: HashMap<Box<str>, EmailIds>,
    /// One copy of each field name, shared by every lead's attributes.
    field_names: HashSet<Arc<str>>,
    /// The id the next new lead gets (ids are never reused).
    next_id: i32,
    /// The last sequence number handed out.
    seq: u64,
}

impl Leads {
    /// An empty store whose first lead gets id 1.
    pub fn new() -> Leads {
        Leads {
            next_id: 1,
            ..Leads::default()
        }
    }

    /// Rebuilds the indexes from stored leads and counters.
    pub(crate) fn from_parts(leads: Vec<Lead>, next_id: i32, seq: u64) -> Leads {
        let mut out = Leads::new();
        for lead in leads {
            out.next_id = out.next_id.max(lead.id.saturating_add(1));
            out.seq = out.seq.max(lead.updated_seq);
            out.replace(lead);
        }
        out.next_id = out.next_id.max(next_id);
        out.seq = out.seq.max(seq);
        out
    }

    /// The lead with this id.
    pub fn get(&self, id: i32) -> Option<&Lead> {
        self.leads.get(&id).map(|lead| &**lead)
    }

    /// The lead with this foreign system person id.
    pub fn by_foreign_id(&self, foreign_id: &str) -> Option<&Lead> {
        self.by_foreign.get(foreign_id).and_then(|id| self.get(*id))
    }

    /// The lead this Munchkin cookie belongs to.
    pub fn by_cookie(&self, cookie: &str) -> Option<&Lead> {
        self.by_cookie.get(cookie).and_then(|id| self.get(*id))
    }

    /// Every lead with this email (ignoring ASCII case), by ascending id.
    pub fn by_email(&self, email: &str) -> impl Iterator<Item = &Lead> + '_ {
        self.by_email
            .get(email_key(email).as_str())
            .into_iter()
            .flat_map(EmailIds::iter)
            .filter_map(|id| self.get(id))
    }

    /// All leads by ascending id.
    pub fn iter(&self) -> impl Iterator<Item = &Lead> + '_ {
        self.leads.values().map(|lead| &**lead)
    }

    /// Leads with an id above `after`, by ascending id.
    pub fn after(&self, after: i32) -> impl Iterator<Item = &Lead> + '_ {
        self.leads
            .range(after.saturating_add(1)..)
            .map(|(_, lead)| &**lead)
    }

    /// How many leads there are.
    pub fn len(&self) -> usize {
        self.leads.len()
    }

    /// Whether there is no lead.
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }

    /// The id the next new lead will get.
    pub fn next_id(&self) -> i32 {
        self.next_id
    }

    /// The last sequence number handed out.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    fn index(&mut self, lead: &Lead) {
        if let Some(f) = &lead.foreign_sys_person_id {
            self.by_foreign.insert(f.clone(), lead.id);
        }
        for c in &lead.cookies {
            self.by_cookie.insert(c.clone(), lead.id);
        }
        if let Some(e) = &lead.email {
            self.by_email
                .entry(email_key(e).into())
                .and_modify(|ids| ids.insert(lead.id))
                .or_insert(EmailIds::One(lead.id));
        }
    }

    fn unindex(&mut self, lead: &Lead) {
        if let Some(f) = &lead.foreign_sys_person_id {
            if self.by_foreign.get(f) == Some(&lead.id) {
                self.by_foreign.remove(f);
            }
        }
        for c in &lead.cookies {
            if self.by_cookie.get(c) == Some(&lead.id) {
                self.by_cookie.remove(c);
            }
        }
        if let Some(e) = &lead.email {
            let key = email_key(e);
            if let Some(ids) = self.by_email.get_mut(key.as_str()) {
                if ids.remove(lead.id) {
                    self.by_email.remove(key.as_str());
                }
            }
        }
    }

    /// Replaces (or inserts) `lead` as it is, keeping the indexes right.
    fn replace(&mut self, mut lead: Lead) {
        if let Some(old) = self.leads.remove(&lead.id) {
            self.unindex(&old);
        }
        self.index(&lead);
        lead.attributes.share_names(&mut self.field_names);
        self.leads.insert(lead.id, Box::new(lead));
    }

    fn remove(&mut self, id: i32) {
        if let Some(old) = self.leads.remove(&id) {
            self.unindex(&old);
        }
    }
}

/// A write in progress: changes go to the live leads and are remembered for undo and for
/// the state file.
pub struct Tx<'a> {
    leads: &'a mut Leads,
    /// The version of each touched lead before the write (`None`: it did not exist).
    undo: BTreeMap<i32, Option<Lead>>,
    saved_next_id: i32,
    saved_seq: u64,
    now_ms: i64,
}

impl Tx<'_> {
    /// The leads, with this write's changes so far.
    pub fn leads(&self) -> &Leads {
        self.leads
    }

    /// Stores `lead` (new or changed): stamps its sequence number and times, and moves the
    /// next id past it. Returns the lead as stored.
    pub fn put(&mut self, mut lead: Lead) -> Lead {
        self.leads.seq += 1;
        lead.updated_seq = self.leads.seq;
        lead.updated_at_ms = self.now_ms;
        let previous = self.leads.get(lead.id).cloned();
        match &previous {
            Some(old) => {
                lead.created_seq = old.created_seq;
                lead.created_at_ms = old.created_at_ms;
            }
            None => {
                lead.created_seq = lead.updated_seq;
                lead.created_at_ms = self.now_ms;
                self.leads.next_id = self.leads.next_id.max(lead.id.saturating_add(1));
            }
        }
        self.undo.entry(lead.id).or_insert(previous);
        self.leads.replace(lead.clone());
        lead
    }

    fn rollback(self) {
        for (id, before) in self.undo {
            match before {
                Some(lead) => {
                    self.leads.replace(lead);
                }
                None => self.leads.remove(id),
            }
        }
        self.leads.next_id = self.saved_next_id;
        self.leads.seq = self.saved_seq;
    }

    fn changed(&self) -> Vec<&Lead> {
        self.undo
            .keys()
            .filter_map(|id| self.leads.get(*id))
            .collect()
    }
}

/// Why a write did not happen.
#[derive(Debug)]
pub enum WriteError<E> {
    /// The write itself refused (a rule failed); nothing changed.
    Rejected(E),
    /// The state file could not be written; nothing changed.
    Persist(PersistError),
}

/// The leads plus, optionally, the state file that mirrors them.
pub struct Store {
    leads: RwLock<Leads>,
    /// `Some` while a state file is open; `None` for in-memory stores and after `close`.
    persist: Mutex<Option<Persist>>,
    persistent: bool,
}

impl Store {
    /// A store that lives in memory only.
    pub fn in_memory() -> Store {
        Store {
            leads: RwLock::new(Leads::new()),
            persist: Mutex::new(None),
            persistent: false,
        }
    }

    /// Opens (or creates) the state file at `path` and loads its leads.
    pub fn open(path: &Path) -> Result<Store, PersistError> {
        let (persist, leads) = Persist::open(path)?;
        Ok(Store {
            leads: RwLock::new(leads),
            persist: Mutex::new(Some(persist)),
            persistent: true,
        })
    }

    /// Runs `f` on the leads.
    pub fn read<T>(&self, f: impl FnOnce(&Leads) -> T) -> T {
        f(&self.leads.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Runs `f` as one all-or-nothing write. When `f` fails, or the state file cannot
    /// be written, every change `f` made is undone; otherwise the changes are durable in
    /// the state file (when there is one) before this returns.
    pub fn write<T, E>(
        &self,
        now_ms: i64,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<T, WriteError<E>> {
        let mut guard = self.leads.write().unwrap_or_else(PoisonError::into_inner);
        let saved_next_id = guard.next_id;
        let saved_seq = guard.seq;
        let mut tx = Tx {
            leads: &mut guard,
            undo: BTreeMap::new(),
            saved_next_id,
            saved_seq,
            now_ms,
        };
        let value = match f(&mut tx) {
            Ok(value) => value,
            Err(e) => {
                tx.rollback();
                return Err(WriteError::Rejected(e));
            }
        };
        if self.persistent && !tx.undo.is_empty() {
            let persist = self.persist_guard();
            let result = match persist.as_ref() {
                Some(p) => p.commit(&tx.changed(), tx.leads.next_id, tx.leads.seq),
                None => Err(PersistError::Closed),
            };
            if let Err(e) = result {
                drop(persist);
                tx.rollback();
                return Err(WriteError::Persist(e));
            }
        }
        Ok(value)
    }

    /// Closes the state file (later writes fail); in-memory stores are unaffected.
    pub fn close(&self) {
        self.persist_guard().take();
    }

    fn persist_guard(&self) -> MutexGuard<'_, Option<Persist>> {
        self.persist.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(id: i32, email: &str) -> Lead {
        let mut l = Lead::new(id, "Default");
        l.email = Some(email.to_owned());
        l
    }

    #[test]
    fn indexes_follow_changes() {
        let store = Store::in_memory();
        store
            .write(1, |tx| {
                let mut a = lead(1, "A@x.com");
                a.foreign_sys_person_id = Some("F1".into());
                a.cookies.push("c1".into());
                tx.put(a);
                tx.put(lead(2, "a@x.com"));
                Ok::<_, ()>(())
            })
            .unwrap();
        store.read(|l| {
            assert_eq!(
                l.by_email(" a@X.com").map(|l| l.id).collect::<Vec<_>>(),
                [1, 2]
            );
            assert_eq!(l.by_foreign_id("F1").map(|l| l.id), Some(1));
            assert_eq!(l.by_cookie("c1").map(|l| l.id), Some(1));
            assert_eq!(l.next_id(), 3);
        });
        store
            .write(2, |tx| {
                let mut a = tx.leads().get(1).cloned().unwrap();
                a.email = Some("b@x.com".into());
                a.foreign_sys_person_id = None;
                tx.put(a);
                Ok::<_, ()>(())
            })
            .unwrap();
        store.read(|l| {
            assert_eq!(l.by_email("a@x.com").map(|l| l.id).collect::<Vec<_>>(), [2]);
            assert!(l.by_foreign_id("F1").is_none());
            let a = l.get(1).unwrap();
            assert_eq!((a.created_at_ms, a.updated_at_ms), (1, 2));
            assert!(a.updated_seq > l.get(2).unwrap().updated_seq);
        });
    }

    #[test]
    fn email_ids_grow_and_shrink_in_order() {
        let mut ids = EmailIds::One(5);
        ids.insert(5);
        assert!(matches!(ids, EmailIds::One(5)));
        ids.insert(9);
        ids.insert(2);
        assert_eq!(ids.iter().collect::<Vec<_>>(), [2, 5, 9]);
        assert!(!ids.remove(5));
        assert!(!ids.remove(7));
        assert!(!ids.remove(2));
        assert!(matches!(ids, EmailIds::One(9)));
        assert!(!ids.remove(2));
        assert!(ids.remove(9));

        // Through the store: a shared email, then each lead moving away from it.
        let store = Store::in_memory();
        let emails = |store: &Store, email: &str| {
            store.read(|l| l.by_email(email).map(|l| l.id).collect::<Vec<_>>())
        };
        store
            .write(1, |tx| {
                for id in 1..=3 {
                    tx.put(lead(id, "same@x.com"));
                }
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!(emails(&store, "SAME@x.com"), [1, 2, 3]);
        for id in [2, 1, 3] {
            store
                .write(2, |tx| {
                    tx.put(lead(id, &format!("{id}@x.com")));
                    Ok::<_, ()>(())
                })
                .unwrap();
        }
        assert!(emails(&store, "same@x.com").is_empty());
        assert_eq!(emails(&store, "3@x.com"), [3]);
    }

    #[test]
    fn a_failed_write_changes_nothing() {
        let store = Store::in_memory();
        store
            .write(1, |tx| {
                tx.put(lead(1, "a@x.com"));
                Ok::<_, ()>(())
            })
            .unwrap();
        let before = store.read(|l| (l.iter().cloned().collect::<Vec<_>>(), l.next_id(), l.seq()));
        let result = store.write(2, |tx| {
            let mut a = tx.leads().get(1).cloned().unwrap();
            a.email = Some("changed@x.com".into());
            tx.put(a);
            tx.put(lead(2, "new@x.com"));
            Err::<(), _>("rule failed")
        });
        assert!(matches!(result, Err(WriteError::Rejected("rule failed"))));
        let after = store.read(|l| (l.iter().cloned().collect::<Vec<_>>(), l.next_id(), l.seq()));
        assert_eq!(before, after);
        store.read(|l| assert_eq!(l.by_email("changed@x.com").count(), 0));
    }
}
