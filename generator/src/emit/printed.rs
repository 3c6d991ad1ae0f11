//! Items printed here as text, not through `syn` and prettyplease: structs and enums, which are
//! most of a large module (HubSpot's CMS specs have thousands of fields and enum values), and
//! the builders' structs and setters and the handle's methods, all of one fixed layout (a
//! method whose lines would not fit is left to prettyplease). The text is what prettyplease prints for the same tokens: a line that
//! fits in [`MARGIN`] columns stays whole; a longer `#[serde(..)]` has one argument per line; a
//! longer field type breaks after its outermost `<`, one type argument per line, each broken the
//! same way when it does not fit (the fixtures and the corpus compare both printers).
//!
//! The text travels next to the module's tokens ([`Emitted`]), which hold a numbered
//! [`placeholder`] where it goes; `format` puts it there, at the placeholder's indentation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::Ty;

/// The column prettyplease breaks lines before.
const MARGIN: usize = 89;

/// The name of the macro whose only argument is the number of a printed item (see
/// `format::macros`).
pub const PRINTED: &str = "__hubspot_calling_codegen_printed";

/// What the emitter hands to `format`: the module's tokens and the items it printed itself,
/// numbered by their placeholders.
#[derive(Debug, Default)]
pub struct Emitted {
    /// The tokens.
    pub tokens: TokenStream,
    /// The text of printed item `N`, whose placeholder is `__hubspot_calling_codegen_printed!(N);`.
    pub printed: Vec<String>,
}

impl From<TokenStream> for Emitted {
    fn from(tokens: TokenStream) -> Self {
        Emitted {
            tokens,
            printed: Vec::new(),
        }
    }
}

/// Printed items, as they are emitted.
#[derive(Debug, Default)]
pub(super) struct Table {
    texts: Vec<String>,
    /// The column the items emitted now start at (4 inside `mod builders`, 4 more when the
    /// module is wrapped in a `mod` of its own): where prettyplease would break their lines
    /// depends on it.
    pub(super) column: usize,
}

impl Table {
    /// The placeholder of `text`, now in the table.
    pub(super) fn placeholder(&mut self, text: String) -> TokenStream {
        let number = Literal::usize_unsuffixed(self.texts.len());
        self.texts.push(text);
        let name = proc_macro2::Ident::new(PRINTED, proc_macro2::Span::call_site());
        quote! { #name!(#number); }
    }

    /// The texts, by number.
    pub(super) fn into_texts(self) -> Vec<String> {
        self.texts
    }
}

/// Text being printed: lines at their indentation, for an item that starts at a given column.
#[derive(Default)]
pub(super) struct Printer {
    out: String,
    column: usize,
}

impl Printer {
    /// A printer for an item whose lines start at `column` (the text itself starts at 0: the
    /// placeholder's indentation is added where it is put).
    pub(super) fn at(column: usize) -> Self {
        Printer {
            out: String::new(),
            column,
        }
    }

    /// The text so far.
    pub(super) fn finish(self) -> String {
        self.out
    }

    /// One line at `indent` spaces.
    pub(super) fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Does `text` fit on one line at `indent`?
    pub(super) fn line_fits(&self, indent: usize, text: &str) -> bool {
        self.column + indent + text.len() <= MARGIN
    }

    /// Doc comment lines, as prettyplease prints `#[doc = ".."]` (`///` and the line without
    /// its trailing spaces).
    pub(super) fn docs(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            let line = line.trim_end_matches(' ');
            if line.is_empty() {
                self.line(indent, "///");
            } else {
                self.line(indent, &format!("/// {line}"));
            }
        }
    }

    /// `#[name(args)]`: whole when it fits, else one argument per line.
    pub(super) fn attribute(&mut self, indent: usize, name: &str, args: &[String]) {
        let whole = format!("#[{name}({})]", args.join(", "));
        if self.column + indent + whole.len() <= MARGIN {
            self.line(indent, &whole);
            return;
        }
        self.line(indent, &format!("#[{name}("));
        for (i, arg) in args.iter().enumerate() {
            let comma = if i + 1 < args.len() { "," } else { "" };
            self.line(indent + 4, &format!("{arg}{comma}"));
        }
        self.line(indent, ")]");
    }

    /// `head` followed by `shape` and `tail` (`pub name: ` .. `,`), breaking the type as
    /// prettyplease does when the line does not fit.
    pub(super) fn typed(&mut self, indent: usize, head: &str, shape: &Shape, tail: &str) {
        self.typed_fit(indent, head, shape, tail, tail.len());
    }

    /// [`typed`](Self::typed), of which `counted` characters of `tail` count when deciding
    /// whether the line fits: prettyplease writes the comma after the last argument of a
    /// broken list only because the list broke, so it does not count.
    fn typed_fit(&mut self, indent: usize, head: &str, shape: &Shape, tail: &str, counted: usize) {
        let flat = shape.flat();
        match shape {
            Shape::Generic(name, args)
                if self.column + indent + head.len() + flat.len() + counted > MARGIN =>
            {
                self.line(indent, &format!("{head}{name}<"));
                for (i, arg) in args.iter().enumerate() {
                    let last = i + 1 == args.len();
                    self.typed_fit(indent + 4, "", arg, ",", usize::from(!last));
                }
                self.line(indent, &format!(">{tail}"));
            }
            _ => self.line(indent, &format!("{head}{flat}{tail}")),
        }
    }
}

/// A Rust type as generated code names it: a path, or a path with type arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// `String`, `rt::uuid::Uuid`, `()`.
    Path(&'static str),
    /// A generated type.
    Named(String),
    /// `Vec<T>`, `BTreeMap<String, T>`.
    Generic(&'static str, Vec<Shape>),
}

impl Shape {
    /// The shape of `ty`.
    pub(super) fn of(ty: &Ty) -> Shape {
        let generic = |name, inner: &Ty| Shape::Generic(name, vec![Shape::of(inner)]);
        match ty {
            Ty::Bool => Shape::Path("bool"),
            Ty::I32 => Shape::Path("i32"),
            Ty::I64 => Shape::Path("i64"),
            Ty::F32 => Shape::Path("f32"),
            Ty::F64 => Shape::Path("f64"),
            Ty::String => Shape::Path("String"),
            Ty::DateTime => {
                Shape::Generic("rt::chrono::DateTime", vec![Shape::Path("rt::chrono::Utc")])
            }
            Ty::Date => Shape::Path("rt::chrono::NaiveDate"),
            Ty::Uuid => Shape::Path("rt::uuid::Uuid"),
            Ty::Json => Shape::Path("rt::serde_json::Value"),
            Ty::JsonObject => Shape::Generic(
                "rt::serde_json::Map",
                vec![Shape::Path("String"), Shape::Path("rt::serde_json::Value")],
            ),
            Ty::Named(name) => Shape::Named(ident(name).to_string()),
            Ty::Vec(inner) => generic("Vec", inner),
            Ty::Map(inner) => {
                Shape::Generic("BTreeMap", vec![Shape::Path("String"), Shape::of(inner)])
            }
            Ty::Option(inner) => generic("Option", inner),
            Ty::Boxed(inner) => generic("Box", inner),
            Ty::Unit => Shape::Path("()"),
            Ty::Bytes => Shape::Path("rt::bytes::Bytes"),
            Ty::File => Shape::Path("rt::FilePart"),
        }
    }

    /// `Option<shape>`.
    pub(super) fn optional(self) -> Shape {
        Shape::Generic("Option", vec![self])
    }

    /// On one line, as prettyplease prints it (`BTreeMap<String, Vec<Call>>`).
    pub(super) fn flat(&self) -> String {
        match self {
            Shape::Path(path) => (*path).to_string(),
            Shape::Named(name) => name.clone(),
            Shape::Generic(name, args) => {
                let args: Vec<String> = args.iter().map(Shape::flat).collect();
                format!("{name}<{}>", args.join(", "))
            }
        }
    }

    /// As tokens.
    pub(super) fn tokens(&self) -> TokenStream {
        let path = |path: &str| -> TokenStream {
            if path == "()" {
                return quote! { () };
            }
            let segments = path.split("::").map(ident);
            quote! { #(#segments)::* }
        };
        match self {
            Shape::Path(p) => path(p),
            Shape::Named(name) => path(name),
            Shape::Generic(name, args) => {
                let name = path(name);
                let args = args.iter().map(Shape::tokens);
                quote! { #name<#(#args),*> }
            }
        }
    }
}

/// A string literal as Rust source (`"a \"b\""`), as the token printer writes it.
pub(super) fn string(value: &str) -> String {
    Literal::string(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(f: impl FnOnce(&mut Printer)) -> String {
        let mut p = Printer::at(0);
        f(&mut p);
        p.finish()
    }

    #[test]
    fn lines_that_fit_stay_whole_and_longer_ones_break_as_prettyplease_does() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            printed(|p| p.attribute(4, "serde", &args(&["default"]))),
            "    #[serde(default)]\n"
        );
        assert_eq!(
            printed(|p| p.attribute(
                4,
                "serde",
                &args(&[
                    "rename = \"failureReasonType\"",
                    "default",
                    "skip_serializing_if = \"Option::is_none\""
                ])
            )),
            "    #[serde(\n        rename = \"failureReasonType\",\n        default,\n        \
             skip_serializing_if = \"Option::is_none\"\n    )]\n"
        );
        let map = Shape::of(&Ty::Map(Box::new(Ty::JsonObject)));
        assert_eq!(
            printed(|p| p.typed(4, "pub values: ", &map, ",")),
            "    pub values: BTreeMap<String, rt::serde_json::Map<String, rt::serde_json::Value>>,\n"
        );
        assert_eq!(
            printed(|p| p.typed(4, "pub theme_settings_values: ", &map, ",")),
            "    pub theme_settings_values: BTreeMap<\n        String,\n        \
             rt::serde_json::Map<String, rt::serde_json::Value>,\n    >,\n"
        );
        let long = Shape::Named("SoftRequiredPropertiesExtensionData".into()).optional();
        assert_eq!(
            printed(|p| p.typed(
                4,
                "pub soft_required_properties_extension_data: ",
                &long,
                ","
            )),
            "    pub soft_required_properties_extension_data: Option<\n        \
             SoftRequiredPropertiesExtensionData,\n    >,\n"
        );
        assert_eq!(
            printed(|p| p.docs(0, "One.\n\nTwo  ")),
            "/// One.\n///\n/// Two\n"
        );
    }

    #[test]
    fn shapes_print_as_the_tokens_do() {
        for ty in [
            Ty::DateTime,
            Ty::JsonObject,
            Ty::Unit,
            Ty::Option(Box::new(Ty::Vec(Box::new(Ty::Named("Call".into()))))),
            Ty::Boxed(Box::new(Ty::Map(Box::new(Ty::Bytes)))),
        ] {
            let shape = Shape::of(&ty);
            let tokens = shape.tokens();
            let file: syn::File =
                syn::parse2(quote! { type T = #tokens; }).unwrap_or_else(|e| panic!("{e}"));
            let printed = prettyplease::unparse(&file);
            assert_eq!(printed, format!("type T = {};\n", shape.flat()), "{ty:?}");
        }
    }

    /// Fields of every name length from 1 to 90 columns, with short and deeply nested types
    /// and serde attributes of every length, in items at column 0, 4 and 8 (a module, a
    /// wrapped module's builders), printed by [`Printer`] and by prettyplease.
    #[test]
    fn fields_print_as_prettyplease_prints_them_at_every_length() {
        let named = |n: usize| Ty::Named(format!("T{}", "x".repeat(n)));
        let types = [
            Ty::String,
            named(30),
            Ty::Option(Box::new(named(40))),
            Ty::Map(Box::new(Ty::JsonObject)),
            Ty::Vec(Box::new(Ty::Map(Box::new(Ty::Vec(Box::new(named(25))))))),
            Ty::Map(Box::new(Ty::Map(Box::new(Ty::Map(Box::new(named(50))))))),
        ];
        for column in [0, 4, 8] {
            for len in 1..=90 {
                let field = "f".repeat(len);
                for ty in &types {
                    let shape = Shape::of(ty);
                    let rename = "r".repeat(len);
                    let args = vec![
                        format!("rename = {}", string(&rename)),
                        "default".to_string(),
                        "skip_serializing_if = \"Option::is_none\"".to_string(),
                    ];
                    let mut p = Printer::at(column);
                    p.line(0, "pub struct S {");
                    p.attribute(4, "serde", &args);
                    p.typed(4, &format!("pub {field}: "), &shape, ",");
                    p.line(0, "}");
                    let name = quote::format_ident!("{}", field);
                    let tokens = shape.tokens();
                    let mut item = quote! {
                        pub struct S {
                            #[serde(rename = #rename, default, skip_serializing_if = "Option::is_none")]
                            pub #name: #tokens,
                        }
                    };
                    for _ in 0..column / 4 {
                        item = quote! { mod m { #item } };
                    }
                    let file: syn::File = syn::parse2(item).unwrap_or_else(|e| panic!("{e}"));
                    let printed = prettyplease::unparse(&file);
                    let depth = column / 4;
                    let lines: Vec<&str> = printed.lines().collect();
                    let inner: String = lines[depth..lines.len() - depth]
                        .iter()
                        .map(|l| format!("{}\n", &l[column..]))
                        .collect();
                    assert_eq!(p.finish(), inner, "column {column}, {len}, {ty:?}");
                }
            }
        }
    }
}
