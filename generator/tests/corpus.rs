//! Every real spec in tests/corpus generates, with no overlay and no case of its own in the
//! generator; its API surface is an insta snapshot. (tests/compile compiles the generated code
//! clippy-clean.)

use std::path::Path;

use hubspot_calling_codegen::{surface, Generator};

#[test]
fn corpus_specs_generate_with_a_surface_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let generator = Generator::new().specs_dir(&dir).index(false);
    let specs = generator.spec_files().expect("corpus readable");
    assert!(specs.len() >= 7, "{specs:?}");
    let apis = generator.apis().expect("every corpus spec generates");
    assert_eq!(apis.len(), specs.len());
    for api in &apis {
        assert!(
            !api.operations.is_empty(),
            "{} has no operations",
            api.module
        );
        insta::assert_snapshot!(format!("corpus__{}", api.module), surface::render(api));
    }
    let files = generator.render().expect("renders");
    assert_eq!(files.len(), specs.len(), "one module per spec, no index");
}
