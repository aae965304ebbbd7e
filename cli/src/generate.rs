//! `mktows generate`: the code generator, as the build script runs it, for any WSDL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mktows_codegen::{wsdl, Options};

use crate::fail::Failure;
use crate::output;

/// Arguments of `mktows generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    mktows generate wsdl/mktows-2_2.wsdl -o src/mktows.rs\n  \
    mktows generate svc.wsdl --operation syncLead --operation getLead\n  \
    mktows generate svc.wsdl --catalog http://example.com/types.xsd=vendor/types.xsd")]
pub struct Args {
    /// The WSDL to read. Imports and includes with relative locations are read relative to
    /// the file that names them; absolute URLs only through --catalog (nothing is downloaded).
    #[arg(value_name = "WSDL")]
    wsdl: PathBuf,

    /// Write the Rust source to FILE instead of standard output. The file is left untouched
    /// (same modification time) when its contents would not change.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Read the document an import or include names by URL from a local file instead.
    /// URL is the `location`/`schemaLocation` exactly as written, or for an import without
    /// a location, its namespace URI. Split at the last `=`. Repeatable; a later entry for the
    /// same URL wins.
    #[arg(long = "catalog", value_name = "URL=PATH", value_parser = parse_catalog_entry)]
    catalog: Vec<(String, PathBuf)>,

    /// Generate only this operation (its WSDL name, e.g. `syncLead`) and the types it uses.
    /// Repeatable; without it, every operation.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,

    /// Generate only the bindings behind this `wsdl:service` (its name attribute).
    /// Repeatable; without it, every SOAP binding.
    #[arg(long = "service", value_name = "NAME")]
    services: Vec<String>,

    /// Wrap everything in `pub mod NAME { ... }`, so several generated services can share
    /// one file or crate without their `Client`, `Request`, ... names colliding.
    #[arg(long, value_name = "NAME")]
    module: Option<String>,

    /// Fail on the first problem. Without it, an operation that cannot be generated (an
    /// undefined type, an import that cannot be read, an unsupported construct) is left
    /// out and reported as a `warning: file:line:col: ...` line on standard error.
    #[arg(long)]
    strict: bool,
}

/// Runs `mktows generate`.
pub fn run(args: Args) -> Result<(), Failure> {
    let options = Options {
        read: wsdl::ReadOptions {
            catalog: args.catalog.into_iter().collect::<BTreeMap<_, _>>(),
        },
        operations: args.operations,
        services: args.services,
        strict: args.strict,
        module: args.module,
    };
    check_filters(&args.wsdl, &options)?;
    let generated = mktows_codegen::generate(&args.wsdl, &options)
        .map_err(|e| Failure::Input(e.to_string()))?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    match &args.output {
        Some(path) => mktows_codegen::write_if_changed(path, &generated.code)
            .map(drop)
            .map_err(|e| Failure::Output(format!("error: cannot write {}: {e}", path.display()))),
        None => output::print(&generated.code),
    }
}

/// The generator skips names that match nothing; a typo should not give an empty module.
fn check_filters(path: &Path, options: &Options) -> Result<(), Failure> {
    if options.operations.is_empty() && options.services.is_empty() {
        return Ok(());
    }
    let defs = wsdl::read(path, &options.read).map_err(|e| Failure::Input(e.to_string()))?;
    let services: Vec<&str> = defs
        .services
        .iter()
        .map(|s| s.name.local.as_str())
        .collect();
    check_names("service", &options.services, &services, path)?;
    let mut operations: Vec<&str> = defs
        .bindings
        .iter()
        .flat_map(|b| b.operations.iter().map(|o| o.name.as_str()))
        .collect();
    operations.sort_unstable();
    operations.dedup();
    check_names("operation", &options.operations, &operations, path)
}

fn check_names(what: &str, wanted: &[String], known: &[&str], path: &Path) -> Result<(), Failure> {
    match wanted.iter().find(|w| !known.contains(&w.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(Failure::Input(format!(
            "{}: no {what} named `{unknown}`; {what}s: {}",
            path.display(),
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        ))),
    }
}

/// `URL=PATH`, split at the last `=` (URLs may hold `=` in their query).
fn parse_catalog_entry(s: &str) -> Result<(String, PathBuf), String> {
    match s.rsplit_once('=') {
        Some((url, path)) if !url.is_empty() && !path.is_empty() => {
            Ok((url.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!("expected URL=PATH, found `{s}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_entries() {
        assert_eq!(
            parse_catalog_entry("http://x/s?xsd=1=local/a.xsd").unwrap(),
            ("http://x/s?xsd=1".to_owned(), PathBuf::from("local/a.xsd"))
        );
        assert!(parse_catalog_entry("nothing").is_err());
        assert!(parse_catalog_entry("=a").is_err());
        assert!(parse_catalog_entry("a=").is_err());
    }
}
