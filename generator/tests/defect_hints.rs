//! Upstream defects (a path parameter that is not in the path, a template variable that is not
//! declared, a `$ref` to a component that does not exist) are located errors that show the
//! overlay action that fixes them. The action in the message really does: written into an
//! overlay next to a copy of the bad spec, the spec generates.

use std::path::Path;

use hubspot_calling_codegen::Generator;

/// The overlay action a message shows between backticks (`` `{target: ..., ...}` ``).
fn action(message: &str) -> &str {
    let start = message
        .find("`{target:")
        .unwrap_or_else(|| panic!("no overlay action in: {message}"));
    let rest = &message[start + 1..];
    let end = rest
        .find("}`")
        .unwrap_or_else(|| panic!("unterminated action in: {message}"));
    &rest[..=end]
}

#[test]
fn the_overlay_action_in_a_defect_message_fixes_the_spec() {
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    for case in [
        "path-parameter-not-in-path",
        "undeclared-path-parameter",
        "unresolved-schema-ref",
        "unresolved-parameter-ref",
        "unresolved-response-ref",
        "unresolved-request-body-ref",
    ] {
        let spec = bad.join(case).join("spec.yaml");
        let message = match Generator::new().spec(&spec).index(false).render() {
            Ok(_) => panic!("{case} generates"),
            Err(e) => e.to_string(),
        };
        let work =
            std::env::temp_dir().join(format!("codegen-defect-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(work.join("overlays")).expect("work dir");
        std::fs::copy(&spec, work.join("spec.yaml")).expect("copy");
        let overlay = format!(
            "overlay: 1.0.0\ninfo: {{title: fix, version: '1'}}\nextends: ../spec.yaml\nactions:\n  - {}\n",
            action(&message)
        );
        std::fs::write(work.join("overlays/fix.yaml"), overlay).expect("overlay");
        let fixed = Generator::new()
            .spec(work.join("spec.yaml"))
            .index(false)
            .render();
        let _ = std::fs::remove_dir_all(&work);
        if let Err(e) = fixed {
            panic!("{case}: the action of\n{message}\ndoes not fix it:\n{e}");
        }
    }
}
