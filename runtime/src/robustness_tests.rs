//! No input panics: random strings over an alphabet that hits the parsers' edge
//! cases go through every parser and reader (deterministic, so failures reproduce).

use crate::envelope::decode_response;
use crate::test_support::read_success_sync_lead;
use crate::value::{Base64Binary, Date, DateTime, Decimal, Time};
use crate::xml::{escape_for_tests, SimpleValue};

/// xorshift64*: deterministic pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn string(&mut self, alphabet: &[&str], max_len: u64) -> String {
        let len = self.next() % (max_len + 1);
        (0..len)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
            .collect()
    }
}

const LEXICAL: &[&str] = &[
    "0", "1", "2", "4", "9", "-", "+", ":", ".", "T", "Z", "e", "E", " ", "\n", "INF", "NaN",
    "\u{FFFF}", "é", "1999", "-12-31", "24:00:00", "\u{0}", "=", "/",
];

const MARKUP: &[&str] = &[
    "<",
    ">",
    "/",
    "=",
    "\"",
    "'",
    "&",
    ";",
    "amp",
    "#",
    "x",
    "1",
    " ",
    "\n",
    "SOAP-ENV:",
    "Envelope",
    "Body",
    "Fault",
    "detail",
    "code",
    "faultstring",
    "successSyncLead",
    "result",
    "leadId",
    "syncStatus",
    "status",
    " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE",
    "xsi:nil=\"true\"",
    "\u{1}",
    "é",
    "<?xml version=\"1.0\"?>",
];

#[test]
fn lexical_parsers_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let s = rng.string(LEXICAL, 40);
        let _ = DateTime::parse(&s);
        let _ = Date::parse(&s);
        let _ = Time::parse(&s);
        let _ = Base64Binary::parse(&s);
        let _ = s.parse::<Decimal>();
        let _ = i32::parse_text(&s);
        let _ = u64::parse_text(&s);
        let _ = f64::parse_text(&s);
        let _ = bool::parse_text(&s);
        let _ = escape_for_tests(&s);
        if let Ok(dt) = DateTime::parse(&s) {
            // Whatever parses writes back to something that parses to the same value.
            assert_eq!(DateTime::parse(&dt.to_string()), Ok(dt), "{s:?}");
            let _ = dt.to_chrono();
        }
    }
}

#[test]
fn response_decoding_never_panics() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..5_000 {
        let s = rng.string(MARKUP, 60);
        let _ = decode_response(&s, "successSyncLead", read_success_sync_lead);
        let wrapped = format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{s}</s:Body></s:Envelope>"
        );
        let _ = decode_response(&wrapped, "successSyncLead", read_success_sync_lead);
    }
}
