//! What the benchmarks share: the syncLead request and response they use, and a minimal
//! canned-response HTTP/1.1 server on loopback.
// Each bench uses part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mktows::{
    ArrayOfAttribute, Attribute, AuthenticationHeaderInfo, Headers, LeadRecord,
    MktowsContextHeaderInfo, ParamsSyncLead,
};

/// The documented example user id (shared/seeds/syncLead.ko.md).
pub const USER_ID: &str = "bigcorp1_461839624B16E06BA2D663";
/// A secret for signing (never sent).
pub const SECRET: &str = "27272727aa";

/// The documented syncLead response (shared/seeds/syncLead.ko.md), indentation included.
pub const RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <ns1:successSyncLead>
      <result>
        <leadId>1089965</leadId>
        <syncStatus>
          <leadId>1089965</leadId>
          <status>UPDATED</status>
          <error xsi:nil="true" />
        </syncStatus>
        <leadRecord xsi:nil="true" />
      </result>
    </ns1:successSyncLead>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"#;

/// The SOAPAction header value of syncLead.
pub const SOAP_ACTION: &str = "\"http://www.marketo.com/mktows/syncLead\"";

/// syncLead params: Email and three attributes (one value needs escaping), returnLead false.
pub fn params(email: &str) -> ParamsSyncLead {
    let attribute = |name: &str, value: &str| Attribute {
        attr_name: name.into(),
        attr_value: value.into(),
        ..Default::default()
    };
    ParamsSyncLead {
        lead_record: LeadRecord {
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
        },
        return_lead: false,
        ..Default::default()
    }
}

/// Both headers syncLead takes, with the documented example's signature.
pub fn headers() -> Headers {
    Headers {
        authentication_header: Some(AuthenticationHeaderInfo {
            mktows_user_id: USER_ID.into(),
            request_signature: "92f05a7be4838ae1c0e5aafe814891ee72968a08".into(),
            request_timestamp: "2013-07-31T12:38:47-07:00".into(),
            ..Default::default()
        }),
        mktows_context_header: Some(MktowsContextHeaderInfo {
            target_workspace: "Default".into(),
        }),
    }
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with the same
/// 200 response (with Content-Length), one thread per connection. It runs until the
/// process ends.
pub struct CannedServer {
    /// `http://127.0.0.1:PORT/soap/mktows/2_2`.
    pub url: String,
    connections: Arc<AtomicUsize>,
}

impl CannedServer {
    /// Starts the server; `on_thread_start` runs first on each of its threads (the
    /// allocation bench uses it to leave the server's allocations uncounted).
    pub fn start(body: &str, on_thread_start: fn()) -> CannedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let url = format!(
            "http://{}/soap/mktows/2_2",
            listener.local_addr().expect("local address")
        );
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body.as_bytes());
        let response: Arc<[u8]> = response.into();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        std::thread::spawn(move || {
            on_thread_start();
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::Relaxed);
                let response = Arc::clone(&response);
                std::thread::spawn(move || {
                    on_thread_start();
                    serve(stream, &response);
                });
            }
        });
        CannedServer { url, connections }
    }

    /// How many connections were accepted so far (1 per client when keep-alive works).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }
}

fn serve(mut stream: TcpStream, response: &[u8]) {
    let _ = stream.set_nodelay(true);
    let mut buf = vec![0u8; 64 * 1024];
    let mut filled = 0;
    loop {
        if let Some(len) = request_len(&buf[..filled]) {
            if stream.write_all(response).is_err() {
                return;
            }
            buf.copy_within(len..filled, 0);
            filled -= len;
            continue;
        }
        if filled == buf.len() {
            return; // a request larger than the buffer: not for this server
        }
        match stream.read(&mut buf[filled..]) {
            Ok(0) | Err(_) => return,
            Ok(n) => filled += n,
        }
    }
}

/// The length of the complete request at the start of `buf` (head + Content-Length body).
fn request_len(buf: &[u8]) -> Option<usize> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let body_len = head
        .split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let total = head_end + body_len;
    (buf.len() >= total).then_some(total)
}

/// Medians of a paired comparison (see [`paired`]).
#[derive(Debug, Clone, Copy)]
pub struct Paired {
    /// Median time per iteration of `a`, in nanoseconds.
    pub a_ns: f64,
    /// Median time per iteration of `b`, in nanoseconds.
    pub b_ns: f64,
    /// Median of the per-round ratios a/b.
    pub ratio: f64,
}

/// Times `a` and `b` in alternating rounds of `per_round` iterations each (the order
/// flips every round) and returns medians. On a shared or noisy machine this ratio is
/// steadier than two separately measured criterion means: both sides see the same
/// interference.
pub fn paired(rounds: usize, per_round: u32, mut a: impl FnMut(), mut b: impl FnMut()) -> Paired {
    let time = |f: &mut dyn FnMut()| {
        let started = std::time::Instant::now();
        for _ in 0..per_round {
            f();
        }
        started.elapsed().as_nanos() as f64 / f64::from(per_round)
    };
    let (mut a_ns, mut b_ns, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(&mut a);
            (ta, time(&mut b))
        } else {
            let tb = time(&mut b);
            (time(&mut a), tb)
        };
        a_ns.push(ta);
        b_ns.push(tb);
        ratios.push(ta / tb);
    }
    Paired {
        a_ns: median(&mut a_ns),
        b_ns: median(&mut b_ns),
        ratio: median(&mut ratios),
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Whether this is a measuring run: `cargo bench` passes `--bench`, `cargo test --benches`
/// does not, and a profiler run (`--profile-time`) wants only the benchmark it names.
pub fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--profile-time")
}
