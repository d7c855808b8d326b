//! The process commands through the binary: Get-Process finds a program the test starts,
//! Stop-Process ends it, Start-Process starts programs, waits for them, redirects their
//! streams and reaps them; errors as PowerShell's.

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

fn rosh() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rosh"))
}

/// Runs `script` with `rosh -Command`; (stdout, stderr, exit code).
fn run(script: &str) -> (String, String, i32) {
    let out = rosh()
        .args(["-NoProfile", "-Command", script])
        .output()
        .expect("rosh runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn stdout_of(script: &str) -> String {
    let (out, err, code) = run(script);
    assert!(
        err.is_empty(),
        "unexpected errors:\n{err}\n(stdout:\n{out})"
    );
    assert_eq!(code, 0, "exit code; stdout:\n{out}");
    out
}

/// A `sleep 100` started by the test, killed when dropped.
struct Sleeper(Child);

impl Sleeper {
    fn start() -> Sleeper {
        Sleeper(
            Command::new("sleep")
                .arg("100")
                .spawn()
                .expect("sleep starts"),
        )
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }

    /// How it ended, waiting up to ten seconds.
    fn exit(&mut self) -> Option<ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fresh directory for a test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rosh-proc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn get_process_finds_a_child_by_id_and_by_wildcard_name() {
    let child = Sleeper::start();
    let pid = child.pid();
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).expect("exe link");
    let out = stdout_of(&format!(
        "$p = Get-Process -Id {pid}\n\
         $p.ProcessName; $p.Name; $p.Path; $p.CommandLine\n\
         $age = ((Get-Date) - $p.StartTime).TotalSeconds; $age -ge -2 -and $age -lt 120\n\
         $p.StartTime.Kind\n\
         (Get-Process -Name 'sle*' | Where-Object Id -eq {pid}).Id\n\
         (Get-Process -Name 'SLEEP' | Where-Object Id -eq {pid}).Id\n\
         $p.Parent.Id -eq {test}\n\
         $p.Handles; $p.Threads.Count; $p.WorkingSet64 -gt 0; $p.WS -eq $p.WorkingSet64\n\
         $p.CPU -is [double]; $p.SI -is [int]; $p.HasExited\n\
         $p.psobject.TypeNames -join ','\n\
         \"$p\"",
        test = std::process::id(),
    ));
    assert_eq!(
        out,
        format!(
            "sleep\nsleep\n{}\nsleep 100\nTrue\nLocal\n{pid}\n{pid}\nTrue\n0\n1\nTrue\nTrue\n\
             True\nTrue\nFalse\n\
             System.Diagnostics.Process,System.ComponentModel.Component,System.MarshalByRefObject,System.Object\n\
             System.Diagnostics.Process (sleep)\n",
            exe.display()
        )
    );
}

#[test]
fn get_process_sorts_by_name_then_id_and_lists_everything() {
    let a = Sleeper::start();
    let b = Sleeper::start();
    let out = stdout_of(&format!(
        "$all = Get-Process\n\
         $all.Count -gt 2\n\
         ($all | Where-Object Id -in {}, {} | ForEach-Object Id) -join ','\n\
         ($all | Where-Object Name -eq 'rosh' | ForEach-Object Id) -contains $PID",
        a.pid(),
        b.pid()
    ));
    let (low, high) = (a.pid().min(b.pid()), a.pid().max(b.pid()));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "True");
    assert_eq!(lines[1], format!("{low},{high}"));
    assert_eq!(lines[2], "True");
}

#[test]
fn the_default_view_is_powershells_process_table() {
    let child = Sleeper::start();
    let pid = child.pid();
    let out = stdout_of(&format!("Get-Process -Id {pid}"));
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        " NPM(K)    PM(M)      WS(M)     CPU(s)      Id  SI ProcessName"
    );
    assert_eq!(
        lines[1],
        " ------    -----      -----     ------      --  -- -----------"
    );
    let row = lines[2];
    assert!(row.starts_with("      0     0.00 "), "{row}");
    assert!(row.ends_with(" sleep"), "{row}");
    // Columns of 7, 8, 10, 10, 7 and 3 characters, aligned right, one space apart.
    assert_eq!(&row[39..46], &format!("{pid:>7}"), "{row}");
    for (range, what) in [(17..27, "WS(M)"), (28..38, "CPU(s)")] {
        let cell = &row[range];
        assert!(cell.trim().parse::<f64>().is_ok(), "{what}: {row}");
        assert_eq!(
            cell.trim().split('.').nth(1).map(str::len),
            Some(2),
            "{row}"
        );
    }

    let list = stdout_of(&format!("Get-Process -Id {pid} | Format-List"));
    let labels: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split(" :").next())
        .filter(|l| !l.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(labels, ["Id", "Handles", "CPU", "SI", "Name"]);
}

#[test]
fn stop_process_by_id_kills_the_process() {
    let mut child = Sleeper::start();
    let pid = child.pid();
    let out = stdout_of(&format!("Stop-Process -Id {pid}; 'stopped'"));
    assert_eq!(out, "stopped\n");
    let status = child.exit().expect("the child ends");
    assert_eq!(status.signal(), Some(9), "Stop-Process sends SIGKILL");
}

#[test]
fn stop_process_takes_processes_from_the_pipeline() {
    let mut a = Sleeper::start();
    let mut b = Sleeper::start();
    let out = stdout_of(&format!(
        "Get-Process -Id {}, {} | Stop-Process -PassThru | ForEach-Object Name",
        a.pid(),
        b.pid()
    ));
    assert_eq!(out, "sleep\nsleep\n");
    assert_eq!(a.exit().and_then(|s| s.signal()), Some(9));
    assert_eq!(b.exit().and_then(|s| s.signal()), Some(9));

    let mut c = Sleeper::start();
    let out = stdout_of(&format!(
        "[pscustomobject]@{{ Id = {} }} | Stop-Process; 'by property'",
        c.pid()
    ));
    assert_eq!(out, "by property\n");
    assert_eq!(c.exit().and_then(|s| s.signal()), Some(9));
}

#[test]
fn stop_process_by_name_with_a_wildcard() {
    let dir = temp_dir("byname");
    let program = dir.join("roshtestsleeper");
    std::fs::copy("/bin/sleep", &program).expect("copy sleep");
    let mut child = Command::new(&program).arg("100").spawn().expect("starts");
    let out =
        stdout_of("Stop-Process -Name 'roshtestsleep*' -PassThru | ForEach-Object ProcessName");
    assert_eq!(out, "roshtestsleeper\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Ok(Some(s)) = child.try_wait() {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.and_then(|s| s.signal()), Some(9));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn start_process_waits_and_passes_the_exit_code_through() {
    let out = stdout_of(
        "$p = Start-Process -FilePath sh -ArgumentList '-c', '\"exit 3\"' -Wait -PassThru\n\
         $p.ExitCode; $p.HasExited; $p.ProcessName\n\
         # The list is joined with spaces and split again: sh runs `exit` with $0 = 3.\n\
         (saps sh -ArgumentList '-c', 'exit 3' -Wait -PassThru).ExitCode\n\
         (Start-Process sh '-c \"kill -9 $$\"' -Wait -PassThru).ExitCode",
    );
    assert_eq!(out, "3\nTrue\nsh\n0\n137\n");
}

#[test]
fn start_process_without_wait_returns_at_once_and_reaps_the_child() {
    let out = stdout_of(
        "$t = Get-Date\n\
         $p = Start-Process sleep -ArgumentList 30 -PassThru\n\
         ((Get-Date) - $t).TotalSeconds -lt 10\n\
         $p.HasExited; (Get-Process -Id $p.Id).CommandLine -like '/*/sleep 30'; $p.Parent.Id -eq $PID\n\
         Stop-Process -InputObject $p\n\
         $q = Start-Process sh -ArgumentList '-c', 'exit' -PassThru\n\
         Start-Sleep -Milliseconds 1500\n\
         # Reaped: a zombie would still have its /proc entry.\n\
         Test-Path \"/proc/$($q.Id)\"; $q.HasExited; $q.ExitCode",
    );
    assert_eq!(out, "True\nFalse\nTrue\nTrue\nFalse\nTrue\n0\n");
}

#[test]
fn start_process_redirects_to_files_and_sets_directory_and_environment() {
    let dir = temp_dir("redirect");
    let d = dir.display();
    std::fs::write(dir.join("in.txt"), "line1\nline2").expect("input file");
    let out = stdout_of(&format!(
        "Set-Location '{d}'\n\
         Start-Process sh -ArgumentList '-c', '\"echo one; echo; echo two >&2\"' -RedirectStandardOutput out.txt -RedirectStandardError err.txt -Wait\n\
         Start-Process cat -RedirectStandardInput in.txt -RedirectStandardOutput cat.txt -Wait\n\
         $env:ROSH_INHERITED = 'inherited'\n\
         Start-Process sh -ArgumentList '-c', '\"pwd; echo $FOO $ROSH_INHERITED; echo ${{HOME:-nohome}}\"' -WorkingDirectory / -Environment @{{ FOO = 'bar'; HOME = $null }} -RedirectStandardOutput env.txt -Wait\n\
         'done'"
    ));
    assert_eq!(out, "done\n");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect(f);
    assert_eq!(read("out.txt"), "one\n");
    assert_eq!(read("err.txt"), "two\n");
    assert_eq!(read("cat.txt"), "line1\nline2\n");
    assert_eq!(read("env.txt"), "/\nbar inherited\nnohome\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_names_and_ids_are_powershells_errors() {
    let (out, err, _) = run(
        "Get-Process -Name no-such-process-rosh, also-not-rosh; 'goes on'\n\
         $Error[1].FullyQualifiedErrorId; $Error[1].CategoryInfo.Category; $Error[1].TargetObject\n\
         $Error[1].Exception.GetType().FullName\n\
         Get-Process -Id 2147483647\n\
         $Error[0].FullyQualifiedErrorId; $Error[0].TargetObject\n\
         Stop-Process -Id 2147483647\n\
         $Error[0].FullyQualifiedErrorId",
    );
    assert_eq!(
        out,
        "goes on\n\
         NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.GetProcessCommand\n\
         ObjectNotFound\nno-such-process-rosh\n\
         Microsoft.PowerShell.Commands.ProcessCommandException\n\
         NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand\n\
         2147483647\n\
         NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.StopProcessCommand\n"
    );
    assert!(
        err.contains(
            "Get-Process: Cannot find a process with the name \"no-such-process-rosh\". Verify the process name and call the cmdlet again."
        ),
        "{err}"
    );
    assert!(err.contains("also-not-rosh"), "{err}");
    assert!(
        err.contains("Get-Process: Cannot find a process with the process identifier 2147483647."),
        "{err}"
    );
    assert!(
        err.contains("Stop-Process: Cannot find a process with the process identifier 2147483647."),
        "{err}"
    );
}

#[test]
fn start_process_errors_for_a_program_that_is_not_there() {
    let (out, err, _) = run("$env:PATH = '/nonexistent-rosh'\n\
         Start-Process no-such-program-rosh\n\
         $Error[0].FullyQualifiedErrorId\n\
         Start-Process no-such-program-rosh -ArgumentList x\n\
         Start-Process /bin/sh -WorkingDirectory /no/such/dir\n\
         $Error[0].FullyQualifiedErrorId");
    assert_eq!(
        out,
        "InvalidOperationException,Microsoft.PowerShell.Commands.StartProcessCommand\n\
         DirectoryNotFoundException,Microsoft.PowerShell.Commands.StartProcessCommand\n"
    );
    assert!(
        err.contains(
            "Start-Process: This command cannot be run due to the error: No such file or directory."
        ),
        "{err}"
    );
    assert!(
        err.contains("Start-Process: An error occurred trying to start process 'no-such-program-rosh' with working directory"),
        "{err}"
    );
}

#[test]
fn the_linux_aliases_are_pwshs() {
    let out = stdout_of(
        "(Get-Alias gps, spps, saps | ForEach-Object Definition) -join ','\n\
         (gps -Id $PID).Id -eq $PID\n\
         @(Get-Alias | Where-Object Name -in 'ps', 'kill').Count",
    );
    assert_eq!(out, "Get-Process,Stop-Process,Start-Process\nTrue\n0\n");
}
