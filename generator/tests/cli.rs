//! The CLI's contract: `generate` writes, `check` exits 1 with a diff when the output is stale,
//! and bad input exits 2 with the located error on stderr.

use std::path::Path;
use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hubspot-calling-codegen"))
}

#[test]
fn generate_check_and_exit_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let work = std::env::temp_dir().join(format!("codegen-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("temp dir");
    let spec = work.join("petstore.yaml");
    std::fs::copy(root.join("corpus/petstore-3.0.yaml"), &spec).expect("copy");
    let out = work.join("out");

    let generate = cli()
        .arg("generate")
        .arg("--out")
        .arg(&out)
        .arg(&spec)
        .output()
        .expect("runs");
    assert_eq!(
        generate.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    assert!(out.join("petstore.rs").is_file() && out.join("mod.rs").is_file());

    let check = cli()
        .arg("check")
        .arg("--out")
        .arg(&out)
        .arg(&spec)
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains("up to date"));

    // A spec change makes the output stale: exit 1 and a diff naming the changed line.
    let text = std::fs::read_to_string(&spec)
        .expect("read")
        .replace("List all pets", "List every pet");
    std::fs::write(&spec, text).expect("write");
    let stale = cli()
        .arg("check")
        .arg("--out")
        .arg(&out)
        .arg(&spec)
        .output()
        .expect("runs");
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(
        diff.contains("petstore.rs (on disk)\n+++ ") && diff.contains("\n@@ -"),
        "a unified diff per file: {diff}"
    );
    assert!(
        diff.contains("List all pets") && diff.contains("List every pet"),
        "the old and the new line: {diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with('-') && l.contains("List all pets"))
            && diff
                .lines()
                .any(|l| l.starts_with('+') && l.contains("List every pet")),
        "{diff}"
    );

    // Bad input: exit 2, the file and line on stderr, and nothing written.
    let before = std::fs::read(out.join("petstore.rs")).expect("read");
    let bad = root.join("bad/unresolved-schema-ref/spec.yaml");
    let failed = cli()
        .arg("generate")
        .arg("--out")
        .arg(&out)
        .arg(&spec)
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("unresolved-schema-ref/spec.yaml:10:11"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(out.join("petstore.rs")).expect("read"),
        before
    );

    // Usage errors are bad input too.
    let usage = cli().arg("generate").arg(&spec).output().expect("runs");
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("--out DIR is required"));
    let _ = std::fs::remove_dir_all(&work);
}
