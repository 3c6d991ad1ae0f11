//! What a required value of an operation cannot be forgotten: it is an argument of the handle
//! method, so leaving it out does not compile (issue 9 §2). The expected compiler errors are in
//! `tests/compile_fail/*.stderr`; after a deliberate change, regenerate them with
//! `TRYBUILD=overwrite cargo test --test compile_fail` and read the diff.

#[test]
fn required_bodies_and_parameters_cannot_be_left_out() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
