//! `xs:dateTime`, `xs:date` and `xs:time`, kept losslessly.
//!
//! chrono cannot hold "no time zone" and "Z" apart from "+00:00", nor years past
//! ±262143, so the values keep their fields as parsed (the offset, or its absence,
//! and fractional seconds to the nanosecond) and write them back in canonical
//! lexical form: zero-padded fields and no trailing zeros in the fraction. Digits
//! past the ninth fractional one are dropped. `24:00:00` is kept as written.

use std::fmt;
use std::str::FromStr;

use super::datetime_parse::Cursor;
use super::InvalidValue;

/// A time zone offset as XML Schema writes it: `Z` or `±hh:mm` (at most ±14:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcOffset {
    minutes: i16,
    /// Written as `Z` rather than `+00:00` (only when `minutes == 0`).
    z: bool,
}

impl UtcOffset {
    /// UTC, written `Z`.
    pub const Z: UtcOffset = UtcOffset {
        minutes: 0,
        z: true,
    };

    /// An offset east of UTC in minutes, written `±hh:mm`; `None` beyond ±14:00.
    pub fn from_minutes(minutes: i16) -> Option<UtcOffset> {
        (-840..=840)
            .contains(&minutes)
            .then_some(UtcOffset { minutes, z: false })
    }

    /// Minutes east of UTC (`Z` is 0).
    pub fn minutes(self) -> i16 {
        self.minutes
    }

    /// Whether the offset is written `Z`.
    pub fn is_z(self) -> bool {
        self.z
    }

    fn write<W: fmt::Write>(self, out: &mut W) -> fmt::Result {
        if self.z {
            return out.write_char('Z');
        }
        let abs = self.minutes.unsigned_abs();
        out.write_char(if self.minutes < 0 { '-' } else { '+' })?;
        two_digits(out, (abs / 60) as u32)?;
        out.write_char(':')?;
        two_digits(out, (abs % 60) as u32)
    }
}

/// An `xs:date`: year, month, day and an optional time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
    offset: Option<UtcOffset>,
}

/// An `xs:time`: hour, minute, second, nanoseconds and an optional time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset: Option<UtcOffset>,
}

/// An `xs:dateTime`: a date and a time sharing one optional time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    time: Time,
}

impl Date {
    /// A date without time zone; `None` if the day does not exist (years 1-9 digits,
    /// year 0 allowed as XML Schema 1.1 does).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (-999_999_999..=999_999_999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
            offset: None,
        })
    }

    /// For fields already known to be valid (from chrono).
    pub(super) fn from_valid(year: i32, month: u32, day: u32) -> Date {
        Date {
            year,
            month: month as u8,
            day: day as u8,
            offset: None,
        }
    }

    /// The same date with another time zone (or none).
    pub fn with_offset(self, offset: Option<UtcOffset>) -> Date {
        Date { offset, ..self }
    }

    /// The year (astronomical numbering: 0 is 1 BCE).
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month, 1-12.
    pub fn month(&self) -> u32 {
        self.month.into()
    }
    /// The day of the month, 1-31.
    pub fn day(&self) -> u32 {
        self.day.into()
    }
    /// The time zone, if the value has one.
    pub fn offset(&self) -> Option<UtcOffset> {
        self.offset
    }

    /// Parses the `xs:date` lexical form, e.g. `2013-07-31` or `2013-07-31-07:00`.
    pub fn parse(s: &str) -> Result<Date, InvalidValue> {
        let err = || InvalidValue::new("xs:date", s);
        let mut c = Cursor::new(s);
        let date = c.date().ok_or_else(err)?;
        let offset = c.offset().ok_or_else(err)?;
        c.finished()
            .then_some(date.with_offset(offset))
            .ok_or_else(err)
    }

    /// Appends the canonical lexical form to `out`.
    pub fn write_to(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = self.write_lexical(out);
    }

    fn write_fields<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        if self.year < 0 {
            out.write_char('-')?;
        }
        let mut digits = itoa::Buffer::new();
        let year = digits.format(self.year.unsigned_abs());
        for _ in year.len()..4 {
            out.write_char('0')?;
        }
        out.write_str(year)?;
        out.write_char('-')?;
        two_digits(out, self.month.into())?;
        out.write_char('-')?;
        two_digits(out, self.day.into())
    }

    fn write_lexical<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        self.write_fields(out)?;
        self.offset.map_or(Ok(()), |o| o.write(out))
    }
}

impl Time {
    /// A time without time zone; `None` unless hour < 24 (or exactly 24:00:00),
    /// minute < 60, second < 60 and nanos < 1e9.
    pub fn from_hms_nano(hour: u32, minute: u32, second: u32, nanos: u32) -> Option<Time> {
        let end_of_day = hour == 24 && minute == 0 && second == 0 && nanos == 0;
        let valid =
            (hour < 24 || end_of_day) && minute < 60 && second < 60 && nanos < 1_000_000_000;
        valid.then_some(Time {
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanos,
            offset: None,
        })
    }

    /// For fields already known to be valid (from chrono).
    pub(super) fn from_valid(hour: u32, minute: u32, second: u32, nanos: u32) -> Time {
        Time {
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanos,
            offset: None,
        }
    }

    /// The same time with another time zone (or none).
    pub fn with_offset(self, offset: Option<UtcOffset>) -> Time {
        Time { offset, ..self }
    }

    /// The hour, 0-24 (24 only for `24:00:00`).
    pub fn hour(&self) -> u32 {
        self.hour.into()
    }
    /// The minute, 0-59.
    pub fn minute(&self) -> u32 {
        self.minute.into()
    }
    /// The second, 0-59.
    pub fn second(&self) -> u32 {
        self.second.into()
    }
    /// The fraction of the second in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }
    /// The time zone, if the value has one.
    pub fn offset(&self) -> Option<UtcOffset> {
        self.offset
    }

    /// Parses the `xs:time` lexical form, e.g. `12:38:47.25Z`.
    pub fn parse(s: &str) -> Result<Time, InvalidValue> {
        let err = || InvalidValue::new("xs:time", s);
        let mut c = Cursor::new(s);
        let time = c.time().ok_or_else(err)?;
        let offset = c.offset().ok_or_else(err)?;
        c.finished()
            .then_some(time.with_offset(offset))
            .ok_or_else(err)
    }

    /// Appends the canonical lexical form to `out`.
    pub fn write_to(&self, out: &mut String) {
        let _ = self.write_lexical(out);
    }

    fn write_fields<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        two_digits(out, self.hour.into())?;
        out.write_char(':')?;
        two_digits(out, self.minute.into())?;
        out.write_char(':')?;
        two_digits(out, self.second.into())?;
        if self.nanos != 0 {
            out.write_char('.')?;
            let mut digits = [0u8; 9];
            let mut n = self.nanos;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (n % 10) as u8;
                n /= 10;
            }
            let len = 9 - digits.iter().rev().take_while(|&&d| d == b'0').count();
            for &d in &digits[..len] {
                out.write_char(d as char)?;
            }
        }
        Ok(())
    }

    fn write_lexical<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        self.write_fields(out)?;
        self.offset.map_or(Ok(()), |o| o.write(out))
    }
}

impl DateTime {
    /// A date and time with the given time zone (the parts' own zones are ignored).
    pub fn new(date: Date, time: Time, offset: Option<UtcOffset>) -> DateTime {
        DateTime {
            date: date.with_offset(offset),
            time: time.with_offset(offset),
        }
    }

    /// The date part, with this value's time zone.
    pub fn date(&self) -> Date {
        self.date
    }
    /// The time part, with this value's time zone.
    pub fn time(&self) -> Time {
        self.time
    }
    /// The time zone, if the value has one.
    pub fn offset(&self) -> Option<UtcOffset> {
        self.date.offset
    }
    /// The same instant's fields with another time zone (or none); no conversion.
    pub fn with_offset(self, offset: Option<UtcOffset>) -> DateTime {
        DateTime::new(self.date, self.time, offset)
    }

    /// Parses the `xs:dateTime` lexical form, e.g. `2013-07-31T12:38:47-07:00`.
    pub fn parse(s: &str) -> Result<DateTime, InvalidValue> {
        let err = || InvalidValue::new("xs:dateTime", s);
        let mut c = Cursor::new(s);
        let date = c.date().ok_or_else(err)?;
        c.expect(b'T').ok_or_else(err)?;
        let time = c.time().ok_or_else(err)?;
        let offset = c.offset().ok_or_else(err)?;
        c.finished()
            .then_some(DateTime::new(date, time, offset))
            .ok_or_else(err)
    }

    /// Appends the canonical lexical form to `out`.
    pub fn write_to(&self, out: &mut String) {
        let _ = self.write_lexical(out);
    }

    fn write_lexical<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        self.date.write_fields(out)?;
        out.write_char('T')?;
        self.time.write_fields(out)?;
        self.offset().map_or(Ok(()), |o| o.write(out))
    }
}

macro_rules! lexical_traits {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.write_lexical(f)
            }
        }
        impl FromStr for $t {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, InvalidValue> {
                <$t>::parse(s)
            }
        }
    )*};
}
lexical_traits!(Date, Time, DateTime);

fn two_digits<W: fmt::Write>(out: &mut W, n: u32) -> fmt::Result {
    out.write_char((b'0' + (n / 10 % 10) as u8) as char)?;
    out.write_char((b'0' + (n % 10) as u8) as char)
}

fn is_leap(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: FromStr + fmt::Display>(s: &str) -> String
    where
        T::Err: fmt::Debug,
    {
        s.parse::<T>().expect(s).to_string()
    }

    #[test]
    fn date_times_round_trip_losslessly() {
        for s in [
            "2013-07-31T12:38:47-07:00",
            "2013-07-31T12:38:47Z",
            "2013-07-31T12:38:47+00:00",
            "2013-07-31T12:38:47",
            "2013-07-31T12:38:47.123456789+14:00",
            "2013-07-31T24:00:00",
            "-0044-03-15T12:00:00",
            "12345-01-01T00:00:00Z",
            "2012-02-29T00:00:00.5",
        ] {
            assert_eq!(round_trip::<DateTime>(s), s);
        }
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            round_trip::<DateTime>("2013-07-31T12:38:47.500"),
            "2013-07-31T12:38:47.5"
        );
        assert_eq!(
            round_trip::<DateTime>("2013-07-31T12:38:47.000Z"),
            "2013-07-31T12:38:47Z"
        );
        assert_eq!(
            round_trip::<DateTime>("2013-07-31T12:38:47-00:00"),
            "2013-07-31T12:38:47+00:00"
        );
        // Digits past nanoseconds are dropped.
        assert_eq!(
            round_trip::<Time>("01:02:03.1234567891"),
            "01:02:03.123456789"
        );
    }

    #[test]
    fn fields_and_offsets() {
        let dt: DateTime = "2013-07-31T12:38:47.25-07:30".parse().unwrap();
        assert_eq!(
            (dt.date().year(), dt.date().month(), dt.date().day()),
            (2013, 7, 31)
        );
        assert_eq!(
            (dt.time().hour(), dt.time().minute(), dt.time().second()),
            (12, 38, 47)
        );
        assert_eq!(dt.time().nanosecond(), 250_000_000);
        assert_eq!(dt.offset().map(UtcOffset::minutes), Some(-450));
        assert!(!dt.offset().unwrap().is_z());
        assert!(DateTime::parse("2013-07-31T12:38:47Z")
            .unwrap()
            .offset()
            .unwrap()
            .is_z());
        assert_eq!(dt.with_offset(None).to_string(), "2013-07-31T12:38:47.25");
        assert_eq!(UtcOffset::from_minutes(841), None);
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(round_trip::<Date>("2013-07-31"), "2013-07-31");
        assert_eq!(round_trip::<Date>("2013-07-31-05:00"), "2013-07-31-05:00");
        assert_eq!(round_trip::<Time>("23:59:59Z"), "23:59:59Z");
        let d = Date::from_ymd(2024, 2, 29)
            .unwrap()
            .with_offset(Some(UtcOffset::Z));
        assert_eq!(d.to_string(), "2024-02-29Z");
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(7, 1, 1).unwrap().to_string(), "0007-01-01");
        let t = Time::from_hms_nano(9, 5, 0, 1_000).unwrap();
        assert_eq!(t.to_string(), "09:05:00.000001");
    }

    #[test]
    fn invalid_forms_are_rejected() {
        for s in [
            "",
            "2013-07-31",
            "2013-07-31T12:38",
            "2013-7-31T12:38:47",
            "013-07-31T12:38:47",
            "02013-07-31T12:38:47",
            "2013-13-01T00:00:00",
            "2013-00-01T00:00:00",
            "2013-02-29T00:00:00",
            "1900-02-29T00:00:00",
            "2013-07-31T24:00:01",
            "2013-07-31T12:60:00",
            "2013-07-31T12:00:60",
            "2013-07-31T12:00:00.",
            "2013-07-31T12:00:00+15:00",
            "2013-07-31T12:00:00+01:60",
            "2013-07-31T12:00:00+0100",
            "2013-07-31T12:00:00Zx",
            "2013-07-31 12:00:00",
            " 2013-07-31T12:00:00",
            "2013-07-31T12:00:00\u{0}",
            "9999999999-01-01T00:00:00",
        ] {
            assert!(DateTime::parse(s).is_err(), "{s:?} should be rejected");
        }
        let e = DateTime::parse("soon").unwrap_err();
        assert_eq!(e.to_string(), "expected xs:dateTime, found \"soon\"");
        assert!(Date::parse("2013-07-31T00:00:00").is_err());
        assert!(Time::parse("1:00:00").is_err());
    }
}
