//! Doc text from the spec's prose: summaries, descriptions and titles, cleaned so they render as
//! rustdoc and never turn into doctests or broken markup.

use openapiv3::Schema;

/// Markdown doc text from optional parts (summary and description, say): each cleaned, empty and
/// repeated parts dropped, joined by blank lines.
pub(super) fn doc_text(parts: &[Option<&str>]) -> String {
    let mut out: Vec<String> = Vec::new();
    for part in parts.iter().flatten() {
        let text = sanitize(part);
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
    }
    out.join("\n\n")
}

/// Keeps spec prose from turning into doctests or broken markup: code fences are marked as
/// text, indented lines are un-indented, HTML tags become code, control characters (a lone
/// carriage return, which Rust refuses in a doc comment) become spaces, and trailing
/// whitespace is dropped.
fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // An opening fence becomes `text` whatever its language; a closing one stays bare.
            out.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let line = if in_fence {
            line.to_string()
        } else {
            tags_as_code(if indent >= 4 { trimmed } else { line })
        };
        out.push(line);
    }
    out.join("\n")
}

/// Writes HTML-like tags outside code spans as code (`<head>` becomes `` `<head>` ``), so
/// rustdoc neither renders nor checks them; autolinks (`<https://…>`) stay links.
fn tags_as_code(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while let Some(at) = rest.find(['`', '<']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(after) = from.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        match tag_len(from) {
            Some(len) if !in_code => {
                out.push('`');
                out.push_str(&from[..len]);
                out.push('`');
                rest = &from[len..];
            }
            _ => {
                out.push('<');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of the HTML tag `text` starts with (`<head>`, `</body>`, `<br/>`,
/// `<a href="x">`); `None` for anything else, autolinks included.
fn tag_len(text: &str) -> Option<usize> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let name_end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(name.len());
    let (tag, attrs) = name.split_at(name_end);
    let starts_with_letter = tag.starts_with(|c: char| c.is_ascii_alphabetic());
    let attrs_ok = attrs.is_empty()
        || attrs == "/"
        || (attrs.starts_with(char::is_whitespace) && !attrs.contains('<'));
    (starts_with_letter && attrs_ok).then_some(end + 1)
}

/// The doc of a named schema: its title and description (or `fallback`), and whether the API
/// deprecated it.
pub(super) fn schema_doc(schema: &Schema, fallback: &str) -> String {
    let data = &schema.schema_data;
    let text = doc_text(&[data.title.as_deref(), data.description.as_deref()]);
    let mut doc = if text.is_empty() {
        fallback.to_string()
    } else {
        text
    };
    if data.deprecated {
        doc.push_str("\n\nDeprecated by the API.");
    }
    doc
}

/// The doc of the enum of an operation's success statuses, whose builder is `builder`.
pub(super) fn responses_doc(builder: &str) -> String {
    format!(
        "The successful outcomes of [`{builder}`](builders::{builder}), one variant per status."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_cleaned_deduplicated_and_joined() {
        assert_eq!(
            doc_text(&[
                Some("  Get a call.  "),
                None,
                Some("Get a call."),
                Some("More.\n")
            ]),
            "Get a call.\n\nMore."
        );
        assert_eq!(doc_text(&[Some("   "), None]), "");
        assert_eq!(
            doc_text(&[Some("Line one\r\nand\rtwo\u{7}.")]),
            "Line one\nand two ."
        );
    }

    #[test]
    fn fences_become_text_and_indented_code_is_not_a_doctest() {
        let text = "Example:\n```json\n{\"a\": 1}\n```\n\n    let x = 1;\nend   ";
        assert_eq!(
            doc_text(&[Some(text)]),
            "Example:\n```text\n{\"a\": 1}\n```\n\nlet x = 1;\nend"
        );
    }

    #[test]
    fn html_tags_outside_code_become_code_and_autolinks_stay() {
        assert_eq!(
            doc_text(&[Some(
                "Put it in <head>, before </body>; see <https://x.io/a>."
            )]),
            "Put it in `<head>`, before `</body>`; see <https://x.io/a>."
        );
        assert_eq!(
            doc_text(&[Some(
                "Keep `<div>` and a < b > c, <br/> and <a href=\"x\">."
            )]),
            "Keep `<div>` and a < b > c, `<br/>` and `<a href=\"x\">`."
        );
        assert_eq!(
            doc_text(&[Some("```\n<html>\n```")]),
            "```text\n<html>\n```"
        );
    }

    #[test]
    fn schema_docs_fall_back_and_note_deprecation() {
        let schema: Schema =
            serde_json::from_value(serde_json::json!({"type": "string", "deprecated": true}))
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            schema_doc(&schema, "The `A` schema."),
            "The `A` schema.\n\nDeprecated by the API."
        );
        let schema: Schema = serde_json::from_value(
            serde_json::json!({"type": "string", "title": "T", "description": "D"}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(schema_doc(&schema, "x"), "T\n\nD");
    }
}
