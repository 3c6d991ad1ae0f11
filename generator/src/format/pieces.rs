//! A file cut into pieces that print apart exactly as the whole prints. prettyplease prints the
//! items of a file or a module one after the other with nothing between them, and no item's
//! layout depends on another's, so the pieces, printed apart and joined, are the text the whole
//! prints as. A module inside (`mod builders { ... }`) is cut into pieces too, each printed inside
//! a module of its own so it keeps its indentation. Tokens cannot cross threads (`proc_macro2`
//! types are not `Send`): a piece travels as its token text and is parsed where it is printed.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// How many tokens `tokens` holds, groups included.
pub(super) fn weight(tokens: &TokenStream) -> usize {
    tokens
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(g) => 1 + weight(&g.stream()),
            _ => 1,
        })
        .sum()
}

/// A piece of a file, as token text: printed on its own, its first `skip_first` lines and, if
/// `skip_last`, its last line are dropped (the module wrapped around a piece of a module).
#[derive(Debug)]
pub(super) struct Piece {
    /// The token text to parse and print.
    pub(super) text: String,
    skip_first: usize,
    skip_last: bool,
}

/// The printed text of a piece without the lines of its wrapper.
pub(super) fn trim(text: &str, piece: &Piece) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').skip(piece.skip_first).collect();
    if piece.skip_last {
        lines.pop();
    }
    lines.concat()
}

/// Cuts a file into about `target` pieces at item boundaries; a large `mod` item is cut inside.
pub(super) fn pieces(tokens: TokenStream, target: usize) -> Vec<Piece> {
    let items: Vec<(TokenStream, usize)> = items(tokens)
        .into_iter()
        .map(|item| {
            let w = weight(&item);
            (item, w)
        })
        .collect();
    let total: usize = items.iter().map(|(_, w)| w).sum();
    let size = (total / target.max(1)).max(1);
    let mut out = Vec::new();
    let mut current = Group::default();
    for (item, w) in items {
        if w > size {
            if let Some((header, inner)) = module_parts(&item) {
                if !current.text.is_empty() {
                    out.push(whole(std::mem::take(&mut current).text));
                }
                out.extend(module_pieces(&header, inner, size));
                continue;
            }
        }
        if current.add(&item, w, size) {
            out.push(whole(std::mem::take(&mut current).text));
        }
    }
    if !current.text.is_empty() {
        out.push(whole(current.text));
    }
    out
}

/// Items gathered into one piece.
#[derive(Default)]
struct Group {
    text: String,
    weight: usize,
}

impl Group {
    /// Adds an item; true when the group reached `size`.
    fn add(&mut self, item: &TokenStream, weight: usize, size: usize) -> bool {
        let _ = writeln!(self.text, "{item}");
        self.weight += weight;
        self.weight >= size
    }
}

fn whole(text: String) -> Piece {
    Piece {
        text,
        skip_first: 0,
        skip_last: false,
    }
}

/// The pieces of a module whose header (attributes, `pub mod name`) is `header` and whose
/// content is `inner`: the first keeps the header and its inner attributes, the others are
/// wrapped in `mod m { }`, whose lines are dropped again.
fn module_pieces(header: &TokenStream, inner: TokenStream, size: usize) -> Vec<Piece> {
    let (attrs, rest) = inner_attributes(inner);
    let mut groups: Vec<String> = Vec::new();
    let mut current = Group::default();
    for item in items(rest) {
        let w = weight(&item);
        if current.add(&item, w, size) {
            groups.push(std::mem::take(&mut current).text);
        }
    }
    if !current.text.is_empty() || groups.is_empty() {
        groups.push(current.text);
    }
    let last = groups.len() - 1;
    groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let text = if i == 0 {
                format!("{header} {{ {attrs} {group} }}")
            } else {
                format!("mod m {{ {group} }}")
            };
            Piece {
                text,
                skip_first: usize::from(i > 0),
                skip_last: i < last,
            }
        })
        .collect()
}

/// The items of a token stream, attributes and all, each up to a `;` or a final brace group.
fn items(tokens: TokenStream) -> Vec<TokenStream> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, tree) in trees.iter().enumerate() {
        let ends = match tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && match trees.get(i + 1) {
                        None | Some(TokenTree::Ident(_)) => true,
                        Some(TokenTree::Punct(p)) => p.as_char() == '#',
                        _ => false,
                    }
            }
            _ => false,
        };
        if ends {
            out.push(trees[start..=i].iter().cloned().collect());
            start = i + 1;
        }
    }
    if start < trees.len() {
        out.push(trees[start..].iter().cloned().collect());
    }
    out
}

/// A `mod name { ... }` item as its header (attributes, visibility, `mod name`) and content.
fn module_parts(item: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let trees: Vec<TokenTree> = item.clone().into_iter().collect();
    let [.., TokenTree::Ident(keyword), TokenTree::Ident(_), TokenTree::Group(body)] =
        trees.as_slice()
    else {
        return None;
    };
    if keyword != "mod" || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let header = trees[..trees.len() - 1].iter().cloned().collect();
    Some((header, body.stream()))
}

/// The inner attributes (`#![...]`, `//!`) at the start of a module's content, and the rest.
fn inner_attributes(inner: TokenStream) -> (TokenStream, TokenStream) {
    let trees: Vec<TokenTree> = inner.into_iter().collect();
    let mut n = 0;
    while let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(_), ..] =
        &trees[n..]
    {
        if hash.as_char() != '#' || bang.as_char() != '!' {
            break;
        }
        n += 3;
    }
    (
        trees[..n].iter().cloned().collect(),
        trees[n..].iter().cloned().collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_end_at_semicolons_and_final_braces() {
        let items = items(quote::quote! {
            #[doc = "a"] pub struct A { b: u8 }
            use x::{y, z};
            const C: () = { () };
            impl A { fn f() {} }
            pub mod m { #![doc = "m"] pub struct B; }
        });
        assert_eq!(items.len(), 5, "{items:#?}");
        let (header, inner) = module_parts(&items[4]).unwrap_or_else(|| panic!("not a module"));
        assert_eq!(header.to_string(), "pub mod m");
        let (attrs, rest) = inner_attributes(inner);
        assert_eq!(attrs.to_string(), "# ! [doc = \"m\"]");
        assert_eq!(rest.to_string(), "pub struct B ;");
    }
}
