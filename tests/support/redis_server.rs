//! A real `redis-server` for one test: started on a free local port in a temporary directory,
//! without persistence, stopped (killed) when dropped or on demand.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redis-server`.
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts `redis-server` on a free port; panics with what to install when it is missing.
    pub fn start() -> RedisServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .expect("a free local port");
        Self::start_on(port)
    }

    /// Starts `redis-server` on `port` (again, after [`RedisServer::stop`]).
    pub fn start_on(port: u16) -> RedisServer {
        let dir = std::env::temp_dir().join(format!(
            "hubspot-calling-redis-{}-{port}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "could not start redis-server ({error}): the Redis tests (cargo test \
                     --features redis) need it installed, e.g. `apt-get install redis-server`"
                )
            });
        let server = RedisServer {
            child: Some(child),
            port,
            dir,
        };
        server.wait_until_ready();
        server
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let client = redis::Client::open(self.url()).expect("url");
        while Instant::now() < deadline {
            if let Ok(mut connection) = client.get_connection() {
                if redis::cmd("PING").query::<String>(&mut connection).is_ok() {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "redis-server on port {} did not start within 10 s",
            self.port
        );
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Its port.
    #[allow(dead_code)] // not every test restarts the server
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A plain connection, to look at the keys.
    #[allow(dead_code)] // not every test looks at the keys
    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .and_then(|client| client.get_connection())
            .expect("connection")
    }

    /// Kills the server at once (as a crash would), and waits until it is gone.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
