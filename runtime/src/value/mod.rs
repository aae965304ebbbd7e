//! Value types generated code uses for schema constructs Rust lacks: elements that
//! may be absent *or* nil, and the schema's date, binary, decimal and any types.

mod chrono_conv;
mod datetime;
mod datetime_parse;
#[cfg(feature = "serde")]
mod serde_impls;

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;

pub use datetime::{Date, DateTime, Time, UtcOffset};

/// An element that is both optional (`minOccurs="0"`) and `nillable`: absent from the
/// XML, present with `xsi:nil="true"`, or present with a value.
///
/// With serde: absent is a missing field (generated code adds
/// `#[serde(default, skip_serializing_if = "Nillable::is_absent")]`), nil is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nillable<T> {
    /// The element is not written.
    #[default]
    Absent,
    /// The element is written as `<name xsi:nil="true"/>`.
    Nil,
    /// The element is written with this value.
    Value(T),
}

impl<T> Nillable<T> {
    /// Whether the element is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nillable::Absent)
    }

    /// Whether the element is nil.
    pub fn is_nil(&self) -> bool {
        matches!(self, Nillable::Nil)
    }

    /// Whether the element has a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nillable::Value(_))
    }

    /// The value, if any (absent and nil are both `None`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nillable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if any (absent and nil are both `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nillable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Borrows the value, keeping absent and nil.
    pub fn as_ref(&self) -> Nillable<&T> {
        match self {
            Nillable::Absent => Nillable::Absent,
            Nillable::Nil => Nillable::Nil,
            Nillable::Value(v) => Nillable::Value(v),
        }
    }

    /// Maps the value, keeping absent and nil.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nillable<U> {
        match self {
            Nillable::Absent => Nillable::Absent,
            Nillable::Nil => Nillable::Nil,
            Nillable::Value(v) => Nillable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nillable<T> {
    fn from(v: T) -> Self {
        Nillable::Value(v)
    }
}

impl From<&str> for Nillable<String> {
    fn from(v: &str) -> Self {
        Nillable::Value(v.to_owned())
    }
}

/// A value that does not have the lexical form its schema type requires.
/// Displays as `expected xs:dateTime, found "soon"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    message: String,
}

impl InvalidValue {
    pub(crate) fn new(expected: &str, found: &str) -> Self {
        InvalidValue {
            message: crate::xml::simple::expected(expected, found),
        }
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidValue {}

/// `xs:base64Binary`: the decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Binary(pub Vec<u8>);

impl Base64Binary {
    /// Decodes standard base64, ignoring XML whitespace (line breaks are common).
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let engine = &base64::engine::general_purpose::STANDARD;
        let decoded = if s.bytes().any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
            let compact: String = s
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
                .collect();
            engine.decode(compact)
        } else {
            engine.decode(s)
        };
        decoded
            .map(Base64Binary)
            .map_err(|_| InvalidValue::new("xs:base64Binary", s))
    }
}

impl fmt::Display for Base64Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl From<Vec<u8>> for Base64Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Binary(bytes)
    }
}

/// `xs:decimal` kept as its lexical string, so no precision is lost
/// (`-12.50` stays `-12.50`). Writing checks the form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decimal(pub String);

impl Decimal {
    /// Whether `s` is an `xs:decimal` lexical form: optional sign, digits, optional
    /// fraction, at least one digit, no exponent.
    pub fn is_valid(s: &str) -> bool {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        (!int.is_empty() || !frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
    }

    /// The lexical form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Decimal {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        if Decimal::is_valid(s) {
            Ok(Decimal(s.to_owned()))
        } else {
            Err(InvalidValue::new("xs:decimal", s))
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! decimal_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(v: $t) -> Self {
                Decimal(itoa::Buffer::new().format(v).to_owned())
            }
        }
    )*};
}
decimal_from_int!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

/// `xs:anyType` / `xs:any` content as raw XML, written verbatim (the caller vouches
/// that it is well-formed) and read as the element's source text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RawXml(pub String);

impl fmt::Display for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nillable_basics() {
        let absent: Nillable<i32> = Nillable::default();
        assert!(absent.is_absent());
        assert_eq!(absent.as_option(), None);
        assert!(Nillable::<i32>::Nil.is_nil());
        let v: Nillable<i32> = 5.into();
        assert!(v.is_value());
        assert_eq!(v.as_option(), Some(&5));
        assert_eq!(v.map(|x| x * 2).into_option(), Some(10));
        assert_eq!(Nillable::<i32>::Nil.map(|x| x * 2), Nillable::Nil);
        let s: Nillable<String> = "a@b.c".into();
        assert_eq!(s.as_ref().into_option().map(String::as_str), Some("a@b.c"));
    }

    #[test]
    fn decimals() {
        for ok in ["0", "-1.5", "+.5", "5.", "007.100"] {
            assert!(Decimal::is_valid(ok), "{ok}");
        }
        for bad in ["", ".", "-", "1e5", "1.2.3", "1,5", " 1", "NaN"] {
            assert!(!Decimal::is_valid(bad), "{bad}");
        }
        assert_eq!(Decimal::from(-42i64).as_str(), "-42");
        assert_eq!(
            "x".parse::<Decimal>().unwrap_err().to_string(),
            "expected xs:decimal, found \"x\""
        );
    }

    #[test]
    fn base64_display_and_parse() {
        let b = Base64Binary::from(vec![0xFF, 0, 1]);
        assert_eq!(b.to_string(), "/wAB");
        assert_eq!(Base64Binary::parse("/w\r\nAB"), Ok(b));
        assert_eq!(
            Base64Binary::parse("*").unwrap_err().to_string(),
            "expected xs:base64Binary, found \"*\""
        );
    }
}
