//! `mktows emulate`: run the local Marketo SOAP emulator (`mktows-emulator`) until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;

use mktows_emulator::{
    AssignmentRule, Emulator, EmulatorConfig, EmulatorError, Limits, Workspace, DEFAULT_ADDR,
    DEFAULT_SECRET, DEFAULT_USER_ID, DEFAULT_WORKSPACE,
};
use mktows_runtime::auth::{ENV_SECRET, ENV_USER_ID};

use crate::fail::Failure;
use crate::output;

/// Arguments of `mktows emulate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    mktows emulate\n    \
    prints: mktows emulator listening: url=http://127.0.0.1:8080/soap/mktows/2_2 \
    wsdl=http://127.0.0.1:8080/soap/mktows/2_2?WSDL user_id=mktows_emulator_user \
    secret=default (Ctrl-C stops it)\n  \
    MKTOWS_USER_ID=me MKTOWS_SECRET=... mktows emulate --addr 127.0.0.1:0 --state leads.redb\n  \
    mktows emulate --workspace Europe=EMEA --assign EMEA:Country=France\n\n\
    Exit status: 0 stopped by Ctrl-C (or SIGTERM), 1 the server failed while running, \
    2 bad options, the address cannot be bound or the state file cannot be used.")]
pub struct Args {
    /// The address to listen on. Port 0 picks a free port; the line printed at start names
    /// the one bound.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_ADDR)]
    addr: SocketAddr,

    /// The `mktowsUserId` requests must carry. Defaults to MKTOWS_USER_ID, else the
    /// emulator's public development account.
    #[arg(long, value_name = "USER_ID")]
    user_id: Option<String>,

    /// The secret requests are signed with. Defaults to MKTOWS_SECRET (preferable: command
    /// lines are visible to other users), else the emulator's public development secret.
    /// Never printed.
    #[arg(long, value_name = "SECRET")]
    secret: Option<String>,

    /// Keep leads in this file (redb) across restarts; without it they live in memory.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,

    /// Enforce Marketo's documented limits: 100 calls per 20 s (20023), 10 at once (20024),
    /// 10,000 a day (20015).
    #[arg(long)]
    marketo_limits: bool,

    /// Turn workspaces on and add a workspace with its primary partition (the name when
    /// PARTITION is left out). Repeatable or comma-separated. "Default" is always there,
    /// with partition "Default" unless given here (e.g. Default=Main).
    #[arg(
        long = "workspace",
        alias = "workspaces",
        value_name = "NAME[=PARTITION]",
        value_delimiter = ','
    )]
    workspaces: Vec<String>,

    /// A lead partition assignment rule (turns workspaces on): new leads whose FIELD (a lead
    /// field or Email) equals VALUE, ignoring case and surrounding spaces, are created in
    /// PARTITION. Repeatable; the first match wins.
    #[arg(long = "assign", value_name = "PARTITION:FIELD=VALUE")]
    assign: Vec<String>,
}

/// Runs `mktows emulate`: serves until Ctrl-C or SIGTERM.
pub fn run(args: Args) -> Result<(), Failure> {
    let (config, secret_source) = config(&args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("mktows-emulate")
        .build()
        .map_err(|e| Failure::Output(format!("error: cannot start the runtime: {e}")))?;
    runtime.block_on(serve(config, args.addr, secret_source))
}

async fn serve(
    config: EmulatorConfig,
    addr: SocketAddr,
    secret_source: &str,
) -> Result<(), Failure> {
    let user_id = config.user_id.clone();
    let emulator = Emulator::start(config, addr).await.map_err(failure)?;
    let line = format!(
        "mktows emulator listening: url={} wsdl={} user_id={user_id} secret={secret_source} \
         (Ctrl-C stops it)",
        emulator.url(),
        emulator.wsdl_url(),
    );
    if let Err(e) = output::print_line(&line) {
        // Nobody to tell the address to: stop rather than serve blindly.
        let _ = emulator.shutdown().await;
        return Err(e);
    }
    stop_signal().await?;
    output::warn("mktows emulator: stopping");
    emulator.shutdown().await.map_err(failure)
}

/// Waits for Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn stop_signal() -> Result<(), Failure> {
    let signal_failed =
        |e: std::io::Error| Failure::Output(format!("error: cannot wait for Ctrl-C: {e}"));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).map_err(signal_failed)?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(signal_failed),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(signal_failed)
    }
}

/// Starting errors are the user's to fix (status 2); a server failing later is status 1.
fn failure(e: EmulatorError) -> Failure {
    match e {
        EmulatorError::Config(_) | EmulatorError::Bind { .. } | EmulatorError::State(_) => {
            Failure::usage(e)
        }
        EmulatorError::Runtime(_) | EmulatorError::Server(_) | EmulatorError::Rejected(_) => {
            Failure::Output(format!("error: {e}"))
        }
    }
}

/// The emulator's configuration and where its secret came from (said instead of the secret).
fn config(args: &Args) -> Result<(EmulatorConfig, &'static str), Failure> {
    let user_id = flag_or_env(&args.user_id, ENV_USER_ID)
        .map_or_else(|| DEFAULT_USER_ID.to_owned(), |(v, _)| v);
    let (secret, secret_source) = flag_or_env(&args.secret, ENV_SECRET).map_or_else(
        || (DEFAULT_SECRET.to_owned(), "default"),
        |(v, from_flag)| (v, if from_flag { "from-flag" } else { "from-env" }),
    );
    let mut config = EmulatorConfig::new(user_id, secret);
    config.state_path = args.state.clone();
    if args.marketo_limits {
        config.limits = Limits::marketo();
    }
    if !args.workspaces.is_empty() || !args.assign.is_empty() {
        config.workspaces.enabled = true;
    }
    for spec in &args.workspaces {
        let workspace = parse_workspace(spec)?;
        let list = &mut config.workspaces.workspaces;
        match list
            .iter_mut()
            .find(|w| w.name.eq_ignore_ascii_case(&workspace.name))
        {
            // "Default" is there from the start; naming it again sets its partition.
            Some(existing) if existing.name.eq_ignore_ascii_case(DEFAULT_WORKSPACE) => {
                existing.primary_partition = workspace.primary_partition;
            }
            Some(_) => {
                return Err(Failure::usage(format!(
                    "--workspace {spec}: the workspace {:?} is given twice",
                    workspace.name
                )))
            }
            None => list.push(workspace),
        }
    }
    for spec in &args.assign {
        let rule = parse_rule(spec)?;
        if rule.attribute != "Email" && config.lead_field(&rule.attribute).is_none() {
            return Err(Failure::usage(format!(
                "--assign {spec}: {:?} is not a lead field (names are case-sensitive, \
                 e.g. Country, Company, Email)",
                rule.attribute
            )));
        }
        config.workspaces.assignment_rules.push(rule);
    }
    config.validate().map_err(Failure::usage)?;
    Ok((config, secret_source))
}

/// The flag's value, else the environment variable's (empty counts as absent), and whether
/// it came from the flag.
fn flag_or_env(flag: &Option<String>, var: &str) -> Option<(String, bool)> {
    match flag.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => Some((v.to_owned(), true)),
        None => std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| (v, false)),
    }
}

/// `NAME[=PARTITION]`.
fn parse_workspace(spec: &str) -> Result<Workspace, Failure> {
    let (name, partition) = match spec.split_once('=') {
        Some((name, partition)) => (name.trim(), partition.trim()),
        None => (spec.trim(), spec.trim()),
    };
    if name.is_empty() || partition.is_empty() {
        return Err(Failure::usage(format!(
            "--workspace {spec:?}: expected NAME or NAME=PARTITION"
        )));
    }
    Ok(Workspace::new(name, partition))
}

/// `PARTITION:FIELD=VALUE`.
fn parse_rule(spec: &str) -> Result<AssignmentRule, Failure> {
    let parsed = spec.split_once(':').and_then(|(partition, rest)| {
        let (field, value) = rest.split_once('=')?;
        let (partition, field) = (partition.trim(), field.trim());
        (!partition.is_empty() && !field.is_empty())
            .then(|| AssignmentRule::new(field, value.trim(), partition))
    });
    parsed.ok_or_else(|| {
        Failure::usage(format!(
            "--assign {spec:?}: expected PARTITION:FIELD=VALUE, e.g. EMEA:Country=France"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn args(argv: &[&str]) -> Args {
        Cli::try_parse_from(std::iter::once("emulate").chain(argv.iter().copied()))
            .expect("arguments parse")
            .args
    }

    #[test]
    fn flags_build_the_configuration() {
        let a = args(&[
            "--user-id",
            "u1",
            "--secret",
            "s1",
            "--marketo-limits",
            "--workspace",
            "Europe=EMEA,Asia",
            "--workspace",
            "default=Main",
            "--assign",
            "EMEA:Country=France",
            "--state",
            "x.redb",
        ]);
        let (c, source) = config(&a).unwrap();
        assert_eq!((c.user_id.as_str(), c.secret.as_str()), ("u1", "s1"));
        assert_eq!(source, "from-flag");
        assert_eq!(c.limits, Limits::marketo());
        assert!(c.workspaces.enabled);
        assert_eq!(
            c.workspaces.workspaces,
            vec![
                Workspace::new("Default", "Main"),
                Workspace::new("Europe", "EMEA"),
                Workspace::new("Asia", "Asia"),
            ]
        );
        assert_eq!(
            c.workspaces.assignment_rules,
            vec![AssignmentRule::new("Country", "France", "EMEA")]
        );
        assert_eq!(c.state_path, Some(PathBuf::from("x.redb")));
        assert_eq!(a.addr, DEFAULT_ADDR.parse().unwrap());
    }

    #[test]
    fn bad_specs_are_usage_errors() {
        for argv in [
            &["--workspace", "=x"][..],
            &["--workspace", "A", "--workspace", "a=B"],
            &["--assign", "EMEA"],
            &["--assign", ":Country=France"],
            &["--assign", "EMEA:country=France"],
        ] {
            let a = args(argv);
            assert!(
                matches!(config(&a), Err(Failure::Input(_))),
                "{argv:?} should be refused"
            );
        }
    }
}
