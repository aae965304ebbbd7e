//! Our `wsdl/mktows-2_2.wsdl` is written by us, but it must describe the same interface as
//! Marketo's published WSDL: generating from both must give the same public Rust API (type
//! names, fields, field types and order, enum values, operations, SOAPActions, headers).
//! Only documentation may differ, so doc attributes are removed before comparing.

mod support;

use syn::visit_mut::VisitMut;

struct StripDocs;

impl VisitMut for StripDocs {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
        attrs.retain(|a| !a.path().is_ident("doc"));
        for a in attrs.iter_mut() {
            self.visit_attribute_mut(a);
        }
    }
}

fn api_of(code: &str) -> Vec<String> {
    let mut file: syn::File = syn::parse_str(code).expect("generated code parses");
    StripDocs.visit_file_mut(&mut file);
    prettyplease::unparse(&file)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn our_wsdl_and_marketos_give_the_same_api() {
    let Some(real) = support::shared("wsdl-corpus/marketo/mktows-2_2.wsdl") else {
        return;
    };
    let ours = api_of(&support::generate(
        &support::root().join("wsdl/mktows-2_2.wsdl"),
    ));
    let theirs = api_of(&support::generate(&real));
    if let Some(i) = ours.iter().zip(&theirs).position(|(a, b)| a != b) {
        let from = i.saturating_sub(5);
        panic!(
            "APIs differ at line {}:\n--- ours\n{}\n--- Marketo's\n{}",
            i + 1,
            ours[from..(i + 5).min(ours.len())].join("\n"),
            theirs[from..(i + 5).min(theirs.len())].join("\n")
        );
    }
    assert_eq!(ours.len(), theirs.len(), "one API is a prefix of the other");
    // The comparison is only meaningful if the API is really there.
    let text = ours.join("\n");
    for needle in [
        "pub struct ParamsSyncLead",
        "pub struct SuccessSyncLead",
        "pub fn sync_lead",
        "pub fn get_tags",
    ] {
        assert!(text.contains(needle), "generated API lacks {needle}");
    }
    assert_eq!(
        text.matches("pub static ").count(),
        1 + 23,
        "one ServiceSpec and 23 OperationSpecs"
    );
}
