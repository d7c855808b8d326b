//! Remoting over OpenSSH through the binary, against real sshd: each test starts its own
//! sshd instances (`/usr/sbin/sshd -D -e`) on loopback addresses 127.0.0.N with host and user
//! keys made by ssh-keygen in a temporary directory, `Subsystem rosh <rosh> -sshs`, and a
//! client known_hosts passed with `-Options`. Covered: Invoke-Command and New-PSSession over
//! `-HostName` and `-SSHConnection`, `$using:`, fan-out to twenty sshd instances, every
//! failure mode with its own message and no hang, stops that leave the session usable, and
//! Ctrl+C reaching rosh but not ssh; and interop with third-party PSRP peers over sshd: pypsrp's
//! SSH client (asyncssh) reaching the rosh subsystem, and the rosh client reaching psrpcore's
//! mock server as the `powershell` subsystem.
//!
//! Without sshd the tests print a notice and pass; with `ROSH_REQUIRE_SSH=1` (tests/run sets
//! it) a missing sshd fails them.

#[path = "support/interop_python.rs"]
mod interop_python;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";

/// How long any one rosh run may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(90);

fn rosh_exe() -> &'static str {
    env!("CARGO_BIN_EXE_rosh")
}

/// Whether sshd and ssh are here; a notice (or, with ROSH_REQUIRE_SSH=1, a failure) when not.
fn ssh_available() -> bool {
    let have = |p: &str| {
        Path::new(p).exists()
            || Command::new("sh")
                .args(["-c", &format!("command -v {p}")])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
    };
    let missing: Vec<&str> = [SSHD, "ssh", "ssh-keygen"]
        .into_iter()
        .filter(|p| !have(p))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let required = std::env::var("ROSH_REQUIRE_SSH").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "ROSH_REQUIRE_SSH=1 but {} missing (apt-get install openssh-server)",
        missing.join(", ")
    );
    eprintln!(
        "tests/ssh.rs: skipped: {} missing (apt-get install openssh-server; ROSH_REQUIRE_SSH=1 makes this a failure)",
        missing.join(", ")
    );
    false
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "rosh-ssh-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "rosh-test", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("ssh-keygen runs");
    assert!(status.success(), "ssh-keygen failed");
}

/// The public key line (`type base64`) of a key pair.
fn public_key(private: &Path) -> String {
    let text = std::fs::read_to_string(private.with_extension("pub")).expect("public key");
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A port free on `addr` right now.
fn free_port(addr: &str) -> u16 {
    TcpListener::bind((addr, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One running sshd; killed when dropped.
struct Sshd {
    child: Child,
    addr: String,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keys, known_hosts and sshd instances of one test.
struct Lab {
    dir: TempDir,
    user_key: PathBuf,
    other_key: PathBuf,
    host_key: PathBuf,
    known_hosts: PathBuf,
    servers: Vec<Sshd>,
}

impl Lab {
    /// Keys in a new temporary directory; no server yet.
    fn new(tag: &str) -> Option<Lab> {
        if !ssh_available() {
            return None;
        }
        // sshd insists on its privilege separation directory.
        if !Path::new("/run/sshd").is_dir() {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let dir = TempDir::new(tag);
        let user_key = dir.0.join("user_key");
        let other_key = dir.0.join("other_key");
        let host_key = dir.0.join("host_key");
        for k in [&user_key, &other_key, &host_key] {
            keygen(k);
        }
        std::fs::write(dir.0.join("authorized_keys"), public_key(&user_key) + "\n")
            .expect("authorized_keys");
        let known_hosts = dir.0.join("known_hosts");
        std::fs::write(&known_hosts, "").expect("known_hosts");
        Some(Lab {
            dir,
            user_key,
            other_key,
            host_key,
            known_hosts,
            servers: Vec::new(),
        })
    }

    /// The sshd_config text of a server on `addr:port`; `rosh_subsystem` adds rosh's line.
    fn config(dir: &Path, host_key: &Path, addr: &str, port: u16, rosh_subsystem: bool) -> String {
        let d = dir.display();
        let mut text = format!(
            "Port {port}\nListenAddress {addr}\nHostKey {hk}\nAuthorizedKeysFile {d}/authorized_keys\n\
             PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nPidFile {d}/sshd-{addr}-{port}.pid\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nMaxStartups 100\n\
             Subsystem quits /bin/false\nSubsystem chatty /bin/echo hello\n",
            hk = host_key.display(),
        );
        if rosh_subsystem {
            text.push_str(&format!("Subsystem rosh {} -sshs\n", rosh_exe()));
        }
        text
    }

    /// Starts sshd on `addr` with a config `make` writes (given the port); waits until it
    /// listens. Retries on another port when the chosen one was taken meanwhile.
    fn start_with(&mut self, addr: &str, make: impl Fn(&Path, u16)) -> usize {
        for _ in 0..5 {
            let port = free_port(addr);
            let cfg = self.dir.0.join(format!("sshd_config-{addr}-{port}"));
            make(&cfg, port);
            let log = self.dir.0.join(format!("sshd-{addr}-{port}.log"));
            let child = Command::new(SSHD)
                .args(["-D", "-e", "-f"])
                .arg(&cfg)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).expect("log file"))
                .spawn()
                .expect("sshd starts");
            let mut sshd = Sshd {
                child,
                addr: addr.to_string(),
                port,
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                if text.contains("Server listening on") {
                    let line = format!("[{addr}]:{port} {}\n", public_key(&self.host_key));
                    let mut kh = std::fs::read_to_string(&self.known_hosts).unwrap_or_default();
                    kh.push_str(&line);
                    std::fs::write(&self.known_hosts, kh).expect("known_hosts");
                    self.servers.push(sshd);
                    return self.servers.len() - 1;
                }
                let exited = sshd.child.try_wait().ok().flatten().is_some();
                if exited || Instant::now() > deadline {
                    assert!(
                        text.contains("Address already in use") || text.contains("Cannot bind"),
                        "sshd did not start:\n{text}"
                    );
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            drop(sshd);
        }
        panic!("sshd found no free port on {addr}");
    }

    /// Starts an sshd with rosh's subsystem on `addr`; its index.
    fn start(&mut self, addr: &str) -> usize {
        let (dir, host_key) = (self.dir.0.clone(), self.host_key.clone());
        let a = addr.to_string();
        self.start_with(addr, move |cfg, port| {
            std::fs::write(cfg, Lab::config(&dir, &host_key, &a, port, true)).expect("sshd_config");
        })
    }

    /// `host:port` of server `i`.
    fn host(&self, i: usize) -> String {
        format!("{}:{}", self.servers[i].addr, self.servers[i].port)
    }

    /// A rosh prelude: `$o` the client options (this lab's known_hosts, strict checking,
    /// only the given key) and `$k` the user key.
    fn prelude(&self) -> String {
        format!(
            "$o = @{{ UserKnownHostsFile = '{}'; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes'; IdentitiesOnly = 'yes' }}\n$k = '{}'\n",
            self.known_hosts.display(),
            self.user_key.display()
        )
    }
}

/// What one rosh run gave.
struct Ran {
    out: String,
    err: String,
    code: i32,
    took: Duration,
}

/// Runs `script` with `rosh -NoProfile -Command`; a run longer than [`HANG`] fails the test.
fn run(script: &str) -> Ran {
    let started = Instant::now();
    let mut child = Command::new(rosh_exe())
        .args(["-NoProfile", "-Command", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rosh runs");
    let read = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = read(Box::new(child.stdout.take().expect("stdout")));
    let err = read(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rosh hung on:\n{script}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        out: out.join().unwrap_or_default(),
        err: err.join().unwrap_or_default(),
        code: status.code().unwrap_or(-1),
        took: started.elapsed(),
    }
}

/// Runs `script` and expects it to succeed without errors; its output.
fn ok(script: &str) -> String {
    let r = run(script);
    assert!(
        r.err.is_empty(),
        "unexpected errors:\n{}\n(stdout:\n{})",
        r.err,
        r.out
    );
    assert_eq!(r.code, 0, "exit code; stdout:\n{}", r.out);
    r.out
}

/// The local user's name, as sshd sees it.
fn user_name() -> String {
    let out = Command::new("id").arg("-un").output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn invoke_command_over_ssh_returns_objects_stamped_with_the_host() {
    let Some(mut lab) = Lab::new("invoke") else {
        return;
    };
    let i = lab.start("127.0.0.2");
    let (addr, port) = (lab.servers[i].addr.clone(), lab.servers[i].port);
    let user = user_name();
    let out = ok(&format!(
        "{}$r = Invoke-Command -HostName {addr}:{port} -KeyFilePath $k -Options $o {{ [pscustomobject]@{{ N = 6 * 7; P = $PID; Via = $env:SSH_CONNECTION }} }}\n\
         $r.N; $r.PSComputerName; $r.P -ne $PID; $r.RunspaceId -is [guid]; $r.Via.Split(' ')[2]\n\
         $x = 'World'; $h = @{{ K = 'v' }}\n\
         Invoke-Command -HostName '{user}@{addr}' -Port {port} -IdentityFilePath $k -Options $o {{ \"Hello, $using:x\"; $using:h.K }}\n\
         Invoke-Command -HostName {addr} -UserName {user} -Port {port} -KeyFilePath $k -Options $o -ScriptBlock {{ param($a) $a * 2 }} -ArgumentList 21\n\
         1..3 | Invoke-Command -HostName {addr}:{port} -KeyFilePath $k -Options $o -Subsystem rosh {{ $input | ForEach-Object {{ $_ * 10 }} }}\n\
         Invoke-Command {addr}:{port} {{ 'the first position names the host' }} -SSHTransport -KeyFilePath $k -Options $o",
        lab.prelude()
    ));
    assert_eq!(
        out,
        format!(
            "42\n{addr}\nTrue\nTrue\n{addr}\nHello, World\nv\n42\n10\n20\n30\nthe first position names the host\n"
        )
    );
}

#[test]
fn a_session_over_ssh_keeps_its_state_between_commands() {
    let Some(mut lab) = Lab::new("session") else {
        return;
    };
    let i = lab.start("127.0.0.3");
    let host = lab.host(i);
    let out = ok(&format!(
        "{}$s = New-PSSession -HostName {host} -KeyFilePath $k -Options $o -Name box\n\
         \"$($s.Name) $($s.Transport) $($s.ComputerName) $($s.State) $($s.ConfigurationName)\"\n\
         Invoke-Command -Session $s {{ $n = 1; $serverPid = $PID }}\n\
         Invoke-Command $s {{ $n += 41; $n; $serverPid -eq $PID }}\n\
         (Get-PSSession | ForEach-Object Transport) -join ','\n\
         Remove-PSSession $s; $s.State; @(Get-PSSession).Count",
        lab.prelude()
    ));
    assert_eq!(
        out,
        "box SSH 127.0.0.3 Opened DefaultShell\n42\nTrue\nSSH\nClosed\n0\n"
    );
}

#[test]
fn a_session_whose_ssh_connection_dies_is_broken_with_the_reason() {
    let Some(mut lab) = Lab::new("broken") else {
        return;
    };
    let i = lab.start("127.0.0.27");
    let host = lab.host(i);
    // The server's rosh runs under the sshd process of the connection: end that one.
    let r = run(&format!(
        "{}$s = New-PSSession -HostName {host} -KeyFilePath $k -Options $o\n\
         $serverPid = Invoke-Command $s {{ $PID }}\n\
         $sshd = (Get-Content /proc/$serverPid/stat).Split(' ')[3]\n\
         & kill -9 $sshd\n\
         Start-Sleep -Milliseconds 500\n\
         Invoke-Command $s {{ 'unreachable' }}\n\
         $s.State",
        lab.prelude()
    ));
    assert_eq!(r.out, "Broken\n", "{}", r.err);
    assert!(
        r.err
            .contains("[127.0.0.27] The SSH client session has ended"),
        "{}",
        r.err
    );
    assert!(r.err.contains("closed by remote host"), "{}", r.err);
}

#[test]
fn ssh_connection_hashtables_name_each_host() {
    let Some(mut lab) = Lab::new("hashtable") else {
        return;
    };
    let a = lab.start("127.0.0.4");
    let b = lab.start("127.0.0.5");
    let (a_addr, a_port) = (lab.servers[a].addr.clone(), lab.servers[a].port);
    let user = user_name();
    let out = ok(&format!(
        "{}$c = @{{ HostName = '{a_addr}'; Port = {a_port}; KeyFilePath = $k; Options = $o }},\n\
         \x20     @{{ HostName = '{user}@{b}'; IdentityFilePath = $k; Options = $o; Subsystem = 'rosh'; ConnectingTimeout = 5000 }}\n\
         (Invoke-Command -SSHConnection $c {{ ($env:SSH_CONNECTION -split ' ')[2] }} | Sort-Object) -join ','\n\
         $s = New-PSSession -SSHConnection $c\n\
         ($s | ForEach-Object {{ \"$($_.ComputerName)/$($_.Transport)\" }}) -join ','\n\
         $s | Remove-PSSession",
        lab.prelude(),
        b = lab.host(b)
    ));
    assert_eq!(out, "127.0.0.4,127.0.0.5\n127.0.0.4/SSH,127.0.0.5/SSH\n");
    // PowerShell's checks of the hashtables.
    for (table, message) in [
        (
            "@{ HostName = 'h'; Colour = 'blue' }",
            "The provided SSHConnection hashtable parameter Colour is not supported.",
        ),
        (
            "@{ UserName = 'u' }",
            "The provided SSHConnection hashtable is missing the required ComputerName or HostName parameter.",
        ),
        (
            "@{ ComputerName = 'a'; HostName = 'b' }",
            "The provided SSHConnection hashtable contains both a ComputerName and HostName parameter.  Only one can be specified.",
        ),
        (
            "@{ HostName = $null }",
            "The provided SSHConnection hashtable parameter name or element is null or empty.",
        ),
    ] {
        let r = run(&format!(
            "try {{ New-PSSession -SSHConnection {table} }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message }}"
        ));
        assert_eq!(
            r.out,
            format!("Argument,Microsoft.PowerShell.Commands.NewPSSessionCommand\n{message}\n"),
            "{table}: {}",
            r.err
        );
    }
}

#[test]
fn fan_out_reaches_twenty_sshd_instances_and_goes_on_past_a_failing_host() {
    let Some(mut lab) = Lab::new("fanout") else {
        return;
    };
    let mut hosts = Vec::new();
    for n in 2..=21 {
        let i = lab.start(&format!("127.0.0.{n}"));
        hosts.push(lab.host(i));
    }
    let refused = format!("127.0.0.22:{}", free_port("127.0.0.22"));
    let mut list: Vec<String> = hosts.iter().map(|h| format!("'{h}'")).collect();
    list.insert(7, format!("'{refused}'"));
    let r = run(&format!(
        "{}$r = Invoke-Command -HostName {} -KeyFilePath $k -Options $o -ThrottleLimit 8 {{\n\
         \x20   [pscustomobject]@{{ Server = ($env:SSH_CONNECTION -split ' ')[2]; P = $PID }}\n\
         }}\n\
         $r.Count\n\
         @($r | Where-Object {{ $_.Server -ne $_.PSComputerName }}).Count\n\
         ($r.PSComputerName | Sort-Object -Unique).Count\n\
         ($r.P | Sort-Object -Unique).Count",
        lab.prelude(),
        list.join(", ")
    ));
    assert_eq!(r.out, "20\n0\n20\n20\n", "stderr:\n{}", r.err);
    let errors: Vec<&str> = r.err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(errors.len(), 1, "{}", r.err);
    assert!(
        errors[0].contains("[127.0.0.22]") && errors[0].contains("Connection refused"),
        "{}",
        r.err
    );
}

/// Runs `Invoke-Command` with `args` against `lab` and expects one PSSessionOpenFailed error
/// saying `want`, quickly.
fn fails_with(lab: &Lab, args: &str, want: &[&str]) {
    let r = run(&format!(
        "{}$e = $null\n\
         $out = Invoke-Command {args} {{ 'should not run' }} -ErrorVariable e -ErrorAction SilentlyContinue\n\
         \"$($out.Count) $($e.Count) $($e[0].FullyQualifiedErrorId) $($e[0].CategoryInfo.Category)\"\n\
         $e[0].Exception.Message",
        lab.prelude()
    ));
    assert!(
        r.out.starts_with("0 1 PSSessionOpenFailed OpenError\n"),
        "{args}:\n{}\n{}",
        r.out,
        r.err
    );
    for w in want {
        assert!(r.out.contains(w), "{args}: wanted {w:?} in\n{}", r.out);
    }
    assert!(
        r.took < Duration::from_secs(20),
        "{args}: took {:?}",
        r.took
    );
}

#[test]
fn each_failure_has_its_own_message_and_none_hangs() {
    let Some(mut lab) = Lab::new("failures") else {
        return;
    };
    let i = lab.start("127.0.0.23");
    let host = lab.host(i);
    let addr = "127.0.0.23";
    // Nothing listens.
    let closed = format!("{addr}:{}", free_port(addr));
    fails_with(
        &lab,
        &format!("-HostName {closed} -KeyFilePath $k -Options $o"),
        &["Connection refused", "no SSH server listens"],
    );
    // A key the server does not accept.
    fails_with(
        &lab,
        &format!(
            "-HostName {host} -KeyFilePath '{}' -Options $o",
            lab.other_key.display()
        ),
        &[
            "Permission denied (publickey)",
            "Authentication to 127.0.0.23 failed",
        ],
    );
    // A host key known_hosts does not have, with strict checking.
    let empty = lab.dir.0.join("empty_known_hosts");
    std::fs::write(&empty, "").expect("known_hosts");
    fails_with(
        &lab,
        &format!(
            "-HostName {host} -KeyFilePath $k -Options @{{ UserKnownHostsFile = '{}'; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes' }}",
            empty.display()
        ),
        &["host key is known for", "is not known"],
    );
    // A host key that differs from the one recorded.
    let wrong = lab.dir.0.join("wrong_known_hosts");
    std::fs::write(
        &wrong,
        format!(
            "[{addr}]:{} {}\n",
            lab.servers[i].port,
            public_key(&lab.other_key)
        ),
    )
    .expect("known_hosts");
    fails_with(
        &lab,
        &format!(
            "-HostName {host} -KeyFilePath $k -Options @{{ UserKnownHostsFile = '{}'; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes' }}",
            wrong.display()
        ),
        &["has changed", "has CHANGED"],
    );
    // No such subsystem.
    fails_with(
        &lab,
        &format!("-HostName {host} -KeyFilePath $k -Options $o -Subsystem nosuch"),
        &["subsystem request failed", "has no 'nosuch' subsystem"],
    );
    // A subsystem that exits at once.
    fails_with(
        &lab,
        &format!("-HostName {host} -KeyFilePath $k -Options $o -Subsystem quits"),
        &["'quits'", "ended before the session opened (exit code 1)"],
    );
    // A subsystem that does not speak PSRP.
    fails_with(
        &lab,
        &format!("-HostName {host} -KeyFilePath $k -Options $o -Subsystem chatty"),
        &["does not speak PSRP", "hello"],
    );
    // A server that accepts the connection and never answers: ConnectTimeout ends it.
    let silent = TcpListener::bind((addr, 0)).expect("listener");
    let silent_port = silent.local_addr().expect("address").port();
    let started = Instant::now();
    fails_with(
        &lab,
        &format!(
            "-HostName {addr}:{silent_port} -KeyFilePath $k -Options $o -ConnectingTimeout 1000"
        ),
        &["timed out", "ConnectTimeout"],
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(silent);
    // A host name that does not resolve.
    fails_with(
        &lab,
        "-HostName no-such-host.invalid -Options $o",
        &["Could not resolve hostname", "could not be resolved"],
    );
}

#[test]
fn a_stopped_command_leaves_the_ssh_session_usable() {
    let Some(mut lab) = Lab::new("stop") else {
        return;
    };
    let i = lab.start("127.0.0.24");
    let host = lab.host(i);
    let r = run(&format!(
        "{}$s = New-PSSession -HostName {host} -KeyFilePath $k -Options $o\n\
         $j = Invoke-Command $s {{ 'started'; Start-Sleep 60; 'not reached' }} -AsJob\n\
         while (-not ($j | Receive-Job -Keep)) {{ Start-Sleep -Milliseconds 50 }}\n\
         $t = Get-Date\n\
         Stop-Job $j\n\
         $j.State; ((Get-Date) - $t).TotalSeconds -lt 20\n\
         Receive-Job $j\n\
         Invoke-Command $s {{ 'still here' }}\n\
         $s.State",
        lab.prelude()
    ));
    assert_eq!(
        r.out, "Stopped\nTrue\nstarted\nstill here\nOpened\n",
        "{}",
        r.err
    );
}

/// The process group of a process (`/proc/<pid>/stat`, field 5).
fn process_group(pid: u32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    after.split_whitespace().nth(2)?.parse().ok()
}

/// The ssh processes whose parent is `pid`.
fn ssh_children(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            let comm_is_ssh = stat.contains("(ssh)");
            let parent = stat
                .rsplit_once(')')
                .and_then(|(_, a)| a.split_whitespace().nth(1)?.parse::<u32>().ok());
            comm_is_ssh && parent == Some(pid)
        })
        .collect()
}

#[test]
fn ctrl_c_reaches_rosh_and_not_ssh() {
    let Some(mut lab) = Lab::new("ctrlc") else {
        return;
    };
    let i = lab.start("127.0.0.25");
    let host = lab.host(i);
    // rosh leads its own process group, as a shell's foreground job does: the terminal's
    // Ctrl+C goes to that whole group.
    let mut child = Command::new(rosh_exe())
        .args([
            "-NoProfile",
            "-Command",
            &format!(
                "{}$s = New-PSSession -HostName {host} -KeyFilePath $k -Options $o\n\
                 Invoke-Command $s {{ 'started'; Start-Sleep 60; 'not reached' }}",
                lab.prelude()
            ),
        ])
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rosh runs");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    assert_eq!(
        lines.next().and_then(Result::ok).as_deref(),
        Some("started")
    );
    let rosh_pid = child.id();
    let ssh = ssh_children(rosh_pid);
    assert_eq!(ssh.len(), 1, "one ssh child");
    let rosh_group = process_group(rosh_pid).expect("rosh's group");
    assert_eq!(rosh_group, rosh_pid as i32);
    assert_ne!(
        process_group(ssh[0]),
        Some(rosh_group),
        "ssh must not be in the terminal's process group"
    );
    let started = Instant::now();
    nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(rosh_group),
        nix::sys::signal::Signal::SIGINT,
    )
    .expect("signal sent");
    let status = child.wait().expect("exits");
    assert!(started.elapsed() < Duration::from_secs(30), "slow stop");
    assert_eq!(status.code(), Some(130));
    assert!(lines.next().is_none(), "nothing after the stop");
    let mut err = String::new();
    let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
    assert!(
        !err.contains("SSH client session has ended"),
        "the session broke instead of stopping:\n{err}"
    );
}

#[test]
fn enable_sshremoting_writes_the_line_sshd_then_serves_rosh_with() {
    let Some(mut lab) = Lab::new("enable") else {
        return;
    };
    let (dir, host_key) = (lab.dir.0.clone(), lab.host_key.clone());
    let i = lab.start_with("127.0.0.26", move |cfg, port| {
        std::fs::write(cfg, Lab::config(&dir, &host_key, "127.0.0.26", port, false))
            .expect("sshd_config");
        let out = ok(&format!(
            "(Enable-SSHRemoting -SSHDConfigFilePath '{}' -RoshFilePath '{}' -WarningAction SilentlyContinue).Changed",
            cfg.display(),
            rosh_exe()
        ));
        assert_eq!(out, "True\n");
    });
    let host = lab.host(i);
    let out = ok(&format!(
        "{}Invoke-Command -HostName {host} -KeyFilePath $k -Options $o {{ 'served' }}",
        lab.prelude()
    ));
    assert_eq!(out, "served\n");
}

#[test]
fn parameters_are_checked_as_powershell_checks_them() {
    // These need no server.
    if !ssh_available() {
        return;
    }
    let cases = [
        (
            "New-PSSession -HostName h -SSHTransport:$false",
            "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.NewPSSessionCommand",
        ),
        (
            "New-PSSession -HostName h -KeyFilePath /no/such/key",
            "PathNotFound,Microsoft.PowerShell.Commands.NewPSSessionCommand",
        ),
        (
            "Invoke-Command -HostName h -ComputerName c { 1 }",
            "AmbiguousParameterSet,Microsoft.PowerShell.Commands.InvokeCommandCommand",
        ),
        (
            "Invoke-Command -ComputerName localhost -UserName u { 1 }",
            "AmbiguousParameterSet,Microsoft.PowerShell.Commands.InvokeCommandCommand",
        ),
        (
            "New-PSSession -HostName 'bad host'",
            "PSSessionInvalidComputerName,Microsoft.PowerShell.Commands.NewPSSessionCommand",
        ),
        (
            "New-PSSession -HostName '-oProxyCommand=touch'",
            "PSSessionInvalidComputerName,Microsoft.PowerShell.Commands.NewPSSessionCommand",
        ),
    ];
    for (script, id) in cases {
        let r = run(&format!(
            "try {{ {script} }} catch {{ $_.FullyQualifiedErrorId }}"
        ));
        assert_eq!(r.out, format!("{id}\n"), "{script}: {}", r.err);
    }
}

#[test]
fn enter_pssession_over_ssh_in_a_terminal_survives_ctrl_c() {
    let Some(mut lab) = Lab::new("enter") else {
        return;
    };
    let i = lab.start("127.0.0.2");
    let (addr, port) = (lab.servers[i].addr.clone(), lab.servers[i].port);
    let mut cmd = std::process::Command::new(rosh_exe());
    cmd.args(["-NoLogo", "-NoProfile"])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    let mut p = rexpect::session::spawn_with_options(cmd, options).expect("rosh in a pty");
    p.exp_string("PS ").expect("prompt");
    p.exp_string("> ").expect("prompt");
    let prelude = lab.prelude().replace('\n', "; ");
    p.send_line(&format!(
        "{prelude}Enter-PSSession -HostName {addr}:{port} -KeyFilePath $k -Options $o"
    ))
    .expect("typed");
    p.exp_string(&format!("[{addr}]: PS "))
        .expect("remote prompt");
    p.send_line("\"pid=$PID\"").expect("typed");
    let (_, first) = p.exp_regex(r"pid=\d+").expect("remote pid");
    p.exp_string(&format!("[{addr}]: PS "))
        .expect("remote prompt");
    p.send_line("Start-Sleep 100").expect("typed");
    std::thread::sleep(Duration::from_millis(800));
    p.send_control('c').expect("Ctrl+C");
    p.exp_string(&format!("[{addr}]: PS "))
        .expect("back at the remote prompt");
    // The same remote process: the SSH session survived the Ctrl+C.
    p.send_line("\"pid=$PID\"").expect("typed");
    let (_, again) = p.exp_regex(r"pid=\d+").expect("remote pid");
    assert_eq!(first, again);
    p.exp_string(&format!("[{addr}]: PS "))
        .expect("remote prompt");
    p.send_line("exit").expect("typed");
    p.exp_string("PS ").expect("local prompt");
    p.send_line("'local' + 'again'").expect("typed");
    p.exp_string("localagain").expect("local shell works");
}

/// The interop venv's python (pypsrp with asyncssh, psrpcore), as tests/psrp_interop.rs finds
/// it; `None` (a notice) only with `ROSH_SKIP_INTEROP=1`.
/// A PowerShell 7 client reaches a rosh host through `-Subsystem rosh`: here the client is
/// pypsrp's `SSHInfo`, a third-party PSRP client with its own SSH implementation (asyncssh).
#[test]
fn a_third_party_psrp_client_reaches_the_rosh_subsystem_over_ssh() {
    let Some(python) = interop_python::python() else {
        return;
    };
    let Some(mut lab) = Lab::new("pypsrp") else {
        return;
    };
    let i = lab.start("127.0.0.28");
    let (addr, port) = (lab.servers[i].addr.clone(), lab.servers[i].port);
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pypsrp_ssh_client.py");
    let mut child = Command::new(python)
        .arg(script)
        .args([addr.as_str(), &port.to_string(), &user_name()])
        .arg(&lab.user_key)
        .arg(&lab.known_hosts)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    let mut report = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut report);
    let status = child.wait().expect("python ends");
    assert!(status.success(), "pypsrp over ssh failed:\n{report}");
    assert!(
        report.contains("pypsrp ssh client: all checks passed"),
        "{report}"
    );
}

/// A rosh client reaches a third-party PSRP server behind sshd's `powershell` subsystem (the
/// psrpcore mock server of ../shared/reference/psrp-scripts, which echoes what it decoded),
/// as it would reach PowerShell 7's `Subsystem powershell /usr/bin/pwsh -sshs`.
#[test]
fn the_rosh_client_reaches_a_third_party_powershell_subsystem_over_ssh() {
    let Some(python) = interop_python::python() else {
        return;
    };
    let Some(mut lab) = Lab::new("mocksub") else {
        return;
    };
    let mock = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/psrp-scripts/mock_outofproc_server.py");
    let (dir, host_key) = (lab.dir.0.clone(), lab.host_key.clone());
    let addr = "127.0.0.29";
    let i = lab.start_with(addr, |cfg, port| {
        let text = Lab::config(&dir, &host_key, addr, port, false)
            + &format!(
                "Subsystem powershell {} {}\n",
                python.display(),
                mock.display()
            );
        std::fs::write(cfg, text).expect("sshd_config");
    });
    let host = lab.host(i);
    let out = ok(&format!(
        "{}$x = 'World'\n\
         $r = Invoke-Command -HostName {host} -KeyFilePath $k -Options $o -Subsystem powershell {{ param($a) \"$a, $using:x\" }} -ArgumentList Hello\n\
         $r.IsScript; $r.Command.Trim(); $r.Arguments[0].Value; $r.Using['$using:x']; $r.PSComputerName\n\
         $s = New-PSSession -HostName {host} -KeyFilePath $k -Options $o -Subsystem powershell\n\
         \"$($s.State) $($s.Transport)\"\n\
         (1, 2 | Invoke-Command -Session $s {{ $input }} | Where-Object {{ $_ -is [int] }}) -join ','\n\
         Remove-PSSession $s; $s.State",
        lab.prelude()
    ));
    assert_eq!(
        out,
        format!(
            "True\nparam($a) \"$a, $using:x\"\nHello\nWorld\n{addr}\nOpened SSH\n1,2\nClosed\n"
        )
    );
}

/// With `ControlMaster`/`ControlPath`/`ControlPersist` in `-Options`, repeated connections to
/// one host ride one OpenSSH master connection: the server sees the same client port.
#[test]
fn repeated_connections_reuse_an_openssh_master_when_asked() {
    let Some(mut lab) = Lab::new("master") else {
        return;
    };
    let i = lab.start("127.0.0.30");
    let host = lab.host(i);
    let control = lab.dir.0.join("cm-%C");
    let r = run(&format!(
        "{}$o.ControlMaster = 'auto'; $o.ControlPath = '{}'; $o.ControlPersist = '60'\n\
         $ports = 1..3 | ForEach-Object {{ Invoke-Command -HostName {host} -KeyFilePath $k -Options $o {{ ($env:SSH_CONNECTION -split ' ')[1] }} }}\n\
         $ports.Count; ($ports | Sort-Object -Unique).Count",
        lab.prelude(),
        control.display()
    ));
    // The master outlives rosh; end it.
    let _ = Command::new("ssh")
        .args(["-O", "exit", "-o"])
        .arg(format!("ControlPath={}", control.display()))
        .arg("-p")
        .arg(lab.servers[i].port.to_string())
        .arg(&lab.servers[i].addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert_eq!(r.out, "3\n1\n", "{}", r.err);
    assert!(r.took < Duration::from_secs(30), "took {:?}", r.took);
}
