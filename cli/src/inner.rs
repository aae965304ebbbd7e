//! Serializes only the content of a newtype enum variant.
//!
//! `mktows::Request` and `Response` serialize externally tagged (`{"SyncLead": {...}}`), but
//! `decode` prints the body value alone so that it can be fed back to `encode`. Unwrapping
//! through a `serde_json::Value` would sort the keys; this adapter keeps schema order.

use serde::ser::{Error as _, Impossible, Serialize, Serializer};

/// `value`'s variant content as pretty JSON, for an enum whose variants are all newtypes.
pub fn to_pretty_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(1024);
    value.serialize(Inner(&mut serde_json::Serializer::pretty(&mut out)))?;
    String::from_utf8(out).map_err(serde_json::Error::custom)
}

/// Passes a newtype variant's content on to `S`; anything else is an error.
struct Inner<S>(S);

fn not_a_variant<E: serde::ser::Error>() -> E {
    E::custom("expected an enum with newtype variants")
}

macro_rules! reject {
    ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$out, S::Error> {
            Err(not_a_variant())
        })*
    };
}

impl<S: Serializer> Serializer for Inner<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = Impossible<S::Ok, S::Error>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self.0)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_variant())
    }

    reject! {
        serialize_bool(bool) -> S::Ok;
        serialize_i8(i8) -> S::Ok;
        serialize_i16(i16) -> S::Ok;
        serialize_i32(i32) -> S::Ok;
        serialize_i64(i64) -> S::Ok;
        serialize_u8(u8) -> S::Ok;
        serialize_u16(u16) -> S::Ok;
        serialize_u32(u32) -> S::Ok;
        serialize_u64(u64) -> S::Ok;
        serialize_f32(f32) -> S::Ok;
        serialize_f64(f64) -> S::Ok;
        serialize_char(char) -> S::Ok;
        serialize_str(&str) -> S::Ok;
        serialize_bytes(&[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(&'static str) -> S::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> S::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Body {
        zeta: u8,
        alpha: &'static str,
    }

    #[derive(serde::Serialize)]
    enum Message {
        Sync(Body),
    }

    #[test]
    fn keeps_field_order_and_drops_the_tag() {
        let json = to_pretty_json(&Message::Sync(Body {
            zeta: 1,
            alpha: "a",
        }))
        .unwrap();
        assert_eq!(json, "{\n  \"zeta\": 1,\n  \"alpha\": \"a\"\n}");
        assert!(to_pretty_json(&5).is_err());
        assert!(to_pretty_json(&Body {
            zeta: 1,
            alpha: "a"
        })
        .is_err());
    }
}
