//! `mktows decode`: any mktows SOAP envelope (request, response or Fault) as JSON.

use mktows::{Request, Response};
use mktows_runtime::envelope::decode_request_envelope;
use mktows_runtime::roxmltree::Node;
use mktows_runtime::xml::{parse_document, DecodeError};
use mktows_runtime::Fault;

use crate::fail::{Failure, EXIT_FAULT};
use crate::input::{self, Input};
use crate::{inner, output};

/// Arguments of `mktows decode`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The envelope: a file, or `-` for standard input. UTF-8 only.
    #[arg(value_name = "FILE")]
    input: String,
}

/// The JSON printed for a Fault, in this field order.
#[derive(serde::Serialize)]
struct FaultJson<'a> {
    faultcode: &'a str,
    faultstring: &'a str,
    code: Option<u32>,
    name: Option<&'a str>,
    message: Option<&'a str>,
}

/// Runs `mktows decode`; returns the exit status for a successful read (0, or 3 for a Fault).
pub fn run(args: Args) -> Result<u8, Failure> {
    let input = input::read(&args.input)?;
    let located = |e: DecodeError| located(&input, e);
    let doc = parse_document(&input.text).map_err(located)?;
    let envelope = decode_request_envelope(&doc).map_err(located)?;
    let body = envelope.body;
    if body.tag_name().name() == "Fault"
        && body.tag_name().namespace() == Some(envelope.version.namespace())
    {
        let fault = Fault::from_node(body);
        print_json(&FaultJson {
            faultcode: &fault.faultcode,
            faultstring: &fault.faultstring,
            code: fault.code,
            name: fault.name.as_deref(),
            message: fault.message.as_deref(),
        })?;
        output::warn(&format!("{}: {fault}", input.name));
        return Ok(EXIT_FAULT);
    }
    let json = body_json(body).map_err(located)?;
    output::print_line(&json)?;
    Ok(0)
}

/// The body value as pretty JSON: a request for `params*` elements, else a response.
fn body_json(body: Node<'_, '_>) -> Result<String, DecodeError> {
    let json = if body.tag_name().name().starts_with("params") {
        inner::to_pretty_json(&Request::read_body(body)?)
    } else {
        inner::to_pretty_json(&Response::read_body(body)?)
    };
    json.map_err(|e| DecodeError::new(format!("cannot write JSON: {e}")).at(body))
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Output(format!("error: cannot write JSON: {e}")))?;
    output::print_line(&json)
}

/// `FILE:LINE:COL: path: message`. The parser leaves a few errors without a position
/// (a DTD, an empty or truncated document): those get the DTD's or the input's end.
fn located(input: &Input, e: DecodeError) -> Failure {
    let (line, col) = match e.position() {
        Some((line, col)) => (u64::from(line), u64::from(col)),
        None => match input.text.find("<!DOCTYPE") {
            Some(offset) if e.message().contains("DTD") => input::position_of(&input.text, offset),
            _ => input::end_position(&input.text),
        },
    };
    // DecodeError's Display starts with the position when it has one: print path and message only.
    let mut text = String::new();
    let path = e.path();
    if !path.is_empty() {
        text.push_str(&path);
        text.push_str(": ");
    }
    text.push_str(e.message());
    Failure::at(&input.name, line, col, text)
}
