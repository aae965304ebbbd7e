//! The optional service limits: rate (20023), concurrency (20024) and daily quota (20015).

mod common;

use std::time::Duration;

use common::*;
use mktows_emulator::{EmulatorConfig, Limits, RateLimit};

async fn outcomes(client: &mktows::Client, n: usize) -> Vec<Result<(), u32>> {
    let mut out = Vec::new();
    for i in 0..n {
        let p = params(by_email(&format!("l{i}@example.com")));
        out.push(match client.sync_lead(&p).send().await {
            Ok(_) => Ok(()),
            Err(e) => Err(e.fault().and_then(|f| f.code).unwrap_or(0)),
        });
    }
    out
}

#[tokio::test]
async fn rate_limit_20023() {
    let mut config = EmulatorConfig::default();
    config.limits.rate = Some(RateLimit {
        calls: 3,
        window: Duration::from_secs(60),
    });
    let emu = start(config).await;
    let client = emu.client().expect("client");
    assert_eq!(
        outcomes(&client, 5).await,
        [Ok(()), Ok(()), Ok(()), Err(20023), Err(20023)]
    );
    assert_eq!(emu.lead_count(), 3);
}

#[tokio::test]
async fn concurrency_limit_20024() {
    let mut config = EmulatorConfig::default();
    config.limits.concurrency = Some(2);
    // Each call takes two seconds, so six calls sent together overlap.
    config.response_delay = Duration::from_secs(2);
    let emu = start(config).await;
    let client = emu.client().expect("client");
    let calls = (0..6).map(|i| {
        // A client (and connection pool) per task, so the calls really overlap.
        let client = emu.client().expect("client");
        tokio::spawn(async move {
            let p = params(by_email(&format!("c{i}@example.com")));
            client
                .sync_lead(&p)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| e.fault().and_then(|f| f.code))
        })
    });
    let mut ok = 0;
    let mut limited = 0;
    for call in calls.collect::<Vec<_>>() {
        match call.await.expect("task") {
            Ok(()) => ok += 1,
            Err(Some(20024)) => limited += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((ok, limited), (2, 4));
    // Once the calls are done there is room again.
    assert_eq!(outcomes(&client, 1).await, [Ok(())]);
}

#[tokio::test]
async fn daily_quota_20015() {
    let config = EmulatorConfig {
        limits: Limits {
            daily_quota: Some(2),
            ..Limits::default()
        },
        ..EmulatorConfig::default()
    };
    let emu = start(config).await;
    let client = emu.client().expect("client");
    assert_eq!(outcomes(&client, 3).await, [Ok(()), Ok(()), Err(20015)]);
}

#[test]
fn marketo_limits_are_the_documented_ones() {
    let l = Limits::marketo();
    assert_eq!(
        l.rate,
        Some(RateLimit {
            calls: 100,
            window: Duration::from_secs(20)
        })
    );
    assert_eq!((l.concurrency, l.daily_quota), (Some(10), Some(10_000)));
    assert_eq!(
        Limits::default(),
        Limits {
            rate: None,
            concurrency: None,
            daily_quota: None
        }
    );
}
