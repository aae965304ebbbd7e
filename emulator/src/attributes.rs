//! A lead's field values: a vector of (name, value) pairs sorted by name.
//!
//! Leads carry a handful of fields, and a `BTreeMap` allocates a whole B-tree leaf (room
//! for 11 pairs, about 540 bytes for `String` pairs) even for one. A sorted vector holds
//! exactly its pairs, and the store makes every lead share one copy of each field name
//! (see [`Attributes::share_names`]), so a stored field costs its value and two pointers.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Field values by API name, sorted by name (so iteration is in name order, as with a
/// `BTreeMap`). Serialized as a map from name to value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// Sorted by name; every name once.
    fields: Vec<(Arc<str>, Box<str>)>,
}

impl Attributes {
    /// No fields.
    pub fn new() -> Attributes {
        Attributes::default()
    }

    /// The value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.position(name).ok()?;
        self.fields.get(i).map(|(_, value)| &**value)
    }

    /// Whether the field `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets the field `name` to `value`, replacing any value it had.
    pub fn insert(&mut self, name: &str, value: &str) {
        match self.position(name) {
            Ok(i) => {
                if let Some((_, old)) = self.fields.get_mut(i) {
                    *old = value.into();
                }
            }
            Err(i) => self.fields.insert(i, (name.into(), value.into())),
        }
    }

    /// Removes the field `name`; returns whether it had a value.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.position(name) {
            Ok(i) => {
                self.fields.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// How many fields have a value.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether no field has a value.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The (name, value) pairs in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.fields.iter().map(|(name, value)| (&**name, &**value))
    }

    /// Makes each name point at the copy in `names` (adding the ones it lacks) and frees
    /// spare capacity: what the store does before keeping a lead.
    pub(crate) fn share_names(&mut self, names: &mut HashSet<Arc<str>>) {
        for (name, _) in &mut self.fields {
            match names.get(&**name) {
                Some(shared) => *name = Arc::clone(shared),
                None => {
                    names.insert(Arc::clone(name));
                }
            }
        }
        self.fields.shrink_to_fit();
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.fields.binary_search_by(|(n, _)| (**n).cmp(name))
    }
}

impl<N: AsRef<str>, V: AsRef<str>> FromIterator<(N, V)> for Attributes {
    /// Later pairs win over earlier ones with the same name, as with a map.
    fn from_iter<I: IntoIterator<Item = (N, V)>>(pairs: I) -> Attributes {
        let mut attributes = Attributes::new();
        for (name, value) in pairs {
            attributes.insert(name.as_ref(), value.as_ref());
        }
        attributes
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Attributes, D::Error> {
        struct PairsVisitor;

        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Attributes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of field names to string values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
                let mut attributes = Attributes::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    attributes.insert(&name, &value);
                }
                Ok(attributes)
            }
        }

        deserializer.deserialize_map(PairsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_sorted_map() {
        let mut a = Attributes::new();
        assert!(a.is_empty());
        a.insert("LastName", "Jungle");
        a.insert("FirstName", "George");
        a.insert("Company", "Vine");
        a.insert("FirstName", "Ursula");
        assert_eq!(a.len(), 3);
        assert_eq!(a.get("FirstName"), Some("Ursula"));
        assert_eq!(a.get("Nope"), None);
        assert!(a.contains_key("Company"));
        let names: Vec<&str> = a.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Company", "FirstName", "LastName"]);
        assert!(a.remove("Company"));
        assert!(!a.remove("Company"));
        assert_eq!(
            format!("{a:?}"),
            r#"{"FirstName": "Ursula", "LastName": "Jungle"}"#
        );
        let collected: Attributes = [("b", "1"), ("a", "2"), ("b", "3")].into_iter().collect();
        assert_eq!(
            collected.iter().collect::<Vec<_>>(),
            [("a", "2"), ("b", "3")]
        );
    }

    #[test]
    fn serializes_as_a_json_object_like_the_map_it_replaced() {
        let a: Attributes = [("LastName", "Jungle"), ("FirstName", "George")]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"FirstName":"George","LastName":"Jungle"}"#);
        let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), json);
        // Files written with the map read back, in any key order.
        let back: Attributes =
            serde_json::from_str(r#"{"LastName":"Jungle","FirstName":"George"}"#).unwrap();
        assert_eq!(back, a);
        assert!(serde_json::from_str::<Attributes>(r#"["FirstName"]"#).is_err());
        assert!(serde_json::from_str::<Attributes>(r#"{"FirstName":1}"#).is_err());
    }

    #[test]
    fn stored_leads_share_one_copy_of_each_name() {
        let mut names = HashSet::new();
        let mut first: Attributes = [("City", "Paris")].into_iter().collect();
        let mut second: Attributes = [("City", "Rome"), ("Title", "CTO")].into_iter().collect();
        first.share_names(&mut names);
        second.share_names(&mut names);
        assert_eq!(names.len(), 2);
        let city = |a: &Attributes| Arc::clone(&a.fields[0].0);
        assert!(Arc::ptr_eq(&city(&first), &city(&second)));
        assert_eq!(second.get("City"), Some("Rome"));
        assert_eq!(second.fields.capacity(), 2);
    }
}
