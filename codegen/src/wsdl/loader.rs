//! Finding, reading and parsing files: the root, then every `wsdl:import` (WSDL 2.0: `include`
//! and `import`), `xs:import`, `xs:include` and `xs:redefine` it leads to, each file once. Relative locations resolve
//! against the importing file; absolute URLs only through the offline catalog.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use roxmltree::{Document, ParsingOptions};

use super::definitions::read_definitions;
use super::model::{Definitions, SOAPENC_NS, WSDL20_NS, WSDL_NS, XSD_NS};
use super::node::{display_name, Src};
use super::text::decode;
use super::wsdl20::{self, read_description};
use super::xsd::read_schema;
use super::ReadOptions;
use crate::error::{Error, Pos, Result};

/// What the document readers collect besides the model itself.
pub(crate) struct State {
    pub defs: Definitions,
    /// Imports and includes found in the document being read, resolved once it is done.
    pub imports: Vec<ImportRequest>,
    /// Target namespaces of the schemas read so far ("" for no-namespace schemas).
    pub loaded_ns: BTreeSet<String>,
    /// WSDL 2.0 components, lowered into `defs` once every document is read.
    pub wsdl20: wsdl20::Components,
}

pub(crate) struct ImportRequest {
    pub kind: ImportKind,
    pub location: Option<String>,
    pub namespace: Option<String>,
    pub pos: Pos,
}

impl ImportRequest {
    /// An `xs:import` of a namespace that is read from elsewhere needs no file of its own:
    /// the namespace that makes its failure harmless.
    fn skippable(&self) -> Option<String> {
        match self.kind {
            ImportKind::Schema => self.namespace.clone(),
            _ => None,
        }
    }
}

pub(crate) enum ImportKind {
    Wsdl,
    /// A WSDL 2.0 `include` or `import`: an import may leave out its location.
    Wsdl20,
    Schema,
    /// `xs:include` or `xs:redefine`, from a schema whose target namespace is `tns`.
    Include {
        tns: String,
    },
}

/// Schemas built into the generator, by namespace: imports of them need no file and no
/// network. (path shown in messages, text)
const BUILTIN_SCHEMAS: &[(&str, &str, &str)] = &[
    (
        "http://www.w3.org/2005/05/xmlmime",
        "<built-in>/xmlmime.xsd",
        include_str!("builtin/xmlmime.xsd"),
    ),
    (
        "http://www.w3.org/2003/05/soap-envelope",
        "<built-in>/soap12-envelope.xsd",
        include_str!("builtin/soap12-envelope.xsd"),
    ),
    (
        "http://www.w3.org/2004/08/xop/include",
        "<built-in>/xop-include.xsd",
        include_str!("builtin/xop-include.xsd"),
    ),
];

/// A file waiting to be read.
struct Source {
    /// Text of a built-in schema (not read from disk, not recorded as a file read).
    builtin: Option<&'static str>,
    /// As shown in messages and recorded in `Definitions::files`.
    path: PathBuf,
    /// The absolute URL the file stands for, when it was reached through one: relative
    /// locations inside it resolve against this URL first.
    url: Option<String>,
    include_tns: Option<String>,
}

struct Loader<'o> {
    options: &'o ReadOptions,
    state: State,
    seen: HashSet<PathBuf>,
    queue: VecDeque<Source>,
    /// Imports that could not be resolved. An `xs:import` among them is fine after all when
    /// its namespace is read from elsewhere (the `Option` holds that namespace).
    unresolved: Vec<(Option<String>, Error)>,
}

pub(crate) fn load(root: &Path, options: &ReadOptions) -> Result<Definitions> {
    let mut loader = Loader {
        options,
        state: State {
            defs: Definitions::default(),
            imports: Vec::new(),
            // Built into the generator: importing them needs no file.
            loaded_ns: [XSD_NS, SOAPENC_NS].iter().map(|s| s.to_string()).collect(),
            wsdl20: wsdl20::Components::default(),
        },
        seen: HashSet::new(),
        queue: VecDeque::new(),
        unresolved: Vec::new(),
    };
    let canonical = std::fs::canonicalize(root).map_err(|e| Error::io(root, e.to_string()))?;
    loader.seen.insert(canonical);
    loader.queue.push_back(Source {
        builtin: None,
        path: root.to_path_buf(),
        url: None,
        include_tns: None,
    });
    let mut is_root = true;
    while let Some(source) = loader.queue.pop_front() {
        loader.read(&source, is_root)?;
        is_root = false;
    }
    let Loader {
        state, unresolved, ..
    } = loader;
    let mut defs = state.defs;
    for (namespace, error) in unresolved {
        match namespace {
            Some(ns) if state.loaded_ns.contains(&ns) => {}
            _ => defs.left_out.push(error),
        }
    }
    wsdl20::lower(&state.wsdl20, &mut defs);
    Ok(defs)
}

impl Loader<'_> {
    fn read(&mut self, source: &Source, is_root: bool) -> Result<()> {
        let file = source.path.as_path();
        let text = match source.builtin {
            Some(text) => text.to_string(),
            None => {
                let bytes = std::fs::read(file).map_err(|e| Error::io(file, e.to_string()))?;
                let text = decode(file, &bytes)?;
                // Only real files: cargo would re-run a build script forever for a path
                // that does not exist.
                self.state.defs.files.push(file.to_path_buf());
                text
            }
        };
        let doc = parse(file, &text)?;
        let src = Src::new(file, &text);
        let root = doc.root_element();
        let (ns, local) = (root.tag_name().namespace(), root.tag_name().name());
        match (ns, local) {
            (Some(WSDL_NS), "definitions") if source.include_tns.is_none() => {
                read_definitions(&src, root, is_root, &mut self.state)?;
            }
            (Some(XSD_NS), "schema") => {
                if is_root {
                    self.state.defs.target_ns = root
                        .attribute("targetNamespace")
                        .unwrap_or("")
                        .trim()
                        .to_string();
                }
                read_schema(&src, root, source.include_tns.as_deref(), &mut self.state)?;
            }
            (Some(WSDL20_NS), "description") if source.include_tns.is_none() => {
                read_description(&src, root, is_root, &mut self.state)?;
            }
            _ => {
                let expected = if source.include_tns.is_some() {
                    "an included file must be an XML Schema (xs:schema)".to_string()
                } else {
                    format!(
                        "expected a WSDL 1.1 definitions element ({WSDL_NS}), a WSDL 2.0 \
                         description ({WSDL20_NS}) or an XML Schema (xs:schema) at the root"
                    )
                };
                let found = match ns {
                    Some(ns) => format!("{{{ns}}}{local}"),
                    None => display_name(root),
                };
                return Err(Error::at(
                    &src.pos(root),
                    format!("{expected}, found <{found}>"),
                ));
            }
        }
        for request in std::mem::take(&mut self.state.imports) {
            self.resolve(source, request);
        }
        Ok(())
    }

    fn resolve(&mut self, source: &Source, request: ImportRequest) {
        let (verb, include_tns) = match &request.kind {
            ImportKind::Include { tns } => ("include", Some(tns.clone())),
            _ => ("import", None),
        };
        let catalog_by_ns = request
            .namespace
            .as_ref()
            .and_then(|ns| self.options.catalog.get(ns));
        let Some(location) = request.location.clone() else {
            // No location: the namespace is expected to be known already, or from the catalog.
            if let Some(path) = catalog_by_ns {
                let target = Source {
                    builtin: None,
                    path: path.clone(),
                    url: None,
                    include_tns,
                };
                self.enqueue(
                    target,
                    &request,
                    verb,
                    &request.namespace.clone().unwrap_or_default(),
                );
            } else if matches!(request.kind, ImportKind::Wsdl) {
                self.unresolved.push((
                    None,
                    Error::at(&request.pos, "wsdl:import needs a location= attribute"),
                ));
            }
            return;
        };
        let target = if let Some(url) = absolute_url(&location) {
            match self.options.catalog.get(&url).or(catalog_by_ns) {
                Some(path) => Source {
                    builtin: None,
                    path: path.clone(),
                    url: Some(url),
                    include_tns,
                },
                None => {
                    if self.enqueue_builtin(&request, include_tns.clone()) {
                        return;
                    }
                    self.unresolved.push((
                        request.skippable(),
                        Error::at(
                            &request.pos,
                            format!(
                                "cannot {verb} {location}: no network access at build time; \
                                 add it to the catalog (--catalog)"
                            ),
                        ),
                    ));
                    return;
                }
            }
        } else if let Some(path) = file_url_path(&location) {
            Source {
                builtin: None,
                path: if path.is_relative() {
                    local_path(&source.path, &path.to_string_lossy())
                } else {
                    path
                },
                url: None,
                include_tns,
            }
        } else {
            // Relative: against the importer's URL when it has one (and the catalog knows
            // the result), else next to the importing file.
            let url = source.url.as_deref().map(|base| join_url(base, &location));
            let mapped = url.as_ref().and_then(|u| self.options.catalog.get(u));
            let path = match mapped {
                Some(p) => p.clone(),
                None => local_path(&source.path, &location),
            };
            Source {
                builtin: None,
                path,
                url,
                include_tns,
            }
        };
        self.enqueue(target, &request, verb, &location);
    }

    /// Queues the built-in schema for the request's namespace, once. False if none.
    fn enqueue_builtin(&mut self, request: &ImportRequest, include_tns: Option<String>) -> bool {
        let Some(ns) = request.namespace.as_deref() else {
            return false;
        };
        let Some((_, path, text)) = BUILTIN_SCHEMAS.iter().find(|(n, _, _)| *n == ns) else {
            return false;
        };
        if self.seen.insert(PathBuf::from(path)) {
            self.queue.push_back(Source {
                builtin: Some(text),
                path: PathBuf::from(path),
                url: None,
                include_tns,
            });
        }
        true
    }

    fn enqueue(&mut self, target: Source, request: &ImportRequest, verb: &str, what: &str) {
        match std::fs::canonicalize(&target.path) {
            Ok(canonical) => {
                if self.seen.insert(canonical) {
                    self.queue.push_back(target);
                }
            }
            Err(e) => {
                self.unresolved.push((
                    request.skippable(),
                    Error::at(
                        &request.pos,
                        format!("cannot {verb} {what}: {}: {e}", target.path.display()),
                    ),
                ));
            }
        }
    }
}

fn parse<'t>(file: &Path, text: &'t str) -> Result<Document<'t>> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let at = e.pos();
        let message = match &e {
            roxmltree::Error::UnknownNamespace(prefix, _) => {
                format!("unbound prefix \"{prefix}\" in an element or attribute name")
            }
            roxmltree::Error::UnexpectedDeclaration(_) => {
                "the XML declaration (<?xml ...?>) must come first, with nothing before it"
                    .to_string()
            }
            // roxmltree's messages end with " at line:col", which the position already says.
            _ => e.to_string().replace(&format!(" at {at}"), ""),
        };
        Error::at(
            &Pos::new(file, at.row, at.col),
            format!("malformed XML: {message}"),
        )
    })
}

/// `http://...`, `urn:...`: a location with a URL scheme other than `file:`, as written.
/// One-letter schemes are Windows drive letters, not URLs.
fn absolute_url(location: &str) -> Option<String> {
    let scheme = scheme(location)?;
    if scheme.eq_ignore_ascii_case("file") {
        None
    } else {
        Some(location.to_string())
    }
}

fn scheme(location: &str) -> Option<&str> {
    let (scheme, _) = location.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// The local path of a `file:` URL.
fn file_url_path(location: &str) -> Option<PathBuf> {
    let scheme = scheme(location)?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = location.get(scheme.len() + 1..)?;
    let rest = match rest.strip_prefix("//") {
        // file://host/path: only the local host makes sense here.
        Some(after) => match after.find('/') {
            Some(i) => after.get(i..)?,
            None => after,
        },
        None => rest,
    };
    Some(PathBuf::from(percent_decode(rest)))
}

/// A relative location next to the importing file, written without `.` and `..` where that
/// names the same file, so messages show `wsdl/types.xsd` rather than `wsdl/x/../types.xsd`.
fn local_path(importer: &Path, location: &str) -> PathBuf {
    let dir = importer.parent().unwrap_or(Path::new(""));
    let mut joined = dir.join(location);
    if !joined.exists() && location.contains('%') {
        let decoded = dir.join(percent_decode(location));
        if decoded.exists() {
            joined = decoded;
        }
    }
    let short = normalize(&joined);
    // `..` after a symlinked directory does not undo it: keep the long form then.
    match (
        std::fs::canonicalize(&short),
        std::fs::canonicalize(&joined),
    ) {
        (Ok(a), Ok(b)) if a == b => short,
        (Err(_), Err(_)) => short,
        _ => joined,
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Resolves a relative reference against an absolute URL (paths only: enough for schema
/// locations).
fn join_url(base: &str, relative: &str) -> String {
    let base = base.split(['?', '#']).next().unwrap_or(base);
    let dir = match base.rfind('/') {
        Some(i) => base.get(..=i).unwrap_or(base),
        None => base,
    };
    // Keep the scheme and authority ("http://host/") out of `..` handling.
    let root_len = dir
        .find("://")
        .and_then(|i| {
            dir.get(i + 3..)
                .and_then(|r| r.find('/'))
                .map(|j| i + 3 + j + 1)
        })
        .unwrap_or(0);
    let (root, path) = dir.split_at(root_len.min(dir.len()));
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let relative = match relative.strip_prefix('/') {
        Some(r) => {
            segments.clear();
            r
        }
        None => relative,
    };
    let mut rel = relative.split('/').peekable();
    while let Some(seg) = rel.next() {
        match seg {
            "." => {}
            ".." => {
                segments.pop();
            }
            s if s.is_empty() && rel.peek().is_some() => {}
            s => segments.push(s),
        }
    }
    format!("{root}{}", segments.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_like_a_browser_would() {
        assert_eq!(
            join_url("http://h/a/b/c.wsdl", "../x/y.xsd"),
            "http://h/a/x/y.xsd"
        );
        assert_eq!(join_url("http://h/a/c.wsdl", "y.xsd"), "http://h/a/y.xsd");
        assert_eq!(join_url("http://h/a/c.wsdl", "/z.xsd"), "http://h/z.xsd");
        assert_eq!(join_url("http://h/c.wsdl", "../../z.xsd"), "http://h/z.xsd");
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert_eq!(absolute_url("urn:x:y").as_deref(), Some("urn:x:y"));
        assert_eq!(absolute_url("HTTPS://h/x").as_deref(), Some("HTTPS://h/x"));
        assert_eq!(absolute_url("C:\\x.xsd"), None);
        assert_eq!(absolute_url("types.xsd"), None);
        assert_eq!(absolute_url("file:///tmp/x.xsd"), None);
        assert_eq!(
            file_url_path("file:///tmp/a%20b.xsd"),
            Some(PathBuf::from("/tmp/a b.xsd"))
        );
        assert_eq!(
            normalize(Path::new("a/./b/../c.xsd")),
            PathBuf::from("a/c.xsd")
        );
        assert_eq!(normalize(Path::new("../c.xsd")), PathBuf::from("../c.xsd"));
    }
}
