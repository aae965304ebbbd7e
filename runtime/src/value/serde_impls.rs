//! serde for the value types: schema values as their lexical strings (what a person
//! would type in JSON), `Nillable` as missing / `null` / value.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Base64Binary, Date, DateTime, Decimal, Nillable, RawXml, Time};

impl<T: Serialize> Serialize for Nillable<T> {
    /// `Absent` should be skipped by `skip_serializing_if = "Nillable::is_absent"`;
    /// when it is not, it is written as `null` like `Nil`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Nillable::Absent | Nillable::Nil => s.serialize_none(),
            Nillable::Value(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nillable<T> {
    /// `null` is `Nil`; a missing field is `Absent` through `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            None => Nillable::Nil,
            Some(v) => Nillable::Value(v),
        })
    }
}

/// Deserializes any `FromStr` type from a string, naming the expected form on error.
struct LexicalVisitor<T>(&'static str, PhantomData<T>);

impl<T: FromStr> Visitor<'_> for LexicalVisitor<T>
where
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

macro_rules! lexical_serde {
    ($($t:ty => $expecting:literal;)*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(LexicalVisitor($expecting, PhantomData))
            }
        }
    )*};
}

lexical_serde! {
    DateTime => "an xs:dateTime string such as 2013-07-31T12:38:47-07:00";
    Date => "an xs:date string such as 2013-07-31";
    Time => "an xs:time string such as 12:38:47";
    Decimal => "an xs:decimal string such as -12.50";
}

impl FromStr for Base64Binary {
    type Err = super::InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Base64Binary::parse(s)
    }
}

lexical_serde! {
    Base64Binary => "a base64 string";
}

impl Serialize for RawXml {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RawXml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(RawXml)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Lead {
        #[serde(default, skip_serializing_if = "Nillable::is_absent")]
        email: Nillable<String>,
        #[serde(default, skip_serializing_if = "Nillable::is_absent")]
        id: Nillable<i32>,
        #[serde(default, skip_serializing_if = "Nillable::is_absent")]
        created: Nillable<DateTime>,
    }

    #[test]
    fn nillable_absent_nil_value() {
        let lead = Lead {
            email: Nillable::Nil,
            id: Nillable::Value(7),
            created: Nillable::Absent,
        };
        let json = serde_json::to_string(&lead).unwrap();
        assert_eq!(json, r#"{"email":null,"id":7}"#);
        assert_eq!(serde_json::from_str::<Lead>(&json).unwrap(), lead);
        let empty: Lead = serde_json::from_str("{}").unwrap();
        assert!(empty.email.is_absent() && empty.id.is_absent());
    }

    #[test]
    fn lexical_strings() {
        let dt = DateTime::parse("2013-07-31T12:38:47-07:00").unwrap();
        assert_eq!(
            serde_json::to_string(&dt).unwrap(),
            r#""2013-07-31T12:38:47-07:00""#
        );
        assert_eq!(
            serde_json::from_str::<DateTime>(r#""2013-07-31T12:38:47-07:00""#).unwrap(),
            dt
        );
        let e = serde_json::from_str::<DateTime>(r#""yesterday""#).unwrap_err();
        assert!(e.to_string().contains("expected xs:dateTime"), "{e}");
        assert!(serde_json::from_str::<DateTime>("5").is_err());

        let b = Base64Binary(b"hi".to_vec());
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""aGk=""#);
        assert_eq!(
            serde_json::from_str::<Base64Binary>(r#""aGk=""#).unwrap(),
            b
        );
        assert_eq!(
            serde_json::to_string(&Decimal("1.50".into())).unwrap(),
            r#""1.50""#
        );
        assert_eq!(
            serde_json::to_string(&Date::parse("2013-07-31").unwrap()).unwrap(),
            r#""2013-07-31""#
        );
        assert_eq!(
            serde_json::from_str::<Time>(r#""01:02:03Z""#)
                .unwrap()
                .to_string(),
            "01:02:03Z"
        );
        assert_eq!(
            serde_json::to_string(&RawXml("<a/>".into())).unwrap(),
            r#""<a/>""#
        );
    }
}
