//! Language modes as a security boundary, through the binary: escape attempts from
//! ConstrainedLanguage, RestrictedLanguage and NoLanguage, each checked for PowerShell's
//! refusal *and* for the side effect not having happened (a file not written, a secret not
//! printed, an object unchanged). Where it matters, the same operation under FullLanguage is
//! the control showing the side effect is real.
//!
//! ConstrainedLanguage is entered the way pwsh users test it, by lowering the session at the
//! top of a `-Command` script; RestrictedLanguage and NoLanguage runspaces use rosh's internal
//! `-RoshLanguageMode` option, which loopback servers of restricted runspaces are started
//! with.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{ArgValue, CommandSpec, PipelineSpec};
use rosh_remoting::engine::request::encode_using_key;
use rosh_remoting::session::{PipelineEvent, RemoteSession, SessionOptions};
use rosh_remoting::state::PipelineState;

const METHOD: &str = "Cannot invoke method. Method invocation is supported only on core types in this language mode.";
const SET: &str =
    "Cannot set property. Property setting is supported only on core types in this language mode.";
const CREATE: &str = "Cannot create type. Only core types are supported in this language mode.";
const NO_SCRIPT: &str = "The syntax is not supported by this runspace. This can occur if the runspace is in no-language mode.";
const DOT: &str = "Cannot dot-source this command because it was defined in a different language mode. To invoke this command without importing its contents, omit the '.' operator.";
const LOWER: &str = "$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'\n";

fn convert(t: &str) -> String {
    format!(
        "Cannot convert value to type \"{t}\". Only core types are supported in this language mode."
    )
}

/// What a run printed.
struct Out {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run_args(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rosh"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("rosh runs");
    Out {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// `rosh -NoProfile -Command script`, FullLanguage.
fn fl(script: &str) -> Out {
    run_args(&["-NoProfile", "-Command", script], &[])
}

/// The script with the session lowered to ConstrainedLanguage first.
fn cl(script: &str) -> Out {
    fl(&format!("{LOWER}{script}"))
}

/// `script` in a runspace started in `mode`.
fn in_mode(mode: &str, script: &str) -> Out {
    run_args(
        &["-NoProfile", "-RoshLanguageMode", mode, "-Command", script],
        &[],
    )
}

/// A directory of its own for one test, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("rosh-lm-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }

    fn entries(&self) -> usize {
        std::fs::read_dir(&self.0).map(|d| d.count()).unwrap_or(0)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn exists(p: &str) -> bool {
    Path::new(p).exists()
}

fn assert_refused(out: &Out, message: &str) {
    assert!(
        out.stderr.contains(message),
        "expected {message:?}\nstderr:\n{}\nstdout:\n{}",
        out.stderr,
        out.stdout
    );
}

// ---------------------------------------------------------------------------------------
// ConstrainedLanguage: .NET limited to the core types.
// ---------------------------------------------------------------------------------------

#[test]
fn cl_static_method_on_a_non_core_type_is_refused_and_writes_nothing() {
    let dir = Scratch::new("static");
    let (ok, refused) = (dir.path("fl.txt"), dir.path("cl.txt"));
    let control = fl(&format!("[System.IO.File]::WriteAllText('{ok}', 'y')"));
    assert_eq!(control.code, 0, "{}", control.stderr);
    assert_eq!(std::fs::read_to_string(&ok).unwrap_or_default(), "y");
    let out = cl(&format!(
        "[System.IO.File]::WriteAllText('{refused}', 'y')\n\
         try {{ [IO.File]::WriteAllText('{refused}', 'y') }} catch {{ $_.FullyQualifiedErrorId }}"
    ));
    assert_refused(&out, METHOD);
    assert_eq!(
        out.stdout,
        "MethodInvocationNotSupportedInConstrainedLanguage\n"
    );
    assert!(!exists(&refused));
}

#[test]
fn cl_dynamic_method_names_do_not_bypass_the_check() {
    let dir = Scratch::new("dynamic");
    let p = dir.path("x.txt");
    let out = fl(&format!(
        "$builder = [System.Text.StringBuilder]::new()\n{LOWER}\
         $type = [System.IO.File]; $method = 'WriteAllText'\n\
         $type::$method('{p}', 'y')\n\
         $append = 'Append'; $null = $builder.$append('x'); $builder.Length"
    ));
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert_eq!(out.stdout, "0\n");
    assert!(!exists(&p));
}

#[test]
fn cl_temp_file_creation_through_io_path_is_refused() {
    let dir = Scratch::new("tempfile");
    let tmp = dir.0.to_string_lossy().into_owned();
    let script = "$null = [System.IO.Path]::GetTempFileName()";
    let control = run_args(
        &["-NoProfile", "-Command", script],
        &[("TMPDIR", tmp.as_str())],
    );
    assert_eq!(control.code, 0, "{}", control.stderr);
    assert_eq!(dir.entries(), 1, "FullLanguage creates the temporary file");
    let out = run_args(
        &["-NoProfile", "-Command", &format!("{LOWER}{script}")],
        &[("TMPDIR", tmp.as_str())],
    );
    assert_refused(&out, METHOD);
    assert_eq!(dir.entries(), 1, "no second file");
}

#[test]
fn cl_reading_a_file_or_the_environment_through_dotnet_is_refused() {
    let dir = Scratch::new("read");
    let secret = dir.path("secret.txt");
    std::fs::write(&secret, "s3cr3t-file").expect("write");
    let script = format!(
        "[System.IO.File]::ReadAllText('{secret}')\n\
         [System.Environment]::GetEnvironmentVariable('ROSH_LM_SECRET')"
    );
    let env = [("ROSH_LM_SECRET", "s3cr3t-env")];
    let control = run_args(&["-NoProfile", "-Command", &script], &env);
    assert_eq!(control.stdout, "s3cr3t-file\ns3cr3t-env\n");
    let out = run_args(
        &["-NoProfile", "-Command", &format!("{LOWER}{script}")],
        &env,
    );
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert!(!out.stdout.contains("s3cr3t"), "{}", out.stdout);
}

#[test]
fn cl_core_types_keep_working_and_math_is_not_one_of_them() {
    let out = cl(
        "'abc'.ToUpper(); [string]::Join('-', 1, 2); [int]::Parse('42') + 1\n\
         @{ a = 1 }.ContainsKey('a'); ([regex]'b+').Match('abbc').Value; [math]::Round(2.5)",
    );
    assert_eq!(out.stdout, "ABC\n1-2\n43\nTrue\nbb\n");
    assert_refused(&out, METHOD);
}

#[test]
fn cl_instance_methods_of_non_core_objects_are_refused() {
    // The builder was made before the session was restricted.
    let out = fl(&format!(
        "$b = [System.Text.StringBuilder]::new()\n{LOWER}\
         $null = $b.Append('escaped')\n\
         $b | ForEach-Object -MemberName Append -ArgumentList 'again'\n\
         $b.Length; $b.ToString()"
    ));
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert_eq!(out.stdout, "0\n\n");
}

#[test]
fn cl_script_block_invoke_method_is_refused() {
    let out = cl("{ 'ran' }.Invoke(); & { 'call operator works' }");
    assert_refused(&out, METHOD);
    assert_eq!(out.stdout, "call operator works\n");
}

#[test]
fn cl_property_set_on_a_non_core_object_is_refused_and_leaves_it_unchanged() {
    let dir = Scratch::new("propset");
    let f = dir.path("f.txt");
    std::fs::write(&f, "x").expect("write");
    let out = fl(&format!(
        "$item = Get-Item '{f}'\n{LOWER}\
         $item.Name = 'renamed.txt'\n\
         $item.Name\n\
         $o = [pscustomobject]@{{ A = 1 }}; $o.A = 2; $o.A\n\
         $h = @{{}}; $h.Key = 'v'; $h.Key"
    ));
    assert_refused(&out, SET);
    assert_eq!(out.stdout, "f.txt\n2\nv\n");
}

#[test]
fn cl_new_object_of_a_non_core_type_is_refused() {
    let out = cl("New-Object System.Text.StringBuilder\n\
         try { New-Object System.Collections.ArrayList } catch { $_.FullyQualifiedErrorId }\n\
         (New-Object PSObject -Property @{ Ok = 'custom objects' }).Ok");
    assert_refused(&out, CREATE);
    assert_eq!(
        out.stdout,
        "CannotCreateTypeConstrainedLanguage,Microsoft.PowerShell.Commands.NewObjectCommand\ncustom objects\n"
    );
}

#[test]
fn cl_static_new_of_a_non_core_type_is_refused() {
    let out = cl("$list = [System.Collections.ArrayList]::new()\n\
         try { [System.Text.StringBuilder]::new('x') } catch { $_.FullyQualifiedErrorId }\n\
         $null -eq $list; [datetime]::new(2020, 1, 2).Year");
    assert_refused(&out, CREATE);
    assert_eq!(
        out.stdout,
        "CannotCreateTypeConstrainedLanguage\nTrue\n2020\n"
    );
}

#[test]
fn cl_conversions_to_non_core_types_are_refused() {
    let out = cl("[System.Text.StringBuilder]'abc'\n\
         try { [type]'System.IO.File' } catch { $_.FullyQualifiedErrorId }\n\
         $x = 'abc' -as [System.Text.StringBuilder]; $null -eq $x\n\
         [int]'5' + [double]'0.5'");
    assert_refused(&out, &convert("System.Text.StringBuilder"));
    assert_eq!(
        out.stdout,
        "ConversionSupportedOnlyToCoreTypes\nTrue\n5.5\n"
    );
}

#[test]
fn cl_typed_variables_and_parameters_cannot_build_non_core_types() {
    let out = cl("[System.Collections.ArrayList]$list = 1, 2\n\
         $null -eq $list\n\
         function Build([System.Text.StringBuilder]$b) { 'bound' }\n\
         Build 'text'\n\
         function Fine([int]$n) { $n * 2 }\n\
         Fine '21'");
    assert_refused(&out, &convert("System.Collections.ArrayList"));
    assert_refused(&out, &convert("System.Text.StringBuilder"));
    assert_eq!(out.stdout, "True\n42\n");
}

#[test]
fn cl_ref_casts_are_refused() {
    let out = cl("$n = 1\n\
         $r = [ref]$n\n\
         $null -eq $r; $n");
    assert_refused(&out, &convert("System.Management.Automation.PSReference"));
    assert_eq!(out.stdout, "True\n1\n");
}

#[test]
fn cl_data_sections_may_not_add_commands() {
    let dir = Scratch::new("datasection");
    let p = dir.path("x.txt");
    let control = fl("data d -SupportedCommand Get-Date { Get-Date -Year 2001 -Format yyyy }; $d");
    assert_eq!(control.stdout, "2001\n", "{}", control.stderr);
    let out = cl(&format!(
        "data d -SupportedCommand New-Item {{ New-Item -Path '{p}' -ItemType File }}"
    ));
    assert_refused(
        &out,
        "Cannot define data section. Definition of additional supported commands is not supported in this language mode.",
    );
    assert!(!exists(&p));
}

#[test]
fn cl_the_mode_cannot_be_raised_back() {
    let dir = Scratch::new("raise");
    let p = dir.path("x.txt");
    let out = cl(&format!(
        "$ExecutionContext.SessionState.LanguageMode = 'FullLanguage'\n\
         $state = $ExecutionContext.SessionState; $state.LanguageMode = 0\n\
         $ExecutionContext.SessionState.LanguageMode = [System.Management.Automation.PSLanguageMode]::FullLanguage\n\
         $ExecutionContext.SessionState.LanguageMode\n\
         [System.IO.File]::WriteAllText('{p}', 'y')"
    ));
    assert_eq!(out.stderr.matches(SET).count(), 3, "{}", out.stderr);
    assert_refused(&out, METHOD);
    assert_eq!(out.stdout, "ConstrainedLanguage\n");
    assert!(!exists(&p));
}

#[test]
fn cl_the_mode_can_be_lowered_further() {
    let out = cl(
        "$ExecutionContext.SessionState.LanguageMode = 'RestrictedLanguage'\n\
         Invoke-Expression '$x = 1'\n\
         Invoke-Expression 'Get-Date -Year 1999 -Format yyyy'",
    );
    assert_refused(
        &out,
        "Assignment statements are not allowed in restricted language mode or a Data section.",
    );
    assert_eq!(out.stdout, "1999\n");
}

// ---------------------------------------------------------------------------------------
// Script blocks keep the mode they were created in.
// ---------------------------------------------------------------------------------------

#[test]
fn blocks_and_functions_from_before_the_lowering_stay_trusted() {
    let dir = Scratch::new("trusted");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "$trusted = {{ [System.IO.File]::WriteAllText('{a}', 'a'); $ExecutionContext.SessionState.LanguageMode }}\n\
         function Trusted {{ [System.IO.File]::WriteAllText('{b}', 'b'); $ExecutionContext.SessionState.LanguageMode }}\n\
         {LOWER}& $trusted; Trusted; $ExecutionContext.SessionState.LanguageMode"
    ));
    assert_eq!(
        out.stdout, "FullLanguage\nFullLanguage\nConstrainedLanguage\n",
        "{}",
        out.stderr
    );
    assert!(exists(&a) && exists(&b));
}

#[test]
fn blocks_made_under_cl_stay_constrained_when_trusted_code_runs_them() {
    let dir = Scratch::new("untrusted");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "function Run-Block($block) {{ & $block }}\n\
         $later = {{ Untrusted }}\n\
         {LOWER}\
         Run-Block {{ [System.IO.File]::WriteAllText('{a}', 'a') }}\n\
         function global:Untrusted {{ [System.IO.File]::WriteAllText('{b}', 'b') }}\n\
         & $later"
    ));
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert!(!exists(&a) && !exists(&b));
}

#[test]
fn script_members_made_under_cl_stay_constrained_when_trusted_code_uses_the_object() {
    let dir = Scratch::new("members");
    let (a, b, c) = (dir.path("a.txt"), dir.path("b.txt"), dir.path("c.txt"));
    let out = fl(&format!(
        "function Show-It($o) {{ \"shown: $o\" }}\n\
         function Read-It($o) {{ $o.P }}\n\
         function Call-It($o) {{ $o.Go() }}\n\
         {LOWER}\
         $o = [pscustomobject]@{{ N = 1 }}\n\
         $o | Add-Member -MemberType ScriptMethod -Name ToString -Value {{ [System.IO.File]::WriteAllText('{a}', 'a'); 'x' }} -Force\n\
         $o | Add-Member -MemberType ScriptProperty -Name P -Value {{ [System.IO.File]::WriteAllText('{b}', 'b'); 'p' }}\n\
         $o | Add-Member -MemberType ScriptMethod -Name Go -Value {{ [System.IO.File]::WriteAllText('{c}', 'c'); 'go' }}\n\
         Show-It $o; Read-It $o; Call-It $o"
    ));
    assert!(out.stderr.matches(METHOD).count() >= 2, "{}", out.stderr);
    assert!(
        !exists(&a) && !exists(&b) && !exists(&c),
        "a member made under ConstrainedLanguage ran in FullLanguage:\n{}\n{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn dot_sourcing_a_fulllanguage_block_or_function_into_cl_is_refused() {
    let dir = Scratch::new("dot");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "$trusted = {{ [System.IO.File]::WriteAllText('{a}', 'a') }}\n\
         function Trusted {{ [System.IO.File]::WriteAllText('{b}', 'b') }}\n\
         {LOWER}. $trusted\n. Trusted\n\
         $same = {{ 'same mode dots fine' }}; . $same"
    ));
    assert_eq!(out.stderr.matches(DOT).count(), 2, "{}", out.stderr);
    assert_eq!(out.stdout, "same mode dots fine\n");
    assert!(!exists(&a) && !exists(&b));
}

#[test]
fn a_fulllanguage_block_run_in_the_callers_scope_runs_constrained() {
    let dir = Scratch::new("inscope");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "$each = {{ [System.IO.File]::WriteAllText('{a}', 'a') }}\n\
         $where = {{ [System.IO.File]::WriteAllText('{b}', 'b') }}\n\
         {LOWER}1 | ForEach-Object $each\n\
         @(1).Where($where)"
    ));
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert!(!exists(&a) && !exists(&b));
}

#[test]
fn trusted_output_feeding_a_constrained_command_stays_checked() {
    let out = fl(&format!(
        "$builder = [System.Text.StringBuilder]::new()\n\
         function Pass {{ process {{ $_ }} }}\n\
         {LOWER}$builder | Pass | ForEach-Object -MemberName Append -ArgumentList 'escaped'\n\
         $builder.Length"
    ));
    assert_refused(&out, METHOD);
    assert_eq!(out.stdout, "0\n");
}

#[test]
fn invoke_expression_runs_constrained_even_from_trusted_code() {
    let dir = Scratch::new("iex");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "function Vulnerable {{ Invoke-Expression $args[0] }}\n\
         {LOWER}Invoke-Expression \"[System.IO.File]::WriteAllText('{a}', 'a')\"\n\
         Vulnerable \"[System.IO.File]::WriteAllText('{b}', 'b')\"\n\
         Invoke-Expression '$ExecutionContext.SessionState.LanguageMode'"
    ));
    assert_eq!(out.stderr.matches(METHOD).count(), 2, "{}", out.stderr);
    assert_eq!(out.stdout, "ConstrainedLanguage\n");
    assert!(!exists(&a) && !exists(&b));
}

#[test]
fn built_in_script_members_still_work_under_cl() {
    let out = cl("(Get-Process -Id $PID).HasExited");
    assert_eq!(out.stdout, "False\n", "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// Jobs and loopback sessions inherit the restriction.
// ---------------------------------------------------------------------------------------

#[test]
fn jobs_started_under_cl_run_constrained() {
    let dir = Scratch::new("job");
    let p = dir.path("x.txt");
    let out = cl(&format!(
        "Start-Job {{ $ExecutionContext.SessionState.LanguageMode; [System.IO.File]::WriteAllText('{p}', 'y') }} |\n\
         Receive-Job -Wait -AutoRemoveJob"
    ));
    assert_eq!(out.stdout, "ConstrainedLanguage\n", "{}", out.stderr);
    assert_refused(&out, METHOD);
    assert!(!exists(&p));
}

#[test]
fn loopback_commands_under_cl_run_constrained_and_cannot_raise_the_mode() {
    let dir = Scratch::new("loopback");
    let p = dir.path("x.txt");
    let out = cl(&format!(
        "Invoke-Command -ComputerName localhost {{\n\
           $ExecutionContext.SessionState.LanguageMode = 'FullLanguage'\n\
           $ExecutionContext.SessionState.LanguageMode\n\
           [System.IO.File]::WriteAllText('{p}', 'y')\n\
         }}"
    ));
    assert_eq!(out.stdout, "ConstrainedLanguage\n", "{}", out.stderr);
    assert_refused(&out, SET);
    assert_refused(&out, METHOD);
    assert!(!exists(&p));
}

#[test]
fn sessions_opened_before_the_lowering_follow_it() {
    let dir = Scratch::new("session");
    let (a, b) = (dir.path("a.txt"), dir.path("b.txt"));
    let out = fl(&format!(
        "$s = New-PSSession -ComputerName localhost\n\
         Invoke-Command $s {{ [System.IO.File]::WriteAllText('{a}', 'a') }}\n\
         {LOWER}\
         Invoke-Command $s {{ $ExecutionContext.SessionState.LanguageMode; [System.IO.File]::WriteAllText('{b}', 'b') }}\n\
         $n = New-PSSession -ComputerName localhost\n\
         Invoke-Command $n {{ $ExecutionContext.SessionState.LanguageMode }}\n\
         Get-PSSession | Remove-PSSession"
    ));
    assert_eq!(
        out.stdout, "ConstrainedLanguage\nConstrainedLanguage\n",
        "{}",
        out.stderr
    );
    assert_refused(&out, METHOD);
    assert!(exists(&a), "the FullLanguage control ran");
    assert!(!exists(&b));
}

#[test]
fn a_session_started_from_nolanguage_refuses_script() {
    let dir = Scratch::new("nlchild");
    let p = dir.path("x.txt");
    // Script (an assignment) is refused; a block of plain commands would go as commands, as
    // PowerShell's GetPowerShell sends it, and run.
    let out = fl(&format!(
        "$block = {{ $null = New-Item -Path '{p}' -ItemType File }}\n\
         $ExecutionContext.SessionState.LanguageMode = 'NoLanguage'\n\
         Invoke-Command -ComputerName localhost -ScriptBlock $block"
    ));
    assert_refused(&out, NO_SCRIPT);
    assert!(!exists(&p));
    let q = dir.path("commands.txt");
    let out = fl(&format!(
        "$block = {{ New-Item -Path '{q}' -ItemType File }}\n\
         $ExecutionContext.SessionState.LanguageMode = 'NoLanguage'\n\
         Invoke-Command -ComputerName localhost -ScriptBlock $block | ForEach-Object Name"
    ));
    assert_eq!(out.stdout, "commands.txt\n", "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// RestrictedLanguage: the whole text is checked before any of it runs.
// ---------------------------------------------------------------------------------------

#[test]
fn rl_runs_commands_literals_and_if() {
    let out = in_mode(
        "RestrictedLanguage",
        "Get-Date -Year 2020 -Month 1 -Day 2 -Format yyyy; 1 + 2 * 3\n\
         if ($true -and -not $false) { 'yes' } else { 'no' }\n\
         @('a', 'b') -contains 'b'; [int]'7' -lt 8",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "2020\n7\nyes\nTrue\nTrue\n");
}

/// Each construct after a command with a side effect: the text is refused whole, so the
/// command never ran.
#[test]
fn rl_refuses_forbidden_constructs_before_running_anything() {
    let dir = Scratch::new("rl");
    let cases: &[(&str, &str)] = &[
        (
            "$x = 1",
            "Assignment statements are not allowed in restricted language mode or a Data section.",
        ),
        (
            "foreach ($i in 1, 2) { }",
            "Foreach statements are not allowed in restricted language mode or a Data section.",
        ),
        (
            "while ($false) { }",
            "For and While statements are not allowed in restricted language mode or a Data section.",
        ),
        (
            "switch (1) { 1 { } }",
            "The switch statement is not allowed in restricted language mode or a Data section.",
        ),
        (
            "try { } finally { }",
            "The Try statement is not allowed in restricted language mode or a Data section.",
        ),
        (
            "exit 3",
            "Flow control statements such as Break, Continue, Return, Exit, and Throw are not allowed in restricted language mode or a Data section.",
        ),
        (
            "function f { }",
            "Function declarations are not allowed in restricted language mode or a Data section.",
        ),
        (
            "& { 'block' }",
            "Script block literals are not allowed in restricted language mode or a Data section.",
        ),
        (
            "'abc'.Length",
            "Property references are not allowed in restricted language mode or a Data section.",
        ),
        (
            "'abc'.ToUpper()",
            "Method calls are not allowed in restricted language mode or a Data section.",
        ),
        (
            "@(1, 2)[0]",
            "Array references are not allowed in restricted language mode or a Data section.",
        ),
        (
            "$HOME",
            "A variable that cannot be referenced in restricted language mode or a Data section is being referenced. Variables that can be referenced include the following: $PSCulture, $PSUICulture, $true, $false, $null.",
        ),
        (
            "1..1000",
            "The '..' operator is not allowed in restricted language mode or a Data section.",
        ),
        (
            "'a' -match 'a'",
            "The '-match' operator is not allowed in restricted language mode or a Data section.",
        ),
        (
            "[System.IO.File]'x'",
            "The type System.IO.File is not allowed in restricted language mode or a Data section.",
        ),
        (
            ". Get-Date",
            "Dot sourcing is not allowed in restricted language mode or a Data section.",
        ),
    ];
    for (i, (construct, message)) in cases.iter().enumerate() {
        let marker = dir.path(&format!("ran-{i}.txt"));
        let out = in_mode(
            "RestrictedLanguage",
            &format!("New-Item -Path '{marker}' -ItemType File | Out-Null\n{construct}"),
        );
        assert_refused(&out, message);
        assert_eq!(out.code, 1, "{construct}");
        assert!(!exists(&marker), "{construct} ran the command before it");
    }
}

#[test]
fn rl_refuses_redirection_so_no_file_is_written() {
    let dir = Scratch::new("rlredirect");
    let p = dir.path("x.txt");
    let out = in_mode("RestrictedLanguage", &format!("'data' > '{p}'"));
    assert_refused(
        &out,
        "Redirection is not allowed in restricted language mode or a Data section.",
    );
    assert!(!exists(&p));
}

#[test]
fn rl_bounds_string_and_array_multiplication() {
    let out = in_mode(
        "RestrictedLanguage",
        "'ab' * 3; ('x' * 100000).Length; (@(1, 2) * 600).Count",
    );
    // Member access is refused first: the whole text never runs.
    assert_refused(
        &out,
        "Property references are not allowed in restricted language mode or a Data section.",
    );
    assert!(out.stdout.is_empty());
    let out = in_mode(
        "RestrictedLanguage",
        "'ab' * 3\n'x' * 100000\n@(1, 2) * 600\n'end'",
    );
    assert_refused(
        &out,
        "String multiplication results with more than \"1024\" characters are not allowed in restricted language mode or a Data section.",
    );
    assert_refused(
        &out,
        "Array multiplication resulting in more than 1024 elements is not allowed in restricted language mode or a Data section.",
    );
    assert_eq!(out.stdout, "ababab\nend\n");
}

#[test]
fn rl_reading_the_language_mode_fails_as_powershell_documents() {
    let out = in_mode(
        "RestrictedLanguage",
        "$ExecutionContext.SessionState.LanguageMode",
    );
    assert_refused(
        &out,
        "Property references are not allowed in restricted language mode or a Data section.",
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn rl_invoke_expression_is_held_to_the_same_check() {
    let dir = Scratch::new("rliex");
    let p = dir.path("x.txt");
    let out = in_mode(
        "RestrictedLanguage",
        &format!("Invoke-Expression \"New-Item -Path '{p}' -ItemType File; `$x = 1\""),
    );
    assert_refused(
        &out,
        "Assignment statements are not allowed in restricted language mode or a Data section.",
    );
    assert!(!exists(&p));
}

#[test]
fn data_sections_are_checked_as_restricted_language() {
    let dir = Scratch::new("data");
    let p = dir.path("x.txt");
    let out = fl(&format!(
        "data ok {{ 'text'; 42 }}; $ok\n\
         data bad {{ New-Item -Path '{p}' -ItemType File }}\n\
         'not reached'"
    ));
    assert_eq!(out.stdout, "text\n42\n", "{}", out.stderr);
    assert_refused(
        &out,
        "The command 'New-Item' is not allowed in restricted language mode or a Data section.",
    );
    assert!(!exists(&p));
    let out = fl("data secret { $HOME }; $secret");
    assert_refused(
        &out,
        "A variable that cannot be referenced in restricted language mode or a Data section is being referenced.",
    );
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------
// NoLanguage: no script text at all; commands built through the API still run.
// ---------------------------------------------------------------------------------------

#[test]
fn nl_refuses_any_script_text() {
    let dir = Scratch::new("nl");
    let p = dir.path("x.txt");
    let out = in_mode(
        "NoLanguage",
        &format!("New-Item -Path '{p}' -ItemType File"),
    );
    assert_refused(&out, NO_SCRIPT);
    assert_eq!(out.code, 1);
    assert!(!exists(&p));
}

#[test]
fn nl_lowered_from_a_script_refuses_later_text() {
    let dir = Scratch::new("nllowered");
    let p = dir.path("x.txt");
    let out = fl(&format!(
        "$ExecutionContext.SessionState.LanguageMode = 'NoLanguage'\n\
         Invoke-Expression \"New-Item -Path '{p}' -ItemType File\""
    ));
    assert_refused(&out, NO_SCRIPT);
    assert!(!exists(&p));
}

const WAIT: Duration = Duration::from_secs(30);

fn server(mode: &str) -> RemoteSession {
    RemoteSession::open(SessionOptions {
        program: env!("CARGO_BIN_EXE_rosh").into(),
        args: vec!["-RoshLanguageMode".into(), mode.into(), "-s".into()],
        open_timeout: WAIT,
        limits: Limits::default(),
        transport: Default::default(),
        env: Vec::new(),
    })
    .expect("rosh -s opens")
}

/// The outputs of a pipeline, how it ended, and its error (records and final error).
fn run_remote(session: &RemoteSession, spec: PipelineSpec) -> (Vec<String>, PipelineState, String) {
    let p = session.start(spec).expect("starts");
    let mut outputs = Vec::new();
    let mut errors = String::new();
    loop {
        match p.next_event(WAIT).expect("an event in time") {
            PipelineEvent::Output(x) => outputs.push(x),
            PipelineEvent::Record(_, x) => errors.push_str(&x),
            PipelineEvent::Finished { state, error } => {
                errors.push_str(&error.unwrap_or_default());
                return (outputs, state, errors);
            }
            PipelineEvent::Broken(why) => panic!("broken: {why}"),
            _ => {}
        }
    }
}

#[test]
fn nl_server_refuses_script_commands_but_runs_named_commands_with_their_arguments() {
    let dir = Scratch::new("nlserver");
    let (script_file, named_file) = (dir.path("script.txt"), dir.path("named.txt"));
    let s = server("NoLanguage");
    let (out, state, error) = run_remote(
        &s,
        PipelineSpec::new(vec![CommandSpec::script(format!(
            "Set-Content -Path '{script_file}' -Value 'script'"
        ))]),
    );
    assert!(out.is_empty());
    assert_eq!(state, PipelineState::Failed);
    assert!(error.contains("ScriptsNotAllowed"), "{error}");
    assert!(!exists(&script_file));

    let using = format!(
        "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N=\"Key\">{}</S><S N=\"Value\">ignored</S></En></DCT></Obj>",
        encode_using_key("$using:x")
    );
    let spec = PipelineSpec::new(vec![
        CommandSpec::command("Set-Content")
            .with_parameter("Path", ArgValue::String(named_file.clone()))
            .with_parameter("Value", ArgValue::String("named".into()))
            .with_parameter("--%", ArgValue::Xml(using)),
    ]);
    let (_, state, error) = run_remote(&s, spec);
    assert_eq!(state, PipelineState::Completed, "{error}");
    assert_eq!(
        std::fs::read_to_string(&named_file).unwrap_or_default(),
        "named\n"
    );
    let (out, state, _) = run_remote(
        &s,
        PipelineSpec::new(vec![
            CommandSpec::command("Write-Output").with_argument(ArgValue::String("bound".into())),
        ]),
    );
    assert_eq!(state, PipelineState::Completed);
    assert_eq!(out, vec!["<S>bound</S>"]);
    s.close_and_wait(WAIT);
}

#[test]
fn cl_server_keeps_its_mode_whatever_the_client_sends() {
    let dir = Scratch::new("clserver");
    let p = dir.path("x.txt");
    let s = server("ConstrainedLanguage");
    let (_, state, error) = run_remote(
        &s,
        PipelineSpec::new(vec![CommandSpec::script(
            "$ExecutionContext.SessionState.LanguageMode = 'FullLanguage'",
        )]),
    );
    assert_eq!(state, PipelineState::Completed);
    assert!(
        error.contains("PropertySetterNotSupportedInConstrainedLanguage"),
        "{error}"
    );
    let (out, _, error) = run_remote(
        &s,
        PipelineSpec::new(vec![CommandSpec::script(format!(
            "\"$($ExecutionContext.SessionState.LanguageMode)\"; [System.IO.File]::WriteAllText('{p}', 'y')"
        ))]),
    );
    assert_eq!(out, vec!["<S>ConstrainedLanguage</S>"]);
    assert!(
        error.contains("MethodInvocationNotSupportedInConstrainedLanguage"),
        "{error}"
    );
    assert!(!exists(&p));
    s.close_and_wait(WAIT);
}

#[test]
fn a_nolanguage_endpoint_takes_simple_blocks_as_commands_with_using_values() {
    let dir = Scratch::new("nlendpoint");
    let p = dir.path("made.txt");
    let out = fl(&format!(
        "$s = New-PSSession localhost\n\
         Invoke-Command $s {{ $ExecutionContext.SessionState.LanguageMode = 'NoLanguage' }}\n\
         $target = '{p}'\n\
         Invoke-Command $s {{ New-Item -Path $using:target -ItemType File }} | ForEach-Object Name\n\
         Invoke-Command $s {{ $x = 1; $x }}"
    ));
    assert_eq!(out.stdout, "made.txt\n", "{}", out.stderr);
    assert!(exists(&p));
    assert_refused(&out, NO_SCRIPT);
}

#[test]
fn a_child_shell_of_a_constrained_session_is_constrained() {
    let dir = Scratch::new("childshell");
    let p = dir.path("x.txt");
    let script_path = dir.path("child.ps1");
    std::fs::write(
        &script_path,
        format!(
            "$ExecutionContext.SessionState.LanguageMode\n[System.IO.File]::WriteAllText('{p}', 'y')\n"
        ),
    )
    .expect("child script");
    let out = cl(&format!(
        "& '{}' -NoProfile -File '{script_path}'",
        env!("CARGO_BIN_EXE_rosh")
    ));
    assert_eq!(out.stdout, "ConstrainedLanguage\n", "{}", out.stderr);
    assert_refused(&out, METHOD);
    assert!(!exists(&p));
    // The child cannot raise its mode either.
    let out = cl(&format!(
        "& '{}' -NoProfile -Command \"`$ExecutionContext.SessionState.LanguageMode = 'FullLanguage'\"",
        env!("CARGO_BIN_EXE_rosh")
    ));
    assert_refused(&out, SET);
}

#[test]
fn foreach_object_parallel_runs_constrained_from_a_constrained_session() {
    let dir = Scratch::new("parallel");
    let p = dir.path("x.txt");
    let out = cl(&format!(
        "1..2 | ForEach-Object -Parallel {{ $ExecutionContext.SessionState.LanguageMode }} | Select-Object -Unique\n\
         1 | ForEach-Object -Parallel {{ [System.IO.File]::WriteAllText('{p}', 'y') }}\n\
         1 | ForEach-Object -Parallel {{ $ExecutionContext.SessionState.LanguageMode = 'FullLanguage' }}"
    ));
    assert_eq!(out.stdout, "ConstrainedLanguage\n", "{}", out.stderr);
    assert_refused(&out, METHOD);
    assert_refused(&out, SET);
    assert!(!exists(&p));
}
