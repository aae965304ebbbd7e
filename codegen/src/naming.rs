//! Rust names for schema names: heck casing, keyword-safe, collision-free and deterministic
//! (collisions are broken in a fixed order, so the same schema always gives the same names).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::wsdl::QName;

/// Words that cannot be identifiers even as raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Type names the generated code uses unqualified: a schema type with one of these names
/// gets a suffix instead of shadowing it.
const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Self",
    "Clone",
    "Debug",
    "PartialEq",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "Into",
    "From",
    "Iterator",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Eq",
    "Ord",
    "PartialOrd",
    "Hash",
];

/// Turns any schema name into identifier characters: letters, digits and `_` kept, anything
/// else a word break. Non-ASCII letters are kept (Rust allows Unicode identifiers) but
/// normalised away from anything heck would mangle.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

fn fix_leading_digit(mut s: String, prefix: &str) -> String {
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    s
}

/// `UpperCamelCase` type name for a schema name (no collision handling).
pub fn type_name(raw: &str) -> String {
    let s = words(raw).to_upper_camel_case();
    let s = fix_leading_digit(s, "T");
    if PRELUDE_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else {
        s
    }
}

/// `snake_case` identifier, keyword-safe (`type` -> `r#type`, `self` -> `self_`).
pub fn snake_ident(raw: &str) -> String {
    let s = words(raw).to_snake_case();
    let s = fix_leading_digit(s, "f_");
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Method name for an operation or header.
pub fn method_name(raw: &str) -> String {
    snake_ident(raw)
}

/// `SHOUTY_SNAKE` for statics.
pub fn const_name(raw: &str) -> String {
    fix_leading_digit(words(raw).to_shouty_snake_case(), "C_")
}

/// Struct field names for elements then attributes, unique within the struct. The first
/// `n_elements` names are elements; an attribute that clashes with an element gets `_attr`.
pub fn field_names(raw: &[&str], n_elements: usize) -> Vec<String> {
    let mut used = BTreeSet::new();
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let base = snake_ident(r);
            let mut name = base.clone();
            if i >= n_elements && used.contains(&name) {
                name = format!("{}_attr", base.trim_start_matches("r#"));
            }
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{}_{n}", base.trim_start_matches("r#"));
                n += 1;
            }
            used.insert(name.clone());
            name
        })
        .collect()
}

/// Enum variant names for enumeration values, plus the name of the variant that keeps
/// unknown values (`Unknown`, unless a listed value already took it).
pub fn variant_names(values: &[&str]) -> (Vec<String>, String) {
    let mut used = BTreeSet::new();
    let names: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let base = words(v).to_upper_camel_case();
            let base = if base.is_empty() {
                if v.is_empty() {
                    "Empty".to_string()
                } else {
                    format!("Value{}", i + 1)
                }
            } else {
                fix_leading_digit(base, "V")
            };
            let base = if base == "Self" {
                "SelfValue".to_string()
            } else {
                base
            };
            unique(base, &mut used)
        })
        .collect();
    let unknown = unique("Unknown".to_string(), &mut used);
    (names, unknown)
}

fn unique(base: String, used: &mut BTreeSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    used.insert(name.clone());
    name
}

/// Type names for the whole arena. Keys come sorted (a BTreeMap), so when two schema names
/// map to one Rust name, the first key keeps it and later ones get a numeric suffix.
pub fn type_names(
    hints: &[(&QName, &str)],
    reserved: &BTreeSet<String>,
) -> BTreeMap<QName, String> {
    let mut used: BTreeSet<String> = reserved.clone();
    hints
        .iter()
        .map(|(key, hint)| ((*key).clone(), unique(type_name(hint), &mut used)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_keyword_safe_and_unique() {
        let names = field_names(&["type", "Id", "id", "self", "3d", "id"], 5);
        assert_eq!(
            names,
            vec!["r#type", "id", "id_2", "self_", "f_3d", "id_attr"]
        );
    }

    #[test]
    fn variants_keep_unknown_free() {
        let (v, unknown) = variant_names(&["CREATED", "Unknown", "a-b", "", "1x", "+"]);
        assert_eq!(
            v,
            vec!["Created", "Unknown", "AB", "Empty", "V1x", "Value6"]
        );
        assert_eq!(unknown, "Unknown2");
    }

    #[test]
    fn type_names_avoid_prelude_and_collisions() {
        let a = QName::new("urn:a", "fooBar");
        let b = QName::new("urn:b", "FooBar");
        let c = QName::new("urn:a", "String");
        let reserved = BTreeSet::from(["Client".to_string()]);
        let d = QName::new("urn:a", "client");
        let names = type_names(
            &[
                (&a, "fooBar"),
                (&b, "FooBar"),
                (&c, "String"),
                (&d, "client"),
            ],
            &reserved,
        );
        assert_eq!(names[&a], "FooBar");
        assert_eq!(names[&b], "FooBar2");
        assert_eq!(names[&c], "StringType");
        assert_eq!(names[&d], "Client2");
    }

    #[test]
    fn methods() {
        assert_eq!(method_name("syncLead"), "sync_lead");
        assert_eq!(method_name("getMObjects"), "get_m_objects");
        assert_eq!(method_name("AuthenticationHeader"), "authentication_header");
        assert_eq!(method_name("match"), "r#match");
    }
}
