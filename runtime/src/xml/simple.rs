//! `SimpleValue`: how XML Schema simple types are written as and parsed from text.
//!
//! Numbers are written with `itoa`/`ryu` straight into the writer's buffer (no
//! allocation). Parsing trims XML whitespace first, as schema whitespace-collapse
//! rules allow for every type here except `xs:string`.

use base64::Engine as _;

use super::write::{EncodeError, XmlWriter};
use crate::value::{Base64Binary, Date, DateTime, Decimal, RawXml, Time};

/// A value of an XML Schema simple type: element text or an attribute value.
pub trait SimpleValue: Sized {
    /// Writes the value's lexical form, escaped (`w.text`) where it can hold markup.
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError>;

    /// Parses the lexical form. The error is a message such as
    /// `expected xs:int, found "abc"`; callers add the path and position.
    fn parse_text(text: &str) -> Result<Self, String>;
}

/// XML whitespace (space, tab, CR, LF); `str::trim` would also strip other Unicode spaces.
pub fn trim_xml(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// The parse error message shared by every type.
pub(crate) fn expected(type_name: &str, found: &str) -> String {
    // Keep messages short when a whole document lands in a number field.
    const MAX: usize = 60;
    if found.len() > MAX {
        let mut end = MAX;
        while !found.is_char_boundary(end) {
            end -= 1;
        }
        format!("expected {type_name}, found {:?}...", &found[..end])
    } else {
        format!("expected {type_name}, found {found:?}")
    }
}

impl SimpleValue for String {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        w.text(self)
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl SimpleValue for bool {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        w.raw(if *self { "true" } else { "false" });
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        match trim_xml(text) {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(expected("xs:boolean", text)),
        }
    }
}

macro_rules! integer {
    ($($t:ty => $xs:literal, $unsigned:literal;)*) => {$(
        impl SimpleValue for $t {
            #[inline]
            fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
                w.raw(itoa::Buffer::new().format(*self));
                Ok(())
            }
            fn parse_text(text: &str) -> Result<Self, String> {
                let t = trim_xml(text);
                match t.parse::<$t>() {
                    Ok(v) => Ok(v),
                    // The schema allows "-0" for unsigned types; Rust's parser does not.
                    Err(_) if $unsigned && is_negative_zero(t) => Ok(0),
                    Err(_) => Err(expected($xs, text)),
                }
            }
        }
    )*};
}

integer! {
    i8 => "xs:byte", false;
    i16 => "xs:short", false;
    i32 => "xs:int", false;
    i64 => "xs:long", false;
    u8 => "xs:unsignedByte", true;
    u16 => "xs:unsignedShort", true;
    u32 => "xs:unsignedInt", true;
    u64 => "xs:unsignedLong", true;
}

fn is_negative_zero(t: &str) -> bool {
    t.strip_prefix('-')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b == b'0'))
}

macro_rules! float {
    ($($t:ty => $xs:literal;)*) => {$(
        impl SimpleValue for $t {
            fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
                let v = *self;
                if v.is_nan() {
                    w.raw("NaN");
                } else if v.is_infinite() {
                    w.raw(if v > 0.0 { "INF" } else { "-INF" });
                } else {
                    // ryu's output ("1.5", "1e20", "-0.0") is valid xs:double lexical form.
                    w.raw(ryu::Buffer::new().format_finite(v));
                }
                Ok(())
            }
            fn parse_text(text: &str) -> Result<Self, String> {
                let t = trim_xml(text);
                match t {
                    "INF" | "+INF" => return Ok(<$t>::INFINITY),
                    "-INF" => return Ok(<$t>::NEG_INFINITY),
                    "NaN" => return Ok(<$t>::NAN),
                    _ => {}
                }
                // Rust also accepts "inf", "nan", "infinity": the schema does not.
                let lexical_ok = !t.is_empty()
                    && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
                match t.parse::<$t>() {
                    Ok(v) if lexical_ok => Ok(v),
                    _ => Err(expected($xs, text)),
                }
            }
        }
    )*};
}

float! {
    f32 => "xs:float";
    f64 => "xs:double";
}

impl SimpleValue for DateTime {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        self.write_to(w.buf_mut());
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        DateTime::parse(trim_xml(text)).map_err(|_| expected("xs:dateTime", text))
    }
}

impl SimpleValue for Date {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        self.write_to(w.buf_mut());
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        Date::parse(trim_xml(text)).map_err(|_| expected("xs:date", text))
    }
}

impl SimpleValue for Time {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        self.write_to(w.buf_mut());
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        Time::parse(trim_xml(text)).map_err(|_| expected("xs:time", text))
    }
}

impl SimpleValue for Base64Binary {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        base64::engine::general_purpose::STANDARD.encode_string(&self.0, w.buf_mut());
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        Base64Binary::parse(text).map_err(|_| expected("xs:base64Binary", text))
    }
}

impl SimpleValue for Decimal {
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        // The field is public, so it may hold anything: never write an invalid number.
        if !Decimal::is_valid(&self.0) {
            return Err(EncodeError::new(expected("xs:decimal", &self.0)));
        }
        w.raw(&self.0);
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        let t = trim_xml(text);
        if Decimal::is_valid(t) {
            Ok(Decimal(t.to_owned()))
        } else {
            Err(expected("xs:decimal", text))
        }
    }
}

impl SimpleValue for RawXml {
    /// Written verbatim: the caller vouches that it is well-formed XML content.
    fn write_text(&self, w: &mut XmlWriter) -> Result<(), EncodeError> {
        w.raw(&self.0);
        Ok(())
    }
    fn parse_text(text: &str) -> Result<Self, String> {
        Ok(RawXml(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written<V: SimpleValue>(v: &V) -> String {
        let mut w = XmlWriter::new();
        v.write_text(&mut w).unwrap();
        w.into_string()
    }

    #[test]
    fn integers() {
        assert_eq!(written(&-42i32), "-42");
        assert_eq!(written(&u64::MAX), "18446744073709551615");
        assert_eq!(i32::parse_text(" \n42\t"), Ok(42));
        assert_eq!(i32::parse_text("+7"), Ok(7));
        assert_eq!(i32::parse_text("007"), Ok(7));
        assert_eq!(u32::parse_text("-0"), Ok(0));
        assert_eq!(
            i32::parse_text("abc"),
            Err("expected xs:int, found \"abc\"".into())
        );
        assert_eq!(
            i8::parse_text("128"),
            Err("expected xs:byte, found \"128\"".into())
        );
        assert_eq!(
            u16::parse_text("-1"),
            Err("expected xs:unsignedShort, found \"-1\"".into())
        );
        assert_eq!(
            i64::parse_text(""),
            Err("expected xs:long, found \"\"".into())
        );
        assert!(i32::parse_text("1 2").is_err());
        assert!(i32::parse_text("\u{A0}1").is_err());
    }

    #[test]
    fn booleans() {
        assert_eq!(written(&true), "true");
        assert_eq!(written(&false), "false");
        for (s, v) in [
            ("true", true),
            ("1", true),
            (" false ", false),
            ("0", false),
        ] {
            assert_eq!(bool::parse_text(s), Ok(v));
        }
        assert_eq!(
            bool::parse_text("TRUE"),
            Err("expected xs:boolean, found \"TRUE\"".into())
        );
        assert!(bool::parse_text("yes").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(written(&1.5f64), "1.5");
        assert_eq!(written(&f64::INFINITY), "INF");
        assert_eq!(written(&f32::NEG_INFINITY), "-INF");
        assert_eq!(written(&f64::NAN), "NaN");
        assert_eq!(f64::parse_text(" 1e3 "), Ok(1000.0));
        assert_eq!(f64::parse_text("-INF"), Ok(f64::NEG_INFINITY));
        assert!(f64::parse_text("NaN").unwrap().is_nan());
        assert_eq!(f32::parse_text(".5"), Ok(0.5));
        assert_eq!(
            f64::parse_text("inf"),
            Err("expected xs:double, found \"inf\"".into())
        );
        assert!(f64::parse_text("nan").is_err());
        assert!(f64::parse_text("").is_err());
        for v in [0.1f64, -3.25e-7, 1e300, 123456789.0] {
            assert_eq!(f64::parse_text(&written(&v)), Ok(v));
        }
    }

    #[test]
    fn strings_are_escaped_and_not_trimmed() {
        assert_eq!(written(&String::from(" a<b ")), " a&lt;b ");
        assert_eq!(String::parse_text(" x "), Ok(" x ".into()));
    }

    #[test]
    fn decimal_and_raw() {
        assert_eq!(
            Decimal::parse_text(" -12.50 "),
            Ok(Decimal("-12.50".into()))
        );
        assert!(Decimal::parse_text("1e5").is_err());
        assert!(Decimal::parse_text(".").is_err());
        let mut w = XmlWriter::new();
        let e = Decimal("12,5".into()).write_text(&mut w).unwrap_err();
        assert_eq!(e.to_string(), "expected xs:decimal, found \"12,5\"");
        assert_eq!(written(&RawXml("<a>b</a>".into())), "<a>b</a>");
    }

    #[test]
    fn base64() {
        assert_eq!(written(&Base64Binary(b"hello".to_vec())), "aGVsbG8=");
        assert_eq!(
            Base64Binary::parse_text("aGVs\n bG8="),
            Ok(Base64Binary(b"hello".to_vec()))
        );
        assert!(Base64Binary::parse_text("a!").is_err());
    }

    #[test]
    fn dates_via_simple_value() {
        let dt = DateTime::parse_text(" 2013-07-31T12:38:47-07:00 ").unwrap();
        assert_eq!(written(&dt), "2013-07-31T12:38:47-07:00");
        assert_eq!(
            DateTime::parse_text("2013-02-30T00:00:00"),
            Err("expected xs:dateTime, found \"2013-02-30T00:00:00\"".into())
        );
        assert_eq!(
            written(&Date::parse_text("2013-07-31Z").unwrap()),
            "2013-07-31Z"
        );
        assert_eq!(
            written(&Time::parse_text("12:00:00.50").unwrap()),
            "12:00:00.5"
        );
        assert!(Time::parse_text("25:00:00").is_err());
    }

    #[test]
    fn long_inputs_are_shortened_in_messages() {
        let long = "x".repeat(500);
        let e = i32::parse_text(&long).unwrap_err();
        assert!(e.len() < 100, "{e}");
        assert!(e.ends_with("..."));
    }
}
