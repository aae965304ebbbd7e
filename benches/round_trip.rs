//! Round trip (BENCHMARKS.md, row 4): sequential keep-alive syncLead calls against a
//! minimal canned-response HTTP/1.1 server on loopback, started by the bench:
//!
//! - `typed_sync_lead`: `client.sync_lead(&params).workspace("Default").send()` with the
//!   client users get (`mktows::Client::marketo`: signing, envelope, timeouts, decode);
//! - `bare_reqwest_post`: the baseline, a `reqwest::Client` POST of the same envelope bytes
//!   and headers, reading the body; nothing else;
//! - `bare_reqwest_post_with_timeouts`: the same with reqwest's own whole-call and connect
//!   timeouts, to show what a timer costs on its own (the runtime sets one tokio timer);
//! - `bare_reqwest_post_parsed_url`: the baseline given a parsed `Url` instead of the
//!   string, as the runtime does (reqwest otherwise parses the string on every request).
//!
//! All run on one current-thread tokio runtime (the connection task runs on the calling
//! thread), one connection each, reused. Throughput is reported per call.
//!
//! `cargo bench --bench round_trip`

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mktows::runtime::xml::XmlWriter;
use mktows::{Client, Credentials, Endpoint};
use reqwest::header::CONTENT_TYPE;

mod common;

use common::{measuring, paired, params, CannedServer, RESPONSE, SECRET, SOAP_ACTION, USER_ID};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

async fn bare_post(http: &reqwest::Client, url: impl reqwest::IntoUrl, envelope: &str) -> usize {
    let response = http
        .post(url)
        .header(CONTENT_TYPE, "text/xml; charset=utf-8")
        .header("SOAPAction", SOAP_ACTION)
        .body(envelope.to_owned())
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    response.bytes().await.expect("body").len()
}

fn round_trip(c: &mut Criterion) {
    let server = CannedServer::start(RESPONSE, || {});
    let rt = runtime();
    let params = params("george@jungle.com");
    let client = Client::marketo(
        Endpoint::new(&server.url).expect("endpoint"),
        Credentials::new(USER_ID, SECRET),
    )
    .expect("client");
    // The baseline sends the bytes the typed client sends (signed once, reused).
    let call = client.sync_lead(&params).workspace("Default");
    let mut w = XmlWriter::with_capacity(2048);
    call.write_envelope(&mut w).expect("encodes");
    let envelope = w.into_string();
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let bare_timeouts = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(mktows::runtime::DEFAULT_TIMEOUT)
        .connect_timeout(Duration::from_secs(30))
        .build()
        .expect("reqwest client");
    rt.block_on(async {
        let out = client
            .sync_lead(&params)
            .workspace("Default")
            .send()
            .await
            .expect("typed call");
        assert_eq!(out.result.lead_id, 1089965);
        assert_eq!(
            bare_post(&bare, &server.url, &envelope).await,
            RESPONSE.len()
        );
    });

    let mut g = c.benchmark_group("round_trip_sync_lead");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typed_sync_lead", |b| {
        b.iter(|| {
            rt.block_on(async {
                client
                    .sync_lead(&params)
                    .workspace("Default")
                    .send()
                    .await
                    .expect("typed call")
            })
        })
    });
    g.bench_function("bare_reqwest_post", |b| {
        b.iter(|| rt.block_on(bare_post(&bare, &server.url, &envelope)))
    });
    g.bench_function("bare_reqwest_post_with_timeouts", |b| {
        b.iter(|| rt.block_on(bare_post(&bare_timeouts, &server.url, &envelope)))
    });
    let parsed_url = reqwest::Url::parse(&server.url).expect("URL");
    g.bench_function("bare_reqwest_post_parsed_url", |b| {
        b.iter(|| rt.block_on(bare_post(&bare, parsed_url.clone(), &envelope)))
    });
    g.finish();
    if measuring() {
        let p = paired(
            300,
            20,
            || {
                rt.block_on(client.sync_lead(&params).workspace("Default").send())
                    .expect("typed call");
            },
            || {
                rt.block_on(bare_post(&bare, &server.url, &envelope));
            },
        );
        println!(
            "paired round trip: typed {:.1} us ({:.0} calls/s), bare POST {:.1} us ({:.0} calls/s), ratio {:.2}",
            p.a_ns / 1e3,
            1e9 / p.a_ns,
            p.b_ns / 1e3,
            1e9 / p.b_ns,
            p.ratio
        );
        let p = paired(
            300,
            20,
            || {
                rt.block_on(client.sync_lead(&params).workspace("Default").send())
                    .expect("typed call");
            },
            || {
                rt.block_on(bare_post(&bare, parsed_url.clone(), &envelope));
            },
        );
        println!(
            "paired round trip: typed {:.1} us, bare POST with a parsed Url {:.1} us, ratio {:.2}",
            p.a_ns / 1e3,
            p.b_ns / 1e3,
            p.ratio
        );
    }
    // One connection per client (plus none extra) shows keep-alive worked throughout.
    println!(
        "round_trip: {} connections accepted for 3 clients",
        server.connections()
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(30);
    targets = round_trip
}
criterion_main!(benches);
