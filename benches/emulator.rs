//! Emulator (BENCHMARKS.md, row 5):
//!
//! - syncLead calls/s with 1, 10 and 50 concurrent clients, each its own `mktows::Client`
//!   (own connection) making sequential calls, against an in-process emulator on the same
//!   tokio runtime (two workers: client and server share the machine's two cores);
//! - memory per stored lead: live heap bytes (a counting global allocator) added by
//!   syncing 100,000 new leads through syncMultipleLeads batches of 300, printed (not a
//!   criterion timing). It runs only under `cargo bench` (`--bench`), not `cargo test`.
//!
//! `cargo bench --bench emulator`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use mktows::{
    ArrayOfAttribute, ArrayOfLeadRecord, Attribute, LeadRecord, ParamsSyncLead,
    ParamsSyncMultipleLeads,
};
use mktows_emulator::{Emulator, EmulatorConfig, RunningEmulator, MAX_SYNC_BATCH};

mod common;

use common::measuring;

/// Live heap bytes, process-wide.
static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: every call is forwarded unchanged to `System`; only a counter is updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const LEADS: usize = 100_000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn start(rt: &tokio::runtime::Runtime) -> RunningEmulator {
    rt.block_on(Emulator::start(
        EmulatorConfig::default(),
        "127.0.0.1:0".parse().expect("address"),
    ))
    .expect("emulator starts")
}

fn lead(email: String) -> LeadRecord {
    let attribute = |name: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_value: value.into(),
        ..Default::default()
    };
    LeadRecord {
        email: email.into(),
        lead_attribute_list: ArrayOfAttribute {
            attribute: vec![
                attribute("FirstName", "George"),
                attribute("LastName", "of the Jungle"),
                attribute("Company", "Jungle & Vine"),
            ],
        }
        .into(),
        ..Default::default()
    }
}

fn calls_per_second(c: &mut Criterion) {
    let rt = runtime();
    let emulator = start(&rt);
    let mut g = c.benchmark_group("emulator_sync_lead");
    g.throughput(Throughput::Elements(1));
    for clients in [1usize, 10, 50] {
        // Each client updates its own lead (created by the first call).
        let clients: Vec<_> = (0..clients)
            .map(|i| {
                let client = Arc::new(emulator.client().expect("client"));
                let params = Arc::new(ParamsSyncLead {
                    lead_record: lead(format!("bench-{i}@example.com")),
                    ..Default::default()
                });
                (client, params)
            })
            .collect();
        g.bench_with_input(
            BenchmarkId::new("concurrent_clients", clients.len()),
            &clients,
            |b, clients| {
                b.iter_custom(|iters| {
                    let n = clients.len() as u64;
                    rt.block_on(async {
                        let started = Instant::now();
                        let tasks: Vec<_> = clients
                            .iter()
                            .enumerate()
                            .map(|(i, (client, params))| {
                                // Spread `iters` calls over the clients.
                                let calls = iters / n + u64::from((i as u64) < iters % n);
                                let (client, params) = (Arc::clone(client), Arc::clone(params));
                                tokio::spawn(async move {
                                    for _ in 0..calls {
                                        client.sync_lead(&params).send().await.expect("syncLead");
                                    }
                                })
                            })
                            .collect();
                        for task in tasks {
                            task.await.expect("client task");
                        }
                        started.elapsed()
                    })
                })
            },
        );
    }
    g.finish();
    rt.block_on(emulator.shutdown()).expect("shutdown");
}

/// Live heap bytes after the process has settled.
fn live_after_settling() -> isize {
    std::thread::sleep(Duration::from_millis(200));
    LIVE.load(Ordering::Relaxed)
}

/// Resident set size in bytes (Linux), 0 where unknown.
fn rss() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn memory_per_lead() {
    let rt = runtime();
    let emulator = start(&rt);
    let client = emulator.client().expect("client");
    let mut next = 0usize;
    let mut batch = |count: usize| {
        let records: Vec<_> = (next..next + count)
            .map(|i| lead(format!("lead-{i:06}@example.com")))
            .collect();
        next += count;
        ParamsSyncMultipleLeads {
            lead_record_list: ArrayOfLeadRecord {
                lead_record: records,
            },
            ..Default::default()
        }
    };
    // Warm up: connection, buffers and the store's first allocations.
    let warm = batch(MAX_SYNC_BATCH);
    rt.block_on(client.sync_multiple_leads(&warm).send())
        .expect("warm-up batch");
    drop(warm);
    let before = live_after_settling();
    let rss_before = rss();
    let started = Instant::now();
    let mut synced = 0;
    while synced < LEADS {
        let n = MAX_SYNC_BATCH.min(LEADS - synced);
        let params = batch(n);
        let out = rt
            .block_on(client.sync_multiple_leads(&params).send())
            .expect("batch");
        assert_eq!(out.result.sync_status_list.sync_status.len(), n);
        synced += n;
    }
    let elapsed = started.elapsed();
    let after = live_after_settling();
    let rss_added = rss().saturating_sub(rss_before);
    assert_eq!(emulator.lead_count(), LEADS + MAX_SYNC_BATCH);
    let added = after - before;
    const MIB: f64 = 1024.0 * 1024.0;
    println!(
        "emulator memory: {LEADS} leads (Email + 3 attributes each) added {:.1} MiB of live heap: \
         {} bytes/lead ({:.1} MiB per 100k leads; RSS grew {:.1} MiB); \
         synced in {:.2} s ({:.0} leads/s)",
        added as f64 / MIB,
        added / LEADS as isize,
        added as f64 / MIB * 100_000.0 / LEADS as f64,
        rss_added as f64 / MIB,
        elapsed.as_secs_f64(),
        LEADS as f64 / elapsed.as_secs_f64(),
    );
    rt.block_on(emulator.shutdown()).expect("shutdown");
}

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(20)
        .configure_from_args();
    if measuring() {
        memory_per_lead();
    }
    calls_per_second(&mut criterion);
    criterion.final_summary();
}
