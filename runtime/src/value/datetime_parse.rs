//! The hand parser for the `xs:date`, `xs:time` and `xs:dateTime` lexical forms:
//! a byte cursor, so parsing allocates nothing and rejects anything the schema does
//! not allow (including surrounding whitespace, which callers trim).

use super::datetime::{Date, Time, UtcOffset};

/// A byte cursor for the lexical forms; every method returns `None` on a mismatch.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            pos: 0,
        }
    }

    pub(super) fn finished(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    /// A run of digits (at most `max`), returned with its length.
    fn digits(&mut self, max: usize) -> Option<(u64, usize)> {
        let start = self.pos;
        let mut value = 0u64;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.pos - start == max {
                return None;
            }
            value = value * 10 + u64::from(b - b'0');
            self.pos += 1;
        }
        let len = self.pos - start;
        (len > 0).then_some((value, len))
    }

    fn exactly(&mut self, n: usize) -> Option<u32> {
        let (v, len) = self.digits(n)?;
        (len == n).then_some(v as u32)
    }

    pub(super) fn date(&mut self) -> Option<Date> {
        let negative = self.expect(b'-').is_some();
        let year_start = self.pos;
        let (year, len) = self.digits(9)?;
        // Four digits at least; more only without a leading zero.
        if len < 4 || (len > 4 && self.bytes[year_start] == b'0') {
            return None;
        }
        let year = if negative {
            -(year as i64)
        } else {
            year as i64
        } as i32;
        self.expect(b'-')?;
        let month = self.exactly(2)?;
        self.expect(b'-')?;
        let day = self.exactly(2)?;
        Date::from_ymd(year, month, day)
    }

    pub(super) fn time(&mut self) -> Option<Time> {
        let hour = self.exactly(2)?;
        self.expect(b':')?;
        let minute = self.exactly(2)?;
        self.expect(b':')?;
        let second = self.exactly(2)?;
        let mut nanos = 0;
        if self.expect(b'.').is_some() {
            let start = self.pos;
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
            let digits = &self.bytes[start..self.pos];
            if digits.is_empty() {
                return None;
            }
            for i in 0..9 {
                nanos = nanos * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'));
            }
        }
        Time::from_hms_nano(hour, minute, second, nanos)
    }

    /// The optional time zone: `Some(None)` when absent, `None` when malformed.
    pub(super) fn offset(&mut self) -> Option<Option<UtcOffset>> {
        let sign = match self.peek() {
            None => return Some(None),
            Some(b'Z') => {
                self.pos += 1;
                return Some(Some(UtcOffset::Z));
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return None,
        };
        self.pos += 1;
        let hours = self.exactly(2)?;
        self.expect(b':')?;
        let minutes = self.exactly(2)?;
        if minutes > 59 {
            return None;
        }
        let total = (hours * 60 + minutes) as i16;
        UtcOffset::from_minutes(sign * total).map(Some)
    }
}
