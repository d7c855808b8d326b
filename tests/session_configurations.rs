//! Session configurations through the binary: the configuration files and their commands,
//! registrations, who may connect, sessions built from a configuration (locally with
//! `-ConfigurationFile` and through loopback remote sessions and `rosh -sshs`), and escape
//! attempts against restricted sessions, each checked for its refusal and for the side
//! effect (a file created) not happening.
//!
//! Every test works in its own directory and registers configurations there
//! (`ROSH_SESSION_CONFIG_DIR`), never in /etc.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use rosh_remoting::Limits;
use rosh_remoting::bodies::{CommandSpec, PipelineSpec};
use rosh_remoting::session::{PipelineEvent, RemoteSession, SessionOptions};

/// A directory of its own for one test, removed at the end.
struct Sandbox {
    dir: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let dir = std::env::temp_dir().join(format!("rosh-pssc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("reg")).expect("sandbox");
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn p(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }

    fn registry(&self) -> PathBuf {
        self.dir.join("reg")
    }

    fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.path(name), text).expect("write");
        self.p(name)
    }

    fn exists(&self, name: &str) -> bool {
        self.path(name).exists()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rosh"));
        c.args(args)
            .current_dir(&self.dir)
            .env("ROSH_SESSION_CONFIG_DIR", self.registry())
            .env("SANDBOX", &self.dir);
        c
    }

    /// Runs `script` (`$env:SANDBOX` is the directory); (stdout, stderr).
    fn run(&self, script: &str) -> (String, String) {
        self.run_with(&["-NoProfile", "-Command", script])
    }

    /// Runs `script` in a session under the configuration file `file`.
    fn run_configured(&self, file: &str, script: &str) -> (String, String) {
        self.run_with(&["-NoProfile", "-ConfigurationFile", file, "-Command", script])
    }

    fn run_with(&self, args: &[&str]) -> (String, String) {
        let out = self.command(args).output().expect("rosh runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs `script`, which must write no error; its output.
    fn ok(&self, script: &str) -> String {
        let (out, err) = self.run(script);
        assert!(
            err.is_empty(),
            "unexpected errors:\n{err}\n(stdout:\n{out})"
        );
        out
    }

    /// Opens `rosh -sshs -ConfigurationName name` directly, as sshd would start it.
    fn sshs(&self, name: &str) -> Result<RemoteSession, String> {
        let mut env = vec![(
            "ROSH_SESSION_CONFIG_DIR".to_string(),
            Some(self.registry().to_string_lossy().into_owned()),
        )];
        env.push((
            "SANDBOX".into(),
            Some(self.dir.to_string_lossy().into_owned()),
        ));
        RemoteSession::open(SessionOptions {
            program: env!("CARGO_BIN_EXE_rosh").into(),
            args: vec!["-sshs".into(), "-ConfigurationName".into(), name.into()],
            open_timeout: Duration::from_secs(30),
            limits: Limits::default(),
            transport: Default::default(),
            env,
        })
        .map_err(|e| e.to_string())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The output strings and error messages of a pipeline run over `session`.
fn remote(session: &RemoteSession, commands: Vec<CommandSpec>) -> (Vec<String>, Vec<String>) {
    let mut spec = PipelineSpec::new(commands);
    spec.no_input = true;
    let p = session.start(spec).expect("starts");
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    loop {
        match p
            .next_event(Duration::from_secs(30))
            .expect("an event in time")
        {
            PipelineEvent::Output(xml) => {
                let v = rosh_runtime::serialization::deserialize(
                    xml.as_bytes(),
                    &rosh_runtime::serialization::Limits::default(),
                )
                .expect("output deserializes");
                out.push(rosh_runtime::convert::to_str(&v));
            }
            PipelineEvent::Record(rosh_remoting::client::RecordKind::Error, xml) => {
                errors.push(xml);
            }
            PipelineEvent::Finished { error, .. } => {
                errors.extend(error);
                return (out, errors);
            }
            PipelineEvent::Broken(why) => panic!("broken: {why}"),
            _ => {}
        }
    }
}

fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn current_group() -> String {
    let out = Command::new("id").arg("-gn").output().expect("id runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn assert_not_found(err: &str, term: &str) {
    assert!(
        err.contains(&format!(
            "The term '{term}' is not recognized as a name of a cmdlet, function, script file, or executable program."
        )),
        "expected '{term}' not to be found, errors:\n{err}"
    );
}

// ---------------------------------------------------------------------------------------
// Configuration files
// ---------------------------------------------------------------------------------------

#[test]
fn new_configuration_file_writes_powershells_layout() {
    let s = Sandbox::new("newfile");
    s.ok(
        "New-PSSessionConfigurationFile -Path ./a.pssc -Guid '8c9a5f4e-6a0e-4d4c-9d3b-2f1e0c7b6a59' -Author 'Ops Team' \
         -Description \"It's for ops\" -SessionType RestrictedRemoteServer -LanguageMode NoLanguage \
         -VisibleCmdlets 'Get-Date', @{ Name = 'Stop-Process'; Parameters = @{ Name = 'Name'; ValidateSet = 'web', 'db' } } \
         -FunctionDefinitions @{ Name = 'Get-Uptime'; ScriptBlock = { Get-Date } } \
         -EnvironmentVariables @{ B = 'two'; A = 'one' } -TranscriptDirectory /var/log/t\n\
         Test-PSSessionConfigurationFile ./a.pssc",
    );
    let text = std::fs::read_to_string(s.path("a.pssc")).unwrap();
    let expected = "@{\n\n\
# Version number of the schema used for this document\nSchemaVersion = '2.0.0.0'\n\n\
# ID used to uniquely identify this document\nGUID = '8c9a5f4e-6a0e-4d4c-9d3b-2f1e0c7b6a59'\n\n\
# Author of this document\nAuthor = 'Ops Team'\n\n\
# Description of the functionality provided by these settings\nDescription = 'It''s for ops'\n\n\
# Session type defaults to apply for this session configuration. Can be 'RestrictedRemoteServer' (recommended), 'Empty', or 'Default'\nSessionType = 'RestrictedRemoteServer'\n\n\
# Directory to place session transcripts for this session configuration\nTranscriptDirectory = '/var/log/t'\n\n\
# Scripts to run when applied to a session\n# ScriptsToProcess = '/etc/rosh/InitScript1.ps1', '/etc/rosh/InitScript2.ps1'\n\n";
    assert!(text.starts_with(expected), "got:\n{text}");
    for line in [
        "LanguageMode = 'NoLanguage'\n",
        "VisibleCmdlets = 'Get-Date', @{\n    'Name' = 'Stop-Process'\n    'Parameters' = @{\n        'Name' = 'Name'\n        'ValidateSet' = 'web', 'db' } }\n",
        "FunctionDefinitions = @{\n    'Name' = 'Get-Uptime'\n    'ScriptBlock' = { Get-Date } }\n",
        "EnvironmentVariables = @{\n    'A' = 'one'\n    'B' = 'two' }\n",
        "# User roles (security groups), and the role capabilities that should be applied to them when applied to a session\n# RoleDefinitions = ",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(text.ends_with("}"), "got:\n{text}");
    assert!(!text.contains("RunAsVirtualAccount"));
}

#[test]
fn new_configuration_file_refuses_bad_arguments() {
    let s = Sandbox::new("newbad");
    let (_, err) = s.run("New-PSSessionConfigurationFile -Path ./a.txt");
    assert!(err.contains("PSSession Configuration file path './a.txt' is not valid. The path argument must resolve to a single file in the file system with a '.pssc' extension."), "{err}");
    let (_, err) = s.run("New-PSSessionConfigurationFile -Path ./a.pssc -SessionType Bogus");
    assert!(err.contains("Cannot bind parameter 'SessionType'. Cannot convert value \"Bogus\" to type \"System.Management.Automation.Remoting.SessionType\"."), "{err}");
    let (_, err) = s.run(
        "New-PSSessionConfigurationFile -Path ./a.pssc -FunctionDefinitions @{ Name = 'f'; ScriptBlock = 'not a block' }",
    );
    assert!(
        err.contains(
            "The key 'ScriptBlock' in the member 'FunctionDefinitions' must be a script block."
        ),
        "{err}"
    );
    let (_, err) = s.run(
        "New-PSSessionConfigurationFile -Path ./a.pssc -RoleDefinitions @{ ops = @{ SessionType = 'Default' } }",
    );
    assert!(
        err.contains("Invalid role capability key: SessionType."),
        "{err}"
    );
    assert!(!s.exists("a.pssc") && !s.exists("a.txt"));
}

#[test]
fn test_configuration_file_says_why_with_verbose() {
    let s = Sandbox::new("testfile");
    let cases = [
        (
            "@{ SchemaVersion = '2.0.0.0'; Colour = 'blue' }",
            "The member 'Colour' is not a valid key. Please change the member to a valid key in the file",
        ),
        (
            "@{ SessionType = 'Default' }",
            "The member 'SchemaVersion' is not present in the configuration file.",
        ),
        (
            "@{ SchemaVersion = '2.0.0.0'; LanguageMode = 'Loose' }",
            "The member 'LanguageMode' must be a valid enumeration type \"System.Management.Automation.PSLanguageMode\". Valid enumeration values are \"FullLanguage, RestrictedLanguage, NoLanguage, ConstrainedLanguage\".",
        ),
        (
            "@{ SchemaVersion = '2.0.0.0'; ScriptsToProcess = 'relative.ps1' }",
            "The member 'ScriptsToProcess' is not an absolute path relative.ps1.",
        ),
        (
            "@{ SchemaVersion = '2.0.0.0'; FunctionDefinitions = @{ Name = 'f' } }",
            "The member 'FunctionDefinitions' must contain the required key 'ScriptBlock'.",
        ),
    ];
    for (i, (text, why)) in cases.iter().enumerate() {
        let f = s.write(&format!("c{i}.pssc"), text);
        let (out, err) = s.run(&format!(
            "Test-PSSessionConfigurationFile -Path '{f}' -Verbose"
        ));
        assert_eq!(out.lines().last(), Some("False"), "{text}: {out}{err}");
        assert!(out.contains(why), "{text}: expected {why:?} in\n{out}");
        let (quiet, _) = s.run(&format!("Test-PSSessionConfigurationFile '{f}'"));
        assert_eq!(quiet, "False\n");
    }
    let (out, err) = s.run("Test-PSSessionConfigurationFile ./missing.pssc");
    assert!(out.is_empty());
    assert!(err.contains("The specified configuration file './missing.pssc' was not loaded because no valid configuration file was found."), "{err}");
}

#[test]
fn configuration_files_are_read_never_run() {
    let s = Sandbox::new("neverrun");
    let marker = s.p("ran");
    for (i, code) in [
        format!("(New-Item '{marker}')"),
        format!("$(New-Item '{marker}')"),
        format!("\"$(New-Item '{marker}')\""),
        format!("[IO.File]::WriteAllText('{marker}', 'x')"),
    ]
    .iter()
    .enumerate()
    {
        let f = s.write(
            &format!("evil{i}.pssc"),
            &format!("@{{ SchemaVersion = '2.0.0.0'; Description = {code} }}"),
        );
        let (out, _) = s.run(&format!("Test-PSSessionConfigurationFile '{f}' -Verbose"));
        assert!(out.contains("False"), "{code}: {out}");
        assert!(
            out.contains("is not allowed in restricted language mode or a Data section"),
            "{code}: {out}"
        );
        let (_, err) = s.run_configured(&f, "'after'");
        assert!(err.contains("is not valid"), "{code}: {err}");
        assert!(!s.exists("ran"), "{code} ran");
    }
    let leading = s.write(
        "leading.pssc",
        &format!("New-Item '{marker}'\n@{{ SchemaVersion = '2.0.0.0' }}"),
    );
    let (out, _) = s.run(&format!("Test-PSSessionConfigurationFile '{leading}'"));
    assert_eq!(out, "False\n");
    assert!(!s.exists("ran"));
}

#[test]
fn role_capability_files_are_written_and_checked() {
    let s = Sandbox::new("psrc");
    s.ok("New-PSRoleCapabilityFile -Path ./ops.psrc -Author a -VisibleCmdlets 'Get-Date' -FunctionDefinitions @{ Name = 'Get-Uptime'; ScriptBlock = { 'up' } }");
    let text = std::fs::read_to_string(s.path("ops.psrc")).unwrap();
    for line in [
        "# Company associated with this document\nCompanyName = 'Unknown'\n",
        "# Copyright statement for this document\nCopyright = '(c) a. All rights reserved.'\n",
        "# Modules to import when applied to a session\n# ModulesToImport = 'MyCustomModule', ",
        "# Aliases to make visible when applied to a session\n# VisibleAliases = 'Item1', 'Item2'\n",
        "VisibleCmdlets = 'Get-Date'\n",
        "# VisibleFunctions = 'Invoke-Function1', ",
        "FunctionDefinitions = @{\n    'Name' = 'Get-Uptime'\n    'ScriptBlock' = { 'up' } }\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    let (_, err) = s.run("New-PSRoleCapabilityFile -Path ./ops.pssc");
    assert!(err.contains("Role Capability file path './ops.pssc' is not valid. The path argument must resolve to a single file in the file system with a '.psrc' extension."), "{err}");
}

// ---------------------------------------------------------------------------------------
// Registrations
// ---------------------------------------------------------------------------------------

#[test]
fn register_get_set_unregister() {
    let s = Sandbox::new("register");
    let out = s.ok(
        "New-PSSessionConfigurationFile -Path ./ops.pssc -SessionType RestrictedRemoteServer\n\
         Register-PSSessionConfiguration -Name Ops -Path ./ops.pssc -AllowedUsers alice -AllowedGroups wheel -MaximumReceivedObjectSizeMB 2",
    );
    assert_eq!(
        out,
        "\nType      Keys       Name\n----      ----       ----\nContainer {Name=Ops} Ops\n\n"
    );
    let out = s.ok("Get-PSSessionConfiguration");
    let copy = s.registry().join("Ops.pssc");
    assert!(copy.is_file());
    assert_eq!(
        out,
        "\nName          : Ops\nPSVersion     : 7.4\nStartupScript : \nRunAsUser     : \nPermission    : alice AccessAllowed, %wheel AccessAllowed\n\n"
    );
    let out = s.ok(
        "$c = Get-PSSessionConfiguration -Name o*\n\
         $c.LanguageMode; $c.SessionType; $c.ConfigFilePath; $c.MaxReceivedObjectSizeMB; $c.AccessMode\n\
         Set-PSSessionConfiguration -Name Ops -AccessMode Local -AllowedUsers @() -StartupScript /opt/start.ps1\n\
         $c = Get-PSSessionConfiguration Ops\n\
         $c.Permission; $c.StartupScript\n\
         Unregister-PSSessionConfiguration -Name Ops\n\
         @(Get-PSSessionConfiguration).Count",
    );
    assert_eq!(
        out,
        format!(
            "NoLanguage\nRestrictedRemoteServer\n{}\n2\nRemote\nSSH AccessDenied, %wheel AccessAllowed\n/opt/start.ps1\n0\n",
            copy.display()
        )
    );
    assert!(!copy.exists());
}

#[test]
fn registration_errors_are_powershells() {
    let s = Sandbox::new("regerrors");
    s.write("bad.pssc", "@{ SchemaVersion = '2.0.0.0'; Nonsense = 1 }");
    let cases = [
        (
            "Register-PSSessionConfiguration -Name X -Path ./bad.pssc",
            "The session configuration file",
        ),
        (
            "Register-PSSessionConfiguration -Name X -Path ./none.pssc",
            "PSSession Configuration file path './none.pssc' is not valid.",
        ),
        (
            "Register-PSSessionConfiguration -Name X -StartupScript ./start.sh",
            "\"startupscript\" must specify a Windows PowerShell script file that ends with extension \".ps1\".",
        ),
        (
            "Register-PSSessionConfiguration -Name X -AccessMode Sometimes",
            "Cannot convert value \"Sometimes\" to type \"System.Management.Automation.Runspaces.PSSessionConfigurationAccessMode\".",
        ),
        (
            "Register-PSSessionConfiguration -Name '../evil'",
            "The session configuration name '../evil' is not valid.",
        ),
        (
            "Set-PSSessionConfiguration -Name Nope -AccessMode Local",
            "Session configuration \"Nope\" was not found.",
        ),
        (
            "Unregister-PSSessionConfiguration -Name Nope",
            "No session configuration matches criteria \"Nope\".",
        ),
        (
            "Get-PSSessionConfiguration -Name Nope",
            "No session configuration matches criteria \"Nope\".",
        ),
    ];
    for (script, why) in cases {
        let (_, err) = s.run(script);
        assert!(err.contains(why), "{script}: expected {why:?} in\n{err}");
    }
    assert_eq!(s.ok("@(Get-PSSessionConfiguration).Count"), "0\n");
    let (_, err) = s.run(
        "$null = Register-PSSessionConfiguration -Name X; Register-PSSessionConfiguration -Name x",
    );
    assert!(
        err.contains("A session configuration named \"X\" is already registered"),
        "{err}"
    );
    assert_eq!(s.ok("$null = Register-PSSessionConfiguration -Name x -Force; (Get-PSSessionConfiguration).Name"), "x\n");
    assert!(!s.registry().join("../evil.psd1").exists());
}

#[test]
fn enable_psremoting_registers_the_default_configurations() {
    let s = Sandbox::new("enable");
    let out = s.ok(
        "$null = Register-PSSessionConfiguration -Name Ops -AccessMode Disabled\n\
         Enable-PSRemoting -Force\n\
         Get-PSSessionConfiguration | ForEach-Object { \"$($_.Name) $($_.Enabled) $($_.AccessMode)\" }\n\
         Disable-PSSessionConfiguration\n\
         (Get-PSSessionConfiguration).Permission | Sort-Object -Unique",
    );
    assert_eq!(
        out,
        "Ops True Remote\nPowerShell.7 True Remote\nPowerShell.7.4.0 True Remote\nrosh True Remote\nEveryone AccessDenied\n"
    );
    let out = s.ok("Invoke-Command -ComputerName localhost -ConfigurationName PowerShell.7 { 6 * 7 } 2>&1 | ForEach-Object { \"$_\"; $_.FullyQualifiedErrorId }");
    assert!(out.contains("Access is denied."), "{out}");
    // The server's reason reaches the client's record, as PowerShell's does.
    assert!(
        out.ends_with("\nAccessDenied,PSSessionOpenFailed\n"),
        "{out}"
    );
    // The default configuration is disabled too; background jobs use none, as in PowerShell.
    let (out, err) = s.run(
        "Invoke-Command -ComputerName localhost { 'session' }\n\
         Start-Job { 'job' } | Receive-Job -Wait -AutoRemoveJob",
    );
    assert_eq!(out, "job\n");
    assert!(err.contains("Access is denied."), "{err}");
}

// ---------------------------------------------------------------------------------------
// Who may connect
// ---------------------------------------------------------------------------------------

#[test]
fn users_who_may_not_connect_get_access_denied_and_no_session() {
    let s = Sandbox::new("access");
    let me = current_user();
    let group = current_group();
    s.write(
        "required.pssc",
        "@{ SchemaVersion = '2.0.0.0'; RequiredGroups = @{ And = 'rosh-no-such-group' } }",
    );
    s.write("mine.pssc", &format!("@{{ SchemaVersion = '2.0.0.0'; RequiredGroups = @{{ Or = 'rosh-no-such-group', '{group}' }} }}"));
    s.write("roles.pssc", "@{ SchemaVersion = '2.0.0.0'; RoleDefinitions = @{ 'rosh-no-such-group' = @{ VisibleCmdlets = 'Get-Date' } } }");
    s.ok(&format!(
        "$null = Register-PSSessionConfiguration -Name Others -AllowedUsers rosh-no-such-user\n\
         $null = Register-PSSessionConfiguration -Name OtherGroup -AllowedGroups rosh-no-such-group\n\
         $null = Register-PSSessionConfiguration -Name Me -AllowedUsers {me}\n\
         $null = Register-PSSessionConfiguration -Name MyGroup -AllowedGroups {group}\n\
         $null = Register-PSSessionConfiguration -Name Off\n\
         Disable-PSSessionConfiguration -Name Off\n\
         $null = Register-PSSessionConfiguration -Name Nobody -AccessMode Disabled\n\
         $null = Register-PSSessionConfiguration -Name Required -Path ./required.pssc\n\
         $null = Register-PSSessionConfiguration -Name RequiredMine -Path ./mine.pssc\n\
         $null = Register-PSSessionConfiguration -Name Roles -Path ./roles.pssc"
    ));
    for name in ["Others", "OtherGroup", "Off", "Nobody", "Required", "Roles"] {
        let (out, err) = s.run(&format!(
            "$s = New-PSSession -ConfigurationName {name}\n\
             Invoke-Command -ComputerName localhost -ConfigurationName {name} {{ New-Item \"$env:SANDBOX/{name}\" }}\n\
             @(Get-PSSession).Count"
        ));
        assert_eq!(out, "0\n", "{name}");
        assert_eq!(
            err.matches("Connecting to remote server localhost failed with the following error message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.").count(),
            2,
            "{name}: {err}"
        );
        assert!(!s.exists(name), "{name}: the command ran");
    }
    for name in ["Me", "MyGroup", "RequiredMine"] {
        let out = s.ok(&format!(
            "$s = New-PSSession -ConfigurationName {name}; $s.ConfigurationName; Invoke-Command $s {{ 6 * 7 }}"
        ));
        assert_eq!(out, format!("{name}\n42\n"));
    }
    let (_, err) = s.run("New-PSSession -ConfigurationName Missing");
    assert!(
        err.contains("Cannot find the Missing session configuration on the"),
        "{err}"
    );
}

#[test]
fn local_configurations_refuse_ssh_sessions() {
    let s = Sandbox::new("localonly");
    s.ok("$null = Register-PSSessionConfiguration -Name LocalOnly -AccessMode Local");
    let err = s.sshs("LocalOnly").expect_err("refused");
    assert!(err.contains("Access is denied."), "{err}");
    assert_eq!(
        s.ok("Invoke-Command -ComputerName localhost -ConfigurationName LocalOnly { 'local' }"),
        "local\n"
    );
}

// ---------------------------------------------------------------------------------------
// Sessions under a configuration
// ---------------------------------------------------------------------------------------

/// A JEA-style configuration: RestrictedRemoteServer (NoLanguage) exposing a function that
/// creates files in the sandbox through the private New-Item, and New-Item itself with its
/// -Path restricted to `allowed-*` files there.
fn jea(s: &Sandbox) -> String {
    let dir = s.dir.display();
    s.write(
        "jea.pssc",
        &format!(
            "@{{
SchemaVersion = '2.0.0.0'
SessionType = 'RestrictedRemoteServer'
TranscriptDirectory = '{dir}/transcripts'
VisibleFunctions = 'Restart-App'
VisibleProviders = 'FileSystem'
VisibleCmdlets = @{{ Name = 'New-Item'; Parameters = @{{ Name = 'Path'; ValidatePattern = '{dir}/allowed-[a-z]+' }}, @{{ Name = 'ItemType'; ValidateSet = 'File' }} }}
FunctionDefinitions = @{{ Name = 'Restart-App'; ScriptBlock = {{
    param([Parameter(Mandatory)][ValidateSet('web', 'db')][string]$Name)
    $null = New-Item -ItemType File -Path \"{dir}/restarted-$Name\"
    \"restarted $Name\"
}} }}, @{{ Name = 'Remove-Everything'; ScriptBlock = {{ New-Item -ItemType File -Path '{dir}/helper-ran' }} }}
}}"
        ),
    )
}

#[test]
fn restricted_remote_server_exposes_only_its_commands() {
    let s = Sandbox::new("rrs");
    jea(&s);
    s.ok("$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc");
    let out = s.ok("$s = New-PSSession -ConfigurationName JEA\n\
         (Invoke-Command $s { Get-Command }).Name -join ','\n\
         (Get-PSSessionConfiguration JEA).LanguageMode\n\
         Invoke-Command $s { Restart-App web }");
    assert_eq!(
        out,
        "clear,cls,exit,exsn,gcm,measure,select,Restart-App,Clear-Host,Exit-PSSession,Get-Command,Get-FormatData,Get-Help,Measure-Object,New-Item,Out-Default,Select-Object\nNoLanguage\nrestarted web\n"
    );
    assert!(s.exists("restarted-web"));
    // The proxies' parameters are restricted as PowerShell restricts them.
    let (out, err) = s.run(
        "$s = New-PSSession -ConfigurationName JEA\n\
         Invoke-Command $s { Get-Command -Name New-Item | Select-Object -Property Name, Definition }\n\
         Invoke-Command $s { Get-Help -Name 'New-Item;evil' }\n\
         Invoke-Command $s { Get-Command -Name New-Item -Syntax }\n\
         Invoke-Command $s { Measure-Object -Property Length }\n\
         (Invoke-Command $s { Get-Command -Name New-Item | Measure-Object }).Count",
    );
    assert_eq!(out, "1\n");
    for why in [
        "Cannot validate argument on parameter 'Property'. The argument \"Definition\" does not belong to the set \"ModuleName,Namespace,OutputType,Count,HelpUri,Name,CommandType,ResolvedCommandName,DefaultParameterSet,CmdletBinding,Parameters\" specified by the ValidateSet attribute.",
        "Cannot validate argument on parameter 'Name'. The argument \"New-Item;evil\" does not match the",
        "A parameter cannot be found that matches parameter name 'Syntax'.",
        "A parameter cannot be found that matches parameter name 'Property'.",
    ] {
        assert!(err.contains(why), "expected {why:?} in\n{err}");
    }
}

#[test]
fn private_commands_cannot_be_reached_in_a_jea_session() {
    let s = Sandbox::new("jeaescape");
    jea(&s);
    s.ok("$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc");
    let dir = s.dir.display().to_string();
    // Each attempt is a plain command line, as a NoLanguage session takes them.
    let attempts = [
        (
            format!("Set-Content -Path {dir}/evil -Value x"),
            "Set-Content",
        ),
        (
            format!("Microsoft.PowerShell.Management\\Set-Content -Path {dir}/evil -Value x"),
            "Microsoft.PowerShell.Management\\Set-Content",
        ),
        (format!("ni -Path {dir}/evil"), "ni"),
        (format!("sc {dir}/evil x"), "sc"),
        ("Remove-Everything".to_string(), "Remove-Everything"),
        (format!("/usr/bin/touch {dir}/evil"), "/usr/bin/touch"),
        (format!("touch {dir}/evil"), "touch"),
        (
            format!("Invoke-Expression 'New-Item {dir}/evil'"),
            "Invoke-Expression",
        ),
        (
            format!("Start-Process -FilePath touch -ArgumentList {dir}/evil"),
            "Start-Process",
        ),
        (format!("Start-Job -FilePath {dir}/x.ps1"), "Start-Job"),
        ("Get-Alias".to_string(), "Get-Alias"),
    ];
    for (line, term) in &attempts {
        let (_, err) = s.run(&format!(
            "$s = New-PSSession -ConfigurationName JEA; Invoke-Command $s {{ {line} }}"
        ));
        assert_not_found(&err, term);
    }
    // Get-Command and Get-Help do not know private commands either.
    let (out, err) = s.run(
        "$s = New-PSSession -ConfigurationName JEA\n\
         Invoke-Command $s { Get-Command -Name Set-Content }\n\
         Invoke-Command $s { Get-Command -Name Remove-Everything }\n\
         @(Invoke-Command $s { Get-Command -Name Set-* }).Count\n\
         Invoke-Command $s { Get-Help -Name Remove-Everything }",
    );
    assert_eq!(out, "0\n");
    assert_eq!(
        err.matches("The term 'Set-Content' is not recognized")
            .count()
            + err
                .matches("The term 'Remove-Everything' is not recognized")
                .count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("Get-Help could not find Remove-Everything"),
        "{err}"
    );
    assert!(!s.exists("evil") && !s.exists("helper-ran"));
    // The same over SSH (`rosh -sshs -ConfigurationName JEA`, as sshd's ForceCommand runs it).
    let session = s.sshs("JEA").expect("the JEA session opens");
    let (_, errors) = remote(
        &session,
        vec![CommandSpec::command("Set-Content").with_parameter(
            "Path",
            rosh_remoting::bodies::ArgValue::String(format!("{dir}/evil")),
        )],
    );
    assert!(
        errors.iter().any(|e| e.contains("Set-Content")),
        "{errors:?}"
    );
    let (out, _) = remote(
        &session,
        vec![
            CommandSpec::command("Restart-App")
                .with_parameter("Name", rosh_remoting::bodies::ArgValue::String("db".into())),
        ],
    );
    assert_eq!(out, vec!["restarted db"]);
    session.close();
    assert!(!s.exists("evil") && s.exists("restarted-db"));
}

#[test]
fn parameter_restrictions_hold_against_injection() {
    let s = Sandbox::new("inject");
    jea(&s);
    s.ok("$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc");
    let dir = s.dir.display().to_string();
    let ok = s.ok(&format!(
        "$s = New-PSSession -ConfigurationName JEA\n\
         (Invoke-Command $s {{ New-Item -Path {dir}/allowed-one -ItemType file }}).Name\n\
         (Invoke-Command $s {{ New-Item {dir}/allowed-two -It File }}).Name"
    ));
    assert_eq!(ok, "allowed-one\nallowed-two\n");
    let cases: Vec<(String, &str)> = vec![
        // Outside the pattern, by path, traversal, wildcard and look-alike letters.
        (format!("New-Item -Path {dir}/evil"), "does not match the"),
        (
            format!("New-Item -Path {dir}/allowed-x/../../evil"),
            "does not match the",
        ),
        (
            format!("New-Item -Path '{dir}/allowed-*'"),
            "does not match the",
        ),
        (
            format!("New-Item -Path {dir}/аllowed-x"),
            "does not match the",
        ),
        (
            format!("New-Item -Path {dir}/allowed-еvil"),
            "does not match the",
        ),
        // Arrays: one bad element refuses the whole call.
        (
            format!("New-Item -Path {dir}/allowed-three, {dir}/evil"),
            "does not match the",
        ),
        // Parameters not exposed, by name, prefix and alias.
        (
            format!("New-Item -Path {dir}/allowed-four -Value x"),
            "A parameter cannot be found that matches parameter name 'Value'.",
        ),
        (
            format!("New-Item -Path {dir}/allowed-four -Fo"),
            "A parameter cannot be found that matches parameter name 'Fo'.",
        ),
        (
            format!("New-Item -Path {dir}/allowed-four -Type Directory"),
            "does not belong to the set \"File\"",
        ),
        (
            format!("New-Item -Path {dir}/allowed-four -ItemType SymbolicLink"),
            "does not belong to the set \"File\"",
        ),
        // A positional argument beyond the exposed parameters.
        (
            format!("New-Item {dir}/allowed-four {dir}/evil"),
            "A positional parameter cannot be found that accepts argument",
        ),
        // The visible function's own validation.
        (
            "Restart-App -Name evil".to_string(),
            "does not belong to the set \"web,db\"",
        ),
        (
            "Restart-App -Na ../../evil".to_string(),
            "does not belong to the set \"web,db\"",
        ),
        (
            "Restart-App web, evil".to_string(),
            "does not belong to the set \"web,db\"",
        ),
        (
            "Restart-App 'w*'".to_string(),
            "does not belong to the set \"web,db\"",
        ),
        (
            "Restart-App 'wеb'".to_string(),
            "does not belong to the set \"web,db\"",
        ),
    ];
    for (line, why) in &cases {
        let (_, err) = s.run(&format!(
            "$s = New-PSSession -ConfigurationName JEA; Invoke-Command $s {{ {line} }}"
        ));
        assert!(err.contains(why), "{line}: expected {why:?} in\n{err}");
    }
    // A module-qualified name reaches the same restricted command.
    let (_, err) = s.run(&format!(
        "$s = New-PSSession -ConfigurationName JEA; Invoke-Command $s {{ Microsoft.PowerShell.Management\\New-Item -Path {dir}/evil }}"
    ));
    assert!(err.contains("does not match the"), "{err}");
    // Pipeline input binds only to what is exposed, and is checked the same way.
    let (_, err) = s.run(&format!(
        "$s = New-PSSession -ConfigurationName JEA\n\
         '{dir}/evil' | Invoke-Command $s {{ $input | New-Item -ItemType File }}\n\
         [pscustomobject]@{{ Name = '../evil' }} | Invoke-Command $s {{ $input | Restart-App }}"
    ));
    assert!(!err.is_empty());
    let names: Vec<String> = std::fs::read_dir(&s.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "jea.pssc" && n != "reg" && n != "transcripts")
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        ["allowed-one", "allowed-two"],
        "files created: {names:?}"
    );
}

/// A FullLanguage configuration that hides commands (PowerShell's visibility alone): the
/// user can write any script, so every route to a command is tried.
fn visible_only(s: &Sandbox) -> String {
    let dir = s.dir.display();
    s.write(
        "visible.pssc",
        &format!(
            "@{{
SchemaVersion = '2.0.0.0'
VisibleCmdlets = 'Get-Command', 'Write-Output', 'ForEach-Object', 'Set-Alias', 'Get-Date', 'Get-ChildItem', 'Test-Path'
VisibleProviders = 'FileSystem', 'Function', 'Alias'
VisibleFunctions = 'Invoke-Safely', 'Make-File', @{{ Name = 'Touch-File'; Parameters = @{{ Name = 'Name'; ValidateSet = 'a' }} }}
FunctionDefinitions = @{{ Name = 'Invoke-Safely'; ScriptBlock = {{ param([scriptblock]$Action) & $Action }} }},
    @{{ Name = 'Touch-File'; ScriptBlock = {{ param($Name) $null = New-Item -Path \"{dir}/touched-$Name\"; 'touched' }} }},
    @{{ Name = 'Make-File'; ScriptBlock = {{ param([Parameter(Mandatory)][ValidatePattern('^[a-z]+$')][string]$Name) $null = New-Item -Path \"{dir}/made-$Name\"; Get-Date -Year 2000 -Format yyyy }} }},
    @{{ Name = 'Helper'; ScriptBlock = {{ New-Item -Path '{dir}/helper-ran' }} }}
}}"
        ),
    )
}

#[test]
fn private_commands_cannot_be_reached_by_any_route_in_full_language() {
    let s = Sandbox::new("routes");
    let file = visible_only(&s);
    let dir = s.dir.display().to_string();
    let attempts = [
        format!("New-Item {dir}/evil"),
        format!("& (Get-Command New-Item) {dir}/evil"),
        format!("$c = 'New-Item'; & $c {dir}/evil"),
        format!("ni {dir}/evil"),
        format!("Microsoft.PowerShell.Management\\New-Item {dir}/evil"),
        format!("& 'Microsoft.PowerShell.Management\\New-Item' {dir}/evil"),
        format!("Set-Alias x New-Item; x {dir}/evil"),
        format!("Set-Alias x Microsoft.PowerShell.Management\\New-Item; x {dir}/evil"),
        format!("Invoke-Safely {{ New-Item {dir}/evil }}"),
        "Helper".to_string(),
        "& $function:Helper".to_string(),
        "& ${function:Helper}".to_string(),
        format!("'{dir}/evil' | ForEach-Object {{ New-Item $_ }}"),
        format!("Invoke-Expression 'New-Item {dir}/evil'"),
        format!("/usr/bin/touch {dir}/evil"),
        format!("touch {dir}/evil"),
        format!(". {{ New-Item {dir}/evil }}"),
        format!("function New-Thing {{ New-Item {dir}/evil }}; New-Thing"),
        // The script block of a visible, restricted function runs as the user's code.
        "& ${function:Touch-File} evil".to_string(),
        ". ${function:Touch-File} evil".to_string(),
        "${function:Touch-File}.Invoke('evil')".to_string(),
        "$f = ${function:Touch-File}; & $f -Name evil".to_string(),
        "Invoke-Safely ${function:Touch-File}".to_string(),
    ];
    for a in &attempts {
        let (_, err) = s.run_configured(&file, a);
        // The configuration's function blocks are not the user's: `${function:Touch-File}`
        // is $null for them; everything else is a command that does not exist.
        let refused = if a.contains("${function:") {
            !err.is_empty()
        } else {
            err.contains(
                "is not recognized as a name of a cmdlet, function, script file, or executable program",
            )
        };
        assert!(refused, "{a}: expected a refusal, got:\n{err}");
        assert!(
            !s.exists("evil")
                && !s.exists("helper-ran")
                && !s.path("touched-").exists()
                && !s.exists("touched-evil"),
            "{a} created a file"
        );
    }
    let out = s.run_configured(&file, "(Get-Command).Name -join ','").0;
    assert_eq!(
        out,
        "Invoke-Safely,Make-File,Touch-File,ForEach-Object,Get-ChildItem,Get-Command,Get-Date,Set-Alias,Test-Path,Write-Output\n"
    );
    // Called as a command, the restricted function takes only what its restriction allows.
    let (out, err) = s.run_configured(&file, "Touch-File a; Touch-File evil");
    assert_eq!(out, "touched\n");
    assert!(
        err.contains("The argument \"evil\" does not belong to the set \"a\""),
        "{err}"
    );
    assert!(s.exists("touched-a") && !s.exists("touched-evil"));
    let (out, err) = s.run_configured(&file, "Get-Command New-Item, Helper, ni -ErrorAction SilentlyContinue; \"$function:Helper\".Length");
    assert_eq!((out.as_str(), err.as_str()), ("0\n", ""));
    // The function: and alias: drives show only what the user may use.
    let (out, err) = s.run_configured(
        &file,
        "Set-Alias mine Get-Date\n\
         (Get-ChildItem function:).Name -join ','\n\
         (Get-ChildItem alias:).Name -join ','\n\
         Test-Path function:Helper; Test-Path alias:ni; Test-Path function:Make-File",
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "Invoke-Safely,Make-File,Touch-File\nmine\nFalse\nFalse\nTrue\n",
            ""
        )
    );
}

#[test]
fn configuration_code_runs_trusted_and_cannot_be_hijacked() {
    let s = Sandbox::new("trusted");
    let file = visible_only(&s);
    let (out, err) = s.run_configured(&file, "Make-File one");
    assert_eq!((out.as_str(), err.as_str()), ("2000\n", ""));
    assert!(s.exists("made-one"));
    // The user's own Get-Date and New-Item do not replace the ones the configuration's
    // function calls.
    let (out, err) = s.run_configured(
        &file,
        "function Get-Date { 'hijacked' }; Set-Alias New-Item Write-Output; Make-File two; Get-Date",
    );
    assert_eq!((out.as_str(), err.as_str()), ("2000\nhijacked\n", ""));
    assert!(s.exists("made-two"));
    let (_, err) = s.run_configured(&file, "Make-File '../evil'; Make-File -Name 'a','b'");
    assert!(
        err.contains("does not match the \"^[a-z]+$\" pattern"),
        "{err}"
    );
    assert!(!s.path("../evil").exists() && !s.exists("made-a"));
}

#[test]
fn startup_scripts_run_and_their_failures_fail_the_session() {
    let s = Sandbox::new("startup");
    let dir = s.dir.display().to_string();
    s.write(
        "init.ps1",
        "$Greeting = 'hello'\nfunction Get-Greeting { \"$Greeting from init\" }\n",
    );
    s.write("start.ps1", "$Started = 'started'\n");
    s.write("broken.ps1", "Write-Error 'no database'\n");
    s.write(
        "init.pssc",
        &format!("@{{ SchemaVersion = '2.0.0.0'; ScriptsToProcess = '{dir}/init.ps1'; VisibleFunctions = 'Get-Greeting'; VisibleCmdlets = 'Get-Variable' }}"),
    );
    s.ok("$null = Register-PSSessionConfiguration -Name Init -Path ./init.pssc -StartupScript ./start.ps1\n\
          $null = Register-PSSessionConfiguration -Name Broken -StartupScript ./broken.ps1");
    let out = s.ok("$s = New-PSSession -ConfigurationName Init\n\
         Invoke-Command $s { Get-Greeting }\n\
         (Invoke-Command $s { Get-Variable -Name Started }).Value");
    assert_eq!(out, "hello from init\nstarted\n");
    let (out, err) = s.run("New-PSSession -ConfigurationName Broken; @(Get-PSSession).Count");
    assert_eq!(out, "0\n");
    assert!(
        err.contains("Running startup script threw an error: no database."),
        "{err}"
    );
}

#[test]
fn roles_merge_their_capabilities_for_the_user() {
    let s = Sandbox::new("roles");
    let me = current_user();
    let dir = s.dir.display().to_string();
    s.ok("New-PSRoleCapabilityFile -Path ./clock.psrc -VisibleCmdlets 'Get-Date' -VisibleFunctions 'Get-Clock' -FunctionDefinitions @{ Name = 'Get-Clock'; ScriptBlock = { Get-Date -Year 1999 -Format yyyy } }");
    s.write(
        "roles.pssc",
        &format!(
            "@{{ SchemaVersion = '2.0.0.0'; SessionType = 'RestrictedRemoteServer'
RoleDefinitions = @{{ '{me}' = @{{ RoleCapabilityFiles = '{dir}/clock.psrc' }}; 'rosh-no-such-group' = @{{ VisibleCmdlets = 'New-Item' }} }} }}"
        ),
    );
    s.ok("$null = Register-PSSessionConfiguration -Name Roles -Path ./roles.pssc");
    let (out, err) = s.run(&format!(
        "$s = New-PSSession -ConfigurationName Roles\n\
         Invoke-Command $s {{ Get-Clock }}\n\
         Invoke-Command $s {{ New-Item -Path {dir}/evil }}"
    ));
    assert_eq!(out, "1999\n");
    assert_not_found(&err, "New-Item");
    assert!(!s.exists("evil"));
    s.write(
        "badrole.pssc",
        &format!("@{{ SchemaVersion = '2.0.0.0'; RoleDefinitions = @{{ '{me}' = @{{ RoleCapabilityFiles = '{dir}/missing.psrc' }} }} }}"),
    );
    s.ok("$null = Register-PSSessionConfiguration -Name BadRole -Path ./badrole.pssc");
    let (_, err) = s.run("New-PSSession -ConfigurationName BadRole");
    assert!(
        err.contains(&format!(
            "Could not find the provided role capability file {dir}/missing.psrc."
        )),
        "{err}"
    );
}

#[test]
fn size_limits_apply() {
    let s = Sandbox::new("limits");
    s.ok("$null = Register-PSSessionConfiguration -Name Small -MaximumReceivedDataSizePerCommandMB 1");
    let (out, err) = s.run(
        "$big = 'x' * 1.5MB\n\
         Invoke-Command -ComputerName localhost -ConfigurationName Small { ($using:big).Length }\n\
         Invoke-Command -ComputerName localhost -ConfigurationName Small { 'small' }",
    );
    assert_eq!(out, "small\n");
    assert!(err.contains("exceeded the allowed maximum"), "{err}");
    assert_eq!(
        s.ok("$big = 'x' * 1.5MB; Invoke-Command -ComputerName localhost { ($using:big).Length }"),
        "1572864\n"
    );
    // An object larger than MaximumReceivedObjectSizeMB ends the session.
    s.ok(
        "$null = Register-PSSessionConfiguration -Name SmallObjects -MaximumReceivedObjectSizeMB 1",
    );
    let (out, err) = s.run(
        "$big = 'x' * 1.5MB\n\
         Invoke-Command -ComputerName localhost -ConfigurationName SmallObjects { ($using:big).Length }",
    );
    assert_eq!(out, "");
    assert!(
        err.contains("message exceeds the limit of 1048576 bytes"),
        "{err}"
    );
}

#[test]
fn transcripts_record_commands_and_output() {
    let s = Sandbox::new("transcript");
    jea(&s);
    s.ok(
        "$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc\n\
          $s = New-PSSession -ConfigurationName JEA\n\
          $null = Invoke-Command $s { Restart-App db }\n\
          Invoke-Command $s { Set-Content x y } 2>$null\n\
          Remove-PSSession $s",
    );
    let day = std::fs::read_dir(s.path("transcripts"))
        .expect("the transcript directory")
        .next()
        .expect("a day directory")
        .unwrap()
        .path();
    let file = std::fs::read_dir(&day)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("PowerShell_transcript.")
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for part in [
        "**********************\nPowerShell transcript start\nStart time: ",
        "Configuration Name: JEA\n",
        &format!("Username: {}\n", current_user()),
        "PS>Restart-App db\nrestarted db\n",
        "PS>Set-Content x y\n",
        "The term 'Set-Content' is not recognized",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    assert!(
        text.ends_with("**********************\n")
            && text.contains("**********************\nPowerShell transcript end\nEnd time: "),
        "no footer:\n{text}"
    );
}

#[test]
fn the_configuration_name_preference_is_the_default() {
    let s = Sandbox::new("preference");
    s.write(
        "date.pssc",
        "@{ SchemaVersion = '2.0.0.0'; VisibleCmdlets = 'Get-Date', 'Get-Command' }",
    );
    s.ok("$null = Register-PSSessionConfiguration -Name DateOnly -Path ./date.pssc");
    let (out, err) = s.run(
        "$PSSessionConfigurationName = 'DateOnly'\n\
         $s = New-PSSession; $s.ConfigurationName\n\
         (Invoke-Command $s { Get-Command }).Name -join ','\n\
         $PSSessionConfigurationName = 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell'\n\
         (New-PSSession).ConfigurationName\n\
         Invoke-Command -ComputerName localhost { @(Get-Command Set-Content).Count }",
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("DateOnly\nGet-Command,Get-Date\nrosh\n1\n", "")
    );
}

#[test]
fn language_mode_comes_from_the_configuration() {
    let s = Sandbox::new("langmode");
    let f = s.write(
        "cl.pssc",
        "@{ SchemaVersion = '2.0.0.0'; LanguageMode = 'ConstrainedLanguage' }",
    );
    let (out, _) = s.run_configured(&f, "$ExecutionContext.SessionState.LanguageMode");
    assert_eq!(out, "ConstrainedLanguage\n");
    s.ok("$null = Register-PSSessionConfiguration -Name CL -Path ./cl.pssc");
    assert_eq!(
        s.ok("Invoke-Command -ComputerName localhost -ConfigurationName CL { $ExecutionContext.SessionState.LanguageMode }"),
        "ConstrainedLanguage\n"
    );
}

#[test]
fn no_language_sessions_take_commands_with_using_values() {
    let s = Sandbox::new("nolanguage");
    jea(&s);
    s.ok("$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc");
    let out = s.ok("$app = 'db'; $n = 'Restart-App'\n\
         $s = New-PSSession -ConfigurationName JEA\n\
         Invoke-Command $s { Restart-App -Name $using:app }\n\
         (Invoke-Command $s { Get-Command -Name $using:n }).Name");
    assert_eq!(out, "restarted db\nRestart-App\n");
}

#[test]
fn sshd_pins_a_configuration_with_the_server_command_line() {
    let s = Sandbox::new("pinned");
    s.write(
        "date.pssc",
        "@{ SchemaVersion = '2.0.0.0'; VisibleCmdlets = 'Get-Date' }",
    );
    s.ok("$null = Register-PSSessionConfiguration -Name DateOnly -Path ./date.pssc");
    let session = s.sshs("DateOnly").expect("opens");
    let (out, errors) = remote(
        &session,
        vec![CommandSpec::script("Get-Date -Year 2001 -Format yyyy")],
    );
    assert_eq!(out, vec!["2001"], "{errors:?}");
    let (_, errors) = remote(
        &session,
        vec![CommandSpec::script(format!("New-Item {}", s.p("evil")))],
    );
    assert!(errors.iter().any(|e| e.contains("New-Item")), "{errors:?}");
    session.close();
    assert!(!s.exists("evil"));
}

#[test]
fn enter_pssession_reaches_a_jea_session_interactively() {
    let s = Sandbox::new("interactive");
    jea(&s);
    s.ok("$null = Register-PSSessionConfiguration -Name JEA -Path ./jea.pssc");
    let mut c = s.command(&["-NoProfile", "-NoLogo"]);
    c.env("TERM", "xterm").env("NO_COLOR", "1");
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut p = rexpect::session::spawn_with_options(c, options).expect("rosh starts in a pty");
    p.exp_string("> ").expect("first prompt");
    p.send_line("Enter-PSSession -ComputerName localhost -ConfigurationName JEA")
        .unwrap();
    p.exp_string("[localhost]: PS").unwrap();
    // Each line is one command with constant arguments: a NoLanguage session takes it.
    p.send_line("Restart-App web").unwrap();
    p.exp_string("restarted web").unwrap();
    p.send_line(&format!("Set-Content -Path {} -Value x", s.p("evil")))
        .unwrap();
    p.exp_string("The term 'Set-Content' is not recognized")
        .unwrap();
    p.send_line("exit").unwrap();
    p.exp_string("PS /").unwrap();
    p.send_line("'back' + 'home'").unwrap();
    p.exp_string("backhome").unwrap();
    assert!(s.exists("restarted-web") && !s.exists("evil"));
}

#[test]
fn providers_the_configuration_does_not_list_are_private_to_the_user() {
    let s = Sandbox::new("providers");
    let dir = s.dir.display().to_string();
    s.write("secret.txt", "top secret");
    let file = s.write(
        "providers.pssc",
        &format!(
            "@{{
SchemaVersion = '2.0.0.0'
VisibleCmdlets = 'Get-Content', 'Get-ChildItem', 'Get-Item', 'Set-Location', 'Write-Output', 'Out-File', 'Test-Path', 'Copy-Item'
VisibleProviders = 'Env*'
VisibleFunctions = 'Read-Secret'
FunctionDefinitions = @{{ Name = 'Read-Secret'; ScriptBlock = {{ Get-Content '{dir}/secret.txt' }} }}
}}"
        ),
    );
    let attempts = [
        format!("Get-Content {dir}/secret.txt"),
        format!("Get-Content -LiteralPath {dir}/secret.txt"),
        format!("'{dir}/secret.txt' | Get-Content"),
        format!("[pscustomobject]@{{ PSPath = '{dir}/secret.txt' }} | Get-Content"),
        format!("Get-Content Microsoft.PowerShell.Core\\FileSystem::{dir}/secret.txt"),
        format!("Get-ChildItem {dir}"),
        "Get-ChildItem".to_string(),
        format!("Set-Location {dir}"),
        format!("Test-Path {dir}/secret.txt"),
        format!("Copy-Item -Path env:HOME -Destination {dir}/evil.txt"),
        format!("'x' > {dir}/evil.txt"),
        format!("Write-Output x | Out-File {dir}/evil.txt"),
        "Get-Item variable:PID".to_string(),
    ];
    for attempt in &attempts {
        let (out, err) = s.run_configured(&file, attempt);
        assert!(
            !out.contains("top secret") && !out.contains("True"),
            "{attempt}: {out}"
        );
        assert!(
            err.contains("Cannot find drive. A drive with the name '"),
            "{attempt}: {err}"
        );
    }
    assert!(!s.exists("evil.txt"));
    let (out, _) = s.run_configured(
        &file,
        &format!("try {{ Get-Content {dir}/secret.txt }} catch {{ $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }}"),
    );
    assert_eq!(
        out,
        "DriveNotFound,Microsoft.PowerShell.Commands.GetContentCommand\nObjectNotFound\n"
    );
    // The listed provider works, and the configuration's own function reads its file.
    let (out, err) = s.run_configured(
        &file,
        "(Get-Item env:SANDBOX).Value -eq $env:SANDBOX; Read-Secret",
    );
    assert_eq!((out.as_str(), err.as_str()), ("True\ntop secret\n", ""));
    // The same through a remote session to the registered configuration.
    let (out, err) = s.run(&format!(
        "$null = Register-PSSessionConfiguration -Name Files -Path ./providers.pssc\n\
         $s = New-PSSession -ConfigurationName Files\n\
         Invoke-Command $s {{ Get-Content {dir}/secret.txt }}\n\
         Invoke-Command $s {{ 'x' | Out-File {dir}/evil.txt }}\n\
         Invoke-Command $s {{ Read-Secret }}"
    ));
    assert_eq!(out, "top secret\n", "{err}");
    assert_eq!(
        err.matches("Cannot find drive. A drive with the name '/' does not exist.")
            .count(),
        2,
        "{err}"
    );
    assert!(!s.exists("evil.txt"));
}
