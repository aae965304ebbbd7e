//! XSD built-in simple types and their Rust mapping.

use super::Builtin;

/// The Rust mapping of an XSD built-in type, by local name.
pub fn builtin(local: &str) -> Option<Builtin> {
    use Builtin::*;
    Some(match local {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "ID"
        | "IDREF" | "IDREFS" | "ENTITY" | "ENTITIES" | "NMTOKEN" | "NMTOKENS" | "anyURI"
        | "QName" | "NOTATION" | "duration" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay"
        | "gDay" | "hexBinary" | "anySimpleType" | "dateTimeStamp" | "dayTimeDuration"
        | "yearMonthDuration" => String,
        "boolean" => Bool,
        "byte" => I8,
        "short" => I16,
        "int" => I32,
        "long" | "integer" | "negativeInteger" | "nonPositiveInteger" => I64,
        "unsignedByte" => U8,
        "unsignedShort" => U16,
        "unsignedInt" => U32,
        "unsignedLong" | "nonNegativeInteger" | "positiveInteger" => U64,
        "float" => F32,
        "double" => F64,
        "decimal" => Decimal,
        "dateTime" => DateTime,
        "date" => Date,
        "time" => Time,
        "base64Binary" => Base64Binary,
        "anyType" => AnyType,
        _ => return None,
    })
}
