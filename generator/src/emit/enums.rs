//! Forward-compatible enums, through the runtime's `rt::open_enum!`: the enum as it reads (a
//! variant per listed value with its wire value, the spec's default marked `#[default]`, and the
//! catch-all variant that keeps any other value as sent); the macro documents each variant with
//! its value and writes `as_str`/`value`, `From`, `FromStr`, `Display`, serde and
//! query-parameter conversions. A variant line (`Aa = "aa",`) shows its value, so a doc line
//! repeating it would only double the enum in the source.

use proc_macro2::Literal;
use serde_json::Value;

use super::ident;
use super::printed::{self, Printer};
use crate::ir::{EnumDef, TypeDef};

/// The `rt::open_enum!` invocation, printed (`printed.rs`): enums of hundreds of values are
/// common in HubSpot's specs.
pub(super) fn enum_def(def: &TypeDef, e: &EnumDef, column: usize) -> String {
    let mut p = Printer::at(column);
    p.line(0, "rt::open_enum! {");
    p.docs(4, &def.doc);
    if e.default.is_some_and(|i| i < e.variants.len()) {
        p.line(4, "#[derive(Default)]");
    }
    p.line(4, &format!("pub enum {} {{", ident(&def.name)));
    for (i, (variant, value)) in e.variants.iter().enumerate() {
        if e.default == Some(i) {
            p.line(8, "#[default]");
        }
        p.line(8, &format!("{} = {},", ident(variant), literal(value)));
    }
    p.docs(
        8,
        "A value this version of the crate does not know, kept as sent.",
    );
    let repr = if e.integer { "i64" } else { "String" };
    p.line(8, &format!("{}({repr}),", ident(&e.other)));
    p.line(4, "}");
    p.line(0, "}");
    p.finish()
}

/// A value as a Rust literal.
fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => printed::string(s),
        Value::Number(n) => Literal::i64_unsuffixed(n.as_i64().unwrap_or(0)).to_string(),
        _ => printed::string(""),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::code;

    fn schemas(yaml: &str) -> String {
        code(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{yaml}"
        ))
    }

    #[test]
    fn string_enums_go_through_the_runtime_macro_with_their_default() {
        let code = schemas("    S: {type: string, enum: [a-b, c], default: c}\n");
        assert!(
            code.contains(
                "rt::open_enum! {\n    /// The `S` type.\n    #[derive(Default)]\n    pub enum S {\n        \
                 AB = \"a-b\",\n        #[default]\n        C = \"c\",\n        \
                 /// A value this version of the crate does not know, kept as sent.\n        Other(String),\n    }\n}\n"
            ),
            "{code}"
        );
    }

    #[test]
    fn integer_enums_are_numbers_on_the_wire() {
        let code = schemas("    I: {type: integer, enum: [1, -2]}\n");
        assert!(code.contains("        V1 = 1,\n"), "{code}");
        assert!(code.contains("        VMinus2 = -2,\n"), "{code}");
        assert!(code.contains("        Other(i64),\n"), "{code}");
        assert!(!code.contains("Default"), "no default: {code}");
    }
}
