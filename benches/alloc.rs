//! Allocations per syncLead call on the client side (BENCHMARKS.md, row 6), counted by a
//! global allocator in this binary and printed (not criterion timings):
//!
//! - writing the envelope into a reused `XmlWriter`, with fixed headers and with the
//!   headers a call resolves (fresh timestamp and signature);
//! - decoding the documented `successSyncLead` response;
//! - the whole `client.sync_lead(&params).workspace("Default").send()` through the HTTP
//!   client against a canned-response server on loopback, and a bare reqwest POST of the
//!   same bytes for comparison. The server's threads are not counted.
//!
//! `cargo bench --bench alloc`

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use mktows::runtime::envelope::decode_response;
use mktows::runtime::xml::{ComplexValue, XmlWriter};
use mktows::{write_sync_lead_envelope, Client, Credentials, Endpoint, SuccessSyncLead};
use reqwest::header::CONTENT_TYPE;

mod common;

use common::{headers, measuring, params, CannedServer, RESPONSE, SECRET, SOAP_ACTION, USER_ID};

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Set on threads whose allocations are not the client's (the canned server).
    static UNCOUNTED: Cell<bool> = const { Cell::new(false) };
}

fn counted() -> bool {
    !UNCOUNTED.try_with(Cell::get).unwrap_or(false)
}

fn record(bytes: usize) {
    if counted() {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
    }
}

struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation counts as one allocation of the new size.
        record(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` `warm_up` times, then `calls` times counted; prints and returns the
/// allocations and bytes per call.
fn per_call(what: &str, warm_up: u32, calls: u32, mut f: impl FnMut()) -> (f64, f64) {
    for _ in 0..warm_up {
        f();
    }
    let (a0, b0) = (
        ALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for _ in 0..calls {
        f();
    }
    let allocs = (ALLOCS.load(Ordering::Relaxed) - a0) as f64 / f64::from(calls);
    let bytes = (BYTES.load(Ordering::Relaxed) - b0) as f64 / f64::from(calls);
    println!("alloc: {what:<58} {allocs:>7.1} allocations {bytes:>9.0} bytes per call");
    (allocs, bytes)
}

fn main() {
    // Under `cargo test --benches` run each measurement briefly.
    let calls = if measuring() { 5_000 } else { 50 };
    let params = params("george@jungle.com");
    let fixed_headers = headers();
    let mut w = XmlWriter::with_capacity(2048);

    per_call(
        "write envelope (fixed headers, reused buffer)",
        10,
        calls * 10,
        || {
            w.clear();
            write_sync_lead_envelope(&mut w, &params, &fixed_headers).expect("encodes");
        },
    );

    let server = CannedServer::start(RESPONSE, || UNCOUNTED.with(|u| u.set(true)));
    let client = Client::marketo(
        Endpoint::new(&server.url).expect("endpoint"),
        Credentials::new(USER_ID, SECRET),
    )
    .expect("client");
    per_call(
        "write envelope (signed per call: call.write_envelope)",
        10,
        calls * 10,
        || {
            w.clear();
            client
                .sync_lead(&params)
                .workspace("Default")
                .write_envelope(&mut w)
                .expect("encodes");
        },
    );
    per_call("decode successSyncLead response", 10, calls * 10, || {
        let out =
            decode_response(RESPONSE, "successSyncLead", SuccessSyncLead::read).expect("decodes");
        assert_eq!(out.result.lead_id, 1089965);
    });

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    per_call(
        "full call: client.sync_lead(..).send() over HTTP",
        200,
        calls,
        || {
            let out = rt
                .block_on(client.sync_lead(&params).workspace("Default").send())
                .expect("typed call");
            assert_eq!(out.result.lead_id, 1089965);
        },
    );

    let envelope = w.as_str().to_owned();
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    per_call(
        "baseline: bare reqwest POST of the same bytes + body",
        200,
        calls,
        || {
            rt.block_on(async {
                let response = bare
                    .post(&server.url)
                    .header(CONTENT_TYPE, "text/xml; charset=utf-8")
                    .header("SOAPAction", SOAP_ACTION)
                    .body(envelope.clone())
                    .send()
                    .await
                    .expect("POST");
                assert_eq!(response.bytes().await.expect("body").len(), RESPONSE.len());
            })
        },
    );
}
