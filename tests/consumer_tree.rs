//! A crate that depends on hubspot-calling with `default-features = false` must not compile the
//! generator: `cargo tree -e normal,build` of such a consumer lists none of the generator's
//! crates. Runs the real cargo on a throwaway consumer crate.

use std::path::Path;
use std::process::Command;

#[test]
fn consumer_without_default_features_does_not_build_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("hubspot-calling-consumer-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("temp dir");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nhubspot-calling = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            root.display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib");
    // Same versions as the workspace, so no registry access is needed when they are cached.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args([
            "tree",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"));
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().expect("cargo runs")
    };
    let mut output = tree(true);
    if !output.status.success() {
        output = tree(false);
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listing = String::from_utf8_lossy(&output.stdout);
    assert!(listing.contains("hubspot-calling v"), "{listing}");
    assert!(
        listing.contains("reqwest v"),
        "the client's own deps are there: {listing}"
    );
    for forbidden in [
        "hubspot-calling-codegen",
        "prettyplease",
        "openapiv3",
        "serde_yaml",
        "heck",
    ] {
        assert!(
            !listing.lines().any(|l| l.starts_with(forbidden)),
            "{forbidden} is in the tree of a default-features = false consumer:\n{listing}"
        );
    }
}
