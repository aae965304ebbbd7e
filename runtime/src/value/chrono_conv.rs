//! Conversions between the lossless schema values and chrono's types.
//!
//! Into the schema values they are exact (an offset that is not a whole number of
//! minutes, which XML Schema cannot write, is converted to UTC instead). Out of them
//! they can fail: chrono needs an offset for an instant and supports years up to
//! ±262143; chrono's leap seconds are clamped to :59.999999999.

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc,
};

use super::datetime::{Date, DateTime, Time, UtcOffset};

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Date {
        // chrono's dates are a subset of ours.
        Date::from_valid(d.year(), d.month(), d.day())
    }
}

impl From<NaiveTime> for Time {
    fn from(t: NaiveTime) -> Time {
        // chrono's leap-second nanos (>= 1e9) have no schema form: clamp.
        Time::from_valid(
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond().min(999_999_999),
        )
    }
}

impl From<NaiveDateTime> for DateTime {
    /// A date-time without time zone.
    fn from(dt: NaiveDateTime) -> DateTime {
        DateTime::new(dt.date().into(), dt.time().into(), None)
    }
}

impl From<chrono::DateTime<Utc>> for DateTime {
    /// Written with `Z`.
    fn from(dt: chrono::DateTime<Utc>) -> DateTime {
        DateTime::from(dt.naive_utc()).with_offset(Some(UtcOffset::Z))
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    /// Written with the numeric offset (`+00:00` for UTC).
    fn from(dt: chrono::DateTime<FixedOffset>) -> DateTime {
        let seconds = dt.offset().fix().local_minus_utc();
        match i16::try_from(seconds / 60)
            .ok()
            .and_then(UtcOffset::from_minutes)
        {
            Some(offset) if seconds % 60 == 0 => {
                DateTime::from(dt.naive_local()).with_offset(Some(offset))
            }
            _ => DateTime::from(dt.with_timezone(&Utc)),
        }
    }
}

impl From<UtcOffset> for FixedOffset {
    fn from(o: UtcOffset) -> FixedOffset {
        FixedOffset::east_opt(i32::from(o.minutes()) * 60).unwrap_or(Utc.fix())
    }
}

impl Date {
    /// The calendar date, ignoring the time zone; `None` outside chrono's range.
    pub fn to_naive(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year(), self.month(), self.day())
    }
}

impl Time {
    /// The wall-clock time, ignoring the time zone (`24:00:00` becomes `00:00:00`).
    pub fn to_naive(&self) -> Option<NaiveTime> {
        NaiveTime::from_hms_nano_opt(
            self.hour() % 24,
            self.minute(),
            self.second(),
            self.nanosecond(),
        )
    }
}

impl DateTime {
    /// The wall-clock date and time, ignoring the time zone (`24:00:00` becomes
    /// midnight of the next day); `None` outside chrono's range.
    pub fn to_naive(&self) -> Option<NaiveDateTime> {
        let date = self.date().to_naive()?;
        let time = self.time().to_naive()?;
        let date = if self.time().hour() == 24 {
            date.succ_opt()?
        } else {
            date
        };
        Some(date.and_time(time))
    }

    /// The instant with its offset; `None` without a time zone or outside chrono's range.
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let offset = FixedOffset::from(self.offset()?);
        offset.from_local_datetime(&self.to_naive()?).single()
    }

    /// The instant in UTC; `None` without a time zone or outside chrono's range.
    pub fn to_utc(&self) -> Option<chrono::DateTime<Utc>> {
        self.to_chrono().map(|dt| dt.with_timezone(&Utc))
    }
}

impl TryFrom<DateTime> for chrono::DateTime<FixedOffset> {
    type Error = super::InvalidValue;

    fn try_from(dt: DateTime) -> Result<Self, Self::Error> {
        dt.to_chrono().ok_or_else(|| {
            super::InvalidValue::new(
                "a date-time with a time zone, in chrono's range",
                &dt.to_string(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_chrono() {
        let fixed = chrono::DateTime::parse_from_rfc3339("2013-07-31T12:38:47.5-07:00").unwrap();
        assert_eq!(
            DateTime::from(fixed).to_string(),
            "2013-07-31T12:38:47.5-07:00"
        );
        let utc = fixed.with_timezone(&Utc);
        assert_eq!(DateTime::from(utc).to_string(), "2013-07-31T19:38:47.5Z");
        let zero = utc.fixed_offset();
        assert_eq!(
            DateTime::from(zero).to_string(),
            "2013-07-31T19:38:47.5+00:00"
        );
        assert_eq!(
            DateTime::from(fixed.naive_local()).to_string(),
            "2013-07-31T12:38:47.5"
        );
        // Offsets with seconds cannot be written: the same instant in UTC instead.
        let odd = FixedOffset::east_opt(3600 + 30).unwrap();
        let dt = odd.with_ymd_and_hms(2020, 1, 1, 1, 0, 30).unwrap();
        assert_eq!(DateTime::from(dt).to_string(), "2020-01-01T00:00:00Z");
    }

    #[test]
    fn to_chrono() {
        let dt = DateTime::parse("2013-07-31T12:38:47-07:00").unwrap();
        let c = dt.to_chrono().unwrap();
        assert_eq!(c.to_rfc3339(), "2013-07-31T12:38:47-07:00");
        assert_eq!(
            dt.to_utc().unwrap().to_rfc3339(),
            "2013-07-31T19:38:47+00:00"
        );
        assert_eq!(chrono::DateTime::<FixedOffset>::try_from(dt).unwrap(), c);

        let local = DateTime::parse("2013-07-31T12:38:47").unwrap();
        assert!(local.to_chrono().is_none());
        assert!(chrono::DateTime::<FixedOffset>::try_from(local).is_err());
        assert_eq!(local.to_naive().unwrap().to_string(), "2013-07-31 12:38:47");

        let end = DateTime::parse("2013-12-31T24:00:00Z").unwrap();
        assert_eq!(
            end.to_utc().unwrap().to_rfc3339(),
            "2014-01-01T00:00:00+00:00"
        );
        assert!(DateTime::parse("999999-01-01T00:00:00Z")
            .unwrap()
            .to_chrono()
            .is_none());

        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(Date::from(d.to_naive().unwrap()), d);
        let t = Time::parse("23:59:59.001").unwrap();
        assert_eq!(Time::from(t.to_naive().unwrap()), t);
    }
}
