//! Remoting over OpenSSH at fan-out scale, beside its peers, with ratios. Fifty sshd
//! instances on loopback addresses 127.0.0.2..51 (one port, keys made for the run), and
//! `hostname` run on all fifty by:
//!
//! - rosh: `Invoke-Command -HostName <50 hosts> { hostname }` (ThrottleLimit 32);
//! - the floor: `xargs -P 32 ssh host hostname` (nothing but ssh itself);
//! - pssh (Debian's `parallel-ssh -p 32`), Fabric (`ThreadingGroup`), ansible-core
//!   (`ansible all -m command -a hostname -f 32`, pipelining on, no ControlPersist, so that
//!   every peer makes one fresh SSH connection per host per run).
//!
//! The servers offer one key exchange, curve25519-sha256, so that every peer negotiates the
//! same cryptography and the run compares the tools: OpenSSH 9's default hybrid
//! sntrup761x25519 costs its client about 58 ms of CPU per connection, which paramiko
//! (Fabric) does not implement and so never pays; with the default, the OpenSSH-based
//! contenders (the floor, pssh, ansible, rosh) would be measured against a cheaper handshake.
//!
//! Then New-PSSession over SSH against `ssh host true`, and an Invoke-Command round trip on an
//! open SSH session against the same on a loopback (`rosh -s`) session.
//!
//! `cargo build --release && cargo run --release -p rosh-bench --bin ssh`. Needs sshd
//! (openssh-server); pssh is `apt-get install pssh`; Fabric and ansible-core come from the
//! venv `.venv-bench-ssh` with the pins of `bench/requirements-ssh.txt` (or `ROSH_BENCH_PYTHON`).
//! A peer that is missing is reported and skipped. Never run by the tests.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HOSTS: usize = 50;
const SSHD: &str = "/usr/sbin/sshd";
/// Runs of each fan-out (the median is reported).
const RUNS: usize = 7;

fn rosh() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("rosh")));
    match exe {
        Some(p) if p.exists() => p.to_string_lossy().into_owned(),
        _ => "target/release/rosh".into(),
    }
}

fn python() -> PathBuf {
    std::env::var_os("ROSH_BENCH_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv-bench-ssh/bin/python")
        })
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The fifty sshd instances and what their clients need; everything is removed on drop.
struct Lab {
    dir: PathBuf,
    port: u16,
    key: PathBuf,
    known_hosts: PathBuf,
    ssh_config: PathBuf,
    servers: Vec<Child>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        for s in &mut self.servers {
            let _ = s.kill();
            let _ = s.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn keygen(path: &Path) -> Result<(), String> {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("ssh-keygen: {e}"))?
        .success();
    if ok {
        Ok(())
    } else {
        Err("ssh-keygen failed".into())
    }
}

fn public_key(private: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(private.with_extension("pub")).map_err(|e| e.to_string())?;
    Ok(text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" "))
}

fn user() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "root".into())
}

fn address(i: usize) -> String {
    format!("127.0.0.{}", i + 2)
}

impl Lab {
    fn start(rosh: &str) -> Result<Lab, String> {
        let dir = std::env::temp_dir().join(format!("rosh-bench-ssh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let _ = std::fs::create_dir_all("/run/sshd");
        let key = dir.join("user_key");
        let host_key = dir.join("host_key");
        keygen(&key)?;
        keygen(&host_key)?;
        std::fs::write(dir.join("authorized_keys"), public_key(&key)? + "\n")
            .map_err(|e| e.to_string())?;
        let mut lab = Lab {
            known_hosts: dir.join("known_hosts"),
            ssh_config: dir.join("ssh_config"),
            dir,
            port: 0,
            key,
            servers: Vec::new(),
        };
        for _ in 0..5 {
            let port = TcpListener::bind((address(HOSTS - 1).as_str(), 0))
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            if lab.start_all(rosh, &host_key, port)? {
                lab.port = port;
                lab.write_client_files(&host_key)?;
                return Ok(lab);
            }
        }
        Err("no port free on all fifty addresses".into())
    }

    /// Starts the fifty servers on `port`; false when one could not bind it.
    fn start_all(&mut self, rosh: &str, host_key: &Path, port: u16) -> Result<bool, String> {
        for s in &mut self.servers {
            let _ = s.kill();
            let _ = s.wait();
        }
        self.servers.clear();
        let d = self.dir.display().to_string();
        let mut logs = Vec::new();
        for i in 0..HOSTS {
            let addr = address(i);
            let cfg = self.dir.join(format!("sshd_config-{addr}"));
            std::fs::write(
                &cfg,
                format!(
                    "Port {port}\nListenAddress {addr}\nHostKey {}\nAuthorizedKeysFile {d}/authorized_keys\n\
                     PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPidFile {d}/sshd-{addr}.pid\n\
                     PasswordAuthentication no\nKbdInteractiveAuthentication no\nMaxStartups 200\n\
                     KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org\n\
                     Subsystem rosh {rosh} -sshs\n",
                    host_key.display()
                ),
            )
            .map_err(|e| e.to_string())?;
            let log = self.dir.join(format!("sshd-{addr}.log"));
            let file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
            let child = Command::new(SSHD)
                .args(["-D", "-e", "-f"])
                .arg(&cfg)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(file)
                .spawn()
                .map_err(|e| format!("sshd: {e}"))?;
            self.servers.push(child);
            logs.push(log);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        for log in logs {
            loop {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                if text.contains("Server listening on") {
                    break;
                }
                if text.contains("Cannot bind") || text.contains("Address already in use") {
                    return Ok(false);
                }
                if Instant::now() > deadline {
                    return Err(format!("sshd did not start:\n{text}"));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        Ok(true)
    }

    fn write_client_files(&self, host_key: &Path) -> Result<(), String> {
        let public = public_key(host_key)?;
        let known: String = (0..HOSTS)
            .map(|i| format!("[{}]:{} {public}\n", address(i), self.port))
            .collect();
        std::fs::write(&self.known_hosts, known).map_err(|e| e.to_string())?;
        std::fs::write(
            &self.ssh_config,
            format!(
                "Host 127.0.0.*\n  Port {}\n  User {}\n  IdentityFile {}\n  IdentitiesOnly yes\n  \
                 UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  \
                 BatchMode yes\n  ControlMaster no\n",
                self.port,
                user(),
                self.key.display(),
                self.known_hosts.display()
            ),
        )
        .map_err(|e| e.to_string())?;
        let hosts: String = (0..HOSTS).map(|i| address(i) + "\n").collect();
        std::fs::write(self.dir.join("hosts"), hosts).map_err(|e| e.to_string())?;
        let inventory: String = (0..HOSTS)
            .map(|i| format!("{} ansible_port={}\n", address(i), self.port))
            .collect();
        std::fs::write(self.dir.join("inventory"), inventory).map_err(|e| e.to_string())?;
        Ok(())
    }

    /// The rosh prelude: `$h` the fifty hosts, `$o` the client options, `$k` the key.
    fn prelude(&self) -> String {
        let hosts: Vec<String> = (0..HOSTS)
            .map(|i| format!("'{}:{}'", address(i), self.port))
            .collect();
        format!(
            "$h = {}\n$o = @{{ UserKnownHostsFile = '{}'; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes'; IdentitiesOnly = 'yes' }}\n$k = '{}'\n",
            hosts.join(", "),
            self.known_hosts.display(),
            self.key.display()
        )
    }
}

/// One contender of the fan-out: how to run it, and whether its output shows every host.
struct Peer<'a> {
    label: &'static str,
    command: Box<dyn Fn() -> Command + 'a>,
    ok: Box<dyn Fn(&str) -> bool + 'a>,
}

/// Runs every peer `runs` times, interleaved (run 1 of each, then run 2 of each, ...) so a
/// busy machine weighs on all of them alike; each peer's median wall time in milliseconds,
/// `None` when a run of it failed.
fn interleaved(peers: &[Peer<'_>], runs: usize) -> Vec<Option<f64>> {
    interleaved_with_cpu(peers, runs)
        .into_iter()
        .map(|r| r.map(|(wall, _)| wall))
        .collect()
}

/// The machine's busy CPU time so far (all processes, every core), in milliseconds, from
/// `/proc/stat`; `None` where it cannot be read.
fn busy_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let fields: Vec<f64> = line
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait, in USER_HZ.
    let busy: f64 = fields
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4 && *i < 8)
        .map(|(_, v)| v)
        .sum();
    Some(busy * 10.0)
}

/// [`interleaved`], with each peer's median busy CPU time per run (the whole machine's:
/// clients, sshd and the remote commands alike) beside its median wall time.
fn interleaved_with_cpu(peers: &[Peer<'_>], runs: usize) -> Vec<Option<(f64, f64)>> {
    let mut samples: Vec<Option<Vec<(f64, f64)>>> =
        peers.iter().map(|_| Some(Vec::new())).collect();
    for _ in 0..runs {
        for (peer, taken) in peers.iter().zip(samples.iter_mut()) {
            let Some(list) = taken else { continue };
            let cpu = busy_cpu_ms();
            let t = Instant::now();
            let out = (peer.command)().stderr(Stdio::null()).output();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let cpu = match (cpu, busy_cpu_ms()) {
                (Some(a), Some(b)) => b - a,
                _ => f64::NAN,
            };
            match out {
                Ok(out) if (peer.ok)(&String::from_utf8_lossy(&out.stdout)) => list.push((ms, cpu)),
                _ => *taken = None,
            }
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied()
    };
    samples
        .into_iter()
        .map(|s| {
            let s = s?;
            let wall = median(s.iter().map(|(w, _)| *w).collect())?;
            let cpu = median(s.iter().map(|(_, c)| *c).collect())?;
            Some((wall, cpu))
        })
        .collect()
}

/// Median wall time in milliseconds of `runs` runs of `command`.
fn wall_ms(command: impl Fn() -> Command, runs: usize) -> Option<f64> {
    let peer = Peer {
        label: "",
        command: Box::new(command),
        ok: Box::new(|_| true),
    };
    interleaved(&[peer], runs).pop().flatten()
}

/// Runs a rosh script that prints one number; that number.
fn measure(script: &str) -> Option<f64> {
    let out = Command::new(rosh())
        .args(["-NoProfile", "-Command", script])
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// The median (milliseconds) of a timed loop, as a rosh script.
fn median_script(setup: &str, body: &str, teardown: &str, runs: usize) -> String {
    format!(
        "{setup}\n$t = foreach ($i in 1..{runs}) {{\n  $s = Get-Date\n  {body}\n  ((Get-Date) - $s).TotalMilliseconds\n}}\n{teardown}\n($t | Sort-Object)[[int]({runs} / 2)]"
    )
}

fn line(label: &str, v: Option<f64>, unit: &str) {
    match v {
        Some(v) => println!("{label:<52} {v:>10.1} {unit}"),
        None => println!("{label:<52} {:>10} {unit}", "failed"),
    }
}

fn ratio(label: &str, a: Option<f64>, b: Option<f64>) {
    if let (Some(a), Some(b)) = (a, b)
        && b > 0.0
    {
        println!("{label:<52} {:>10.2}x", a / b);
    }
}

fn skipped(label: &str, why: &str) {
    println!("{label:<52} {:>10}    ({why})", "skipped");
}

/// Lines of output that are `hostname`'s answer.
fn count_lines(text: &str, needle: &str) -> usize {
    text.lines().filter(|l| l.contains(needle)).count()
}

fn main() {
    let rosh = rosh();
    println!("rosh: {rosh}");
    if !Path::new(SSHD).exists() || !have("ssh") {
        println!("sshd or ssh is missing: apt-get install openssh-server");
        return;
    }
    let lab = match Lab::start(&rosh) {
        Ok(lab) => lab,
        Err(e) => {
            println!("cannot start the sshd instances: {e}");
            return;
        }
    };
    let me = String::from_utf8_lossy(
        &Command::new("hostname")
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .trim()
    .to_string();
    let every_host = |text: &str| count_lines(text, &me) == HOSTS;
    println!(
        "{HOSTS} sshd instances on 127.0.0.2..{} port {}, key exchange curve25519-sha256 for every peer;\n`hostname` on all, median of {RUNS} runs\n",
        HOSTS + 1,
        lab.port
    );

    let prelude = lab.prelude();
    let cfg = lab.ssh_config.display().to_string();
    let hosts_file = lab.dir.join("hosts");
    let inventory = lab.dir.join("inventory");
    let py = python();
    let has_module = |m: &str| {
        Command::new(&py)
            .args(["-c", &format!("import {m}")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let fabric_script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fabric_hostname.py");
    let ansible = py.with_file_name("ansible");
    let user = user();

    let mut peers = vec![
        Peer {
            label: "rosh Invoke-Command -HostName (throttle 32)",
            command: Box::new(|| {
                let mut c = Command::new(&rosh);
                c.args([
                    "-NoProfile",
                    "-Command",
                    &format!(
                        "{prelude}Invoke-Command -HostName $h -KeyFilePath $k -Options $o {{ hostname }}"
                    ),
                ]);
                c
            }),
            ok: Box::new(every_host),
        },
        Peer {
            label: "floor: xargs -P 32 ssh host hostname",
            command: Box::new(|| {
                let mut c = Command::new("sh");
                c.args([
                    "-c",
                    &format!(
                        "xargs -P 32 -I{{}} ssh -F {cfg} {{}} hostname < {}",
                        hosts_file.display()
                    ),
                ]);
                c
            }),
            ok: Box::new(every_host),
        },
    ];
    let mut missing = Vec::new();
    if have("parallel-ssh") {
        peers.push(Peer {
            label: "pssh (parallel-ssh -p 32)",
            command: Box::new(|| {
                let mut c = Command::new("parallel-ssh");
                c.args(["-p", "32", "-t", "60", "-i", "-x"])
                    .arg(format!("-F {cfg}"))
                    .arg("-h")
                    .arg(&hosts_file)
                    .arg("hostname");
                c
            }),
            ok: Box::new(|text| count_lines(text, "[SUCCESS]") == HOSTS),
        });
    } else {
        missing.push(("pssh (parallel-ssh -p 32)", "apt-get install pssh"));
    }
    if has_module("fabric") {
        peers.push(Peer {
            label: "Fabric ThreadingGroup.run (50 threads)",
            command: Box::new(|| {
                let mut c = Command::new(&py);
                c.arg(&fabric_script)
                    .arg(lab.port.to_string())
                    .arg(&user)
                    .arg(&lab.key)
                    .arg(&lab.known_hosts)
                    .args((0..HOSTS).map(address));
                c
            }),
            ok: Box::new(every_host),
        });
    } else {
        missing.push(("Fabric", "venv of bench/requirements-ssh.txt"));
    }
    if ansible.exists() {
        peers.push(Peer {
            label: "ansible all -m command -f 32",
            command: Box::new(|| {
                let mut c = Command::new(&ansible);
                c.args(["all", "-i"])
                    .arg(&inventory)
                    .args(["-m", "command", "-a", "hostname", "-f", "32"])
                    .env("ANSIBLE_SSH_ARGS", format!("-F {cfg}"))
                    .env("ANSIBLE_PIPELINING", "True")
                    .env("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3")
                    .env("ANSIBLE_HOST_KEY_CHECKING", "True")
                    .env("ANSIBLE_LOCAL_TEMP", lab.dir.join("ansible-local"))
                    .env("ANSIBLE_NOCOLOR", "1");
                c
            }),
            ok: Box::new(|text| count_lines(text, "CHANGED") == HOSTS),
        });
    } else {
        missing.push(("ansible-core", "venv of bench/requirements-ssh.txt"));
    }
    let measured = interleaved_with_cpu(&peers, RUNS);
    let results: Vec<Option<f64>> = measured.iter().map(|r| r.map(|(w, _)| w)).collect();
    let rosh_fan = results[0];
    for (peer, r) in peers.iter().zip(&measured) {
        match r {
            Some((wall, cpu)) => println!(
                "{:<52} {wall:>10.1} ms   (machine CPU {cpu:>7.0} ms)",
                peer.label
            ),
            None => line(peer.label, None, "ms"),
        }
    }
    for (peer, ms) in peers.iter().zip(&results).skip(1) {
        ratio(&format!("  rosh / {}", peer.label), rosh_fan, *ms);
    }
    for (label, why) in missing {
        skipped(label, why);
    }

    println!();
    let one = format!("'{}:{}'", address(0), lab.port);
    let open = measure(&median_script(
        &prelude,
        &format!(
            "$x = New-PSSession -HostName {one} -KeyFilePath $k -Options $o; Remove-PSSession $x"
        ),
        "",
        21,
    ));
    line("New-PSSession -HostName (median)", open, "ms");
    let ssh_true = wall_ms(
        || {
            let mut c = Command::new("ssh");
            c.args(["-F", &cfg, &address(0), "true"]);
            c
        },
        21,
    );
    line("floor: ssh host true", ssh_true, "ms");
    ratio("  New-PSSession / ssh true", open, ssh_true);

    let round_trip = measure(&median_script(
        &format!(
            "{prelude}$x = New-PSSession -HostName {one} -KeyFilePath $k -Options $o; $null = Invoke-Command $x {{ 1 }}"
        ),
        "$null = Invoke-Command $x { 1 }",
        "Remove-PSSession $x",
        201,
    ));
    line(
        "Invoke-Command round trip, open SSH session",
        round_trip,
        "ms",
    );
    let loopback = measure(&median_script(
        "$x = New-PSSession localhost; $null = Invoke-Command $x { 1 }",
        "$null = Invoke-Command $x { 1 }",
        "Remove-PSSession $x",
        201,
    ));
    line("the same on a loopback (rosh -s) session", loopback, "ms");
    ratio("  SSH / loopback round trip", round_trip, loopback);
}
