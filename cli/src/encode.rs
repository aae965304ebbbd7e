//! `mktows encode`: JSON in, the SOAP envelope that would be sent out.

use mktows::{Headers, MktowsContextHeaderInfo, Request, Response};
use mktows_runtime::auth::{ENV_SECRET, ENV_USER_ID};
use mktows_runtime::{Credentials, XmlWriter};

use crate::fail::Failure;
use crate::input::{self, Input};
use crate::{operations, output, pretty};

/// Arguments of `mktows encode`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    echo '{\"leadRecord\":{\"Email\":\"t@t.com\"},\"returnLead\":false}' | mktows encode syncLead -")]
pub struct Args {
    /// The WSDL operation, e.g. `syncLead` (`sync_lead` works too).
    #[arg(value_name = "OPERATION")]
    operation: String,

    /// The body as JSON: a file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    input: String,

    /// Target this workspace (adds a `MktowsContextHeader`); syncLead only.
    #[arg(long, value_name = "NAME")]
    workspace: Option<String>,

    /// Sign with this `requestTimestamp` instead of the current time (for reproducible
    /// output); needs MKTOWS_USER_ID and MKTOWS_SECRET.
    #[arg(long, value_name = "TIMESTAMP")]
    timestamp: Option<String>,

    /// Encode the operation's response (`success*` body, no headers) instead of its request,
    /// e.g. to write fixtures for a test server.
    #[arg(long, conflicts_with_all = ["workspace", "timestamp"])]
    response: bool,

    /// Indent elements that hold only elements, for reading (the service does not need it).
    #[arg(long)]
    pretty: bool,
}

/// Runs `mktows encode`.
pub fn run(args: Args) -> Result<(), Failure> {
    let operation = operations::resolve(&args.operation)?;
    let input = input::read(&args.input)?;
    let mut w = XmlWriter::with_capacity(4096);
    let written = if args.response {
        let body = deserialize(&input, |de| Response::deserialize_for(operation, de))?
            .ok_or_else(|| Failure::usage(format!("operation {operation} has no response")))?;
        body.write_envelope(&mut w)
    } else {
        let headers = headers(operation, &args)?;
        let body = deserialize(&input, |de| Request::deserialize_for(operation, de))?
            .ok_or_else(|| Failure::usage(format!("operation {operation} has no request")))?;
        body.write_envelope(&mut w, &headers)
    };
    written.map_err(|e| Failure::in_file(&input.name, format!("cannot encode: {e}")))?;
    if args.pretty {
        let indented = pretty::indent(w.as_str())
            .map_err(|e| Failure::Output(format!("error: cannot indent the envelope: {e}")))?;
        output::print_line(&indented)
    } else {
        output::print_line(w.as_str())
    }
}

/// Runs `read` on the input's JSON and checks nothing follows the value.
fn deserialize<T>(
    input: &Input,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>,
    ) -> serde_json::Result<T>,
) -> Result<T, Failure> {
    let mut de = serde_json::Deserializer::from_str(&input.text);
    let value = read(&mut de).map_err(|e| json_error(input, &e))?;
    de.end().map_err(|e| json_error(input, &e))?;
    Ok(value)
}

/// `FILE:LINE:COL: message`, without serde_json's own ` at line L column C`.
fn json_error(input: &Input, e: &serde_json::Error) -> Failure {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    if e.line() == 0 {
        Failure::in_file(&input.name, message)
    } else {
        Failure::at(&input.name, e.line() as u64, e.column() as u64, message)
    }
}

/// The SOAP headers to send: a signed `AuthenticationHeader` when credentials are in the
/// environment, and the workspace header when asked for.
fn headers(operation: &str, args: &Args) -> Result<Headers, Failure> {
    let mut headers = Headers::default();
    match credentials_from_env()? {
        Some(credentials) => {
            let mut header = mktows::HeaderSource::authentication_header(&credentials)
                .ok_or_else(|| Failure::usage("the credentials gave no AuthenticationHeader"))?;
            if let Some(timestamp) = &args.timestamp {
                let signed = credentials.sign_at(timestamp.as_str());
                header.request_timestamp = signed.timestamp;
                header.request_signature = signed.signature;
            }
            headers.authentication_header = Some(header);
        }
        None if args.timestamp.is_some() => {
            return Err(Failure::usage(format!(
                "--timestamp signs the request: set {ENV_USER_ID} and {ENV_SECRET}"
            )))
        }
        None => {}
    }
    if let Some(workspace) = &args.workspace {
        if operation != operations::WORKSPACE_OPERATION {
            return Err(Failure::usage(format!(
                "--workspace applies to {} only (the one operation that takes a MktowsContextHeader), not {operation}",
                operations::WORKSPACE_OPERATION
            )));
        }
        headers.mktows_context_header = Some(MktowsContextHeaderInfo {
            target_workspace: workspace.clone(),
        });
    }
    Ok(headers)
}

/// Credentials when both variables are set (and non-empty), none when neither is.
fn credentials_from_env() -> Result<Option<Credentials>, Failure> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (var(ENV_USER_ID), var(ENV_SECRET)) {
        (Some(user_id), Some(secret)) => Ok(Some(Credentials::new(user_id, secret))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Failure::usage(format!(
            "{ENV_USER_ID} is set but {ENV_SECRET} is not: set both to sign the request, or neither"
        ))),
        (None, Some(_)) => Err(Failure::usage(format!(
            "{ENV_SECRET} is set but {ENV_USER_ID} is not: set both to sign the request, or neither"
        ))),
    }
}
