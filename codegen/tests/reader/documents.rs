//! Small documents written to a temporary directory: imports and includes, the catalog,
//! namespaces, and the errors a user sees.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use mktows_codegen::wsdl::{
    read, AttributeUse, ComplexContent, Definitions, MaxOccurs, Particle, QName, ReadOptions,
    TypeUse,
};

use super::{q, read_ok};

/// A fresh directory for one test's files, removed when the test is done.
pub(super) struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn scratch(name: &str) -> Scratch {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mktows-reader-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    Scratch(dir)
}

pub(super) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(&path, text).expect("write file");
    path
}

pub(super) fn read_err(path: &Path, options: &ReadOptions) -> String {
    match read(path, options) {
        Ok(_) => panic!("{} read without error", path.display()),
        Err(e) => e.to_string(),
    }
}

pub(super) const XS: &str = r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#;

#[test]
fn relative_includes_and_imports_are_followed_once_each() {
    let dir = scratch("relative");
    let root = write(
        &dir,
        "svc/root.wsdl",
        &format!(
            r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" {XS}
    xmlns:a="urn:a" targetNamespace="urn:svc">
  <wsdl:types>
    <xs:schema targetNamespace="urn:a">
      <xs:include schemaLocation="parts/a-part.xsd"/>
      <xs:import namespace="urn:b" schemaLocation="../common/b.xsd"/>
      <xs:element name="Root" type="a:Part"/>
    </xs:schema>
  </wsdl:types>
</wsdl:definitions>"#
        ),
    );
    write(
        &dir,
        "svc/parts/a-part.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:a">
  <xs:complexType name="Part"><xs:sequence/></xs:complexType>
</xs:schema>"#
        ),
    );
    // b.xsd imports a-part.xsd's namespace again (a cycle back): still one read.
    write(
        &dir,
        "common/b.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:b">
  <xs:import namespace="urn:a" schemaLocation="../svc/parts/./a-part.xsd"/>
  <xs:element name="B" type="xs:string"/>
</xs:schema>"#
        ),
    );
    let defs = read_ok(&root);
    assert_eq!(
        defs.files,
        [
            root.clone(),
            dir.join("svc/parts/a-part.xsd"),
            dir.join("common/b.xsd")
        ]
    );
    assert!(defs.schemas.complex_types.contains_key(&q("urn:a", "Part")));
    assert!(defs.schemas.elements.contains_key(&q("urn:a", "Root")));
    assert!(defs.schemas.elements.contains_key(&q("urn:b", "B")));
    assert_eq!(defs.schemas.namespaces, ["urn:a", "urn:b"]);
    assert_eq!(defs.target_ns, "urn:svc");
}

#[test]
fn chameleon_include_takes_the_includers_namespace() {
    let dir = scratch("chameleon");
    let root = write(
        &dir,
        "main.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:include schemaLocation="cham.xsd"/>
</xs:schema>"#
        ),
    );
    write(
        &dir,
        "cham.xsd",
        &format!(
            r#"<xs:schema {XS}>
  <xs:complexType name="Foo">
    <xs:sequence><xs:element name="bar" type="Bar"/></xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Bar"><xs:restriction base="xs:string"/></xs:simpleType>
</xs:schema>"#
        ),
    );
    let defs = read_ok(&root);
    let foo = &defs.schemas.complex_types[&q("urn:t", "Foo")];
    assert!(defs.schemas.simple_types.contains_key(&q("urn:t", "Bar")));
    let ComplexContent::Particle(Some(Particle::Sequence { items, .. })) = &foo.content else {
        panic!("{:?}", foo.content);
    };
    let [Particle::Element { element, .. }] = items.as_slice() else {
        panic!("{items:?}");
    };
    assert!(matches!(&element.ty, TypeUse::Named(t) if *t == q("urn:t", "Bar")));
    // The included schema's own elementFormDefault (absent: unqualified) applies.
    assert_eq!(element.name, q("", "bar"));
}

#[test]
fn the_catalog_maps_absolute_urls_and_namespaces_to_local_files() {
    let dir = scratch("catalog");
    let root = write(
        &dir,
        "root.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:root">
  <xs:import namespace="urn:ext" schemaLocation="http://example.com/schemas/ext.xsd"/>
  <xs:import namespace="urn:other" schemaLocation="https://example.org/other.xsd"/>
</xs:schema>"#
        ),
    );
    let ext = write(
        &dir,
        "local/ext.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:ext">
  <xs:import namespace="urn:ext2" schemaLocation="ext2.xsd"/>
  <xs:element name="Ext" type="xs:int"/>
</xs:schema>"#
        ),
    );
    // Relative to ext.xsd's URL: http://example.com/schemas/ext2.xsd, found in the catalog.
    let ext2 = write(
        &dir,
        "elsewhere/ext2.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:ext2"><xs:element name="E2"/></xs:schema>"#
        ),
    );
    let other = write(
        &dir,
        "other.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:other"><xs:element name="O"/></xs:schema>"#
        ),
    );
    let options = ReadOptions {
        catalog: BTreeMap::from([
            (
                "http://example.com/schemas/ext.xsd".to_string(),
                ext.clone(),
            ),
            (
                "http://example.com/schemas/ext2.xsd".to_string(),
                ext2.clone(),
            ),
            ("urn:other".to_string(), other.clone()),
        ]),
    };
    let defs = read(&root, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(defs.files, [root, ext, other, ext2]);
    for name in [
        q("urn:ext", "Ext"),
        q("urn:ext2", "E2"),
        q("urn:other", "O"),
    ] {
        assert!(defs.schemas.elements.contains_key(&name), "{name}");
    }
}

#[test]
fn an_absolute_import_missing_from_the_catalog_is_an_error_at_the_import() {
    let dir = scratch("missing");
    let root = write(
        &dir,
        "root.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:root">
  <xs:import namespace="urn:known"/>
    <xs:import namespace="urn:missing" schemaLocation="http://example.com/missing.xsd"/>
</xs:schema>"#
        ),
    );
    // Reading goes on without it; the import is reported where it stands, and whatever
    // needs it fails (or, in strict generation, the import itself fails).
    let defs = read(&root, &ReadOptions::default()).expect("the rest reads");
    let unresolved: Vec<String> = defs.left_out.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        unresolved,
        vec![format!(
            "{}:3:5: cannot import http://example.com/missing.xsd: no network access at build \
             time; add it to the catalog (--catalog)",
            root.display()
        )]
    );

    // An import whose namespace is read from elsewhere needs no catalog entry.
    let root = write(
        &dir,
        "fine.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:root">
  <xs:import namespace="urn:b" schemaLocation="http://example.com/b.xsd"/>
  <xs:import namespace="urn:b" schemaLocation="b.xsd"/>
  <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/"
             schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>
</xs:schema>"#
        ),
    );
    write(
        &dir,
        "b.xsd",
        &format!(r#"<xs:schema {XS} targetNamespace="urn:b"/>"#),
    );
    read_ok(&root);

    // A relative file that is not there.
    let root = write(
        &dir,
        "nofile.xsd",
        &format!(
            "<xs:schema {XS} targetNamespace=\"urn:root\">\n  <xs:include schemaLocation=\"gone.xsd\"/>\n</xs:schema>"
        ),
    );
    let defs = read(&root, &ReadOptions::default()).expect("the rest reads");
    let err = defs
        .left_out
        .first()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with(&format!(
            "{}:2:3: cannot include gone.xsd: ",
            root.display()
        )),
        "{err}"
    );
}

#[test]
fn an_unbound_prefix_in_a_qname_is_an_error_at_its_element() {
    let dir = scratch("prefix");
    let root = write(
        &dir,
        "root.xsd",
        &format!(
            r#"<xs:schema {XS} targetNamespace="urn:root">
  <xs:element name="A" type="foo:Bar"/>
</xs:schema>"#
        ),
    );
    assert_eq!(
        read_err(&root, &ReadOptions::default()),
        format!(
            "{}:2:3: unbound prefix \"foo\" in type=\"foo:Bar\"",
            root.display()
        )
    );
    // On an element name it is roxmltree that notices.
    let root = write(&dir, "name.xsd", "<x:schema/>");
    let err = read_err(&root, &ReadOptions::default());
    assert!(
        err.starts_with(&format!(
            "{}:1:2: malformed XML: unbound prefix \"x\"",
            root.display()
        )),
        "{err}"
    );
}

#[test]
fn malformed_xml_is_reported_with_line_and_column() {
    let dir = scratch("malformed");
    let root = write(&dir, "bad.wsdl", "<a>\n  <b>\n  </c>\n</a>");
    let err = read_err(&root, &ReadOptions::default());
    assert!(
        err.starts_with(&format!("{}:3:3: malformed XML: ", root.display())),
        "{err}"
    );

    let root = write(&dir, "decl.wsdl", "\n<?xml version=\"1.0\"?>\n<a/>");
    let err = read_err(&root, &ReadOptions::default());
    assert!(
        err.starts_with(&format!("{}:2:1: malformed XML: ", root.display())),
        "{err}"
    );

    let root = dir.join("latin.xsd");
    std::fs::write(&root, b"<xs:schema>\n <x>caf\xE9</x></xs:schema>").expect("write");
    let err = read_err(&root, &ReadOptions::default());
    assert!(
        err.starts_with(&format!("{}:2:8: invalid UTF-8", root.display())),
        "{err}"
    );

    let err = read_err(&dir.join("absent.wsdl"), &ReadOptions::default());
    assert!(
        err.starts_with(&format!("{}: ", dir.join("absent.wsdl").display())),
        "{err}"
    );
}

#[test]
fn element_form_decides_whether_local_names_are_qualified() {
    let dir = scratch("forms");
    let schema = |form: &str| {
        format!(
            r#"<xs:schema {XS} xmlns:t="urn:t" targetNamespace="urn:t" {form}>
  <xs:element name="Top">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="plain" type="xs:string"/>
        <xs:element name="q" type="xs:string" form="qualified"/>
        <xs:element name="u" type="xs:string" form="unqualified"/>
        <xs:element ref="t:Top" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="at" type="xs:string" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>"#
        )
    };
    let names = |defs: &Definitions| {
        let top = &defs.schemas.elements[&q("urn:t", "Top")];
        assert_eq!(top.name, q("urn:t", "Top"));
        let TypeUse::AnonComplex(ty) = &top.ty else {
            panic!("{:?}", top.ty);
        };
        let ComplexContent::Particle(Some(Particle::Sequence { items, .. })) = &ty.content else {
            panic!("{:?}", ty.content);
        };
        let mut names: Vec<QName> = items
            .iter()
            .map(|p| match p {
                Particle::Element { element, .. } => element.name.clone(),
                Particle::ElementRef { name, occurs, .. } => {
                    assert_eq!(occurs.max, MaxOccurs::Unbounded);
                    name.clone()
                }
                other => panic!("{other:?}"),
            })
            .collect();
        let [AttributeUse::Local(at)] = ty.attributes.as_slice() else {
            panic!("{:?}", ty.attributes);
        };
        assert!(at.required);
        names.push(at.name.clone());
        names
    };
    let qualified = read_ok(&write(
        &dir,
        "q.xsd",
        &schema(r#"elementFormDefault="qualified" attributeFormDefault="unqualified""#),
    ));
    assert_eq!(
        names(&qualified),
        [
            q("urn:t", "plain"),
            q("urn:t", "q"),
            q("", "u"),
            q("urn:t", "Top"),
            q("", "at")
        ]
    );
    let unqualified = read_ok(&write(&dir, "u.xsd", &schema("")));
    assert_eq!(
        names(&unqualified),
        [
            q("", "plain"),
            q("urn:t", "q"),
            q("", "u"),
            q("urn:t", "Top"),
            q("", "at")
        ]
    );
}

#[test]
fn other_roots_are_refused() {
    let dir = scratch("roots");
    let root = write(&dir, "html.wsdl", "<html><body/></html>");
    let err = read_err(&root, &ReadOptions::default());
    assert!(
        err.starts_with(&format!("{}:1:1: expected a WSDL 1.1", root.display())),
        "{err}"
    );
}

#[test]
fn bad_occurs_and_deep_nesting_are_errors_not_crashes() {
    let dir = scratch("limits");
    let root = write(
        &dir,
        "occurs.xsd",
        &format!(
            r#"<xs:schema {XS}><xs:group name="G"><xs:sequence>
<xs:any maxOccurs="many"/></xs:sequence></xs:group></xs:schema>"#
        ),
    );
    assert_eq!(
        read_err(&root, &ReadOptions::default()),
        format!(
            "{}:2:1: maxOccurs=\"many\" is not a non-negative integer",
            root.display()
        )
    );

    let depth = 20_000;
    let text = format!(
        "<xs:schema {XS}><xs:complexType name=\"Deep\">{}{}</xs:complexType></xs:schema>",
        "<xs:sequence>".repeat(depth),
        "</xs:sequence>".repeat(depth)
    );
    let root = write(&dir, "deep.xsd", &text);
    let err = read_err(&root, &ReadOptions::default());
    assert!(err.contains("nested more than 256 levels deep"), "{err}");

    // Anonymous types inside anonymous types: 85 levels of element/complexType/sequence under
    // xs:schema is 256 deep, the most accepted, and is read without exhausting the stack.
    let levels = 85;
    let text = format!(
        "<xs:schema {XS}>{}{}</xs:schema>",
        "<xs:element name=\"e\"><xs:complexType><xs:sequence>".repeat(levels),
        "</xs:sequence></xs:complexType></xs:element>".repeat(levels)
    );
    let defs = read_ok(&write(&dir, "anon.xsd", &text));
    assert!(defs.schemas.elements.contains_key(&q("", "e")));
    let text = format!(
        "<xs:schema {XS}>{}{}</xs:schema>",
        "<xs:element name=\"e\"><xs:complexType><xs:sequence>".repeat(levels + 1),
        "</xs:sequence></xs:complexType></xs:element>".repeat(levels + 1)
    );
    let err = read_err(
        &write(&dir, "anon-deeper.xsd", &text),
        &ReadOptions::default(),
    );
    assert!(err.contains("nested more than 256 levels deep"), "{err}");
}
