//! The remoting commands through the binary, on the loopback default (`-ComputerName
//! localhost` starts a `rosh -s` child): Invoke-Command, PSSessions, `$using:`, jobs,
//! streaming, errors and records, stops, broken sessions and fan-out.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn rosh() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rosh"))
}

/// Runs `script` with `rosh -c`; (stdout, stderr, exit code).
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

#[test]
fn invoke_command_returns_deserialized_objects_stamped_with_their_origin() {
    let out = stdout_of(
        "$r = Invoke-Command -ComputerName localhost { [pscustomobject]@{ N = 42; P = $PID } }\n\
         $r.N; $r.PSComputerName; $r.P -ne $PID; $r.RunspaceId -is [guid]; $r.PSShowComputerName\n\
         $r.psobject.TypeNames[0]",
    );
    assert_eq!(
        out,
        "42\nlocalhost\nTrue\nTrue\nTrue\nDeserialized.System.Management.Automation.PSCustomObject\n"
    );
}

#[test]
fn using_values_arguments_and_pipeline_input_travel() {
    let out = stdout_of(
        "$x = 'World'; $h = @{ Key = 'v' }; $a = 10, 20\n\
         Invoke-Command localhost { \"Hello, $using:x\"; $using:h.Key; $using:a[1] }\n\
         Invoke-Command localhost { param($p, $q) $p * $q } -ArgumentList 6, 7\n\
         1, 2, 3 | Invoke-Command localhost { $input | ForEach-Object { $_ * 100 } }",
    );
    assert_eq!(out, "Hello, World\nv\n20\n42\n100\n200\n300\n");
}

#[test]
fn using_outside_a_remote_command_is_powershells_error() {
    let (_, err, _) = run("$x = 1; Invoke-Command { $using:x }");
    assert!(
        err.contains("A Using variable cannot be retrieved"),
        "{err}"
    );
}

#[test]
fn sessions_keep_state_and_are_listed_and_removed() {
    let out = stdout_of(
        "$s = New-PSSession -ComputerName localhost, 127.0.0.1\n\
         $s.Count; ($s | ForEach-Object State) -join ','\n\
         Invoke-Command -Session $s[0] { $counter = 1 }\n\
         Invoke-Command -Session $s[0] { $counter += 1; $counter }\n\
         Invoke-Command -Session $s { $PID } | Sort-Object -Unique | Measure-Object | ForEach-Object Count\n\
         (Get-PSSession | ForEach-Object Name) -join ','\n\
         Remove-PSSession -Session $s[0]\n\
         $s[0].State; @(Get-PSSession).Count\n\
         Get-PSSession | Remove-PSSession; @(Get-PSSession).Count",
    );
    assert_eq!(
        out,
        "2\nOpened,Opened\n2\n2\nRunspace1,Runspace2\nClosed\n1\n0\n"
    );
}

#[test]
fn the_session_table_looks_like_powershells() {
    let out = stdout_of("New-PSSession localhost -Name demo | Format-Table");
    let header = out.lines().find(|l| l.contains("Transport")).unwrap_or("");
    assert!(header.trim_start().starts_with("Id Name"), "{out}");
    assert!(out.contains("demo"), "{out}");
    assert!(out.contains("Opened"), "{out}");
}

#[test]
fn remote_errors_and_records_arrive_in_their_own_streams() {
    let (out, err, code) = run("Invoke-Command localhost {\n\
           Write-Warning 'careful'; Write-Error 'oops'; Write-Host 'shown'\n\
           Write-Information 'quiet'; Write-Output 'data'\n\
         }\n\
         $e = Invoke-Command localhost { Get-Item /no/such/path } 2>&1\n\
         $e.PSComputerName; $e.FullyQualifiedErrorId");
    assert_eq!(code, 0);
    assert!(out.contains("WARNING: careful\n"), "{out}");
    assert!(out.contains("shown\n"), "{out}");
    assert!(!out.contains("quiet"), "{out}");
    assert!(out.contains("data\n"), "{out}");
    assert!(
        out.contains("localhost\nPathNotFound,Microsoft.PowerShell.Commands.GetItemCommand\n"),
        "{out}"
    );
    assert!(err.contains("Write-Error: oops"), "{err}");
}

#[test]
fn a_remote_terminating_error_shows_the_remote_position() {
    let (_, err, _) = run("Invoke-Command localhost {\n  $a = 1\n  throw 'remote boom'\n}");
    // Lines count from the brace: the remote side runs the block's text.
    assert!(err.contains("[localhost]:3"), "{err}");
    assert!(err.contains("throw 'remote boom'"), "{err}");
    assert!(err.contains("remote boom"), "{err}");
}

#[test]
fn error_action_stop_makes_remote_errors_terminating() {
    let out = stdout_of(
        "try { Invoke-Command localhost { Write-Error 'bad' } -ErrorAction Stop; 'not here' }\n\
         catch { \"caught: $_\" }",
    );
    assert_eq!(out, "caught: bad\n");
}

#[test]
fn output_streams_as_it_is_produced() {
    // `1` must be shown about two seconds before `2`: output is not held until the end.
    let mut child = rosh()
        .args([
            "-NoProfile",
            "-Command",
            "Invoke-Command localhost { 1; Start-Sleep 2; 2 }",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("rosh runs");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok);
    let at_first = Instant::now();
    let second = lines.next().and_then(Result::ok);
    let gap = at_first.elapsed();
    assert_eq!(first.as_deref(), Some("1"));
    assert_eq!(second.as_deref(), Some("2"));
    assert!(
        gap >= Duration::from_millis(1500),
        "1 and 2 came together ({gap:?})"
    );
    assert!(child.wait().expect("exits").success());
}

#[test]
fn ctrl_c_stops_the_remote_pipeline() {
    let mut child = rosh()
        .args([
            "-NoProfile",
            "-Command",
            "Invoke-Command localhost { 'started'; Start-Sleep 60; 'not reached' }",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("rosh runs");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    assert_eq!(
        lines.next().and_then(Result::ok).as_deref(),
        Some("started")
    );
    let started = Instant::now();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .expect("signal sent");
    let status = child.wait().expect("exits");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the stop was not prompt"
    );
    assert_eq!(status.code(), Some(130));
    assert!(lines.next().is_none(), "nothing after the stop");
}

#[test]
fn a_session_whose_server_died_is_broken_with_a_clear_error() {
    let (out, err, _) = run("$s = New-PSSession localhost\n\
         $serverPid = Invoke-Command $s { $PID }\n\
         & kill -9 $serverPid\n\
         Start-Sleep -Milliseconds 500\n\
         Invoke-Command $s { 'unreachable' }\n\
         $s.State");
    assert!(out.trim_end().ends_with("Broken"), "{out}\n{err}");
    assert!(!out.contains("unreachable"), "{out}");
    assert!(err.contains("[localhost]"), "{err}");
}

#[test]
fn fan_out_over_twenty_sessions_keeps_going_past_a_failing_computer() {
    let out = stdout_of(
        "$s = New-PSSession -ComputerName (1..20 | ForEach-Object { 'localhost' })\n\
         $r = Invoke-Command -Session $s { $PID } -ThrottleLimit 5\n\
         ($r | Sort-Object -Unique).Count\n\
         $s | Remove-PSSession",
    );
    assert_eq!(out, "20\n");
    let (out, err, _) =
        run("Invoke-Command -ComputerName localhost, no-such-host.invalid, 127.0.0.1 { 'ok' }");
    assert_eq!(out, "ok\nok\n");
    assert!(
        err.contains(
            "[no-such-host.invalid] Connecting to remote server no-such-host.invalid failed"
        ),
        "{err}"
    );
}

#[test]
fn jobs_run_in_a_child_process_and_report_their_state() {
    let out = stdout_of(
        "$n = 5\n\
         $j = Start-Job -Name sum { param($m) $using:n + $m; $PID } -ArgumentList 37\n\
         $r = Receive-Job $j -Wait\n\
         $r[0]; $r[1] -ne $PID; $j.State; $j.PSJobTypeName; $j.HasMoreData\n\
         (Get-Job -Name sum).Id -eq $j.Id\n\
         Remove-Job $j; @(Get-Job).Count\n\
         $k = Invoke-Command -ComputerName localhost, 127.0.0.1 { 'x' } -AsJob\n\
         $null = Wait-Job $k\n\
         $k.ChildJobs.Count; (Receive-Job $k | Measure-Object).Count; $k.State",
    );
    assert_eq!(
        out,
        "42\nTrue\nCompleted\nBackgroundJob\nFalse\nTrue\n0\n2\n2\nCompleted\n"
    );
}

#[test]
fn a_failing_job_is_failed_and_its_error_is_received() {
    let (out, err, _) = run("$j = Start-Job { throw 'job broke' }\n\
         $null = Wait-Job $j; $j.State\n\
         Receive-Job $j");
    assert_eq!(out, "Failed\n");
    assert!(err.contains("job broke"), "{err}");
}

#[test]
fn the_readme_tour_runs() {
    let out = rosh()
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/remoting-tour.ps1"
        ))
        .output()
        .expect("rosh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(stdout.contains("visits: 2"), "{stdout}");
    assert!(stdout.contains("127.0.0.1"), "{stdout}");
    assert!(stdout.contains("Done."), "{stdout}");
}

#[test]
fn file_path_scripts_are_read_locally_and_sent_as_script() {
    let dir = std::env::temp_dir().join(format!("rosh-icm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("remote.ps1");
    std::fs::write(&script, "param($n)\n\"got $n on the other side\"\n").expect("write");
    let out = stdout_of(&format!(
        "Invoke-Command -ComputerName localhost -FilePath '{}' -ArgumentList 7\n\
         $j = Start-Job -FilePath '{}' -ArgumentList 8; Receive-Job $j -Wait",
        script.display(),
        script.display()
    ));
    assert_eq!(out, "got 7 on the other side\ngot 8 on the other side\n");
    let (_, err, _) = run("Invoke-Command localhost -FilePath /no/such/file.ps1");
    assert!(
        err.contains("Cannot find path '/no/such/file.ps1'"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn remote_read_host_and_get_credential_ask_the_local_user() {
    use std::io::Write;
    let mut child = rosh()
        .args([
            "-NoProfile",
            "-Command",
            "$n = Invoke-Command localhost { Read-Host 'Name' }; \"got [$n]\"\n\
             Invoke-Command localhost { $c = Get-Credential -UserName admin; \"$($c.UserName) $($c.Password.Length) $($c.Password.GetType().Name)\" }\n\
             $j = Start-Job { Read-Host 'x' }; $null = $j | Wait-Job -Timeout 20; $j.State\n\
             Receive-Job $j 2>&1 | Select-Object -Last 1 | ForEach-Object { $_.FullyQualifiedErrorId }",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rosh runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"bob\nsecret\n")
        .expect("answers written");
    let out = child.wait_with_output().expect("rosh ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Name: got [bob]"), "{text}");
    assert!(text.contains("admin 6 SecureString"), "{text}");
    // A job has no user: its Read-Host fails rather than waiting forever.
    assert!(text.contains("Completed\n"), "{text}");
    assert!(text.contains("Read-Host"), "{text}");
}

#[test]
fn deserialized_objects_use_their_types_view_with_the_computer_name() {
    let dir = std::env::temp_dir().join(format!("rosh-view-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).expect("scratch dir");
    // Separate runs: within one, Out-Default keeps a table open for objects of one type.
    let shown = stdout_of(&format!(
        "Invoke-Command localhost {{ Get-ChildItem '{}' }}",
        dir.display()
    ));
    let hidden = stdout_of(&format!(
        "Invoke-Command localhost {{ Get-ChildItem '{}' }} -HideComputerName",
        dir.display()
    ));
    assert!(shown.contains("UnixMode"), "{shown}");
    assert!(shown.contains("PSComputerName"), "{shown}");
    assert!(shown.contains("localhost"), "{shown}");
    assert!(hidden.contains("UnixMode"), "{hidden}");
    assert!(!hidden.contains("PSComputerName"), "{hidden}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scalars_come_back_stamped_and_still_behave_as_scalars() {
    let out = stdout_of(
        "$r = Invoke-Command -ComputerName localhost, 127.0.0.1 { 41; 'text' }\n\
         $n = $r | Where-Object { $_ -is [int] } | Sort-Object PSComputerName\n\
         ($n | ForEach-Object { \"$($_.PSComputerName)=$($_ + 1)\" }) -join ','\n\
         $t = $r | Where-Object { $_ -is [string] } | Select-Object -First 1\n\
         $t.ToUpper(); $t.Length; $t -eq 'text'; $t.GetType().Name\n\
         $t | ConvertTo-Json -Compress\n\
         Invoke-Command localhost { 'x' } | Format-Table PSComputerName, @{ n = 'Value'; e = { $_ } } | Out-String",
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("127.0.0.1=42,localhost=42"), "{out}");
    assert_eq!(
        lines.by_ref().take(5).collect::<Vec<_>>(),
        vec!["TEXT", "4", "True", "String", "\"text\""],
        "{out}"
    );
    assert!(out.contains("PSComputerName Value"), "{out}");
    assert!(out.contains("localhost      x"), "{out}");
}

#[test]
fn pipeline_input_streams_to_the_remote_command_as_it_arrives() {
    // The remote process block sees the first object while the local producer still sleeps.
    let out = stdout_of(
        "$r = & { 1; Start-Sleep -Milliseconds 1500; 2 } |\n\
           Invoke-Command localhost { process { [pscustomobject]@{ N = $_; T = (Get-Date).Ticks } } }\n\
         $r.N -join ','\n\
         (($r[1].T - $r[0].T) / 10000000) -gt 1\n\
         1..3 | Invoke-Command localhost, 127.0.0.1 { $input | Measure-Object -Sum } |\n\
           Sort-Object PSComputerName | ForEach-Object { \"$($_.PSComputerName) $($_.Sum)\" }",
    );
    assert_eq!(out, "1,2\nTrue\n127.0.0.1 6\nlocalhost 6\n");
}

#[test]
fn remote_sessions_have_no_profile() {
    let home = std::env::temp_dir().join(format!("rosh-noprofile-{}", std::process::id()));
    let user = home.join("rosh");
    std::fs::create_dir_all(&user).expect("config dir");
    std::fs::write(user.join("profile.ps1"), "$global:fromProfile = 'ran'\n").expect("profile");
    let out = rosh()
        .env("XDG_CONFIG_HOME", &home)
        .args([
            "-Command",
            "\"local=$fromProfile\"; Invoke-Command localhost { \"remote=$fromProfile\"; $null -eq $PROFILE }",
        ])
        .output()
        .expect("rosh runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text, "local=ran\nremote=\nTrue\n");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn foreach_object_parallel_runs_blocks_at_once_with_using_values() {
    let out = stdout_of(
        "$factor = 10\n\
         (1..6 | ForEach-Object -Parallel { $_ * $using:factor } -ThrottleLimit 3 | Sort-Object) -join ','\n\
         $t = Get-Date\n\
         $n = (1..4 | ForEach-Object -Parallel { Start-Sleep -Milliseconds 700; $_ } -ThrottleLimit 4 | Measure-Object).Count\n\
         \"$n $(((Get-Date) - $t).TotalSeconds -lt 2.5)\"\n\
         1..3 | ForEach-Object -Parallel { $PID } | Select-Object -Unique | ForEach-Object { $_ -eq $PID }",
    );
    assert_eq!(out, "10,20,30,40,50,60\n4 True\nTrue\n");
    let (out, err, _) =
        run("1..2 | ForEach-Object -Parallel { Start-Sleep 30; $_ } -TimeoutSeconds 1");
    assert_eq!(out, "");
    assert!(err.contains("timed out"), "{err}");
}

#[test]
fn secure_strings_travel_both_ways_sealed_with_the_session_key() {
    // An argument (the client starts the key exchange), `$using:` and input; output (the
    // server asks for the key first, PUBLIC_KEY_REQUEST, in a fresh session); a credential.
    let out = stdout_of(
        "$s = New-PSSession -ComputerName localhost\n\
         $back = Invoke-Command -Session $s { ConvertTo-SecureString 'from the server' -AsPlainText }\n\
         \"out: $($back.GetType().FullName) $(ConvertFrom-SecureString $back -AsPlainText)\"\n\
         Invoke-Command -Session $s { param($p) \"arg: $($p.GetType().Name) $($p.Length) $(ConvertFrom-SecureString $p -AsPlainText)\" } -ArgumentList (ConvertTo-SecureString 'pässwörd €' -AsPlainText -Force)\n\
         $u = ConvertTo-SecureString 'used' -AsPlainText\n\
         Invoke-Command localhost { \"using: $(ConvertFrom-SecureString $using:u -AsPlainText)\" }\n\
         ConvertTo-SecureString 'piped' -AsPlainText | Invoke-Command localhost { $input | ForEach-Object { \"input: $(ConvertFrom-SecureString $_ -AsPlainText)\" } }\n\
         Remove-PSSession $s",
    );
    assert!(
        out.contains("out: System.Security.SecureString from the server"),
        "{out}"
    );
    assert!(out.contains("arg: SecureString 10 pässwörd €"), "{out}");
    assert!(out.contains("using: used"), "{out}");
    assert!(out.contains("input: piped"), "{out}");
}
