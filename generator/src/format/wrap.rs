//! Doc comments (`///`, `//!`) wrapped at a width. Only lines longer than the width are broken,
//! at spaces, so the spec's own line breaks stay; what Markdown gives a meaning is kept:
//!
//! - code spans (`` `a b` ``), links (`[text](url)`, `<https://..>`) are never broken;
//! - a list item's continuation lines are indented under its text;
//! - no continuation line starts with what would make it a list item, heading, quote or rule;
//! - fenced code blocks, indented code, headings and table rows are left as they are.

/// `text` with every doc comment line longer than `width` columns wrapped.
pub(super) fn wrap_docs(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let content = line.trim_start();
        let prefix = ["/// ", "//! ", "///", "//!"]
            .into_iter()
            .find(|p| content.starts_with(p));
        let Some(prefix) = prefix else {
            fence = None;
            push(&mut out, line);
            continue;
        };
        let indent = &line[..line.len() - content.len()];
        let markdown = &content[prefix.len()..];
        let lead = markdown.trim_start();
        if let Some(open) = &fence {
            if lead.starts_with(open.as_str()) {
                fence = None;
            }
            push(&mut out, line);
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| lead.starts_with(m)) {
            fence = Some(marker.to_owned());
            push(&mut out, line);
            continue;
        }
        if line.chars().count() <= width || !wrappable(markdown) {
            push(&mut out, line);
            continue;
        }
        let start = format!("{indent}{}", prefix.trim_end());
        for wrapped in wrap_line(markdown, width.saturating_sub(start.chars().count() + 1)) {
            out.push_str(&start);
            if !wrapped.is_empty() {
                out.push(' ');
                out.push_str(&wrapped);
            }
            out.push('\n');
        }
    }
    out
}

fn push(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Lines Markdown reads as a whole: headings, table rows, indented code.
fn wrappable(markdown: &str) -> bool {
    let lead = markdown.trim_start();
    !(lead.starts_with('#') || lead.starts_with('|') || markdown.starts_with("    "))
}

/// One Markdown line, without its `/// ` prefix, as lines of at most `width` columns (a word
/// longer than that gets a line of its own). The continuation lines of a list item are
/// indented under its text.
fn wrap_line(markdown: &str, width: usize) -> Vec<String> {
    let text = markdown.trim_start();
    let leading = markdown.len() - text.len();
    let marker = list_marker(text);
    let continuation = " ".repeat(leading + marker);
    let words = words(text);
    let mut lines: Vec<String> = Vec::new();
    let mut current = " ".repeat(leading);
    let mut current_words = 0;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let fits = current.chars().count() + usize::from(current_words > 0) + word.chars().count()
            <= width;
        if current_words == 0 || fits {
            if current_words > 0 {
                current.push(' ');
            }
            current.push_str(word);
            current_words += 1;
            i += 1;
            continue;
        }
        // Break before `word`, unless a line starting with it means something else in
        // Markdown: then break before the previous word, or not at all.
        if !opens_block(word) {
            lines.push(std::mem::replace(&mut current, continuation.clone()));
            current_words = 0;
        } else if current_words > 1 && !opens_block(words[i - 1]) {
            let cut = current.len() - words[i - 1].len() - 1;
            current.truncate(cut);
            lines.push(std::mem::replace(&mut current, continuation.clone()));
            current_words = 0;
            i -= 1;
        } else {
            current.push(' ');
            current.push_str(word);
            current_words += 1;
            i += 1;
        }
    }
    lines.push(current);
    lines
}

/// The width of a list item's marker with its space (`- `, `12. `), or 0.
fn list_marker(text: &str) -> usize {
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return 2;
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        return digits + 2;
    }
    0
}

/// Would a line starting with `word` begin a list item, heading, quote, rule or fence?
fn opens_block(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    matches!(word, "-" | "*" | "+" | ">" | "|")
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with("```")
        || word.starts_with("~~~")
        || (word.len() > 1
            && word
                .chars()
                .all(|c| c == '-' || c == '=' || c == '*' || c == '_'))
        || (digits > 0 && matches!(&word[digits..], "." | ")"))
}

/// The words of a line, split at single spaces outside code spans and links.
fn words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => {
                if start < i {
                    words.push(&text[start..i]);
                }
                start = i + 1;
                i += 1;
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                let ticks = &text[i..i + run];
                i = match text[i + run..].find(ticks) {
                    Some(end) => i + run + end + run,
                    None => i + run,
                };
            }
            b'[' => i = link_end(text, i).unwrap_or(i + 1),
            b'<' => {
                i = match text[i..].find('>') {
                    Some(end) if !text[i..i + end].contains(' ') => i + end + 1,
                    _ => i + 1,
                };
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// The end of a link `[text](url)` or `[text][ref]` starting at `open`, if it is one.
fn link_end(text: &str, open: usize) -> Option<usize> {
    let close = open + text[open..].find(']')?;
    let rest = &text[close + 1..];
    let closer = match rest.chars().next() {
        Some('(') => ')',
        Some('[') => ']',
        _ => return Some(close + 1),
    };
    let end = rest.find(closer)?;
    Some(close + 1 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_at_spaces_and_short_ones_stay() {
        let text = "/// one two three four five six\n    /// short\nfn x() {}\n";
        assert_eq!(
            wrap_docs(text, 20),
            "/// one two three\n/// four five six\n    /// short\nfn x() {}\n"
        );
    }

    #[test]
    fn code_spans_and_links_are_never_broken() {
        let text = "/// see `a b c d` and [the docs](https://example.com/a b) or <https://x.y/z>\n";
        assert_eq!(
            wrap_docs(text, 16),
            "/// see\n/// `a b c d`\n/// and\n/// [the docs](https://example.com/a b)\n/// or\n/// <https://x.y/z>\n"
        );
    }

    #[test]
    fn list_items_continue_under_their_text() {
        let text = "    /// - alpha beta gamma delta\n    /// 12. alpha beta gamma delta\n";
        assert_eq!(
            wrap_docs(text, 26),
            "    /// - alpha beta gamma\n    ///   delta\n    /// 12. alpha beta\n    ///     gamma delta\n"
        );
    }

    #[test]
    fn no_continuation_line_starts_a_list_heading_or_rule() {
        assert_eq!(wrap_docs("/// a b - c d\n", 8), "/// a\n/// b -\n/// c d\n");
        assert_eq!(
            wrap_docs("/// aaaa 1. b\n", 10),
            "/// aaaa 1.\n/// b\n",
            "no earlier break: the marker stays on the line"
        );
        assert_eq!(wrap_docs("/// aaaa # b\n", 9), "/// aaaa #\n/// b\n");
    }

    #[test]
    fn fences_headings_and_tables_are_left_alone() {
        let text = "/// ```text\n/// a b c d e f g h\n/// ```\n/// # a b c d e f g\n/// | a | b | c | d |\n";
        assert_eq!(wrap_docs(text, 12), text);
    }
}
