//! Stored leads as the wire shows them: generated `LeadRecord`s with typed attributes.

use mktows::{ArrayOfAttribute, Attribute, ForeignSysType, LeadRecord, Nillable};

use crate::config::EmulatorConfig;
use crate::store::Lead;

/// An empty value travels as `xsi:nil="true"`.
fn nillable<T>(value: Option<T>) -> Nillable<T> {
    value.map_or(Nillable::Nil, Nillable::Value)
}

/// The record of `lead`: Id, Email, ForeignSysPersonId and ForeignSysType (nil when
/// empty), and its fields with their `attrType` from the field table, by name. With
/// `include`, only the fields it names (names it has that the lead lacks are skipped).
pub fn lead_record(lead: &Lead, config: &EmulatorConfig, include: Option<&[String]>) -> LeadRecord {
    let attribute: Vec<Attribute> = lead
        .attributes
        .iter()
        .filter(|(name, _)| include.is_none_or(|names| names.iter().any(|n| n == name)))
        .map(|(name, value)| Attribute {
            attr_name: name.to_owned(),
            // A field dropped from the table after it was stored is still shown, as text.
            attr_type: Nillable::Value(
                config
                    .lead_field(name)
                    .map_or("string", |f| f.attr_type.as_str())
                    .to_owned(),
            ),
            attr_value: value.to_owned(),
        })
        .collect();
    LeadRecord {
        id: Nillable::Value(lead.id),
        email: nillable(lead.email.clone()),
        foreign_sys_person_id: nillable(lead.foreign_sys_person_id.clone()),
        foreign_sys_type: nillable(lead.foreign_sys_type.as_deref().map(ForeignSysType::from)),
        lead_attribute_list: if attribute.is_empty() {
            Nillable::Nil
        } else {
            Nillable::Value(ArrayOfAttribute { attribute })
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_nil_and_attributes_typed() {
        let config = EmulatorConfig::default();
        let mut lead = Lead::new(7, "Default");
        lead.email = Some("a@x.com".into());
        lead.attributes.insert("NumberOfEmployees", "12");
        lead.attributes.insert("Website", "https://x.com");
        let r = lead_record(&lead, &config, None);
        assert_eq!(r.id, Nillable::Value(7));
        assert_eq!(r.foreign_sys_person_id, Nillable::Nil);
        assert_eq!(r.foreign_sys_type, Nillable::Nil);
        let attrs = r.lead_attribute_list.into_option().unwrap().attribute;
        let types: Vec<_> = attrs
            .iter()
            .map(|a| {
                (
                    a.attr_name.as_str(),
                    a.attr_type.as_option().map(String::as_str),
                )
            })
            .collect();
        assert_eq!(
            types,
            [
                ("NumberOfEmployees", Some("integer")),
                ("Website", Some("url"))
            ]
        );

        let only = ["Website".to_owned()];
        let r = lead_record(&lead, &config, Some(&only));
        assert_eq!(
            r.lead_attribute_list.into_option().unwrap().attribute.len(),
            1
        );
        let r = lead_record(&Lead::new(8, "Default"), &config, None);
        assert_eq!(r.lead_attribute_list, Nillable::Nil);
        assert_eq!(r.email, Nillable::Nil);
    }
}
