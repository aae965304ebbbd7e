//! The `mktows` binary as users run it: arguments, stdin, files, stdout, stderr, exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use mktows_runtime::roxmltree::Document;
use serde_json::{json, Value};

const USER: &str = "demo17_1_809934544BFABAE58E5D27";
const SECRET: &str = "27272727aa";

const SEED_RESPONSE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:ns1=\"http://www.marketo.com/mktows/\">\n  <SOAP-ENV:Body>\n    <ns1:successSyncLead>\n      <result>\n        <leadId>1089965</leadId>\n        <syncStatus>\n          <leadId>1089965</leadId>\n          <status>UPDATED</status>\n          <error xsi:nil=\"true\" />\n        </syncStatus>\n        <leadRecord xsi:nil=\"true\" />\n      </result>\n    </ns1:successSyncLead>\n  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>";

const FAULT_20105: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.marketo.com/mktows/">
  <SOAP-ENV:Body>
    <SOAP-ENV:Fault>
      <faultcode>SOAP-ENV:Client</faultcode>
      <faultstring>20105 - Unknown lead field</faultstring>
      <detail>
        <ns1:serviceException>
          <name>mktServiceException</name>
          <message>Unknown lead field (20105)</message>
          <code>20105</code>
        </ns1:serviceException>
      </detail>
    </SOAP-ENV:Fault>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

/// A file under the temp dir, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("mktows-cli-test-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs the binary with `args`, `stdin` piped in, the credential variables cleared and then
/// `env` set.
fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mktows"));
    cmd.args(args)
        .env_remove("MKTOWS_USER_ID")
        .env_remove("MKTOWS_SECRET")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // The child may exit before reading everything (usage errors): ignore a broken pipe.
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

/// Decodes `xml` and parses the JSON printed.
fn decode_json(xml: &str) -> Value {
    let out = run(&["decode", "-"], xml, &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// Encodes `body` for `operation` and returns the envelope.
fn encode(operation: &str, body: &Value) -> String {
    let out = run(&["encode", operation, "-"], &body.to_string(), &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

/// Whether `line` starts with `prefix:LINE:COL: `.
fn starts_with_position(line: &str, prefix: &str) -> bool {
    let Some(rest) = line.strip_prefix(prefix).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let (Some(l), Some(c), Some(tail)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(l) && digits(c) && tail.starts_with(' ')
}

#[test]
fn sign_documented_vectors() {
    for (timestamp, signature) in [
        (
            "2013-08-01T18:22:30-07:00",
            "b5e21953ae9f1b263e644da5eccce9ff33802513",
        ),
        (
            "2013-08-05T09:57:10-07:00",
            "0737b707c4022bb90122e7a1dbc79a2dbfbcd5ca",
        ),
    ] {
        let out = run(
            &[
                "sign",
                "--user-id",
                USER,
                "--secret",
                SECRET,
                "--timestamp",
                timestamp,
            ],
            "",
            &[],
        );
        assert_eq!(status(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out), format!("{signature}\n"));
    }
    // The same from the environment.
    let out = run(
        &["sign", "--timestamp", "2013-08-05T09:57:10-07:00"],
        "",
        &[("MKTOWS_USER_ID", USER), ("MKTOWS_SECRET", SECRET)],
    );
    assert_eq!(stdout(&out), "0737b707c4022bb90122e7a1dbc79a2dbfbcd5ca\n");
}

#[test]
fn sign_now_prints_timestamp_and_its_signature() {
    let out = run(
        &["sign", "--user-id", USER],
        "",
        &[("MKTOWS_SECRET", SECRET)],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let fields: Vec<&str> = text.trim_end_matches('\n').split(' ').collect();
    assert_eq!(fields.len(), 2, "{text:?}");
    let (timestamp, signature) = (fields[0], fields[1]);
    // YYYY-MM-DDThh:mm:ss±hh:mm
    assert_eq!(timestamp.len(), 25, "{timestamp}");
    assert!(
        matches!(timestamp.as_bytes()[19], b'+' | b'-'),
        "{timestamp}"
    );
    assert_eq!(signature, mktows_runtime::sign(SECRET, timestamp, USER));
    assert!(mktows_runtime::auth::verify(
        SECRET, timestamp, USER, signature
    ));
}

#[test]
fn sign_needs_a_secret_and_a_user_id() {
    let out = run(&["sign", "--user-id", USER], "", &[]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("MKTOWS_SECRET"), "{}", stderr(&out));
    let out = run(&["sign", "--secret", SECRET], "", &[]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("MKTOWS_USER_ID"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn decode_seed_response() {
    let file = TempFile::new("seed.xml", SEED_RESPONSE);
    let out = run(&["decode", file.arg()], "", &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        value,
        json!({
            "result": {
                "leadId": 1089965,
                "syncStatus": { "leadId": 1089965, "status": "UPDATED", "error": null },
                "leadRecord": null
            }
        })
    );
    assert_eq!(value["result"]["leadId"], 1089965);
    assert_eq!(value["result"]["syncStatus"]["status"], "UPDATED");
    // Pretty, in schema order.
    let text = stdout(&out);
    assert!(text.find("\"leadId\"").unwrap() < text.find("\"syncStatus\"").unwrap());
    assert!(text.starts_with("{\n  \"result\": {"), "{text}");
}

#[test]
fn decode_fault_prints_it_and_exits_3() {
    let file = TempFile::new("fault.xml", FAULT_20105);
    let out = run(&["decode", file.arg()], "", &[]);
    assert_eq!(status(&out), 3, "{}", stderr(&out));
    let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        value,
        json!({
            "faultcode": "SOAP-ENV:Client",
            "faultstring": "20105 - Unknown lead field",
            "code": 20105,
            "name": "mktServiceException",
            "message": "Unknown lead field (20105)"
        })
    );
}

#[test]
fn decode_malformed_xml_exits_2_with_a_position() {
    let file = TempFile::new("malformed.xml", "<SOAP-ENV:Envelope>\n  <a></b>");
    let out = run(&["decode", file.arg()], "", &[]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(starts_with_position(&err, file.arg()), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(stdout(&out).is_empty());

    // Standard input is named <stdin>; documents with a DTD are refused.
    for xml in [
        "<a>\n<b></c></a>",
        "",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
        "<x/>",
        "not xml",
    ] {
        let out = run(&["decode", "-"], xml, &[]);
        assert_eq!(status(&out), 2, "{xml}");
        assert!(
            starts_with_position(&stderr(&out), "<stdin>"),
            "{xml}: {}",
            stderr(&out)
        );
    }
    let out = run(&["decode", "-"], "<a>\n<b></c></a>", &[]);
    assert!(
        stderr(&out).starts_with("<stdin>:2:4: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn decode_reports_the_path_of_a_missing_element() {
    let xml = SEED_RESPONSE.replace("          <status>UPDATED</status>\n", "");
    let file = TempFile::new("missing.xml", &xml);
    let out = run(&["decode", file.arg()], "", &[]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(starts_with_position(&err, file.arg()), "{err}");
    assert!(
        err.contains("successSyncLead/result/syncStatus/status: missing"),
        "{err}"
    );
}

#[test]
fn decode_of_a_missing_file_exits_2() {
    let out = run(&["decode", "/nonexistent/mktows/in.xml"], "", &[]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("/nonexistent/mktows/in.xml"));
}

fn sample_bodies() -> Vec<Value> {
    vec![
        json!({ "leadRecord": { "Email": "t@t.com" }, "returnLead": false }),
        json!({
            "leadRecord": {
                "Id": 1089965,
                "Email": "a<b>&\"c'@example.com",
                "ForeignSysPersonId": null,
                "ForeignSysType": null,
                "leadAttributeList": {
                    "attribute": [
                        { "attrName": "FirstName", "attrValue": "Zoë Ωmega 日本 🎉" },
                        { "attrName": "Notes", "attrType": "string", "attrValue": " ]]> <![CDATA[ &amp; \t\r\n x " },
                        { "attrName": "Empty", "attrValue": "" }
                    ]
                }
            },
            "returnLead": true,
            "marketoCookie": null
        }),
        json!({
            "leadRecord": { "Email": null, "leadAttributeList": null },
            "returnLead": true,
            "marketoCookie": "id:561-HYG-937&token:_mch-marketo.com-1374552656411-90718"
        }),
    ]
}

#[test]
fn encode_then_decode_gives_the_same_json() {
    for body in sample_bodies() {
        let xml = encode("syncLead", &body);
        assert!(xml.starts_with("<?xml"), "{xml}");
        assert!(xml.contains("<ns1:paramsSyncLead>"), "{xml}");
        // Compact: whitespace only inside values; one newline after the envelope.
        assert!(!xml.trim_end().contains(">\n"), "{xml:?}");
        assert!(xml.ends_with("</SOAP-ENV:Envelope>\n"), "{xml:?}");
        assert_eq!(decode_json(&xml), body, "{xml}");
    }
    // snake_case names and files work too, and --pretty decodes to the same value.
    let body = &sample_bodies()[1];
    let file = TempFile::new("body.json", &serde_json::to_string_pretty(body).unwrap());
    let out = run(&["encode", "--pretty", "sync_lead", file.arg()], "", &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).lines().count() > 10);
    assert_eq!(decode_json(&stdout(&out)), *body);
}

#[test]
fn decode_output_feeds_encode() {
    let body = sample_bodies()[1].clone();
    let once = decode_json(&encode("syncLead", &body));
    let twice = decode_json(&encode("syncLead", &once));
    assert_eq!(twice, body);
    // Responses too, with --response.
    let response = decode_json(SEED_RESPONSE);
    let out = run(
        &["encode", "--response", "syncLead", "-"],
        &response.to_string(),
        &[],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("<ns1:successSyncLead>"));
    assert_eq!(decode_json(&stdout(&out)), response);
}

#[test]
fn encode_signs_with_credentials_from_the_environment() {
    let body = json!({ "leadRecord": { "Email": "t@t.com" }, "returnLead": false });
    let out = run(
        &["encode", "syncLead", "-", "--workspace", "Default"],
        &body.to_string(),
        &[("MKTOWS_USER_ID", USER), ("MKTOWS_SECRET", SECRET)],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let xml = stdout(&out);
    assert!(!xml.contains(SECRET));
    let doc = Document::parse(&xml).unwrap();
    let text = |name: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no {name} in {xml}"))
            .to_owned()
    };
    let header = doc
        .descendants()
        .find(|n| n.tag_name().name() == "AuthenticationHeader")
        .expect("AuthenticationHeader");
    assert_eq!(
        header.tag_name().namespace(),
        Some("http://www.marketo.com/mktows/")
    );
    assert_eq!(text("mktowsUserId"), USER);
    let (timestamp, signature) = (text("requestTimestamp"), text("requestSignature"));
    assert!(mktows_runtime::auth::verify(
        SECRET, &timestamp, USER, &signature
    ));
    assert_eq!(text("targetWorkspace"), "Default");
    // The body is untouched by the headers.
    assert_eq!(decode_json(&xml), body);

    // A fixed timestamp gives the documented signature.
    let out = run(
        &[
            "encode",
            "syncLead",
            "-",
            "--timestamp",
            "2013-08-01T18:22:30-07:00",
        ],
        &body.to_string(),
        &[("MKTOWS_USER_ID", USER), ("MKTOWS_SECRET", SECRET)],
    );
    assert!(stdout(&out)
        .contains("<requestSignature>b5e21953ae9f1b263e644da5eccce9ff33802513</requestSignature>"));
    assert!(!stdout(&out).contains("MktowsContextHeader"));
}

#[test]
fn encode_without_credentials_sends_no_header() {
    let xml = encode("syncLead", &sample_bodies()[0]);
    assert!(!xml.contains("Header"), "{xml}");
    // Half the credentials is a mistake, not an unsigned request.
    let out = run(
        &["encode", "syncLead", "-"],
        &sample_bodies()[0].to_string(),
        &[("MKTOWS_USER_ID", USER)],
    );
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("MKTOWS_SECRET"), "{}", stderr(&out));
}

#[test]
fn encode_refuses_characters_xml_cannot_carry() {
    let body = json!({
        "leadRecord": { "leadAttributeList": { "attribute": [
            { "attrName": "FirstName", "attrValue": "a\u{1}b" }
        ] } },
        "returnLead": false
    });
    let out = run(&["encode", "syncLead", "-"], &body.to_string(), &[]);
    assert_eq!(status(&out), 2);
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("leadRecord/leadAttributeList/attribute/attrValue: character U+0001"),
        "{err}"
    );
}

#[test]
fn encode_unknown_operation_lists_the_valid_ones() {
    let out = run(&["encode", "syncLeads", "-"], "{}", &[]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    for name in ["syncLead", "getLead", "getMultipleLeads", "getTags"] {
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn encode_bad_json_reports_file_line_and_column() {
    let file = TempFile::new("bad.json", "{\"leadRecord\": {},\n  \"returnLead\": tru }");
    let out = run(&["encode", "syncLead", file.arg()], "", &[]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{}:2:", file.arg())), "{err}");
    assert!(!err.contains(" at line "), "{err}");

    for (json, wanted) in [
        (
            r#"{"leadRecord": {}, "returnLead": true, "extra": 1}"#,
            "unknown field `extra`",
        ),
        (r#"{"leadRecord": {}}"#, "missing field `returnLead`"),
        (
            r#"{"leadRecord": {}, "returnLead": true} {}"#,
            "trailing characters",
        ),
        (
            r#"{"leadRecord": {"Id": "x"}, "returnLead": true}"#,
            "invalid type",
        ),
    ] {
        let out = run(&["encode", "syncLead", "-"], json, &[]);
        assert_eq!(status(&out), 2, "{json}");
        let err = stderr(&out);
        assert!(starts_with_position(&err, "<stdin>"), "{json}: {err}");
        assert!(err.contains(wanted), "{json}: {err}");
    }
}

#[test]
fn workspace_is_for_sync_lead_only() {
    let out = run(
        &["encode", "getLead", "-", "--workspace", "Default"],
        r#"{"leadKey": {"keyType": "IDNUM", "keyValue": "1"}}"#,
        &[],
    );
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("syncLead"), "{}", stderr(&out));
}

fn wsdl_path() -> String {
    format!("{}/../wsdl/mktows-2_2.wsdl", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generate_from_the_mktows_wsdl() {
    let out = run(&["generate", &wsdl_path()], "", &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let code = stdout(&out);
    assert!(code.contains("pub struct ParamsSyncLead"));
    assert!(
        code.contains("pub struct SuccessGetTags"),
        "every operation by default"
    );

    // To a file, restricted to one operation.
    let file = TempFile::new("gen.rs", "");
    let out = run(
        &[
            "generate",
            &wsdl_path(),
            "-o",
            file.arg(),
            "--operation",
            "syncLead",
        ],
        "",
        &[],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let written = std::fs::read_to_string(&file.0).unwrap();
    assert!(written.contains("pub struct ParamsSyncLead"));
    assert!(!written.contains("pub struct ParamsGetTags"));
}

#[test]
fn generate_rejects_names_that_match_nothing() {
    let out = run(
        &["generate", &wsdl_path(), "--operation", "syncLeads"],
        "",
        &[],
    );
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("syncLead,"), "{}", stderr(&out));
    let out = run(&["generate", &wsdl_path(), "--service", "Nope"], "", &[]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("MktMktowsApiService"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn generate_reports_malformed_wsdl_with_a_position() {
    let file = TempFile::new(
        "bad.wsdl",
        "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">\n  <types></definitions>",
    );
    let out = run(&["generate", file.arg()], "", &[]);
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(starts_with_position(&err, file.arg()), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(status(&run(&[], "", &[])), 2);
    assert_eq!(status(&run(&["frobnicate"], "", &[])), 2);
    assert_eq!(
        status(&run(
            &["generate", "x.wsdl", "--catalog", "no-equals"],
            "",
            &[]
        )),
        2
    );
    for command in ["sign", "decode", "encode", "generate"] {
        let out = run(&[command, "--help"], "", &[]);
        assert_eq!(status(&out), 0);
        assert!(stdout(&out).contains("Usage: mktows"), "{}", stdout(&out));
    }
}
