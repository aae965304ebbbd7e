//! `xs:schema`: global components, elements, content models and complex types. Simple types and
//! attributes are in `xsd_simple`.

use roxmltree::Node;

use super::loader::{ImportKind, ImportRequest, State};
use super::model::{
    AttributeGroup, ComplexContent, ComplexType, Element, Group, Particle, QName, TypeUse, XSD_NS,
};
use super::node::{
    attr, boolean, check_depth, children_in, display_name, form, occurs, qname_attr, required,
    required_qname, xsd_doc, Src,
};
use crate::error::{Error, Result};

/// One schema being read: where it is and the defaults its components inherit.
pub(crate) struct Schema<'a> {
    pub src: &'a Src<'a>,
    pub tns: String,
    pub elements_qualified: bool,
    pub attributes_qualified: bool,
    /// A chameleon include (no targetNamespace of its own): unqualified references mean the
    /// includer's namespace.
    pub chameleon: bool,
}

/// Reads the `xs:schema` element `node` into `state`. `include_tns` is the includer's target
/// namespace when this schema was reached through `xs:include` or `xs:redefine`.
pub(crate) fn read_schema(
    src: &Src<'_>,
    node: Node<'_, '_>,
    include_tns: Option<&str>,
    state: &mut State,
) -> Result<()> {
    let own_tns = attr(node, "targetNamespace").unwrap_or("");
    let (tns, chameleon) = match include_tns {
        Some(t) if own_tns.is_empty() && !t.is_empty() => (t.to_string(), true),
        _ => (own_tns.to_string(), false),
    };
    let schema = Schema {
        src,
        elements_qualified: form(src, node, "elementFormDefault")?.unwrap_or(false),
        attributes_qualified: form(src, node, "attributeFormDefault")?.unwrap_or(false),
        tns,
        chameleon,
    };
    let set = &mut state.defs.schemas;
    if !schema.tns.is_empty() && !set.namespaces.contains(&schema.tns) {
        set.namespaces.push(schema.tns.clone());
    }
    state.loaded_ns.insert(schema.tns.clone());

    for child in children_in(node, XSD_NS) {
        let local = child.tag_name().name();
        match local {
            "import" => state.imports.push(ImportRequest {
                kind: ImportKind::Schema,
                location: attr(child, "schemaLocation")
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
                namespace: Some(attr(child, "namespace").unwrap_or("").to_string()),
                pos: src.pos(child),
            }),
            // A redefine's own redefinitions are not applied: the included components are used.
            "include" | "redefine" => state.imports.push(ImportRequest {
                kind: ImportKind::Include {
                    tns: schema.tns.clone(),
                },
                location: Some(required(src, child, "schemaLocation")?.to_string()),
                namespace: None,
                pos: src.pos(child),
            }),
            "element" => {
                let name = schema.global_name(child)?;
                let element = schema.element(child, name.clone())?;
                state.defs.schemas.elements.entry(name).or_insert(element);
            }
            "complexType" => {
                let name = schema.global_name(child)?;
                let ty = schema.complex_type(child, Some(name.clone()))?;
                state.defs.schemas.complex_types.entry(name).or_insert(ty);
            }
            "simpleType" => {
                let name = schema.global_name(child)?;
                let ty = schema.simple_type(child, Some(name.clone()))?;
                state.defs.schemas.simple_types.entry(name).or_insert(ty);
            }
            "group" => {
                let name = schema.global_name(child)?;
                let group = Group {
                    particle: schema.content_particle(child)?,
                    pos: src.pos(child),
                };
                state.defs.schemas.groups.entry(name).or_insert(group);
            }
            "attributeGroup" => {
                let name = schema.global_name(child)?;
                let group = AttributeGroup {
                    attributes: schema.attribute_uses(child)?,
                    pos: src.pos(child),
                };
                state
                    .defs
                    .schemas
                    .attribute_groups
                    .entry(name)
                    .or_insert(group);
            }
            "attribute" => {
                let name = schema.global_name(child)?;
                let attribute = schema.attribute(child, name.clone())?;
                state
                    .defs
                    .schemas
                    .attributes
                    .entry(name)
                    .or_insert(attribute);
            }
            // annotation, notation, and XSD 1.1 additions carry nothing the generator uses.
            _ => {}
        }
    }
    Ok(())
}

impl Schema<'_> {
    /// A global component's name: always in the target namespace.
    fn global_name(&self, node: Node<'_, '_>) -> Result<QName> {
        Ok(QName::new(&self.tns, required(self.src, node, "name")?))
    }

    /// A QName attribute; in a chameleon include, no-namespace names move to the includer's.
    pub(crate) fn qname(&self, node: Node<'_, '_>, name: &str) -> Result<Option<QName>> {
        Ok(qname_attr(self.src, node, name)?.map(|q| self.adopt(q)))
    }

    pub(crate) fn required_qname(&self, node: Node<'_, '_>, name: &str) -> Result<QName> {
        required_qname(self.src, node, name).map(|q| self.adopt(q))
    }

    pub(crate) fn adopt(&self, q: QName) -> QName {
        if self.chameleon && q.ns.is_empty() {
            QName::new(&self.tns, &q.local)
        } else {
            q
        }
    }

    /// The name of a local element or attribute: in the target namespace when qualified.
    pub(crate) fn local_name(
        &self,
        node: Node<'_, '_>,
        qualified_by_default: bool,
    ) -> Result<QName> {
        let name = required(self.src, node, "name")?;
        let qualified = form(self.src, node, "form")?.unwrap_or(qualified_by_default);
        Ok(QName::new(if qualified { &self.tns } else { "" }, name))
    }

    /// An element declaration (global or local) named `name`.
    fn element(&self, node: Node<'_, '_>, name: QName) -> Result<Element> {
        check_depth(self.src, node)?;
        Ok(Element {
            name,
            ty: self.type_use(node)?,
            nillable: boolean(self.src, node, "nillable", false)?,
            is_abstract: boolean(self.src, node, "abstract", false)?,
            substitution_group: self.qname(node, "substitutionGroup")?,
            default: node.attribute("default").map(str::to_string),
            fixed: node.attribute("fixed").map(str::to_string),
            doc: xsd_doc(node),
            pos: self.src.pos(node),
        })
    }

    /// The type of an element: `type=`, an inline complexType or simpleType, or none given.
    fn type_use(&self, node: Node<'_, '_>) -> Result<TypeUse> {
        if let Some(q) = self.qname(node, "type")? {
            return Ok(TypeUse::Named(q));
        }
        for child in children_in(node, XSD_NS) {
            match child.tag_name().name() {
                "complexType" => {
                    let ty = self.complex_type(child, None)?;
                    return Ok(TypeUse::AnonComplex(Box::new(ty)));
                }
                "simpleType" => {
                    let ty = self.simple_type(child, None)?;
                    return Ok(TypeUse::AnonSimple(Box::new(ty)));
                }
                _ => {}
            }
        }
        Ok(TypeUse::Unspecified)
    }

    /// The first model group (sequence, choice, all, group ref) among `node`'s children.
    fn content_particle(&self, node: Node<'_, '_>) -> Result<Option<Particle>> {
        for child in children_in(node, XSD_NS) {
            if matches!(
                child.tag_name().name(),
                "sequence" | "choice" | "all" | "group"
            ) {
                return self.particle(child);
            }
        }
        Ok(None)
    }

    /// A particle: a local element, an element ref, a model group, a group ref or a wildcard.
    /// None for nodes that are not particles (annotations and the like).
    fn particle(&self, node: Node<'_, '_>) -> Result<Option<Particle>> {
        check_depth(self.src, node)?;
        let p = self.src.pos(node);
        let particle = match node.tag_name().name() {
            "element" => {
                let occurs = occurs(self.src, node)?;
                if let Some(name) = self.qname(node, "ref")? {
                    Particle::ElementRef {
                        name,
                        occurs,
                        pos: p,
                    }
                } else {
                    let name = self.local_name(node, self.elements_qualified)?;
                    Particle::Element {
                        element: self.element(node, name)?,
                        occurs,
                    }
                }
            }
            kind @ ("sequence" | "choice" | "all") => {
                let occurs = occurs(self.src, node)?;
                let mut items = Vec::new();
                for child in children_in(node, XSD_NS) {
                    if let Some(item) = self.particle(child)? {
                        items.push(item);
                    }
                }
                match kind {
                    "sequence" => Particle::Sequence {
                        items,
                        occurs,
                        pos: p,
                    },
                    "choice" => Particle::Choice {
                        items,
                        occurs,
                        pos: p,
                    },
                    _ => Particle::All {
                        items,
                        occurs,
                        pos: p,
                    },
                }
            }
            "group" => Particle::GroupRef {
                name: self.required_qname(node, "ref")?,
                occurs: occurs(self.src, node)?,
                pos: p,
            },
            "any" => Particle::Any {
                occurs: occurs(self.src, node)?,
                pos: p,
            },
            _ => return Ok(None),
        };
        Ok(Some(particle))
    }

    /// A complex type, global (`name` given) or anonymous.
    pub(crate) fn complex_type(
        &self,
        node: Node<'_, '_>,
        name: Option<QName>,
    ) -> Result<ComplexType> {
        check_depth(self.src, node)?;
        let mut ty = ComplexType {
            name,
            content: ComplexContent::Particle(None),
            attributes: Vec::new(),
            is_abstract: boolean(self.src, node, "abstract", false)?,
            mixed: boolean(self.src, node, "mixed", false)?,
            doc: xsd_doc(node),
            pos: self.src.pos(node),
        };
        for child in children_in(node, XSD_NS) {
            match child.tag_name().name() {
                "sequence" | "choice" | "all" | "group" => {
                    ty.content = ComplexContent::Particle(self.particle(child)?);
                }
                "attribute" | "attributeGroup" | "anyAttribute" => {
                    ty.attributes.push(self.attribute_use(child)?);
                }
                "complexContent" => {
                    ty.mixed |= boolean(self.src, child, "mixed", false)?;
                    let derivation = self.derivation(child)?;
                    let base = self.required_qname(derivation, "base")?;
                    let particle = self.content_particle(derivation)?;
                    ty.content = if derivation.tag_name().name() == "extension" {
                        ComplexContent::Extension { base, particle }
                    } else {
                        ComplexContent::Restriction { base, particle }
                    };
                    ty.attributes.extend(self.attribute_uses(derivation)?);
                }
                "simpleContent" => {
                    let derivation = self.derivation(child)?;
                    let base = self.required_qname(derivation, "base")?;
                    // A restriction may narrow the text with an inline simple type.
                    let inline = children_in(derivation, XSD_NS)
                        .find(|c| c.tag_name().name() == "simpleType");
                    let base = match inline {
                        Some(st) if derivation.tag_name().name() == "restriction" => {
                            TypeUse::AnonSimple(Box::new(self.simple_type(st, None)?))
                        }
                        _ => TypeUse::Named(base),
                    };
                    ty.content = ComplexContent::Simple { base };
                    ty.attributes.extend(self.attribute_uses(derivation)?);
                }
                _ => {}
            }
        }
        Ok(ty)
    }

    /// The `extension` or `restriction` inside `complexContent` / `simpleContent`.
    fn derivation<'a, 'i>(&self, node: Node<'a, 'i>) -> Result<Node<'a, 'i>> {
        children_in(node, XSD_NS)
            .find(|c| matches!(c.tag_name().name(), "extension" | "restriction"))
            .ok_or_else(|| {
                Error::at(
                    &self.src.pos(node),
                    format!(
                        "{} needs an xs:extension or xs:restriction",
                        display_name(node)
                    ),
                )
            })
    }
}
