//! The Rust method names of a spec's operations. A name depends only on the operation's own
//! method, path, operationId and `x-rust-name`; a collision step, which no HubSpot spec of the
//! corpus reaches, makes every name of a spec distinct without ever failing.
//!
//! 0. `x-rust-name` is the name (in snake case). An operationId that is an identifier
//!    (`listCalls`) is used in snake case.
//! 1. **Path words** are the segments after the version segment (`v3`, `v4`, `2026-03`). Those
//!    before it name the API; they are read only when nothing after the version names a
//!    resource (`/cms/audit-logs/v3` gives `get_audit_logs`).
//! 2. **Action**: `batch` in the run of literal segments that ends the path makes the name start
//!    with `batch_`. In that run, the last segment with an action verb (read, create, archive,
//!    search, merge, clone, publish, gdpr-delete, push-live, ...) is the action, with the
//!    literals after it.
//! 3. **Object**, the resource acted on:
//!    - the literals after the last parameter, read backwards (`{appId}/settings/recording` is
//!      `recording_settings`), with the owner in front when the parameter is an item id of the
//!      literal before it (`threads/{threadId}/messages` is `thread_messages`);
//!    - a run right after the version keeps its last literal (`objects/calls` is `calls`);
//!      segments without letters (`0-410`) are skipped, and `objects/0-410/{courseId}` takes its
//!      noun from the parameter (`course`);
//!    - in the singular when the operation addresses one item: a trailing parameter is an item
//!      id of the noun (`callId` of `calls`, `objectId`, `id`, `slug`), or the path ends with
//!      `me` (`my_connection_status`), or a POST without an action creates one (`create_call`);
//!    - trailing parameters that are not item ids are scopes: `by_<param>`
//!      (`get_properties_by_object_type`), unless they only repeat the object.
//! 4. **Verb**: HubSpot's name part (`<method>-<path>_<name>`) when it says more than method and
//!    path (CRUD words like getPage, getById, create, archive do not; a leading `do` and the word
//!    `batch` are dropped). A name part of several words is the name, with the object put before
//!    its first preposition if it does not mention it (`archiveByObjectId` gives
//!    `archive_marketing_event_by_object_id`). Otherwise the verb is the path's action, else a
//!    one-word name part (`download`), else the method's: GET `get` (`list` for a plural
//!    collection), POST `create`, PUT `replace`, PATCH `update`, DELETE `delete`.
//! 5. **Safety net**: a name that would shadow a std trait method (`clone`, `default`, ...) or a
//!    member of the handle (`new`, `client`, `context`) gets its object appended (its method
//!    put before it when the object is the name itself: `get_context`). Among operations with
//!    the same name, the one with the strictly shortest path (or the one named by
//!    `x-rust-name`) keeps it; the others get, level by level until the names differ, their
//!    trailing parameters (`by_...`), their literal segments, their method. Whatever is still
//!    equal then is numbered (`_2`). So a new operation renames an existing one only when it
//!    takes the same name with a shorter path.

use std::collections::BTreeMap;

use super::words::{
    has_letter, is_param, is_version, method_verb, param_name, singular, singular_phrase,
    snake_words, words, GENERIC, INVARIANT, ITEM_WORDS, PREPOSITIONS, VERBS,
};
use super::{is_identifier, snake, Scope, HANDLE_MEMBERS};

/// What the rule reads of one operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationKey<'a> {
    /// The HTTP method, any case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The operationId.
    pub operation_id: Option<&'a str>,
    /// The `x-rust-name`.
    pub explicit: Option<&'a str>,
}

/// The method name of every operation of one spec, in the order given: distinct, never a
/// member of the handle, never an error.
pub fn operation_names(ops: &[OperationKey<'_>]) -> Vec<String> {
    let mut scope = Scope::with_reserved(HANDLE_MEMBERS.iter().copied());
    rule_names(ops)
        .iter()
        .map(|name| scope.claim(name))
        .collect()
}

/// The names the rule gives (steps 0 to 5 without the numbering).
pub(super) fn rule_names(ops: &[OperationKey<'_>]) -> Vec<String> {
    let parts: Vec<Parts> = ops.iter().map(Parts::new).collect();
    let explicit: Vec<Option<String>> = ops.iter().map(|op| op.explicit.map(snake)).collect();
    let mut names: Vec<String> = parts
        .iter()
        .zip(&explicit)
        .map(|(p, x)| x.clone().unwrap_or_else(|| p.base_name()))
        .collect();
    for (i, name) in names.iter_mut().enumerate() {
        if explicit[i].is_none() && HANDLE_MEMBERS.contains(&name.as_str()) {
            let object = &parts[i].object;
            *name = if object.is_empty() {
                format!("{name}_{}", parts[i].method)
            } else if object == name {
                // `GET /items/{id}/context` is `get_context`, not `context_context`.
                format!("{}_{name}", parts[i].method)
            } else {
                format!("{name}_{object}")
            };
        }
    }
    for level in 1..=3 {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            groups.entry(name.as_str()).or_default().push(i);
        }
        if groups.values().all(|m| m.len() == 1) {
            break;
        }
        let mut renames = Vec::new();
        for members in groups.values().filter(|m| m.len() > 1) {
            let keep = members
                .iter()
                .copied()
                .find(|&i| explicit[i].is_some())
                .or_else(|| strictly_shortest(members, &parts));
            for &i in members {
                if Some(i) == keep || explicit[i].is_some() {
                    continue;
                }
                let mut words = vec![parts[i].base_name()];
                words.extend(parts[i].qualifiers(level));
                let new = escape(words.join("_"));
                if new != names[i] {
                    renames.push((i, new));
                }
            }
        }
        for (i, new) in renames {
            names[i] = new;
        }
    }
    names
}

/// The member of `members` whose path has strictly fewer segments than every other one.
fn strictly_shortest(members: &[usize], parts: &[Parts]) -> Option<usize> {
    let mut by_length: Vec<(usize, usize)> =
        members.iter().map(|&i| (parts[i].segs.len(), i)).collect();
    by_length.sort();
    match by_length.as_slice() {
        [(a, i), (b, _), ..] if a < b => Some(*i),
        _ => None,
    }
}

/// A name as a usable identifier: a keyword gets `_`, a leading digit `n`.
fn escape(name: String) -> String {
    let name = if name.is_empty() {
        "operation".to_string()
    } else {
        name
    };
    if super::is_usable(&name) {
        name
    } else {
        snake(&name)
    }
}

/// What the rule reads from one operation's method, path and operationId.
#[derive(Debug, Clone)]
struct Parts {
    method: String,
    operation_id: Option<String>,
    /// The segments after the version.
    segs: Vec<String>,
    /// `batch` in the trailing literal run.
    batch: bool,
    /// The action (`read`, `gdpr_delete`, `push_live`).
    action: Option<String>,
    /// The path ends with `me`.
    me: bool,
    /// One item is addressed.
    item: bool,
    /// The object, in snake case (`connection_statuses`, `my_connection_status`).
    object: String,
    /// The parameters that end the path.
    trailing_params: Vec<String>,
    /// HubSpot's `_<name>` of the operationId, when it is an identifier.
    suffix: Option<String>,
}

impl Parts {
    fn new(op: &OperationKey<'_>) -> Parts {
        let method = op.method.to_ascii_lowercase();
        let all: Vec<String> = op
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let version = all.iter().position(|s| is_version(s));
        let (before, segs) = match version {
            Some(v) => (all[..v].to_vec(), all[v + 1..].to_vec()),
            None => (Vec::new(), all.clone()),
        };
        // The trailing literal run: batch modifier and action.
        let k = segs.len() - segs.iter().rev().take_while(|s| !is_param(s)).count();
        let head = &segs[..k];
        let mut tail: Vec<String> = segs[k..].to_vec();
        let batch = tail.iter().any(|s| s == "batch");
        tail.retain(|s| s != "batch");
        let mut action = None;
        for i in (0..tail.len()).rev() {
            let verb = words(&tail[i]).iter().any(|w| VERBS.contains(&w.as_str()));
            if verb && (i > 0 || !head.is_empty() || tail.len() == 1) {
                let words: Vec<String> = tail[i..].iter().map(|x| snake_words(x)).collect();
                action = Some(words.join("_"));
                tail.truncate(i);
                break;
            }
        }
        let mut rest: Vec<String> = head.iter().cloned().chain(tail).collect();
        let me = rest.last().is_some_and(|s| s == "me");
        if me {
            rest.pop();
        }
        let (mut object, mut item) = object_of(&rest);
        if object.is_empty() {
            // Nothing after the version names a resource: the last literal before it.
            let lits = |from: usize| -> Vec<&String> {
                before.iter().skip(from).filter(|s| has_letter(s)).collect()
            };
            let candidates = match lits(1) {
                l if l.is_empty() => lits(0),
                l => l,
            };
            if let Some(last) = candidates.last() {
                object = snake_words(last);
            }
            if segs
                .last()
                .is_some_and(|s| is_param(s) && names_item(param_name(s), ""))
            {
                item = true;
            }
        }
        let creates_one = action.is_none() && !batch && method == "post" && !item;
        if !object.is_empty() && (item || me || creates_one) {
            object = singular_phrase(&object);
        }
        if me {
            object = if object.is_empty() {
                "me".to_string()
            } else {
                format!("my_{object}")
            };
        }
        let mut trailing_params: Vec<String> = segs
            .iter()
            .rev()
            .take_while(|s| is_param(s))
            .map(|s| param_name(s).to_string())
            .collect();
        trailing_params.reverse();
        let suffix = op
            .operation_id
            .and_then(|id| id.strip_prefix(&format!("{method}-{}_", op.path)))
            .filter(|rest| is_identifier(rest))
            .map(str::to_string);
        Parts {
            method,
            operation_id: op.operation_id.map(str::to_string),
            segs,
            batch,
            action,
            me,
            item,
            object,
            trailing_params,
            suffix,
        }
    }

    /// The operationId's name part in snake case, when it says more than method and path.
    fn informative_suffix(&self) -> Option<String> {
        let mut ws = words(self.suffix.as_deref()?);
        if ws.first().is_some_and(|w| w == "do") {
            ws.remove(0);
        }
        ws.retain(|w| w != "batch");
        let name = ws.join("_");
        (!name.is_empty() && !GENERIC.contains(&name.as_str())).then_some(name)
    }

    /// The name before any collision is considered (steps 0 to 4).
    fn base_name(&self) -> String {
        if let Some(id) = self.operation_id.as_deref().filter(|id| is_identifier(id)) {
            return snake(id);
        }
        let mut object = self.object.clone();
        let batch = if self.batch { "batch_" } else { "" };
        let suffix = self.informative_suffix();
        if let Some(suffix) = suffix.as_deref().filter(|s| s.contains('_')) {
            return escape(format!("{batch}{}", with_object(suffix, &object)));
        }
        let verb = match (&self.action, suffix) {
            (Some(action), _) => action.clone(),
            (None, Some(suffix)) => suffix,
            (None, None) => {
                let last = object.rsplit('_').next().unwrap_or("");
                let collection = self.method == "get"
                    && !self.item
                    && !self.me
                    && self.trailing_params.is_empty()
                    && last.ends_with('s')
                    && !INVARIANT.contains(&last)
                    && singular(last) != last;
                if collection {
                    "list".to_string()
                } else {
                    method_verb(&self.method).to_string()
                }
            }
        };
        if !object.is_empty() && verb.ends_with(&object) {
            object.clear();
        }
        let mut name = format!("{batch}{verb}");
        if !object.is_empty() {
            name = format!("{name}_{object}");
        }
        if !self.trailing_params.is_empty() && !self.item && self.action.is_none() {
            let tail: Vec<String> = object.split('_').map(singular).collect();
            // `rule-type/{ruleType}`: the parameter is the object's own name.
            let redundant = |param: &str| {
                let ws: Vec<String> = words(param)
                    .iter()
                    .filter(|w| !ITEM_WORDS.contains(&w.as_str()))
                    .map(|w| singular(w))
                    .collect();
                !object.is_empty()
                    && !ws.is_empty()
                    && tail.len() >= ws.len()
                    && tail[tail.len() - ws.len()..] == ws[..]
            };
            let named: Vec<String> = self
                .trailing_params
                .iter()
                .filter(|p| !redundant(p))
                .map(|p| snake_words(p))
                .collect();
            if !named.is_empty() {
                name = format!("{name}_by_{}", named.join("_and_"));
            }
        }
        escape(name)
    }

    /// Words that tell this operation apart from others with the same base name, at `level`.
    fn qualifiers(&self, level: usize) -> Vec<String> {
        let mut out = Vec::new();
        if level >= 1 && !self.trailing_params.is_empty() && !self.base_name().contains("_by_") {
            let params: Vec<String> = self
                .trailing_params
                .iter()
                .map(|p| snake_words(p))
                .collect();
            out.push(format!("by_{}", params.join("_and_")));
        }
        if level >= 2 {
            let lits: Vec<String> = self
                .segs
                .iter()
                .filter(|s| !is_param(s) && has_letter(s) && *s != "batch")
                .map(|s| snake_words(s))
                .collect();
            out.push(lits.join("_"));
        }
        if level >= 3 {
            out.push(self.method.clone());
        }
        out.retain(|q| !q.is_empty());
        out
    }
}

/// The object of the path words `rest` (version, trailing action and `me` removed), and whether
/// one item is addressed.
fn object_of(rest: &[String]) -> (String, bool) {
    let j = rest.len() - rest.iter().rev().take_while(|s| !is_param(s)).count();
    let run: Vec<&String> = rest[j..].iter().filter(|s| has_letter(s)).collect();
    let mut lead: Vec<&String> = rest[..j].iter().collect();
    if let Some(last) = run.last() {
        if j == 0 {
            // Right after the version: its last literal.
            return (snake_words(last), false);
        }
        let mut object: Vec<String> = run.iter().rev().map(|s| snake_words(s)).collect();
        if let [.., owner, param] = lead.as_slice() {
            if !is_param(owner) && owns(owner, param_name(param)) {
                object.insert(0, owner_word(owner));
            }
        }
        return (object.join("_"), false);
    }
    // The path ends with parameters: the literal before them is the head noun.
    let mut params: Vec<&str> = Vec::new();
    while let Some(last) = lead.last().filter(|s| is_param(s)) {
        params.insert(0, param_name(last));
        lead.pop();
    }
    let literal = lead.last().map_or("", |s| s.as_str());
    let mut object = String::new();
    if !lead.is_empty()
        && !has_letter(literal)
        && params.last().is_some_and(|p| names_item(p, literal))
    {
        // `objects/0-410/{courseId}`: the parameter names the noun.
        let mut ws = words(params.last().copied().unwrap_or(""));
        while ws
            .last()
            .is_some_and(|w| w == "or" || ITEM_WORDS.contains(&w.as_str()))
        {
            ws.pop();
        }
        object = ws.join("_");
    } else if let Some(noun) = lead.iter().rev().find(|s| has_letter(s)) {
        object = snake_words(noun);
        if let [.., owner, param, _] = lead.as_slice() {
            if is_param(param) && !is_param(owner) && owns(owner, param_name(param)) {
                object = format!("{}_{object}", owner_word(owner));
            }
        }
    }
    let item = params.iter().any(|p| names_item(p, literal));
    (object, item)
}

/// `threads` is `thread`: the owner of a nested collection, in the singular.
fn owner_word(literal: &str) -> String {
    singular_phrase(&snake_words(literal))
}

/// Does the path parameter `param` identify one item of the collection `literal`? Its name is
/// an identifier word (`id`, `slug`, `token`; `objectId`), or ends with the literal's noun in
/// the singular plus such a word (`calls`/`callId`, `tables`/`tableIdOrName`). `actions`/
/// `appId` and `properties`/`objectType` are scopes.
fn names_item(param: &str, literal: &str) -> bool {
    let mut ws = words(param);
    if !ws.iter().any(|w| ITEM_WORDS.contains(&w.as_str())) {
        return false;
    }
    while ws
        .last()
        .is_some_and(|w| w == "or" || ITEM_WORDS.contains(&w.as_str()))
    {
        ws.pop();
    }
    let Some(noun) = ws.last() else {
        return true;
    };
    if noun == "object" || !has_letter(literal) {
        return true;
    }
    words(literal)
        .last()
        .is_some_and(|l| singular(noun) == singular(l))
}

/// Is `param` the id of an item of the collection `literal` (`threads`/`threadId`)?
fn owns(literal: &str, param: &str) -> bool {
    match (words(literal).last(), words(param).first()) {
        (Some(l), Some(p)) => *p == singular(l),
        _ => false,
    }
}

/// Does the name mention the object's head noun?
fn mentions(name: &str, object: &str) -> bool {
    let Some(head) = object.rsplit('_').next().filter(|h| !h.is_empty()) else {
        return true;
    };
    let single = singular(head);
    name.split('_').any(|w| w == head || w == single) || name.contains(head)
}

/// Puts the object into a name of several words: before its first preposition, else at the
/// end (`archive_by_object_id` + `marketing_events` is
/// `archive_marketing_events_by_object_id`).
fn with_object(name: &str, object: &str) -> String {
    if mentions(name, object) {
        return name.to_string();
    }
    let ws: Vec<&str> = name.split('_').collect();
    match ws
        .iter()
        .enumerate()
        .position(|(i, w)| i > 0 && PREPOSITIONS.contains(w))
    {
        Some(i) => format!("{}_{object}_{}", ws[..i].join("_"), ws[i..].join("_")),
        None => format!("{name}_{object}"),
    }
}

#[cfg(test)]
#[path = "operations_tests.rs"]
mod tests;
