//! Credentials and request signing for the `AuthenticationHeader`.
//!
//! Marketo signs each request with lowercase hex HMAC-SHA1, keyed with the account's
//! secret ("encryption key", never sent), over `requestTimestamp + mktowsUserId`.
//! The timestamp is fresh per request: the service rejects stale ones (fault 20016).

use std::fmt;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{KeyInit, Mac};

use crate::error::Error;

type HmacSha1 = hmac::Hmac<sha1::Sha1>;

/// The environment variable holding the user id for [`Credentials::from_env`].
pub const ENV_USER_ID: &str = "MKTOWS_USER_ID";
/// The environment variable holding the secret for [`Credentials::from_env`].
pub const ENV_SECRET: &str = "MKTOWS_SECRET";

/// A Marketo SOAP user id and its secret. `Debug` never shows the secret.
pub struct Credentials {
    user_id: String,
    secret: String,
    /// HMAC-SHA1 with the secret already absorbed (its inner and outer pads hashed): each
    /// signature clones it instead of keying anew, which saves 2 of the 5 SHA-1
    /// compressions per signature.
    keyed: HmacSha1,
    /// The last signature `sign_now` made and the Unix second it is for. The signature
    /// covers only the timestamp (whole seconds) and the user id, so every request in
    /// that second gets the same one: reusing it is the same result without the work.
    last_signed: Mutex<Option<(u64, Signature)>>,
}

impl Clone for Credentials {
    fn clone(&self) -> Self {
        Credentials {
            user_id: self.user_id.clone(),
            secret: self.secret.clone(),
            keyed: self.keyed.clone(),
            last_signed: Mutex::new(None),
        }
    }
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        // `keyed` follows from `secret`; `last_signed` is a cache.
        self.user_id == other.user_id && self.secret == other.secret
    }
}

impl Eq for Credentials {}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user_id", &self.user_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// Credentials from a user id (e.g. `demo17_1_809934544BFABAE58E5D27`) and secret.
    pub fn new(user_id: impl Into<String>, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        Credentials {
            user_id: user_id.into(),
            keyed: keyed_mac(&secret),
            secret,
            last_signed: Mutex::new(None),
        }
    }

    /// Reads `MKTOWS_USER_ID` and `MKTOWS_SECRET`. The error names the variable that
    /// is missing, empty or not Unicode, never its value.
    pub fn from_env() -> Result<Self, Error> {
        Ok(Credentials::new(
            env_var(ENV_USER_ID)?,
            env_var(ENV_SECRET)?,
        ))
    }

    /// The user id (`mktowsUserId`).
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// Signs a request made at `timestamp` (as written in `requestTimestamp`).
    pub fn sign_at(&self, timestamp: impl Into<String>) -> Signature {
        let timestamp = timestamp.into();
        let mut mac = self.keyed.clone();
        mac.update(timestamp.as_bytes());
        mac.update(self.user_id.as_bytes());
        let signature = lower_hex(&mac.finalize().into_bytes());
        Signature {
            user_id: self.user_id.clone(),
            timestamp,
            signature,
        }
    }

    /// Signs a request made now: call once per request (and per retry attempt).
    pub fn sign_now(&self) -> Signature {
        self.sign_at_time(SystemTime::now())
    }

    /// `sign_now` at `now`: the signature of the second `now` falls in, reused from the
    /// previous call when that was in the same second.
    fn sign_at_time(&self, now: SystemTime) -> Signature {
        let timestamp =
            || format_timestamp(&chrono::DateTime::<chrono::Local>::from(now).fixed_offset());
        // Before 1970 there is no second to key the cache with (and no real clock is there).
        let Ok(second) = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs()) else {
            return self.sign_at(timestamp());
        };
        // A poisoned lock only means another thread panicked while holding it: the cache
        // is then bypassed, never trusted.
        if let Ok(last) = self.last_signed.lock() {
            if let Some((signed_second, signature)) = last.as_ref() {
                if *signed_second == second {
                    return signature.clone();
                }
            }
        }
        let signature = self.sign_at(timestamp());
        if let Ok(mut last) = self.last_signed.lock() {
            *last = Some((second, signature.clone()));
        }
        signature
    }

    /// Whether `signature` is this account's signature of `timestamp + user_id`
    /// (for servers and emulators; compares in constant time).
    pub fn verify(&self, timestamp: &str, user_id: &str, signature: &str) -> bool {
        let Some(bytes) = decode_hex(signature.trim()) else {
            return false;
        };
        let mut mac = self.keyed.clone();
        mac.update(timestamp.as_bytes());
        mac.update(user_id.as_bytes());
        mac.verify_slice(&bytes).is_ok()
    }
}

/// Reads a required, non-empty environment variable.
pub(crate) fn env_var(name: &str) -> Result<String, Error> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        Ok(_) => Err(Error::Config(format!(
            "environment variable {name} is empty"
        ))),
        Err(std::env::VarError::NotPresent) => Err(Error::Config(format!(
            "environment variable {name} is not set"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config(format!(
            "environment variable {name} is not valid Unicode"
        ))),
    }
}

/// The values for one request's `AuthenticationHeader`. Not secret: the signature
/// is sent in the clear and is only valid for its timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `mktowsUserId`.
    pub user_id: String,
    /// `requestTimestamp`, e.g. `2013-07-31T12:38:47-07:00`.
    pub timestamp: String,
    /// `requestSignature`: lowercase hex HMAC-SHA1.
    pub signature: String,
}

/// Lowercase hex HMAC-SHA1 keyed with `secret` over `timestamp + user_id`.
pub fn sign(secret: &str, timestamp: &str, user_id: &str) -> String {
    lower_hex(&mac(secret, timestamp, user_id).finalize().into_bytes())
}

fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 0x0F)]));
    }
    hex
}

/// Whether `signature` (hex, either case) is the signature of `timestamp + user_id`;
/// compares in constant time.
pub fn verify(secret: &str, timestamp: &str, user_id: &str, signature: &str) -> bool {
    let Some(bytes) = decode_hex(signature.trim()) else {
        return false;
    };
    mac(secret, timestamp, user_id).verify_slice(&bytes).is_ok()
}

fn keyed_mac(secret: &str) -> HmacSha1 {
    // HMAC takes keys of any length, so this never fails; an empty MAC is the
    // unreachable fallback that keeps the function panic-free.
    HmacSha1::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| HmacSha1::new(&Default::default()))
}

fn mac(secret: &str, timestamp: &str, user_id: &str) -> HmacSha1 {
    let mut mac = keyed_mac(secret);
    mac.update(timestamp.as_bytes());
    mac.update(user_id.as_bytes());
    mac
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let nibble = |b: u8| char::from(b).to_digit(16).map(|d| d as u8);
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// The current time for `requestTimestamp`: whole seconds with the local numeric
/// offset, e.g. `2013-07-31T12:38:47-07:00` (UTC is written `+00:00`, not `Z`).
pub fn request_timestamp_now() -> String {
    format_timestamp(&chrono::Local::now().fixed_offset())
}

/// `YYYY-MM-DDThh:mm:ss±hh:mm`, written digit by digit: this runs once per request (and
/// per retry), and `write!` costs about 20 times as much.
fn format_timestamp(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::{Datelike, Timelike};
    let year = match u32::try_from(t.year()) {
        Ok(year) if year <= 9999 => year,
        // Outside four digits: chrono's own formatting, whatever it writes.
        _ => return t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    };
    let offset = t.offset().local_minus_utc();
    let (sign, offset) = if offset < 0 {
        ('-', offset.unsigned_abs())
    } else {
        ('+', offset.unsigned_abs())
    };
    let mut out = String::with_capacity(25);
    push_digits(&mut out, year, 4);
    for (separator, value) in [
        ('-', t.month()),
        ('-', t.day()),
        ('T', t.hour()),
        (':', t.minute()),
        (':', t.second()),
        (sign, offset / 3600),
        (':', offset % 3600 / 60),
    ] {
        out.push(separator);
        push_digits(&mut out, value, 2);
    }
    out
}

/// Appends the last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "demo17_1_809934544BFABAE58E5D27";
    const SECRET: &str = "27272727aa";

    #[test]
    fn timestamps_are_written_like_the_documentation() {
        use chrono::{FixedOffset, TimeZone};
        let pdt = FixedOffset::west_opt(7 * 3600).unwrap();
        let t = pdt.with_ymd_and_hms(2013, 7, 31, 12, 38, 47).unwrap();
        assert_eq!(format_timestamp(&t), "2013-07-31T12:38:47-07:00");
        let t = FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .unwrap();
        assert_eq!(format_timestamp(&t), "2026-01-02T03:04:05+00:00");
        let ist = FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap();
        let t = ist.with_ymd_and_hms(2026, 11, 23, 23, 59, 59).unwrap();
        assert_eq!(format_timestamp(&t), "2026-11-23T23:59:59+05:30");
        // The same as chrono's own formatting, now.
        let now = chrono::Local::now().fixed_offset();
        assert_eq!(
            format_timestamp(&now),
            now.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
        );
    }

    #[test]
    fn timestamps_agree_with_chronos_formatting() {
        use chrono::{FixedOffset, TimeZone};
        let offsets = [
            0,
            -7 * 3600,
            5 * 3600 + 30 * 60,
            -(9 * 3600 + 30 * 60),
            14 * 3600,
        ];
        let times = [
            (1, 1, 1, 0, 0, 0),
            (999, 12, 31, 23, 59, 59),
            (1970, 1, 1, 0, 0, 0),
            (2024, 2, 29, 12, 5, 9),
            (9999, 12, 31, 23, 59, 59),
            (10000, 1, 1, 0, 0, 0),
            (-44, 3, 15, 10, 0, 0),
        ];
        for seconds in offsets {
            let zone = FixedOffset::east_opt(seconds).unwrap();
            for (y, mo, d, h, mi, s) in times {
                let t = zone.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
                assert_eq!(
                    format_timestamp(&t),
                    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
                );
            }
        }
    }

    #[test]
    fn credentials_sign_like_the_free_function() {
        let creds = Credentials::new(USER, SECRET);
        for ts in ["", "2013-08-01T18:22:30-07:00", "x"] {
            let signed = creds.sign_at(ts);
            assert_eq!(signed.signature, sign(SECRET, ts, USER));
            assert!(creds.verify(ts, USER, &signed.signature));
            assert!(!creds.verify(ts, "other", &signed.signature));
        }
        // A long secret (over the 64-byte block) is hashed first, as HMAC requires.
        let long = "k".repeat(100);
        assert_eq!(
            Credentials::new(USER, long.as_str()).sign_at("t").signature,
            sign(&long, "t", USER)
        );
        let a = Credentials::new(USER, SECRET);
        assert_eq!(a.clone(), a);
        assert_ne!(a, Credentials::new(USER, "other"));
    }

    #[test]
    fn signatures_are_reused_only_within_their_second() {
        use std::time::Duration;
        let creds = Credentials::new(USER, SECRET);
        let second = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let first = creds.sign_at_time(second + Duration::from_millis(100));
        assert_eq!(first.signature, sign(SECRET, &first.timestamp, USER));
        assert_eq!(
            creds.sign_at_time(second + Duration::from_millis(900)),
            first
        );
        let next = creds.sign_at_time(second + Duration::from_millis(1000));
        assert_ne!(next.timestamp, first.timestamp);
        assert_eq!(next.signature, sign(SECRET, &next.timestamp, USER));
        // Going back (the clock was set back) signs that second anew.
        assert_eq!(creds.sign_at_time(second), first);
        // A clone starts with no cached signature, and signs the same.
        assert_eq!(creds.clone().sign_at_time(second), first);
        // Before 1970: no cache, still signed.
        let early = creds.sign_at_time(UNIX_EPOCH - Duration::from_secs(86_400));
        assert!(
            early.timestamp.starts_with("1969-12-3"),
            "{}",
            early.timestamp
        );
        assert_eq!(early.signature, sign(SECRET, &early.timestamp, USER));
    }

    #[test]
    fn documented_signing_vectors() {
        assert_eq!(
            sign(SECRET, "2013-08-01T18:22:30-07:00", USER),
            "b5e21953ae9f1b263e644da5eccce9ff33802513"
        );
        assert_eq!(
            sign(SECRET, "2013-08-05T09:57:10-07:00", USER),
            "0737b707c4022bb90122e7a1dbc79a2dbfbcd5ca"
        );
        let creds = Credentials::new(USER, SECRET);
        let s = creds.sign_at("2013-08-05T09:57:10-07:00");
        assert_eq!(s.user_id, USER);
        assert_eq!(s.signature, "0737b707c4022bb90122e7a1dbc79a2dbfbcd5ca");
    }

    #[test]
    fn verification() {
        let ts = "2013-08-01T18:22:30-07:00";
        assert!(verify(
            SECRET,
            ts,
            USER,
            "b5e21953ae9f1b263e644da5eccce9ff33802513"
        ));
        assert!(verify(
            SECRET,
            ts,
            USER,
            "B5E21953AE9F1B263E644DA5ECCCE9FF33802513"
        ));
        assert!(!verify(
            SECRET,
            ts,
            USER,
            "b5e21953ae9f1b263e644da5eccce9ff33802514"
        ));
        assert!(!verify(
            "other",
            ts,
            USER,
            "b5e21953ae9f1b263e644da5eccce9ff33802513"
        ));
        assert!(!verify(SECRET, ts, USER, "zz"));
        assert!(!verify(SECRET, ts, USER, "abc"));
        assert!(Credentials::new(USER, SECRET).verify(
            ts,
            USER,
            "b5e21953ae9f1b263e644da5eccce9ff33802513"
        ));
    }

    #[test]
    fn debug_redacts_the_secret() {
        let creds = Credentials::new(USER, SECRET);
        let debug = format!("{creds:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains(USER));
        assert!(debug.contains("secret: \"<redacted>\""), "{debug}");
        assert!(!format!("{:?}", creds.sign_now()).contains(SECRET));
    }

    #[test]
    fn timestamp_shape() {
        let ts = request_timestamp_now();
        // YYYY-MM-DDThh:mm:ss±hh:mm
        assert_eq!(ts.len(), 25, "{ts}");
        let b = ts.as_bytes();
        assert_eq!(
            (b[4], b[7], b[10], b[13], b[16], b[22]),
            (b'-', b'-', b'T', b':', b':', b':')
        );
        assert!(b[19] == b'+' || b[19] == b'-', "{ts}");
        assert!(crate::value::DateTime::parse(&ts)
            .unwrap()
            .offset()
            .is_some_and(|o| !o.is_z()));
        let sig = Credentials::new(USER, SECRET).sign_now();
        assert_eq!(sig.signature, sign(SECRET, &sig.timestamp, USER));
    }

    #[test]
    fn from_env_names_the_missing_variable() {
        // Only this test touches these variables.
        std::env::remove_var(ENV_USER_ID);
        std::env::remove_var(ENV_SECRET);
        let e = Credentials::from_env().unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration error: environment variable MKTOWS_USER_ID is not set"
        );
        std::env::set_var(ENV_USER_ID, USER);
        let e = Credentials::from_env().unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration error: environment variable MKTOWS_SECRET is not set"
        );
        std::env::set_var(ENV_SECRET, SECRET);
        assert_eq!(
            Credentials::from_env().unwrap(),
            Credentials::new(USER, SECRET)
        );
        std::env::remove_var(ENV_USER_ID);
        std::env::remove_var(ENV_SECRET);
    }
}
