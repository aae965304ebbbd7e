//! `mktows emulate` as users run it: the line it prints, a typed client calling it, a
//! graceful stop on Ctrl-C, and an address that cannot be bound.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use mktows::{
    ArrayOfAttribute, Attribute, Credentials, Endpoint, LeadRecord, LeadSyncStatus, ParamsSyncLead,
};

const USER: &str = "cli_emulate_user";
const SECRET: &str = "cli-emulate-secret-42";
const WAIT: Duration = Duration::from_secs(30);

/// The child, killed when dropped (a failing test must not leave a server behind).
struct Emulate(Child);

impl Drop for Emulate {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn emulate(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mktows"));
    cmd.arg("emulate")
        .args(args)
        .env_remove("MKTOWS_USER_ID")
        .env_remove("MKTOWS_SECRET")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// The first line the child prints on stdout, within [`WAIT`].
fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining so the child never blocks on a full pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    rx.recv_timeout(WAIT)
        .expect("`mktows emulate` prints its address line in time")
}

/// The value of `key=` in the printed line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key}= in {line:?}"))
}

/// Waits for the child to exit within [`WAIT`]; its status and stderr.
fn wait_exit(child: &mut Child) -> (std::process::ExitStatus, String) {
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "`mktows emulate` did not stop");
        thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    (status, stderr)
}

#[test]
fn emulate_prints_the_bound_url_and_serves_the_typed_client() {
    let cmd = &mut emulate(
        &["--addr", "127.0.0.1:0"],
        &[("MKTOWS_USER_ID", USER), ("MKTOWS_SECRET", SECRET)],
    );
    let mut child = Emulate(cmd.spawn().expect("mktows emulate starts"));
    let line = first_line(&mut child.0);
    assert!(!line.contains(SECRET), "the secret is printed: {line:?}");
    assert_eq!(field(&line, "user_id"), USER, "{line:?}");
    let url = field(&line, "url").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line:?}");
    assert!(
        !url.starts_with("http://127.0.0.1:0/"),
        "port 0 printed: {line:?}"
    );
    assert!(url.ends_with("/soap/mktows/2_2"), "{line:?}");
    assert_eq!(field(&line, "wsdl"), format!("{url}?WSDL"), "{line:?}");

    let client = mktows::Client::marketo(
        Endpoint::new(&url).expect("endpoint"),
        Credentials::new(USER, SECRET),
    )
    .expect("client");
    let params = ParamsSyncLead {
        lead_record: LeadRecord {
            email: "cli.emulate@example.com".into(),
            lead_attribute_list: ArrayOfAttribute {
                attribute: vec![Attribute {
                    attr_name: "FirstName".into(),
                    attr_value: "Ada".into(),
                    ..Default::default()
                }],
            }
            .into(),
            ..Default::default()
        },
        return_lead: true,
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let out = runtime
        .block_on(client.sync_lead(&params).send())
        .expect("syncLead succeeds against `mktows emulate`");
    assert_eq!(out.result.sync_status.status, LeadSyncStatus::Created);
    assert!(out.result.lead_id > 0);
    assert_eq!(out.result.sync_status.lead_id, out.result.lead_id);

    // Ctrl-C (SIGINT) stops it gracefully, with status 0.
    #[cfg(unix)]
    {
        let pid = child.0.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let (status, stderr) = wait_exit(&mut child.0);
        assert!(status.success(), "{status}: {stderr}");
        assert!(stderr.contains("stopping"), "{stderr:?}");
    }
}

#[test]
fn the_default_account_is_used_without_flags_or_environment() {
    let cmd = &mut emulate(&["--addr", "127.0.0.1:0"], &[]);
    let mut child = Emulate(cmd.spawn().expect("mktows emulate starts"));
    let line = first_line(&mut child.0);
    assert_eq!(
        field(&line, "user_id"),
        mktows_emulator::DEFAULT_USER_ID,
        "{line:?}"
    );
    assert!(!line.contains(mktows_emulator::DEFAULT_SECRET), "{line:?}");
}

#[test]
fn an_address_in_use_is_exit_status_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let mut child = emulate(&["--addr", &addr], &[])
        .spawn()
        .expect("mktows emulate starts");
    let (status, stderr) = wait_exit(&mut child);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot listen on {addr}")),
        "{stderr:?}"
    );
}

#[test]
fn bad_workspace_options_are_exit_status_2() {
    let mut child = emulate(&["--addr", "127.0.0.1:0", "--assign", "EMEA"], &[])
        .spawn()
        .expect("mktows emulate starts");
    let (status, stderr) = wait_exit(&mut child);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("PARTITION:FIELD=VALUE"), "{stderr:?}");
}
