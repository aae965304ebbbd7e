//! `generated/mktows_2_2.rs` is the committed, formatted snapshot of what `build.rs` generates
//! from `wsdl/mktows-2_2.wsdl`: reviewers see generator changes as diffs of real code.

mod support;

const SNAPSHOT: &str = "generated/mktows_2_2.rs";
const REFRESH: &str = "MKTOWS_BLESS=1 cargo test -p mktows --test snapshot";

#[test]
fn snapshot_matches_the_generator() {
    let root = support::root();
    let fresh = support::generate(&root.join("wsdl/mktows-2_2.wsdl"));
    let path = root.join(SNAPSHOT);
    if std::env::var_os("MKTOWS_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("snapshot is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || committed.lines().count().min(fresh.lines().count()) + 1,
                |i| i + 1,
            );
        panic!("{SNAPSHOT} is stale (first difference at line {line}); refresh it with:\n    {REFRESH}");
    }
}

/// The crate compiles what build.rs wrote to OUT_DIR; it must be the snapshot, so the
/// snapshot is known to compile too.
#[test]
fn snapshot_is_what_the_crate_compiled() {
    if std::env::var_os("MKTOWS_WSDL").is_some() {
        eprintln!("skipping: MKTOWS_WSDL picks another WSDL");
        return;
    }
    let compiled = include_str!(concat!(env!("OUT_DIR"), "/mktows.rs"));
    let committed = std::fs::read_to_string(support::root().join(SNAPSHOT)).unwrap_or_default();
    assert!(
        compiled == committed,
        "{SNAPSHOT} differs from the compiled output; refresh it with:\n    {REFRESH}"
    );
}
