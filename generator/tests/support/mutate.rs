//! Structure-aware mutation of OpenAPI documents for fuzzing the generator: shared by the bounded
//! test (tests/fuzz.rs) and the long-running fuzzer (examples/fuzz.rs).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hubspot_calling_codegen::Document;
use serde_json::{json, Map, Value};

/// A small, seedable xorshift generator: runs are reproducible from the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Every JSON pointer in `value` (RFC 6901: `~` and `/` in keys escaped).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

const WORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "foo-bar",
    "fooBar",
    "1st",
    "",
    "a b",
    "é",
    "UNKNOWN",
    "Other",
    "null",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "int32",
    "date-time",
    "uuid",
    "#/components/schemas/Call",
    "#/components/schemas/Missing",
    "#/components/parameters/LimitParam",
    "#/components/responses/Error",
    "other.yaml#/X",
    "#/",
    "{callId}",
    "/crm/{x}/y",
    "x-rust-name",
    "crate",
    "super",
    "r#type",
    "::",
    "\u{0}",
    "\"quoted\"",
    "multi\nline",
    "Error",
    "Value",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64 % 1000 - 500),
        3 => json!(1.5),
        4 => Value::String(rng.pick(WORDS).copied().unwrap_or("x").to_string()),
        5 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        6 => {
            let mut map = Map::new();
            for _ in 0..rng.below(3) {
                let key = rng.pick(WORDS).copied().unwrap_or("k").to_string();
                map.insert(key, random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
        _ => {
            // Something schema-shaped.
            let ty = rng
                .pick(&["object", "array", "string", "integer", "nope"])
                .copied()
                .unwrap_or("string");
            json!({"type": ty, "items": {"$ref": rng.pick(WORDS).copied().unwrap_or("")}, "properties": {"a": {"type": "string"}}, "enum": [rng.pick(WORDS).copied().unwrap_or("")]})
        }
    }
}

/// Applies 1–4 random structural mutations to `doc`.
pub fn mutate(doc: &mut Value, rng: &mut Rng) {
    for _ in 0..=rng.below(4) {
        let mut all = Vec::new();
        pointers(doc, String::new(), &mut all);
        let Some(target) = rng.pick(&all).cloned() else {
            return;
        };
        let donor = rng.pick(&all).and_then(|p| doc.pointer(p)).cloned();
        let Some(node) = doc.pointer_mut(&target) else {
            continue;
        };
        match rng.below(9) {
            0 => *node = random_value(rng, 0),
            1 => {
                if let Some(donor) = donor {
                    *node = donor; // copy another subtree here (may create recursion)
                }
            }
            2 => {
                if let Value::Object(map) = node {
                    if let Some(key) = map.keys().nth(rng.below(map.len())).cloned() {
                        map.remove(&key);
                    }
                }
            }
            3 => {
                if let Value::Object(map) = node {
                    let key = rng.pick(WORDS).copied().unwrap_or("k").to_string();
                    map.insert(key, random_value(rng, 0));
                }
            }
            4 => {
                if let Value::Object(map) = node {
                    map.insert(
                        "$ref".into(),
                        Value::String(rng.pick(WORDS).copied().unwrap_or("").into()),
                    );
                }
            }
            5 => {
                if let Value::Object(map) = node {
                    map.insert("type".into(), random_value(rng, 2));
                }
            }
            6 => {
                if let Value::Array(items) = node {
                    if !items.is_empty() {
                        let i = rng.below(items.len());
                        let copy = items[i].clone();
                        items.push(copy);
                    }
                }
            }
            7 => {
                if let Value::Object(map) = node {
                    map.insert(
                        "x-rust-name".into(),
                        Value::String(rng.pick(WORDS).copied().unwrap_or("").into()),
                    );
                }
            }
            _ => {
                if let Value::String(s) = node {
                    let extra = rng.pick(WORDS).copied().unwrap_or("");
                    s.push_str(extra);
                }
            }
        }
    }
}

/// The valid documents mutations start from: the benchmarks' copies of the bundled specs, the
/// fixtures and the corpus, all under the generator crate's `root`.
pub fn seeds(root: &Path) -> Vec<(PathBuf, String)> {
    let mut dirs = vec![root.join("benches/specs"), root.join("tests/corpus")];
    if let Ok(fixtures) = std::fs::read_dir(root.join("tests/fixtures")) {
        dirs.extend(fixtures.flatten().map(|e| e.path()));
    }
    let mut files = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "yaml" | "yml" | "json") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push((path, text));
                }
            }
        }
    }
    files.sort();
    files
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Findings {
    pub runs: u64,
    pub ok: u64,
    pub errors: u64,
    /// Inputs that made the generator panic: (seed file, mutated document, panic message).
    pub crashes: Vec<(PathBuf, String, String)>,
}

/// Mutates seeds and runs the generator on each mutant until `runs` or `time` is reached.
///
/// With `checkpoint`, every input is written there before it runs, so an input that aborts the
/// process (a stack overflow cannot be caught) is left on disk.
pub fn fuzz(
    root: &Path,
    seed: u64,
    runs: u64,
    time: Duration,
    checkpoint: Option<&Path>,
) -> Findings {
    let seeds = seeds(root);
    let mut rng = Rng::new(seed);
    let mut findings = Findings::default();
    let start = Instant::now();
    let parsed: Vec<(PathBuf, Option<Document>, String)> = seeds
        .into_iter()
        .map(|(path, text)| (path.clone(), Document::parse(&path, &text).ok(), text))
        .collect();
    // Panics inside the generator are caught below; silence their default report while the
    // fuzzer runs, and restore it afterwards (also if the harness itself panics).
    type Hook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send>;
    struct RestoreHook(Option<Hook>);
    impl Drop for RestoreHook {
        fn drop(&mut self) {
            if let Some(hook) = self.0.take() {
                std::panic::set_hook(hook);
            }
        }
    }
    let _restore = RestoreHook(Some(std::panic::take_hook()));
    std::panic::set_hook(Box::new(|_| {}));
    while findings.runs < runs && start.elapsed() < time {
        let Some((path, doc, text)) = rng.pick(&parsed) else {
            break;
        };
        findings.runs += 1;
        // One run in eight mutates the raw text (the loader's input), the rest the structure.
        let (input, result) = if rng.below(8) == 0 || doc.is_none() {
            let mut bytes = text.clone().into_bytes();
            for _ in 0..=rng.below(8) {
                if bytes.is_empty() {
                    break;
                }
                let i = rng.below(bytes.len());
                const NOISE: &[u8] = b"{}[]:-'\"\n #&*!|>%@`,";
                bytes[i] = NOISE[rng.below(NOISE.len())];
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let path = path.clone();
            let input = text.clone();
            if let Some(checkpoint) = checkpoint {
                let _ = std::fs::write(checkpoint, &input);
            }
            let result = std::panic::catch_unwind(move || {
                Document::parse(&path, &text).and_then(|d| d.render("fuzz"))
            });
            (input, result)
        } else {
            let Some(doc) = doc else { continue };
            let mut value = doc.value.clone();
            mutate(&mut value, &mut rng);
            let input = serde_json::to_string_pretty(&value).unwrap_or_default();
            if let Some(checkpoint) = checkpoint {
                let _ = std::fs::write(checkpoint, &input);
            }
            let document = Document {
                source: doc.source.clone(),
                value,
            };
            let result = std::panic::catch_unwind(move || document.render("fuzz"));
            (input, result)
        };
        match result {
            Ok(Ok(_)) => findings.ok += 1,
            Ok(Err(_)) => findings.errors += 1,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                findings.crashes.push((path.clone(), input, message));
            }
        }
    }
    findings
}
