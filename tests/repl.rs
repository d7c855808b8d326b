//! The interactive shell in a real pseudo-terminal: typing, the `>> ` continuation prompt,
//! Tab completion, Ctrl+C, Ctrl+D, history across restarts, profiles, Read-Host and progress
//! bars (Write-Progress's and a fan-out's). Each test gets its own home, config and data directories.

use rexpect::session::{PtySession, spawn_with_options};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A scratch directory for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("repl-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn command(exe: &Path, home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(exe);
    c.args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .current_dir(home);
    c
}

fn spawn_exe(exe: &Path, home: &Path, args: &[&str]) -> PtySession {
    spawn_with_banner(exe, home, args).0
}

/// Starts rosh and waits for its first prompt; also returns what came before it.
fn spawn_with_banner(exe: &Path, home: &Path, args: &[&str]) -> (PtySession, String) {
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut p =
        spawn_with_options(command(exe, home, args), options).expect("rosh starts in a pty");
    let before = p.exp_string("PS ").expect("first prompt");
    p.exp_string("> ").expect("first prompt");
    (p, before)
}

/// Sends keys without a line end (rexpect buffers them until flushed).
fn type_keys(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("keys sent");
    p.flush().expect("keys flushed");
}

fn spawn(home: &Path) -> PtySession {
    spawn_exe(Path::new(env!("CARGO_BIN_EXE_rosh")), home, &["-NoLogo"])
}

#[test]
fn a_result_appears_after_enter_and_exit_leaves() {
    let s = Scratch::new("enter");
    let mut p = spawn(&s.0);
    p.send_line("6 * 7").unwrap();
    p.exp_string("42").unwrap();
    p.send_line("exit 3").unwrap();
    p.exp_eof().unwrap();
    match p.process_mut().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 3),
        other => panic!("rosh ended with {other:?}"),
    }
}

#[test]
fn unfinished_input_gets_the_continuation_prompt() {
    let s = Scratch::new("continue");
    let mut p = spawn(&s.0);
    p.send_line("if ($true) {").unwrap();
    p.exp_string(">> ").unwrap();
    p.send_line("'inside' + 'block'").unwrap();
    p.exp_string(">> ").unwrap();
    p.send_line("}").unwrap();
    p.exp_string("insideblock").unwrap();
}

#[test]
fn tab_completes_command_and_parameter_names() {
    let s = Scratch::new("tab");
    std::fs::create_dir_all(s.0.join("listing")).unwrap();
    std::fs::write(s.0.join("listing").join("marker-file.txt"), "").unwrap();
    let mut p = spawn(&s.0);
    type_keys(&mut p, "Get-Ch\t");
    p.exp_string("Get-ChildItem").unwrap();
    type_keys(&mut p, " -Pa\t");
    p.exp_string("-Path").unwrap();
    type_keys(&mut p, " listi\t");
    p.exp_string("./listing/").unwrap();
    type_keys(&mut p, "\r");
    p.exp_string("marker-file.txt").unwrap();
    p.exp_string("PS ").unwrap();
    // Tab again cycles to the next candidate; variables and members complete too.
    p.send_line("$cycle1 = 'first'; $cycle2 = 'second'")
        .unwrap();
    p.exp_string("PS ").unwrap();
    type_keys(&mut p, "$cyc\t\t.Len\t\r");
    p.exp_string("6").unwrap();
    p.exp_string("PS ").unwrap();
    type_keys(&mut p, "[System.Int3\t]::MaxV\t\r");
    p.exp_string("2147483647").unwrap();
}

#[test]
fn ctrl_c_stops_a_sleep_and_the_shell_goes_on() {
    let s = Scratch::new("ctrlc");
    let mut p = spawn(&s.0);
    p.send_line("Start-Sleep 100").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let pressed = Instant::now();
    p.send_control('c').unwrap();
    p.exp_string("PS ").unwrap();
    assert!(
        pressed.elapsed() < Duration::from_secs(3),
        "the prompt came back after {:?}",
        pressed.elapsed()
    );
    p.send_line("'still' + 'alive'").unwrap();
    p.exp_string("stillalive").unwrap();
    // A native child is stopped too.
    p.send_line("sleep 100").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.send_line("'after' + 'native'").unwrap();
    p.exp_string("afternative").unwrap();
    p.exp_string("PS ").unwrap();
    // So is a long loop.
    p.send_line("while ($true) { $n++ }").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.exp_string("PS ").unwrap();
    p.send_line("'loop' + 'stopped'").unwrap();
    p.exp_string("loopstopped").unwrap();
    p.exp_string("PS ").unwrap();
    // Idle Ctrl+C drops the line being typed.
    type_keys(&mut p, "'dropped'");
    p.send_control('c').unwrap();
    p.exp_string("PS ").unwrap();
    p.send_line("'kept' + 'line'").unwrap();
    let seen = p.exp_string("keptline").unwrap();
    assert!(!seen.contains("dropped\r\n"), "{seen}");
}

#[test]
fn ctrl_d_leaves() {
    let s = Scratch::new("ctrld");
    let mut p = spawn(&s.0);
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn history_survives_a_restart() {
    let s = Scratch::new("history");
    let mut p = spawn(&s.0);
    p.send_line("'history' + '-marker'").unwrap();
    p.exp_string("history-marker").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
    let file = s.0.join("data").join("rosh").join("history.txt");
    let saved = std::fs::read_to_string(&file).expect("history file");
    assert!(saved.contains("'history' + '-marker'"), "{saved}");
    let mut p = spawn(&s.0);
    // Up arrow twice (past `exit`) brings the command back.
    type_keys(&mut p, "\x1b[A\x1b[A");
    type_keys(&mut p, "\r");
    p.exp_string("history-marker").unwrap();
}

/// A copy of rosh (a hard link) in its own `$PSHOME`, so the all-users profiles of one
/// test do not reach the others.
fn private_rosh(s: &Scratch) -> PathBuf {
    let home = s.0.join("pshome");
    std::fs::create_dir_all(&home).expect("pshome");
    let exe = home.join("rosh");
    std::fs::hard_link(env!("CARGO_BIN_EXE_rosh"), &exe)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_rosh"), &exe).map(|_| ()))
        .expect("a private rosh");
    exe
}

#[test]
fn profiles_run_in_order_and_no_profile_skips_them() {
    let s = Scratch::new("profiles");
    let exe = private_rosh(&s);
    let pshome = s.0.join("pshome");
    let user = s.0.join("config").join("rosh");
    std::fs::create_dir_all(&user).unwrap();
    let write = |p: PathBuf, name: &str| {
        std::fs::write(p, format!("$global:order += @('{name}')\n")).unwrap();
    };
    write(pshome.join("profile.ps1"), "AllUsersAllHosts");
    write(
        pshome.join("Microsoft.PowerShell_profile.ps1"),
        "AllUsersCurrentHost",
    );
    // A profile that throws shows its error and the next one still runs.
    std::fs::write(
        user.join("profile.ps1"),
        "$global:order += @('CurrentUserAllHosts')\nthrow 'profile failed here'\n",
    )
    .unwrap();
    write(
        user.join("Microsoft.PowerShell_profile.ps1"),
        "CurrentUserCurrentHost",
    );

    let (mut p, banner) = spawn_with_banner(&exe, &s.0, &["-NoLogo"]);
    assert!(banner.contains("profile failed here"), "{banner}");
    p.send_line("$order -join ','").unwrap();
    p.exp_string("AllUsersAllHosts,AllUsersCurrentHost,CurrentUserAllHosts,CurrentUserCurrentHost")
        .unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();

    let mut p = spawn_exe(&exe, &s.0, &["-NoLogo", "-NoProfile"]);
    p.send_line("\"count=$($order.Count)\"; $PROFILE.CurrentUserAllHosts; $PROFILE")
        .unwrap();
    p.exp_string("count=0").unwrap();
    p.exp_string(&user.join("profile.ps1").display().to_string())
        .unwrap();
    p.exp_string(
        &user
            .join("Microsoft.PowerShell_profile.ps1")
            .display()
            .to_string(),
    )
    .unwrap();

    // -Command runs profiles too, unless -NoProfile.
    let out = command(
        &exe,
        &s.0,
        &["-Command", "$order.Count; $PROFILE.AllUsersAllHosts"],
    )
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("4\n"), "{text}");
    assert!(text.contains(&pshome.join("profile.ps1").display().to_string()));
    let out = command(&exe, &s.0, &["-NoProfile", "-Command", "$order.Count"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n");
}

#[test]
fn read_host_reads_and_masks_secrets() {
    let s = Scratch::new("readhost");
    let mut p = spawn(&s.0);
    p.send_line("$n = Read-Host 'Your name'; \"hello $n\"")
        .unwrap();
    p.exp_string("Your name: ").unwrap();
    p.send_line("bob").unwrap();
    p.exp_string("hello bob").unwrap();
    p.send_line("$s = Read-Host 'Secret' -AsSecureString; $s.GetType().Name; $s.Length")
        .unwrap();
    p.exp_string("Secret: ").unwrap();
    p.send_line("hunter2").unwrap();
    let seen = p.exp_string("SecureString").unwrap();
    assert!(!seen.contains("hunter2"), "the secret was echoed: {seen}");
    p.exp_string("7").unwrap();
}

#[test]
fn get_credential_prompts_with_hidden_input() {
    let s = Scratch::new("credential");
    let mut p = spawn(&s.0);
    p.send_line("$c = Get-Credential; \"user=$($c.UserName) length=$($c.Password.Length)\"")
        .unwrap();
    p.exp_string("User: ").unwrap();
    p.send_line("alice").unwrap();
    p.exp_string("Password for user alice: ").unwrap();
    p.send_line("s3cret!").unwrap();
    let seen = p.exp_string("user=alice length=7").unwrap();
    assert!(!seen.contains("s3cret!"), "the password was echoed: {seen}");
}

#[test]
fn progress_is_drawn_on_a_terminal_only() {
    let s = Scratch::new("progress");
    let mut p = spawn(&s.0);
    p.send_line(
        "foreach ($i in 1..3) { Write-Progress -Activity 'Copying' -Status \"file $i\" -PercentComplete ($i * 30); Start-Sleep -Milliseconds 200 }; 'copied'",
    )
    .unwrap();
    p.exp_string("Copying [").unwrap();
    p.exp_string("copied").unwrap();
    // Off a terminal nothing is drawn.
    let out = command(
        Path::new(env!("CARGO_BIN_EXE_rosh")),
        &s.0,
        &[
            "-NoProfile",
            "-Command",
            "Write-Progress -Activity 'Copying' -PercentComplete 50; 'done'",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "done\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_fan_out_counts_its_targets_in_a_progress_bar() {
    let s = Scratch::new("fanprogress");
    let mut p = spawn(&s.0);
    p.send_line(
        "$r = Invoke-Command -ComputerName localhost, 127.0.0.1, ::1 -ThrottleLimit 1 { Start-Sleep -Milliseconds 300; 'x' }; \"got $($r.Count)\"",
    )
    .unwrap();
    p.exp_string("Invoke-Command [").unwrap();
    p.exp_string("1 of 3 targets done").unwrap();
    p.exp_string("got 3").unwrap();
    // Off a terminal, nothing is drawn.
    let out = command(
        Path::new(env!("CARGO_BIN_EXE_rosh")),
        &s.0,
        &[
            "-NoProfile",
            "-Command",
            "(Invoke-Command -ComputerName localhost, 127.0.0.1 { 1 }).Count",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn parse_errors_are_shown_and_the_shell_goes_on() {
    let s = Scratch::new("parse");
    let mut p = spawn(&s.0);
    p.send_line("1 +* 2").unwrap();
    p.exp_string("You must provide a value expression").unwrap();
    p.send_line("'next' + 'one'").unwrap();
    p.exp_string("nextone").unwrap();
}

#[test]
fn enter_pssession_gives_a_remote_prompt_that_ctrl_c_does_not_end() {
    let s = Scratch::new("enter-pssession");
    let mut p = spawn(&s.0);
    p.send_line("$local = $PID; \"local=$local\"").unwrap();
    let (_, local) = p.exp_regex(r"local=\d+").unwrap();
    p.send_line("Enter-PSSession -ComputerName localhost")
        .unwrap();
    p.exp_string("[localhost]: PS ").unwrap();
    p.send_line("\"remote=$PID\"; $global:kept = 'state-kept'")
        .unwrap();
    let (_, remote) = p.exp_regex(r"remote=\d+").unwrap();
    assert_ne!(
        remote.trim_start_matches("remote="),
        local.trim_start_matches("local=")
    );
    p.exp_string("[localhost]: PS ").unwrap();
    // Ctrl+C stops the remote pipeline; the session and its state stay.
    p.send_line("Start-Sleep 100").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let pressed = Instant::now();
    p.send_control('c').unwrap();
    p.exp_string("[localhost]: PS ").unwrap();
    assert!(
        pressed.elapsed() < Duration::from_secs(5),
        "{:?}",
        pressed.elapsed()
    );
    p.send_line("\"again=$PID $kept\"").unwrap();
    let (_, again) = p.exp_regex(r"again=\d+ state-kept").unwrap();
    assert!(
        again.contains(remote.trim_start_matches("remote=")),
        "{again} vs {remote}"
    );
    // Errors show the remote position.
    p.send_line("Get-Item /no/such/path").unwrap();
    p.exp_string("Cannot find path").unwrap();
    p.exp_string("[localhost]: PS ").unwrap();
    // exit comes back to the local prompt.
    p.send_line("exit").unwrap();
    p.exp_string("PS ").unwrap();
    p.send_line("\"back=$PID\"").unwrap();
    p.exp_string(&format!("back={}", local.trim_start_matches("local=")))
        .unwrap();
    // Exit-PSSession does the same, and an entered PSSession stays open after it.
    p.send_line("$s = New-PSSession localhost; Enter-PSSession -Session $s")
        .unwrap();
    p.exp_string("[localhost]: PS ").unwrap();
    p.send_line("Exit-PSSession").unwrap();
    p.exp_string("PS ").unwrap();
    p.send_line("\"state=$($s.State)\"").unwrap();
    p.exp_string("state=Opened").unwrap();
}

#[test]
fn enter_pssession_needs_the_interactive_shell() {
    let out = Command::new(env!("CARGO_BIN_EXE_rosh"))
        .args(["-NoProfile", "-Command", "Enter-PSSession localhost"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Enter-PSSession"), "{err}");
    assert_eq!(out.status.code(), Some(1));
}
