//! Fields gathered from a content model, before Rust names are chosen, and how occurrence
//! constraints become a cardinality.

use super::{Cardinality, Field, ValueType};
use crate::wsdl::Occurs;

/// Fields gathered from a content model, before Rust names are chosen.
#[derive(Default)]
pub(super) struct Collected {
    pub elements: Vec<(String, Field)>,
    pub attributes: Vec<(String, Field)>,
    pub text: Option<ValueType>,
    /// Whether the content model has an `xs:any` (or is a soapenc array).
    pub any: bool,
}

impl Collected {
    #[allow(clippy::too_many_arguments)]
    pub fn push_element(
        &mut self,
        local: &str,
        written: String,
        ty: ValueType,
        occurs: &Occurs,
        optional: bool,
        nillable: bool,
        doc: Option<String>,
    ) {
        let min0 = optional || occurs.min == 0;
        let card = match (occurs.max.is_many(), min0, nillable) {
            (true, _, false) => Cardinality::Many,
            (true, _, true) => Cardinality::ManyNillable,
            (false, true, true) => Cardinality::OptionalNillable,
            (false, true, false) => Cardinality::Optional,
            (false, false, true) => Cardinality::RequiredNillable,
            (false, false, false) => Cardinality::Required,
        };
        self.elements.push((
            local.to_string(),
            Field {
                rust_name: String::new(),
                xml_local: local.to_string(),
                xml_written: written,
                ty,
                card,
                boxed: false,
                doc,
            },
        ));
    }

    pub fn push_attribute(
        &mut self,
        local: &str,
        written: String,
        ty: ValueType,
        required: bool,
        doc: Option<String>,
        default: Option<&str>,
    ) {
        let doc = match (doc, default) {
            (doc, None) => doc,
            (None, Some(d)) => Some(format!("Absent means the schema default `{d}`.")),
            (Some(doc), Some(d)) => {
                Some(format!("{doc}\n\nAbsent means the schema default `{d}`."))
            }
        };
        self.attributes.push((
            local.to_string(),
            Field {
                rust_name: String::new(),
                xml_local: local.to_string(),
                xml_written: written,
                ty,
                card: if required {
                    Cardinality::Required
                } else {
                    Cardinality::Optional
                },
                boxed: false,
                doc,
            },
        ));
    }
}
