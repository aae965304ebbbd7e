//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod responses;

use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<rel>` when it exists. Absent: `None` (the test skips), except under CI
/// (`CI=true`), where a missing `../shared` is a failure.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing: CI needs ../shared beside the checkout",
            path.display()
        );
    }
    eprintln!("skipping: {} not found", path.display());
    None
}

/// Generates Rust from a WSDL, panicking with the generator's own message on failure.
pub fn generate(wsdl: &Path) -> String {
    match mktows_codegen::generate(wsdl, &mktows_codegen::Options::default()) {
        Ok(g) => g.code,
        Err(e) => panic!("generation failed: {e}"),
    }
}

/// The seed page's XML blocks (request first, response second), from the newest translation.
pub fn seed_xml_blocks() -> Option<Vec<String>> {
    let page = shared("seeds/syncLead.ko.md")?;
    let text = std::fs::read_to_string(page).expect("seed page is readable");
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```xml") {
        let after = &rest[start + "```xml".len()..];
        let end = after.find("```").expect("closed code block");
        blocks.push(after[..end].trim().to_string());
        rest = &after[end + 3..];
    }
    Some(blocks)
}

/// Removes whitespace-only text between tags (the seed page is indented; XML on the wire
/// usually is not).
pub fn compact(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find('>') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let next_tag = rest.find('<').unwrap_or(rest.len());
        if rest[..next_tag]
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
        {
            rest = &rest[next_tag..];
        }
    }
    out.push_str(rest);
    out
}
