//! The emulator on the wire with a SOAP client nobody in this project wrote: Python's zeep
//! (`tests/zeep_client.py`) loads the served WSDL, signs in Python, and calls syncLead,
//! getLead and a wrongly signed syncLead.
//!
//! The interpreter comes from `MKTOWS_ZEEP_PYTHON` (`.ci/run` makes a venv with zeep).
//! Without it the test is skipped with a message, except under CI (`CI=true`), where a
//! missing interpreter or a zeep that does not import fails it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use mktows_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

const ENV_PYTHON: &str = "MKTOWS_ZEEP_PYTHON";
const TIMEOUT: Duration = Duration::from_secs(60);
const USER: &str = "zeep_wire_user";
const SECRET: &str = "zeep-wire-secret-0123456789";
const EMAIL: &str = "Zeep.Wire@Example.com";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The interpreter to use, or `None` to skip (outside CI only).
fn python() -> Option<PathBuf> {
    let Some(python) = std::env::var_os(ENV_PYTHON).filter(|v| !v.is_empty()) else {
        assert!(
            !in_ci(),
            "{ENV_PYTHON} is not set under CI: .ci/run must create the zeep venv and export it"
        );
        eprintln!(
            "skipping the zeep wire test: set {ENV_PYTHON} to a Python with zeep installed \
             (see .ci/run)"
        );
        return None;
    };
    let python = PathBuf::from(python);
    let check = run_with_timeout(
        Command::new(&python).args(["-c", "import zeep; print(zeep.__version__)"]),
        TIMEOUT,
    );
    match check {
        Ok(out) if out.status.success() => {
            eprintln!(
                "zeep {} at {}",
                String::from_utf8_lossy(&out.stdout).trim(),
                python.display()
            );
            Some(python)
        }
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e,
            };
            assert!(
                !in_ci(),
                "{ENV_PYTHON}={} cannot import zeep under CI: {why}",
                python.display()
            );
            eprintln!(
                "skipping the zeep wire test: {} cannot import zeep: {why}",
                python.display()
            );
            None
        }
    }
}

/// Runs `cmd` with its output captured; kills it after `timeout`.
fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> Result<Output, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    // Drain both pipes on threads, so a chatty child cannot block on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                let err = stderr.join().unwrap_or_default();
                return Err(format!(
                    "{cmd:?} did not finish within {timeout:?} and was killed; stderr:\n{}",
                    String::from_utf8_lossy(&err)
                ));
            }
            Err(e) => return Err(format!("cannot wait for {cmd:?}: {e}")),
        }
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zeep_client.py")
}

#[test]
fn zeep_syncs_reads_and_is_refused_a_wrong_signature() {
    let Some(python) = python() else { return };
    let emulator = Emulator::start_in_background(
        EmulatorConfig::new(USER, SECRET),
        "127.0.0.1:0".parse().expect("address"),
    )
    .expect("the emulator starts");

    let out = run_with_timeout(
        Command::new(&python).arg(script()).args([
            emulator.wsdl_url().as_str(),
            USER,
            SECRET,
            EMAIL,
        ]),
        TIMEOUT,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "zeep_client.py failed ({}):\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    let v: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("zeep_client.py printed no JSON ({e}):\n{stdout}"));
    eprintln!("zeep_client.py: {v}");

    // zeep calls the address the served WSDL names: the emulator itself.
    assert_eq!(v["soap_address"], emulator.url().as_str(), "{v}");

    // First syncLead creates, the second (same Email) updates the same lead.
    let first = &v["first"];
    assert_eq!(first["status"], "CREATED", "{v}");
    let id = first["leadId"].as_i64().expect("a numeric leadId");
    assert!(id > 0, "{v}");
    assert_eq!(first["syncStatusLeadId"], id, "{v}");
    assert_eq!(first["error"], Value::Null, "{v}");
    let second = &v["second"];
    assert_eq!(second["status"], "UPDATED", "{v}");
    assert_eq!(second["leadId"], id, "{v}");
    assert_eq!(second["syncStatusLeadId"], id, "{v}");

    // getLead by EMAIL returns that lead with the new FirstName, typed string.
    let got = &v["getLead"];
    assert_eq!(got["count"], 1, "{v}");
    let leads = got["leads"].as_array().expect("a list of leads");
    assert_eq!(leads.len(), 1, "{v}");
    assert_eq!(leads[0]["Id"], id, "{v}");
    assert_eq!(leads[0]["Email"], EMAIL, "{v}");
    assert_eq!(
        leads[0]["attributes"]["FirstName"],
        serde_json::json!({"type": "string", "value": "Grace"}),
        "{v}"
    );

    // A wrong signature is fault 20014, read by zeep from detail/serviceException/code.
    let wrong = &v["wrong_signature"];
    assert_eq!(wrong["code"], 20014, "{v}");
    assert_eq!(wrong["faultcode"], "SOAP-ENV:Client", "{v}");
    assert!(
        wrong["faultstring"]
            .as_str()
            .is_some_and(|s| s.starts_with("20014")),
        "{v}"
    );

    // And the emulator's own view agrees: one lead, updated; nothing from the refused call.
    assert_eq!(emulator.lead_count(), 1);
    let lead = emulator.lead(id as i32).expect("the synced lead is stored");
    assert_eq!(lead.email.as_deref(), Some(EMAIL));
    assert_eq!(lead.attributes.get("FirstName"), Some("Grace"));
    emulator.shutdown().expect("graceful shutdown");
}
