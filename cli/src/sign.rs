//! `mktows sign`: the `requestSignature` of Marketo's `AuthenticationHeader`.

use mktows_runtime::auth::{ENV_SECRET, ENV_USER_ID};

use crate::fail::Failure;
use crate::output;

/// Arguments of `mktows sign`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    mktows sign --user-id demo17_1_809934544BFABAE58E5D27 --timestamp 2013-08-01T18:22:30-07:00\n    \
    prints: b5e21953ae9f1b263e644da5eccce9ff33802513\n  \
    MKTOWS_USER_ID=... MKTOWS_SECRET=... mktows sign\n    \
    prints: 2026-03-01T10:00:00+01:00 <signature>")]
pub struct Args {
    /// The SOAP user id (`mktowsUserId`). Defaults to the environment variable MKTOWS_USER_ID.
    #[arg(long, value_name = "USER_ID")]
    user_id: Option<String>,

    /// The account's secret ("encryption key"). Defaults to the environment variable
    /// MKTOWS_SECRET, which is preferable: command lines are visible to other users.
    #[arg(long, value_name = "SECRET")]
    secret: Option<String>,

    /// Sign this `requestTimestamp` (e.g. 2013-08-01T18:22:30-07:00) and print the signature
    /// alone. Without it, the current time is used and `TIMESTAMP SIGNATURE` is printed.
    #[arg(long, value_name = "TIMESTAMP")]
    timestamp: Option<String>,
}

/// Runs `mktows sign`.
pub fn run(args: Args) -> Result<(), Failure> {
    let user_id = flag_or_env(args.user_id, ENV_USER_ID, "--user-id")?;
    let secret = flag_or_env(args.secret, ENV_SECRET, "--secret")?;
    let line = match args.timestamp {
        Some(timestamp) => mktows_runtime::sign(&secret, &timestamp, &user_id),
        None => {
            let timestamp = mktows_runtime::request_timestamp_now();
            let signature = mktows_runtime::sign(&secret, &timestamp, &user_id);
            format!("{timestamp} {signature}")
        }
    };
    output::print_line(&line)
}

/// The flag's value, else the environment variable's; empty counts as absent.
fn flag_or_env(flag: Option<String>, var: &str, flag_name: &str) -> Result<String, Failure> {
    flag.or_else(|| std::env::var(var).ok())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::usage(format!("pass {flag_name} or set {var}")))
}
