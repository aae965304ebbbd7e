//! `mktows`: the command line of the mktows project (Marketo's SOAP API).
//!
//! One module per command; each returns a [`fail::Failure`] for the line on stderr and the
//! exit status (0 ok, 1 output not written, 2 usage or input error, 3 SOAP fault).

mod decode;
mod emulate;
mod encode;
mod fail;
mod generate;
mod inner;
mod input;
mod operations;
mod output;
mod pretty;
mod sign;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tools for Marketo's SOAP API (mktows): sign requests, turn envelopes into JSON and back,
/// and generate Rust from a WSDL.
#[derive(Debug, Parser)]
#[command(
    name = "mktows",
    version,
    after_help = "Exit status: 0 success, 1 the output could not be written, \
                  2 bad usage or input, 3 the decoded envelope is a SOAP Fault."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the requestSignature of an AuthenticationHeader.
    ///
    /// Marketo signs each request with lowercase hex HMAC-SHA1, keyed with the account's
    /// secret, over `requestTimestamp + mktowsUserId`. With --timestamp the signature is
    /// printed alone; without it the current time (with the local UTC offset) is signed and
    /// `TIMESTAMP SIGNATURE` is printed on one line.
    Sign(sign::Args),

    /// Print a SOAP envelope's body (request, response or Fault) as JSON.
    ///
    /// A request (`ns1:params*` body) or a response (`ns1:success*`) is checked against the
    /// schema and its body value printed as pretty JSON, keyed by the schema's element names:
    /// the shape `mktows encode` reads, so the output can be edited and encoded again. Nil
    /// elements are `null`, absent optional ones are left out. SOAP headers are not printed.
    ///
    /// A SOAP Fault is printed as {"faultcode", "faultstring", "code", "name", "message"}
    /// and exits with status 3. Malformed XML (or a DTD), or content the schema does not
    /// allow, exits with status 2 and one line on stderr: `FILE:LINE:COL: path: message`.
    Decode(decode::Args),

    /// Write the request envelope for an operation from its body as JSON.
    ///
    /// The JSON is the body value keyed by the schema's element names (what `mktows decode`
    /// prints); unknown keys are errors and `null` is written as `xsi:nil="true"`. When
    /// MKTOWS_USER_ID and MKTOWS_SECRET are both set, an AuthenticationHeader signed now (or
    /// at --timestamp) is added. The envelope is printed compactly, byte for byte as it would
    /// be sent, followed by a newline.
    ///
    /// Bad JSON exits with status 2 and `FILE:LINE:COL: message`; a value XML cannot carry
    /// (such as U+0001) exits with status 2 and the path of the value.
    Encode(encode::Args),

    /// Generate the Rust client module from a WSDL.
    ///
    /// The output is one formatted Rust file, the one the `mktows` crate's build script
    /// includes: types, XML writers and readers, `Request`/`Response`, and a client method
    /// per operation. It calls the `mktows-runtime` crate, which the including crate must
    /// depend on; serde derives are behind the including crate's own `serde` feature.
    /// Errors exit with status 2 and read `file:line:col: message`.
    Generate(generate::Args),

    /// Run the local Marketo SOAP emulator (mktows-emulator) until Ctrl-C.
    ///
    /// Serves `POST /soap/mktows/2_2` (syncLead, syncMultipleLeads, getLead,
    /// getMultipleLeads) and the WSDL at `?WSDL`, and prints one line with the URL, the WSDL
    /// URL and the user id (never the secret). The account is --user-id/--secret, else
    /// MKTOWS_USER_ID/MKTOWS_SECRET, else the emulator's public development account.
    Emulate(emulate::Args),
}

fn main() -> ExitCode {
    // Usage errors exit with status 2, --help and --version with 0.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sign(args) => sign::run(args).map(|()| 0),
        Command::Decode(args) => decode::run(args),
        Command::Encode(args) => encode::run(args).map(|()| 0),
        Command::Generate(args) => generate::run(args).map(|()| 0),
        Command::Emulate(args) => emulate::run(args).map(|()| 0),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(failure) => {
            if let Some(message) = failure.message() {
                output::warn(message);
            }
            failure.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
