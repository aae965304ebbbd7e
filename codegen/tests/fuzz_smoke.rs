//! A bounded smoke run of the WSDL reader and generator over mutated inputs: the project's
//! mktows WSDL and the shared corpus (`../shared/wsdl-corpus`), mutated deterministically
//! (byte flips, cuts, lines removed or repeated, tags inserted), one file at a time, in a
//! scratch copy that keeps relative names so imports still resolve.
//!
//! No input may panic or hang the generator, and every error must read
//! `file:line:col: message` with a position inside that file (or `path: message` for a
//! file that could not be read). `fuzz/` has the unbounded version (cargo fuzz).

mod common;

use common::{corpus_dir, workspace_root};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mktows_codegen::{Error, Options};

/// Cases in one run (fewer only when the time budget runs out first).
const CASES: usize = 3000;
/// The run stops starting new cases after this, so CI stays bounded on a slow machine.
const BUDGET: Duration = Duration::from_secs(45);
/// At least this many cases must have run for the smoke run to count.
const MIN_CASES: usize = 300;
/// One case may take this long before it counts as a hang.
const CASE_DEADLINE: Duration = Duration::from_secs(20);
/// Roots whose files add up to more than this are left out: the run is about many cases,
/// and the big roots are covered unmutated by `corpus.rs`.
const MAX_ROOT_BYTES: u64 = 64 * 1024;

/// xorshift64*: deterministic, so a failing case reproduces from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Markup that reaches the reader's corners: imports (missing, self, absolute), DTDs,
/// unbound prefixes, references to nothing, recursion, and deep nesting.
const TAGS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</xs:sequence>",
    "<xs:sequence>",
    "<xs:element name=\"x\" type=\"xs:string\"/>",
    "<xs:element ref=\"tns:nothing\"/>",
    "<xs:element name=\"r\" type=\"undeclared:T\"/>",
    "<xs:complexType name=\"R\"><xs:sequence><xs:element name=\"r\" type=\"tns:R\"/></xs:sequence></xs:complexType>",
    "<xs:complexType name=\"E\"><xs:complexContent><xs:extension base=\"tns:E\"/></xs:complexContent></xs:complexType>",
    "<xs:simpleType name=\"S\"><xs:restriction base=\"tns:S\"/></xs:simpleType>",
    "<xs:import namespace=\"urn:x\" schemaLocation=\"missing.xsd\"/>",
    "<xs:include schemaLocation=\"http://example.invalid/x.xsd\"/>",
    "<xs:include schemaLocation=\"\"/>",
    "<wsdl:import namespace=\"urn:x\" location=\"../../..\"/>",
    "<xs:any/>",
    "<xs:choice maxOccurs=\"unbounded\"><xs:choice/></xs:choice>",
    " minOccurs=\"-1\"",
    " maxOccurs=\"99999999999999999999\"",
    " name=\"\"",
    " name=\"type\"",
    " type=\"xs:\"",
    " xmlns:tns=\"\"",
    " xmlns=\"urn:other\"",
    "<!DOCTYPE x [<!ENTITY e \"eee\">]>",
    "&e;",
    "&#0;",
    "<![CDATA[<]]>",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "\u{FEFF}",
    "é",
    "<wsdl:operation name=\"op\"><wsdl:input message=\"tns:none\"/></wsdl:operation>",
    "<wsdl:part name=\"p\" element=\"tns:none\"/>",
    "<soap:binding style=\"rpc\" transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
];

/// Deep nesting: a sequence of anonymous types `depth` levels deep.
fn deep_nesting(depth: usize) -> String {
    let open = "<xs:element name=\"d\"><xs:complexType><xs:sequence>";
    let close = "</xs:sequence></xs:complexType></xs:element>";
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// Where to insert: mostly just after a tag (so the document often stays well-formed and
/// the later stages see the change), sometimes anywhere.
fn insertion_point(rng: &mut Rng, data: &[u8]) -> usize {
    if rng.below(4) > 0 {
        let start = rng.below(data.len() + 1);
        if let Some(i) = data[start..].iter().position(|b| *b == b'>') {
            return start + i + 1;
        }
    }
    rng.below(data.len() + 1)
}

/// One to three mutations of `seed` (one, half the time).
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    let count = if rng.below(2) == 0 {
        1
    } else {
        2 + rng.below(2)
    };
    for _ in 0..count {
        let len = data.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.truncate(rng.below(len + 1)),
            2..=4 => {
                let i = insertion_point(rng, &data);
                let tag = TAGS[rng.below(TAGS.len())].as_bytes();
                data.splice(i..i, tag.iter().copied());
            }
            5 | 6 => {
                // Remove a line, or repeat one.
                let lines: Vec<usize> = std::iter::once(0)
                    .chain(
                        data.iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                let k = rng.below(lines.len());
                let start = lines[k];
                let end = lines.get(k + 1).copied().unwrap_or(len);
                if rng.below(2) == 0 {
                    data.drain(start..end);
                } else {
                    let line = data[start..end].to_vec();
                    data.splice(end..end, line);
                }
            }
            7 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            8 => {
                let i = insertion_point(rng, &data);
                let depth = [10, 100, 1000, 5000][rng.below(4)];
                data.splice(i..i, deep_nesting(depth).into_bytes());
            }
            _ if len > 0 => {
                // Swap two spans: elements end up in the wrong place.
                let a = rng.below(len);
                let b = rng.below(len);
                let (a, b) = (a.min(b), a.max(b));
                let n = rng.below(64).min(b - a).min(len - b);
                for k in 0..n {
                    data.swap(a + k, b + k);
                }
            }
            _ => {}
        }
    }
    data
}

/// A root to generate from, and the files it reads (the ones mutations go to), relative to
/// the scratch copy.
#[derive(Debug, Clone)]
struct Root {
    root: PathBuf,
    files: Vec<PathBuf>,
}

/// Copies `from` (a file or a directory tree) to `to`.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("scratch directory");
        for entry in std::fs::read_dir(from).expect("readable directory") {
            let entry = entry.expect("directory entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy into the scratch directory");
    }
}

/// What one case did.
enum Outcome {
    Generated,
    /// The error, and why it is unclear if it is (checked while the mutated file is there).
    Failed(Error, Option<String>),
    Panicked(String),
}

fn run_generate(root: &Path) -> Outcome {
    let result = std::panic::catch_unwind(|| mktows_codegen::generate(root, &Options::default()));
    match result {
        Ok(Ok(_)) => Outcome::Generated,
        Ok(Err(e)) => {
            let why = unclear(&e);
            Outcome::Failed(e, why)
        }
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
        ),
    }
}

/// Why `e` is not a clear `file:line:col: message` / `path: message`, if it is not.
fn unclear(e: &Error) -> Option<String> {
    let shown = e.to_string();
    match e {
        Error::At { pos, message } => {
            let prefix = format!("{}:{}:{}: ", pos.file.display(), pos.line, pos.col);
            if !shown.starts_with(&prefix) || message.trim().len() < 4 {
                return Some(format!("not file:line:col: message: {shown}"));
            }
            if pos.line == 0 || pos.col == 0 || pos.file.as_os_str().is_empty() {
                return Some(format!("no position: {shown}"));
            }
            // A position inside the file, when the file is a real one.
            if let Ok(bytes) = std::fs::read(&pos.file) {
                let text = String::from_utf8_lossy(&bytes);
                let lines: Vec<&str> = text.split('\n').collect();
                let Some(line) = lines.get(pos.line as usize - 1) else {
                    return Some(format!(
                        "line past the end ({} lines): {shown}",
                        lines.len()
                    ));
                };
                if pos.col as usize > line.chars().count() + 1 {
                    return Some(format!("column past the end of the line: {shown}"));
                }
            }
            None
        }
        Error::Io { path, message } => {
            let ok = !path.as_os_str().is_empty()
                && message.trim().len() >= 4
                && shown == format!("{}: {message}", path.display());
            (!ok).then(|| format!("not path: message: {shown}"))
        }
    }
}

/// The roots: the project's WSDL and the corpus' small roots, copied under `scratch`.
fn roots(scratch: &Path) -> Vec<Root> {
    let mut out = Vec::new();
    let project = scratch.join("project");
    copy_tree(&workspace_root().join("wsdl"), &project);
    out.push(project.join("mktows-2_2.wsdl"));
    if let Some(corpus) = corpus_dir() {
        let copy = scratch.join("corpus");
        copy_tree(&corpus, &copy);
        let listed = std::fs::read_to_string(corpus.join("ROOTS.txt")).expect("ROOTS.txt");
        out.extend(
            listed
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| copy.join(l)),
        );
    }
    // The files each root reads (its own only, when it does not generate unmutated).
    let small = |f: &PathBuf| std::fs::metadata(f).is_ok_and(|m| m.len() <= MAX_ROOT_BYTES);
    out.into_iter()
        .filter(|root| root.starts_with(scratch.join("project")) || small(root))
        .filter_map(|root| {
            let files = match mktows_codegen::wsdl::read(&root, &Default::default()) {
                Ok(defs) => defs.files,
                Err(_) => vec![root.clone()],
            };
            let bytes: u64 = files
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum();
            let is_project = root.starts_with(scratch.join("project"));
            (is_project || bytes <= MAX_ROOT_BYTES).then_some(Root { root, files })
        })
        .collect()
}

#[test]
fn fuzz_smoke_wsdl_reader_and_generator() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-smoke");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).expect("old scratch removed");
    }
    std::fs::create_dir_all(&scratch).expect("scratch");

    // One thread with a big stack runs every case; this thread keeps the deadline.
    let (cases_tx, cases_rx) = mpsc::channel::<(PathBuf, PathBuf, Vec<u8>)>();
    let (done_tx, done_rx) = mpsc::channel::<Outcome>();
    let worker = std::thread::Builder::new()
        .name("fuzz-smoke".into())
        .stack_size(64 << 20)
        .spawn(move || {
            for (root, file, data) in cases_rx {
                let original = std::fs::read(&file).expect("scratch file");
                std::fs::write(&file, &data).expect("mutated file written");
                let outcome = run_generate(&root);
                std::fs::write(&file, &original).expect("scratch file restored");
                if done_tx.send(outcome).is_err() {
                    return;
                }
            }
        })
        .expect("worker thread");

    let started = Instant::now();
    let roots = roots(&scratch);
    eprintln!("{} roots ready in {:?}", roots.len(), started.elapsed());
    assert!(!roots.is_empty());
    // Another seed explores other cases: MKTOWS_FUZZ_SMOKE_SEED=<u64> cargo test ...
    let seed = std::env::var("MKTOWS_FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x7773_646c_2d66_757a_u64);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut generated = 0;
    let mut failed = 0;
    let mut problems = Vec::new();
    let mut seen_messages = BTreeSet::new();
    let mut ran = 0;
    for case in 0..CASES {
        if started.elapsed() > BUDGET {
            break;
        }
        let root = &roots[case % roots.len()];
        let file = root.files[rng.below(root.files.len())].clone();
        let seed = std::fs::read(&file).expect("scratch file");
        let data = mutate(&mut rng, &seed);
        cases_tx
            .send((root.root.clone(), file.clone(), data))
            .expect("worker alive");
        let outcome = match done_rx.recv_timeout(CASE_DEADLINE) {
            Ok(outcome) => outcome,
            Err(_) => panic!(
                "case {case}: no answer in {CASE_DEADLINE:?} (a hang) on {} with {} mutated",
                root.root.display(),
                file.display()
            ),
        };
        ran += 1;
        match outcome {
            Outcome::Generated => generated += 1,
            Outcome::Failed(e, unclear) => {
                failed += 1;
                if let Some(why) = unclear {
                    problems.push(format!("case {case} ({}): {why}", file.display()));
                }
                seen_messages.insert(match &e {
                    Error::At { message, .. } | Error::Io { message, .. } => {
                        message.chars().take(40).collect::<String>()
                    }
                });
            }
            Outcome::Panicked(message) => problems.push(format!(
                "case {case}: panicked on {} mutated ({}): {message}",
                file.display(),
                root.root.display()
            )),
        }
    }
    drop(cases_tx);
    worker.join().expect("the worker ends");
    eprintln!(
        "{ran} cases over {} roots in {:?}: {generated} generated, {failed} failed clearly, {} distinct messages",
        roots.len(),
        started.elapsed(),
        seen_messages.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(ran >= MIN_CASES, "only {ran} cases ran in {BUDGET:?}");
    // The mutations both break inputs and leave some usable.
    assert!(generated > 0 && failed > 0, "{generated} / {failed}");
}
