//! Wire benchmarks for one syncLead call, each beside a hand-written baseline measured in
//! the same run (BENCHMARKS.md, rows 1-3):
//!
//! 1. serialize the full request envelope (AuthenticationHeader, MktowsContextHeader, three
//!    attributes) into a reused buffer, vs a hand-written `push_str` writer of the same bytes;
//! 2. parse a `successSyncLead` response into the typed value, vs a hand-written roxmltree
//!    walk extracting the same fields;
//! 3. sign: timestamp, HMAC-SHA1 and hex (the free functions, and `Credentials` as calls
//!    use it).
//!
//! `cargo bench --bench wire`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mktows::runtime::envelope::decode_response;
use mktows::runtime::roxmltree;
use mktows::runtime::xml::{ComplexValue, XmlWriter};
use mktows::runtime::{request_timestamp_now, sign, Credentials};
use mktows::{
    write_sync_lead_envelope, Headers, LeadSyncStatus, Nillable, ParamsSyncLead, SuccessSyncLead,
};

mod common;

use common::{headers, measuring, paired, params, RESPONSE, SECRET, USER_ID};

// ---- Baseline 1: what a careful hand-written writer for this one request looks like. ----

/// Escapes element text the way any correct writer must (`& < >`, and `\r` so it survives).
fn push_text(out: &mut String, s: &str) {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'\r')) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

fn push_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    push_text(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Writes the envelope for `params` and `headers`, handling the fields this request uses
/// (Email, the attribute list, returnLead, both headers).
fn hand_write(out: &mut String, params: &ParamsSyncLead, headers: &Headers) {
    out.clear();
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Header>",
    );
    if let Some(auth) = &headers.authentication_header {
        out.push_str("<ns1:AuthenticationHeader>");
        push_element(out, "mktowsUserId", &auth.mktows_user_id);
        push_element(out, "requestSignature", &auth.request_signature);
        push_element(out, "requestTimestamp", &auth.request_timestamp);
        out.push_str("</ns1:AuthenticationHeader>");
    }
    if let Some(context) = &headers.mktows_context_header {
        out.push_str("<ns1:MktowsContextHeader>");
        push_element(out, "targetWorkspace", &context.target_workspace);
        out.push_str("</ns1:MktowsContextHeader>");
    }
    out.push_str("</SOAP-ENV:Header><SOAP-ENV:Body><ns1:paramsSyncLead><leadRecord>");
    let lead = &params.lead_record;
    if let Nillable::Value(email) = &lead.email {
        push_element(out, "Email", email);
    }
    if let Nillable::Value(list) = &lead.lead_attribute_list {
        out.push_str("<leadAttributeList>");
        for a in &list.attribute {
            out.push_str("<attribute>");
            push_element(out, "attrName", &a.attr_name);
            push_element(out, "attrValue", &a.attr_value);
            out.push_str("</attribute>");
        }
        out.push_str("</leadAttributeList>");
    }
    out.push_str("</leadRecord><returnLead>");
    out.push_str(if params.return_lead { "true" } else { "false" });
    out.push_str("</returnLead></ns1:paramsSyncLead></SOAP-ENV:Body></SOAP-ENV:Envelope>");
}

// ---- Baseline 2: a hand-written roxmltree walk extracting the same fields. ----

/// The fields of `SuccessSyncLead` this response carries.
#[derive(Debug, PartialEq)]
struct HandResult {
    lead_id: i32,
    status_lead_id: i32,
    status: LeadSyncStatus,
    error: Option<String>,
    lead_record_nil: bool,
}

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn is_nil(node: roxmltree::Node) -> bool {
    node.attribute((XSI, "nil")) == Some("true")
}

fn hand_parse(xml: &str) -> Option<HandResult> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let body = child(doc.root_element(), "Body")?;
    let result = child(child(body, "successSyncLead")?, "result")?;
    let sync_status = child(result, "syncStatus")?;
    let error = child(sync_status, "error");
    Some(HandResult {
        lead_id: child(result, "leadId")?.text()?.trim().parse().ok()?,
        status_lead_id: child(sync_status, "leadId")?.text()?.trim().parse().ok()?,
        status: match child(sync_status, "status")?.text()?.trim() {
            "CREATED" => LeadSyncStatus::Created,
            "UPDATED" => LeadSyncStatus::Updated,
            "FAILED" => LeadSyncStatus::Failed,
            other => LeadSyncStatus::Unknown(other.to_owned()),
        },
        error: match error {
            Some(e) if !is_nil(e) => Some(e.text().unwrap_or("").to_owned()),
            _ => None,
        },
        lead_record_nil: child(result, "leadRecord").is_some_and(is_nil),
    })
}

fn typed_parse(xml: &str) -> Result<SuccessSyncLead, mktows::Error> {
    decode_response(xml, "successSyncLead", SuccessSyncLead::read)
}

fn serialize(c: &mut Criterion) {
    let params = params("george@jungle.com");
    let headers = headers();
    let mut w = XmlWriter::with_capacity(2048);
    let mut hand = String::with_capacity(2048);
    write_sync_lead_envelope(&mut w, &params, &headers).expect("encodes");
    hand_write(&mut hand, &params, &headers);
    assert_eq!(w.as_str(), hand, "the baseline writes the same bytes");
    if std::env::var_os("MKTOWS_BENCH_PRINT").is_some() {
        println!("{}", w.as_str());
    }

    let mut g = c.benchmark_group("serialize_sync_lead");
    g.throughput(Throughput::Bytes(hand.len() as u64));
    g.bench_function("generated", |b| {
        b.iter(|| {
            w.clear();
            write_sync_lead_envelope(&mut w, black_box(&params), black_box(&headers))
                .expect("encodes");
            black_box(w.len())
        })
    });
    g.bench_function("baseline_push_str", |b| {
        b.iter(|| {
            hand_write(&mut hand, black_box(&params), black_box(&headers));
            black_box(hand.len())
        })
    });
    g.finish();
    if measuring() {
        let p = paired(
            300,
            2_000,
            || {
                w.clear();
                write_sync_lead_envelope(&mut w, black_box(&params), black_box(&headers))
                    .expect("encodes");
            },
            || hand_write(&mut hand, black_box(&params), black_box(&headers)),
        );
        println!(
            "paired serialize: generated {:.0} ns, baseline {:.0} ns, ratio {:.2}",
            p.a_ns, p.b_ns, p.ratio
        );
    }
}

fn parse(c: &mut Criterion) {
    let typed = typed_parse(RESPONSE).expect("decodes").result;
    let hand = hand_parse(RESPONSE).expect("parses");
    assert_eq!(
        hand,
        HandResult {
            lead_id: typed.lead_id,
            status_lead_id: typed.sync_status.lead_id,
            status: typed.sync_status.status.clone(),
            error: typed.sync_status.error.as_option().cloned(),
            lead_record_nil: typed.lead_record == Nillable::Nil,
        },
        "the baseline extracts the same fields"
    );
    assert_eq!(
        (hand.lead_id, &hand.status),
        (1089965, &LeadSyncStatus::Updated)
    );

    let mut g = c.benchmark_group("parse_success_sync_lead");
    g.throughput(Throughput::Bytes(RESPONSE.len() as u64));
    g.bench_function("generated", |b| {
        b.iter(|| typed_parse(black_box(RESPONSE)).expect("decodes"))
    });
    g.bench_function("baseline_roxmltree_walk", |b| {
        b.iter(|| hand_parse(black_box(RESPONSE)).expect("parses"))
    });
    // What both share: parsing the document alone (the floor for either).
    g.bench_function("roxmltree_parse_only", |b| {
        b.iter(|| {
            roxmltree::Document::parse(black_box(RESPONSE))
                .expect("parses")
                .descendants()
                .count()
        })
    });
    g.finish();
    if measuring() {
        let p = paired(
            300,
            300,
            || {
                black_box(typed_parse(black_box(RESPONSE)).expect("decodes"));
            },
            || {
                black_box(hand_parse(black_box(RESPONSE)).expect("parses"));
            },
        );
        println!(
            "paired parse: generated {:.0} ns, baseline {:.0} ns, ratio {:.2}",
            p.a_ns, p.b_ns, p.ratio
        );
    }
}

fn signing(c: &mut Criterion) {
    let ts = "2013-08-01T18:22:30-07:00";
    assert_eq!(
        sign(SECRET, ts, "demo17_1_809934544BFABAE58E5D27"),
        "b5e21953ae9f1b263e644da5eccce9ff33802513"
    );
    let mut g = c.benchmark_group("sign");
    g.bench_function("timestamp_hmac_hex", |b| {
        b.iter(|| {
            let ts = request_timestamp_now();
            sign(black_box(SECRET), &ts, black_box(USER_ID))
        })
    });
    g.bench_function("timestamp_only", |b| b.iter(request_timestamp_now));
    g.bench_function("hmac_hex_only", |b| {
        b.iter(|| sign(black_box(SECRET), black_box(ts), black_box(USER_ID)))
    });
    // What a call does: `Credentials` keep the keyed HMAC state (no re-keying) and reuse
    // the signature while the clock stays in the same second.
    let credentials = Credentials::new(USER_ID, SECRET);
    g.bench_function("credentials_sign_at", |b| {
        b.iter(|| credentials.sign_at(black_box(ts)))
    });
    g.bench_function("credentials_sign_now", |b| {
        b.iter(|| credentials.sign_now())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50);
    targets = serialize, parse, signing
}
criterion_main!(benches);
