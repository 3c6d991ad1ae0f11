//! The inbound-call example (`examples/inbound_call.rs`, compiled in here as a module) against
//! Stoplight Prism serving `calling-extensions.json` with its overlays: Prism checks every
//! request of the flow against the spec (`--errors`: a request that does not match gets an
//! error answer, which fails the flow) and answers with data generated from the response
//! schemas (`--dynamic`: the upstream spec's examples are all `null`).
//!
//! Needs Prism (`@stoplight/prism-cli` 5.14.2): `PRISM_BIN=/path/to/prism`, or
//! `npm install --prefix . @stoplight/prism-cli@5.14.2` for `./node_modules/.bin/prism`. The
//! test fails, it does not skip, when Prism is missing or does not start.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hubspot_calling::toolkit::channel_connection::E164Number;
use hubspot_calling::Client;
use hubspot_calling_codegen::Generator;

#[allow(dead_code)]
#[path = "../examples/inbound_call.rs"]
mod inbound_call;

/// A Prism mock server, killed on drop.
struct Prism {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
    log: PathBuf,
}

impl Prism {
    fn binary() -> PathBuf {
        if let Some(bin) = std::env::var_os("PRISM_BIN").filter(|v| !v.is_empty()) {
            return PathBuf::from(bin);
        }
        let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/prism");
        assert!(
            local.exists(),
            "Prism not found: set PRISM_BIN, or run `npm install --prefix {} \
             @stoplight/prism-cli@5.14.2`",
            env!("CARGO_MANIFEST_DIR")
        );
        local
    }

    /// Writes the overlaid specs (as `hubspot-calling-codegen merge` does) and serves `file`.
    fn start(file: &str) -> Prism {
        let dir = std::env::temp_dir().join(format!(
            "hubspot-calling-prism-{}-{}",
            std::process::id(),
            file.replace('.', "-")
        ));
        Generator::new()
            .specs_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("specs"))
            .write_overlaid(&dir)
            .unwrap_or_else(|e| panic!("cannot write the overlaid specs:\n{e}"));
        let spec = dir.join(file);
        assert!(spec.exists(), "{} was not written", spec.display());

        // A free port: bind, read it, release it.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join("prism.log");
        let out = File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = Command::new(Self::binary())
            .args([
                "mock",
                "--errors",
                "--dynamic",
                "--seed",
                "7",
                "-h",
                "127.0.0.1",
                "-p",
            ])
            .arg(port.to_string())
            .arg(&spec)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Prism ({}): {e}", Self::binary().display()));
        let mut prism = Prism {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
            log,
        };
        prism.wait_ready(Duration::from_secs(90));
        prism
    }

    fn log(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }

    fn wait_ready(&mut self, timeout: Duration) {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", self.log());
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok()
                && self.log().contains("Prism is listening")
            {
                return;
            }
            assert!(
                started.elapsed() < timeout,
                "Prism did not listen on {} within {timeout:?}:\n{}",
                self.addr,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn inbound_call_flow_passes_prism_validation() {
    let prism = Prism::start("calling-extensions.json");

    // Prism does validate: a request that breaks the spec (inbound-call without its required
    // fields) is refused.
    let invalid = reqwest::Client::new()
        .post(format!(
            "{}/crm/v3/extensions/calling/inbound-call",
            prism.base_url()
        ))
        .bearer_auth("pat-na1-example-token")
        .header("content-type", "application/json")
        .body(r#"{"externalCallId": "x"}"#)
        .send()
        .await
        .expect("Prism answers");
    let violations = invalid
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        !invalid.status().is_success() && violations.contains(r#""location":["request","body"]"#),
        "Prism accepted an invalid request: {} {violations}",
        invalid.status()
    );

    let client = Client::builder()
        .base_url(prism.base_url())
        .access_token("pat-na1-example-token")
        .developer_api_key("developer-api-key-example")
        .build()
        .expect("client");
    let config = inbound_call::FlowConfig {
        app_id: 1234567,
        user_id: Some(1001),
        uses_calling_window: false,
        channel_connection_url: "https://calling-app.example.com/hubspot/channel-connection".into(),
        from_number: E164Number::parse("+18578295489").unwrap(),
        to_number: E164Number::parse("+15099999999").unwrap(),
        external_call_id: "prism-test-1".into(),
    };
    let report = inbound_call::run(&client, &config)
        .await
        .unwrap_or_else(|e| panic!("the flow failed against Prism: {e}\n{}", prism.log()));

    // Each caller ID match decoded into a known variant (Prism generates them from the oneOf).
    for caller in &report.caller_id_matches {
        assert!(
            !matches!(
                caller,
                hubspot_calling::calling_extensions::CallerIdMatch::Other(_)
            ),
            "{}",
            inbound_call::describe(caller)
        );
    }
    // Every request of the flow reached Prism and passed its validation: PATCH settings, GET +
    // PATCH channel connection, POST inbound-call.
    let log = prism.log();
    let validated = log
        .matches("The request passed the validation rules")
        .count();
    assert_eq!(validated, 4, "Prism log:\n{log}");
    assert!(
        log.contains("patch /crm/v3/extensions/calling/1234567/settings "),
        "{log}"
    );
    assert!(
        log.contains("post /crm/v3/extensions/calling/inbound-call"),
        "{log}"
    );
}
