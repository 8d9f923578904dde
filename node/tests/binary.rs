//! The real binary: `cluster` prints where its nodes listen and the
//! original demo's console lines and stops on Ctrl-C; four `node` commands
//! find each other; a port in use and a bad flag are one-line errors.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{client, eventually, get_json, DEADLINE};

const BIN: &str = env!("CARGO_BIN_EXE_byzscope-node");

/// A running binary whose stdout is collected as it comes.
struct Running {
    child: Child,
    out: Arc<Mutex<String>>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let out = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("piped stdout");
        let sink = out.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut out = sink.lock().expect("the output");
                out.push_str(&line);
                out.push('\n');
            }
        });
        Running { child, out }
    }

    fn output(&self) -> String {
        self.out.lock().expect("the output").clone()
    }

    async fn printed(&self, text: &str) {
        eventually(&format!("the console to print {text:?}"), || async {
            self.output().contains(text)
        })
        .await;
    }

    /// Sends `signal` (INT is Ctrl-C) and waits for a clean exit.
    fn stop(mut self, signal: &str) -> String {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status();
        assert!(
            sent.is_ok_and(|status| status.success()),
            "kill -{signal} {pid}"
        );
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("a child to wait on") {
                assert!(status.success(), "exit after SIG{signal}: {status}");
                break;
            }
            assert!(started.elapsed() < DEADLINE, "no exit after SIG{signal}");
            std::thread::sleep(Duration::from_millis(10));
        }
        // The reader thread may still hold the last lines for a moment.
        let started = Instant::now();
        while !self.output().contains("Stopped.") && started.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.output()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A base port with `count` free ports from it (checked by binding them).
fn free_ports(count: u16) -> u16 {
    for _ in 0..50 {
        let base = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(0);
        if base == 0 || base > 65535 - count {
            continue;
        }
        let all: Vec<_> = (base..base + count)
            .map(|port| TcpListener::bind(("127.0.0.1", port)))
            .collect();
        if all.iter().all(Result::is_ok) {
            return base;
        }
    }
    panic!("no {count} free consecutive ports");
}

const DETECTION: &str = "🚨 BYZANTINE FAULT DETECTED!
    Node: node4
    Round: 1
    Conflicting values: {'test123', 'test123_BYZANTINE'}";

async fn propose_and_check(base: u16, running: &[&Running]) {
    let http = client();
    let url = format!("http://127.0.0.1:{base}/propose?value=test123");
    let reply: serde_json::Value = http
        .post(&url)
        .send()
        .await
        .expect("node1 answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(reply["round"], 1);
    let all = || running.iter().map(|r| r.output()).collect::<String>();
    eventually("three detections and the split on the consoles", || async {
        let out = all();
        out.contains("[node4] ⚠️ BYZANTINE: Sent conflicting values to different peers!")
            && (1..=3).all(|n| out.contains(&format!("[node{n}] {DETECTION}")))
    })
    .await;
    // A node may print its detection before its decision: wait for both.
    for n in 1..=3u16 {
        let url = format!("http://127.0.0.1:{}/status", base + n - 1);
        eventually(&format!("node{n} to decide"), || async {
            get_json(&http, &url).await["consensus_value"] == "test123"
        })
        .await;
    }
}

#[tokio::test]
async fn cluster_prints_the_original_lines_and_stops_on_ctrl_c() {
    let base = free_ports(4);
    let base_text = base.to_string();
    let cluster = Running::start(&["cluster", "--base-port", &base_text]);
    cluster.printed("Ctrl-C stops them all.").await;
    let out = cluster.output();
    for n in 1..=4u16 {
        assert!(
            out.contains(&format!(
                "node{n} listening on http://127.0.0.1:{}",
                base + n - 1
            )),
            "{out}"
        );
    }
    assert!(out.contains("node4 listening") && out.contains("(Byzantine: equivocate)"));
    propose_and_check(base, &[&cluster]).await;
    let out = cluster.stop("INT");
    assert!(out.contains("Stopped."), "{out}");
}

#[tokio::test]
async fn four_node_commands_find_each_other_and_stop_on_kill() {
    let base = free_ports(4);
    let base_text = base.to_string();
    let nodes: Vec<Running> = (1..=4u16)
        .map(|n| {
            let id = format!("node{n}");
            let port = (base + n - 1).to_string();
            let mut args = vec!["node", &id, &port, "--base-port", &base_text];
            if n == 4 {
                args.push("--byzantine");
            }
            Running::start(&args)
        })
        .collect();
    for node in &nodes {
        node.printed("Ctrl-C stops it.").await;
    }
    let refs: Vec<&Running> = nodes.iter().collect();
    propose_and_check(base, &refs).await;
    for node in nodes {
        let out = node.stop("TERM");
        assert!(out.contains("Stopped."), "{out}");
    }
}

#[test]
fn a_port_in_use_is_one_line_naming_it() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("bound").port().to_string();
    let output = Command::new(BIN)
        .args(["node", "node1", &port])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
}

#[test]
fn bad_flags_are_one_line_and_exit_2() {
    for args in [
        &["cluster", "--bogus"][..],
        &["node"],
        &["node", "node1", "--peer", "node2"],
        &["cluster", "--strategy", "evil"],
        &[],
    ] {
        let output = Command::new(BIN)
            .args(args)
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("byzscope-node: "), "{err}");
    }
    let help = Command::new(BIN)
        .arg("--help")
        .output()
        .expect("the binary runs");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("byzscope-node cluster"));
}

#[tokio::test]
async fn listening_beyond_loopback_says_what_it_opens() {
    let port = free_ports(1).to_string();
    let node = Running::start(&["node", "node1", &port, "--host", "0.0.0.0"]);
    node.printed("Ctrl-C stops it.").await;
    let out = node.output();
    assert!(
        out.contains(&format!("node1 listening on http://0.0.0.0:{port}")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "anyone who can reach port {port} can post statements and frame honest nodes"
        )),
        "{out}"
    );
    // Peers are still looked for on loopback (at the default base port):
    // 0.0.0.0 is no address to send to.
    let hello = {
        let mut events =
            common::SseReader::open(&client(), &format!("http://127.0.0.1:{port}/events"), None)
                .await;
        events.next().await.data
    };
    assert_eq!(hello["peers"]["node2"], "http://127.0.0.1:8002");
    node.stop("INT");
}
