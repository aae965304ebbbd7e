//! The bounded CI smoke run of response decoding over mutated responses (the
//! `decode_response` fuzz target under `fuzz/` is the unbounded version): no input makes
//! a decoder panic.

mod support;

use support::responses::*;

use mktows::runtime::envelope::decode_response;
use mktows::runtime::xml::{parse_document, ComplexValue};
use mktows::{Response, SuccessSyncLead};

// --- bounded smoke run of response decoding over mutated responses ----------------------

/// xorshift64*: a deterministic stream of numbers, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SNIPPETS: &[&str] = &[
    "<",
    ">",
    "</result>",
    "<leadId>",
    "<leadId>-2147483649</leadId>",
    "<status>FAILED</status>",
    "<status></status>",
    "<syncStatus/>",
    " xsi:nil=\"true\"",
    " xsi:nil=\"1\"",
    " xsi:type=\"ns1:Nope\"",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&bogus;",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<!DOCTYPE x>",
    "<SOAP-ENV:Fault><faultstring>20023 - x</faultstring></SOAP-ENV:Fault>",
    "<detail><code>abc</code></detail>",
    "\u{FEFF}",
    "\u{0}",
    "é",
    " xmlns=\"urn:x\"",
    " xmlns:ns1=\"\"",
];

/// One mutation of `seed`: byte flips, a cut, a snippet inserted, a span removed or repeated.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(len + 1)),
            2 => {
                let i = rng.below(len + 1);
                let s = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                data.splice(i..i, s.iter().copied());
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                data.drain(a..b);
            }
            4 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(256)).min(len);
                let span = data[a..b].to_vec();
                data.splice(b..b, span);
            }
            _ if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            _ => {}
        }
    }
    data
}

/// Decodes `xml` every way a client or the emulator does; never panics by contract.
fn decode_all_ways(xml: &str) {
    let _ = decode_response(
        xml,
        "successSyncLead",
        <SuccessSyncLead as ComplexValue>::read,
    );
    if let Ok(doc) = parse_document(xml) {
        for node in doc.descendants().filter(|n| n.is_element()).take(8) {
            let _ = Response::read_body(node);
            let _ = mktows::Request::read_body(node);
        }
    }
}

#[test]
fn fuzz_smoke_response_decoding_never_panics() {
    const CASES: usize = 4000;
    let seeds = [
        SEED_RESPONSE.to_owned(),
        RETURN_LEAD_RESPONSE.to_owned(),
        fault(20105, "Unknown lead field"),
        with_lead_id("abc"),
    ];
    // The seeds themselves: two successes, a fault, a type error.
    assert!(decode_response(&seeds[0], "successSyncLead", SuccessSyncLead::read).is_ok());
    let lead = decode_response(&seeds[1], "successSyncLead", SuccessSyncLead::read)
        .expect("the returnLead seed decodes");
    assert!(!lead.result.lead_record.is_nil());
    let mut rng = Rng(0x6d6b_746f_7773_0001);
    let mut outcomes = [0usize; 2];
    for case in 0..CASES {
        let seed = seeds[case % seeds.len()].as_bytes();
        let data = mutate(&mut rng, seed);
        let text = String::from_utf8_lossy(&data).into_owned();
        let result = std::panic::catch_unwind(|| {
            decode_all_ways(&text);
            decode_response(&text, "successSyncLead", SuccessSyncLead::read).is_ok()
        });
        match result {
            Ok(ok) => outcomes[usize::from(ok)] += 1,
            Err(_) => panic!("case {case}: decoding panicked on {text:?}"),
        }
    }
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
