//! Simple types (restriction with enumerations, list, union) and attribute declarations.

use roxmltree::Node;

use super::model::{
    Attribute, AttributeUse, EnumValue, QName, SimpleType, SimpleTypeKind, TypeUse, XSD_NS,
};
use super::node::{attr, check_depth, children_in, display_name, resolve_qname, xsd_doc};
use super::xsd::Schema;
use crate::error::{Error, Result};

impl Schema<'_> {
    /// A simple type, global (`name` given) or anonymous.
    pub(crate) fn simple_type(
        &self,
        node: Node<'_, '_>,
        name: Option<QName>,
    ) -> Result<SimpleType> {
        check_depth(self.src, node)?;
        let mut kind = None;
        for child in children_in(node, XSD_NS) {
            kind = match child.tag_name().name() {
                "restriction" => Some(SimpleTypeKind::Restriction {
                    base: self.base_or_inline(child, "base")?,
                    enumeration: self.enumeration(child)?,
                }),
                "list" => Some(SimpleTypeKind::List {
                    item: self.base_or_inline(child, "itemType")?,
                }),
                "union" => Some(SimpleTypeKind::Union {
                    members: self.union_members(child)?,
                }),
                _ => continue,
            };
            break;
        }
        let kind = kind.ok_or_else(|| {
            Error::at(
                &self.src.pos(node),
                "xs:simpleType needs an xs:restriction, xs:list or xs:union",
            )
        })?;
        Ok(SimpleType {
            name,
            kind,
            doc: xsd_doc(node),
            pos: self.src.pos(node),
        })
    }

    /// A restriction's `base=` or list's `itemType=`, else the inline simple type.
    fn base_or_inline(&self, node: Node<'_, '_>, attr_name: &str) -> Result<TypeUse> {
        if let Some(q) = self.qname(node, attr_name)? {
            return Ok(TypeUse::Named(q));
        }
        match children_in(node, XSD_NS).find(|c| c.tag_name().name() == "simpleType") {
            Some(st) => Ok(TypeUse::AnonSimple(Box::new(self.simple_type(st, None)?))),
            None => Err(Error::at(
                &self.src.pos(node),
                format!(
                    "{} needs a {attr_name}= attribute or an inline xs:simpleType",
                    display_name(node)
                ),
            )),
        }
    }

    /// The `xs:enumeration` values of a restriction, in document order.
    fn enumeration(&self, node: Node<'_, '_>) -> Result<Vec<EnumValue>> {
        children_in(node, XSD_NS)
            .filter(|c| c.tag_name().name() == "enumeration")
            .map(|e| {
                // Not trimmed: whitespace can be significant in an enumerated value.
                let value = e.attribute("value").ok_or_else(|| {
                    Error::at(&self.src.pos(e), "xs:enumeration needs a value= attribute")
                })?;
                Ok(EnumValue {
                    value: value.to_string(),
                    doc: xsd_doc(e),
                })
            })
            .collect()
    }

    fn union_members(&self, node: Node<'_, '_>) -> Result<Vec<TypeUse>> {
        let mut members = Vec::new();
        for member in attr(node, "memberTypes").unwrap_or("").split_whitespace() {
            let q = resolve_qname(self.src, node, "memberTypes", member)?;
            members.push(TypeUse::Named(self.adopt(q)));
        }
        for st in children_in(node, XSD_NS).filter(|c| c.tag_name().name() == "simpleType") {
            let ty = self.simple_type(st, None)?;
            members.push(TypeUse::AnonSimple(Box::new(ty)));
        }
        if members.is_empty() {
            return Err(Error::at(
                &self.src.pos(node),
                "xs:union needs memberTypes= or an inline xs:simpleType",
            ));
        }
        Ok(members)
    }

    /// The attribute uses among `node`'s children (attribute, attributeGroup, anyAttribute).
    pub(crate) fn attribute_uses(&self, node: Node<'_, '_>) -> Result<Vec<AttributeUse>> {
        children_in(node, XSD_NS)
            .filter(|c| {
                matches!(
                    c.tag_name().name(),
                    "attribute" | "attributeGroup" | "anyAttribute"
                )
            })
            .map(|c| self.attribute_use(c))
            .collect()
    }

    pub(crate) fn attribute_use(&self, node: Node<'_, '_>) -> Result<AttributeUse> {
        let p = self.src.pos(node);
        match node.tag_name().name() {
            "attributeGroup" => Ok(AttributeUse::GroupRef {
                name: self.required_qname(node, "ref")?,
                pos: p,
            }),
            "anyAttribute" => Ok(AttributeUse::AnyAttribute { pos: p }),
            _ => match self.qname(node, "ref")? {
                Some(name) => Ok(AttributeUse::Ref {
                    name,
                    required: self.attribute_usage(node)? == Usage::Required,
                    default: node.attribute("default").map(str::to_string),
                    fixed: node.attribute("fixed").map(str::to_string),
                    pos: p,
                }),
                None => {
                    let name = self.local_name(node, self.attributes_qualified)?;
                    Ok(AttributeUse::Local(self.attribute(node, name)?))
                }
            },
        }
    }

    /// An attribute declaration (global or local) named `name`.
    pub(crate) fn attribute(&self, node: Node<'_, '_>, name: QName) -> Result<Attribute> {
        check_depth(self.src, node)?;
        let usage = self.attribute_usage(node)?;
        let ty = match self.qname(node, "type")? {
            Some(q) => TypeUse::Named(q),
            None => match children_in(node, XSD_NS).find(|c| c.tag_name().name() == "simpleType") {
                Some(st) => TypeUse::AnonSimple(Box::new(self.simple_type(st, None)?)),
                None => TypeUse::Unspecified,
            },
        };
        Ok(Attribute {
            name,
            ty,
            required: usage == Usage::Required,
            prohibited: usage == Usage::Prohibited,
            default: node.attribute("default").map(str::to_string),
            fixed: node.attribute("fixed").map(str::to_string),
            doc: xsd_doc(node),
            pos: self.src.pos(node),
        })
    }

    fn attribute_usage(&self, node: Node<'_, '_>) -> Result<Usage> {
        match attr(node, "use") {
            None | Some("optional") => Ok(Usage::Optional),
            Some("required") => Ok(Usage::Required),
            Some("prohibited") => Ok(Usage::Prohibited),
            Some(other) => Err(Error::at(
                &self.src.pos(node),
                format!("use=\"{other}\" must be optional, required or prohibited"),
            )),
        }
    }
}

#[derive(PartialEq, Eq)]
enum Usage {
    Optional,
    Required,
    Prohibited,
}
