//! Retries under load: clients with a retry policy against an emulator enforcing a rate
//! limit (20023) and a concurrency limit (20024). Transient faults are retried with backoff
//! and a fresh signature until every call succeeds, exactly once; final faults are not
//! retried.
//!
//! What each attempt sent is recorded by a `HeaderSource` that signs (asked once per
//! attempt), and why each retry happened by a tracing subscriber that keeps the runtime's
//! "retrying" events.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use mktows::runtime::Credentials;
use mktows::{
    ArrayOfAttribute, Attribute, AuthenticationHeaderInfo, ClientBuilder, Endpoint, HeaderSource,
    LeadRecord, LeadSyncStatus, Nillable, ParamsSyncLead, RetryPolicy,
};
use mktows_emulator::{Emulator, EmulatorConfig, Limits, RateLimit, RunningEmulator};

/// The whole of each test must finish within this (a hang is a failure, not a stuck CI).
const TEST_DEADLINE: Duration = Duration::from_secs(60);

const RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 30,
    initial_backoff: Duration::from_millis(50),
    max_backoff: Duration::from_millis(500),
    multiplier: 2.0,
};

// --- what each attempt sent -------------------------------------------------------------------

/// One attempt's signed header, and when it was made.
#[derive(Debug, Clone)]
struct Attempt {
    made_at: SystemTime,
    timestamp: String,
    signature: String,
}

/// Signs every attempt with the account's credentials, as `Credentials` does, and records it.
#[derive(Clone)]
struct Recorder {
    credentials: Credentials,
    attempts: Arc<Mutex<Vec<Attempt>>>,
}

impl Recorder {
    fn new(credentials: Credentials) -> Self {
        Recorder {
            credentials,
            attempts: Arc::default(),
        }
    }

    fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().expect("attempts").clone()
    }

    fn count(&self) -> usize {
        self.attempts.lock().expect("attempts").len()
    }
}

impl HeaderSource for Recorder {
    fn authentication_header(&self) -> Option<AuthenticationHeaderInfo> {
        let signed = self.credentials.sign_now();
        self.attempts.lock().expect("attempts").push(Attempt {
            made_at: SystemTime::now(),
            timestamp: signed.timestamp.clone(),
            signature: signed.signature.clone(),
        });
        Some(AuthenticationHeaderInfo {
            mktows_user_id: signed.user_id,
            request_signature: signed.signature,
            request_timestamp: signed.timestamp,
            audit: None,
            mode: None,
        })
    }
}

/// A typed client for `emu` with the retry policy, signing through a recorder.
fn recording_client(emu: &RunningEmulator) -> (mktows::Client, Recorder) {
    let transport = ClientBuilder::new(Endpoint::new(&emu.url()).expect("endpoint"))
        .timeout(Duration::from_secs(20))
        .retry(RETRY)
        .build()
        .expect("transport");
    let recorder = Recorder::new(emu.credentials());
    (mktows::Client::new(transport, recorder.clone()), recorder)
}

/// Checks that every attempt of a call was signed anew: a valid signature of its own
/// timestamp, made within a second of the attempt (whole-second timestamps), never earlier
/// than the attempt before it.
fn assert_freshly_signed(credentials: &Credentials, attempts: &[Attempt]) {
    let user = credentials.user_id();
    let mut previous: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    for a in attempts {
        assert!(
            credentials.verify(&a.timestamp, user, &a.signature),
            "a signature that is not this timestamp's: {a:?}"
        );
        let at = chrono::DateTime::parse_from_rfc3339(&a.timestamp).expect("a timestamp");
        let made: chrono::DateTime<chrono::Utc> = a.made_at.into();
        let lag = made.signed_duration_since(at);
        assert!(
            lag >= chrono::TimeDelta::zero() && lag < chrono::TimeDelta::seconds(2),
            "not signed when sent: {a:?} (lag {lag})"
        );
        if let Some(p) = previous {
            assert!(at >= p, "a timestamp older than the attempt before it");
        }
        previous = Some(at);
    }
}

// --- why each retry happened --------------------------------------------------------------------

/// The worker threads of the load test's runtime: retry events from them are the load
/// test's (the other tests run beside it, on threads of their own).
const LOAD_WORKER: &str = "load-retry-worker";

/// The `error` of every "mktows call failed, retrying" event the runtime emitted on a
/// thread named [`LOAD_WORKER`].
fn retry_causes() -> &'static Mutex<Vec<String>> {
    static CAUSES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    let causes = CAUSES.get_or_init(Mutex::default);
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(RetryEvents)
            .expect("the only subscriber of this test binary");
    });
    causes
}

/// A minimal subscriber: keeps the runtime's retry events, ignores everything else.
struct RetryEvents;

#[derive(Default)]
struct Fields {
    message: String,
    error: String,
}

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "error" => self.error = format!("{value:?}"),
            _ => {}
        }
    }
}

impl tracing::Subscriber for RetryEvents {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("mktows_runtime")
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let on_load_worker = std::thread::current().name() == Some(LOAD_WORKER);
        if on_load_worker && fields.message == "mktows call failed, retrying" {
            retry_causes().lock().expect("causes").push(fields.error);
        }
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// The fault code a retry event's error names ("SOAP fault SOAP-ENV:Client: 20023 - ...").
fn fault_code_of(error: &str) -> Option<u32> {
    let (_, rest) = error.split_once("SOAP fault ")?;
    let (_, faultstring) = rest.split_once(": ")?;
    let digits: String = faultstring
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

// --- the load test ------------------------------------------------------------------------------

const CLIENTS: usize = 8;
const CALLS_PER_CLIENT: usize = 15;
/// Each client's calls go round its own leads, so every lead is written several times.
const LEADS_PER_CLIENT: usize = 5;

fn email(client: usize, lead: usize) -> String {
    format!("load-{client}-{lead}@example.com")
}

/// The FirstName the `call`-th call of `client` writes (the last call per lead wins).
fn value(client: usize, call: usize) -> String {
    format!("client {client} call {call}")
}

fn sync_params(email: &str, first_name: &str) -> ParamsSyncLead {
    ParamsSyncLead {
        lead_record: LeadRecord {
            email: email.into(),
            lead_attribute_list: Nillable::Value(ArrayOfAttribute {
                attribute: vec![Attribute {
                    attr_name: "FirstName".into(),
                    attr_type: Nillable::Absent,
                    attr_value: first_name.into(),
                }],
            }),
            ..LeadRecord::default()
        },
        return_lead: false,
        ..ParamsSyncLead::default()
    }
}

async fn start(config: EmulatorConfig) -> RunningEmulator {
    Emulator::start(config, "127.0.0.1:0".parse().expect("address"))
        .await
        .expect("the emulator starts")
}

/// One client's calls, in order; returns each call's attempts.
async fn run_client(
    client: mktows::Client,
    recorder: Recorder,
    index: usize,
) -> Vec<(LeadSyncStatus, Vec<Attempt>)> {
    let mut out = Vec::new();
    for call in 0..CALLS_PER_CLIENT {
        let before = recorder.count();
        let params = sync_params(&email(index, call % LEADS_PER_CLIENT), &value(index, call));
        let result = client.sync_lead(&params).send().await;
        let attempts = recorder.attempts()[before..].to_vec();
        match result {
            Ok(success) => out.push((success.result.sync_status.status, attempts)),
            Err(e) => panic!(
                "client {index} call {call} failed after {} attempts: {e}",
                attempts.len()
            ),
        }
    }
    out
}

#[test]
fn concurrent_sync_lead_under_rate_and_concurrency_limits_is_retried_to_success() {
    let causes = retry_causes();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name(LOAD_WORKER)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(load_test(causes));
}

async fn load_test(causes: &Mutex<Vec<String>>) {
    let config = EmulatorConfig {
        limits: Limits {
            rate: Some(RateLimit {
                calls: 40,
                window: Duration::from_secs(1),
            }),
            concurrency: Some(3),
            daily_quota: None,
        },
        response_delay: Duration::from_millis(20),
        ..EmulatorConfig::default()
    };
    let emu = start(config).await;
    let credentials = emu.credentials();

    let run = async {
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|index| {
                // A client (and connection pool) per task, so calls really overlap.
                let (client, recorder) = recording_client(&emu);
                tokio::spawn(run_client(client, recorder, index))
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("a client task"));
        }
        results
    };
    let results = tokio::time::timeout(TEST_DEADLINE, run)
        .await
        .expect("all calls finished within the deadline");

    // Every call succeeded, each lead was created once and then updated.
    let mut attempts_total = 0;
    let mut calls_retried = 0;
    for (index, calls) in results.iter().enumerate() {
        assert_eq!(calls.len(), CALLS_PER_CLIENT);
        for (call, (status, attempts)) in calls.iter().enumerate() {
            let expected = if call < LEADS_PER_CLIENT {
                LeadSyncStatus::Created
            } else {
                LeadSyncStatus::Updated
            };
            assert_eq!(*status, expected, "client {index} call {call}");
            assert!(!attempts.is_empty(), "each attempt is signed");
            assert_freshly_signed(&credentials, attempts);
            attempts_total += attempts.len();
            calls_retried += usize::from(attempts.len() > 1);
        }
    }
    let calls_total = CLIENTS * CALLS_PER_CLIENT;
    let retries = attempts_total - calls_total;

    // The limits were hit, and every retry was for one of them.
    let causes = causes.lock().expect("causes").clone();
    let codes: Vec<Option<u32>> = causes.iter().map(|c| fault_code_of(c)).collect();
    let rate_limited = codes.iter().filter(|c| **c == Some(20023)).count();
    let concurrency_limited = codes.iter().filter(|c| **c == Some(20024)).count();
    let most = results
        .iter()
        .flatten()
        .map(|(_, a)| a.len())
        .max()
        .unwrap_or(0);
    eprintln!(
        "{calls_total} calls, {attempts_total} attempts ({calls_retried} calls retried, at most \
         {most} attempts): {rate_limited} x 20023, {concurrency_limited} x 20024"
    );
    assert!(rate_limited > 0, "no call hit the rate limit: {causes:?}");
    assert!(
        concurrency_limited > 0,
        "no call hit the concurrency limit: {causes:?}"
    );
    assert_eq!(
        rate_limited + concurrency_limited,
        causes.len(),
        "retries for something other than the limits: {causes:?}"
    );
    assert_eq!(
        causes.len(),
        retries,
        "one retry event per extra attempt ({calls_retried} calls retried)"
    );

    // Every lead is present exactly once, with the value of its last write.
    assert_eq!(emu.lead_count(), CLIENTS * LEADS_PER_CLIENT);
    let mut by_email: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lead in emu.leads() {
        let first_name = lead
            .attributes
            .get("FirstName")
            .unwrap_or_default()
            .to_owned();
        by_email
            .entry(lead.email.clone().expect("an email"))
            .or_default()
            .push(first_name);
    }
    for index in 0..CLIENTS {
        for lead in 0..LEADS_PER_CLIENT {
            let last_call = (0..CALLS_PER_CLIENT)
                .filter(|call| call % LEADS_PER_CLIENT == lead)
                .max()
                .expect("a call per lead");
            assert_eq!(
                by_email.get(&email(index, lead)),
                Some(&vec![value(index, last_call)]),
                "lead {} once, with its last value",
                email(index, lead)
            );
        }
    }
    emu.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn each_retry_carries_a_fresh_signature() {
    // One call per 3 s, and timestamps accepted only 2 s either way: the second call is
    // refused (20023) until the window moves on, so its attempts span seconds and a reused
    // signature would be stale (20016) by the time the window has room.
    let config = EmulatorConfig {
        limits: Limits {
            rate: Some(RateLimit {
                calls: 1,
                window: Duration::from_secs(3),
            }),
            ..Limits::default()
        },
        clock_skew: Duration::from_secs(2),
        ..EmulatorConfig::default()
    };
    let emu = start(config).await;
    let (client, recorder) = recording_client(&emu);
    let run = async {
        for (i, address) in ["fresh-1@example.com", "fresh-2@example.com"]
            .iter()
            .enumerate()
        {
            let before = recorder.count();
            client
                .sync_lead(&sync_params(address, "x"))
                .send()
                .await
                .unwrap_or_else(|e| panic!("call {i}: {e}"));
            if i == 1 {
                return recorder.attempts()[before..].to_vec();
            }
        }
        unreachable!()
    };
    let attempts = tokio::time::timeout(TEST_DEADLINE, run)
        .await
        .expect("within the deadline");
    assert!(attempts.len() > 1, "the second call was retried");
    assert_freshly_signed(&emu.credentials(), &attempts);
    let signatures: std::collections::BTreeSet<_> =
        attempts.iter().map(|a| a.signature.as_str()).collect();
    assert!(
        signatures.len() > 1,
        "retries over more than a second must not repeat one signature: {attempts:?}"
    );
    assert_eq!(emu.lead_count(), 2);
    emu.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_connection_error_is_retried_with_backoff_and_fresh_signatures() {
    // A port nothing listens on: every attempt is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let policy = RetryPolicy {
        max_attempts: 4,
        ..RETRY
    };
    let transport = ClientBuilder::new(
        Endpoint::new(&format!("http://127.0.0.1:{port}/soap/mktows/2_2")).expect("endpoint"),
    )
    .retry(policy)
    .build()
    .expect("transport");
    let credentials = Credentials::new("user", "secret");
    let recorder = Recorder::new(credentials.clone());
    let client = mktows::Client::new(transport, recorder.clone());
    let started = std::time::Instant::now();
    let e = tokio::time::timeout(
        TEST_DEADLINE,
        client.sync_lead(&sync_params("x@example.com", "x")).send(),
    )
    .await
    .expect("within the deadline")
    .unwrap_err();
    assert!(matches!(e, mktows::Error::Transport { .. }), "{e:?}");
    assert_eq!(recorder.count(), 4, "every attempt made and signed anew");
    assert_freshly_signed(&credentials, &recorder.attempts());
    // Backoff: at least half of each of the three waits (50, 100, 200 ms before jitter).
    assert!(started.elapsed() >= Duration::from_millis(175));
}

#[tokio::test]
async fn a_final_fault_is_not_retried() {
    let emu = start(EmulatorConfig::default()).await;
    let (client, recorder) = recording_client(&emu);
    let mut params = sync_params("final@example.com", "x");
    if let Nillable::Value(list) = &mut params.lead_record.lead_attribute_list {
        list.attribute[0].attr_name = "NoSuchField".into();
    }
    let e = tokio::time::timeout(TEST_DEADLINE, client.sync_lead(&params).send())
        .await
        .expect("within the deadline")
        .unwrap_err();
    assert_eq!(e.fault().and_then(|f| f.code), Some(20105), "{e:?}");
    assert!(!e.is_transient());
    assert_eq!(recorder.count(), 1, "exactly one attempt");
    assert_eq!(emu.lead_count(), 0, "nothing changed");
    emu.shutdown().await.expect("shutdown");
}
