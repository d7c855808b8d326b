//! `New-PSSessionConfigurationFile`: write a session configuration file (`.pssc`).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{enum_arg, fail};
use crate::session_config::generate;
use crate::session_config::keys::{EXECUTION_POLICIES, LANGUAGE_MODES, SESSION_TYPES};

const NAME: &str = "New-PSSessionConfigurationFile";

/// `New-PSSessionConfigurationFile [-Path] <string> [-SessionType <SessionType>]
/// [-LanguageMode <PSLanguageMode>] [-Visible...] [-FunctionDefinitions <IDictionary[]>]
/// [-RoleDefinitions <IDictionary>] [-RequiredGroups <IDictionary>] [-Full] ...`
pub struct NewPSSessionConfigurationFile;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .mandatory()
        .of("string")
        .describe("The file to write; it must end in .pssc."),
    ParamSpec::value("SchemaVersion")
        .of("version")
        .describe("The file's schema version; 2.0.0.0 by default."),
    ParamSpec::value("Guid").of("guid").describe("The file's id; a new GUID by default."),
    ParamSpec::value("Author")
        .of("string")
        .describe("The author; the current user by default."),
    ParamSpec::value("Description").of("string").describe("What the configuration is for."),
    ParamSpec::value("CompanyName")
        .of("string")
        .describe("The company; Unknown by default."),
    ParamSpec::value("Copyright")
        .of("string")
        .describe("The copyright statement; (c) <author>. All rights reserved. by default."),
    ParamSpec::value("SessionType")
        .of("SessionType")
        .describe("Default (every command, FullLanguage), RestrictedRemoteServer (only the commands implicit remoting needs, NoLanguage) or Empty (nothing, NoLanguage)."),
    ParamSpec::value("TranscriptDirectory")
        .of("string")
        .describe("A directory where each session writes a transcript of its commands and output."),
    ParamSpec::value("ScriptsToProcess")
        .of("string[]")
        .describe("Scripts (absolute paths, .ps1) run when a session starts, as the configuration's trusted code."),
    ParamSpec::value("RoleDefinitions")
        .of("IDictionary")
        .describe("User or group name -> settings for that role: RoleCapabilities, RoleCapabilityFiles or any Visible*/definition key."),
    ParamSpec::value("RequiredGroups")
        .of("IDictionary")
        .describe("Groups a user must be in to connect: @{ And = ... } or @{ Or = ... }, nestable."),
    ParamSpec::value("LanguageMode")
        .of("PSLanguageMode")
        .describe("FullLanguage, ConstrainedLanguage, RestrictedLanguage or NoLanguage; the session type's by default."),
    ParamSpec::value("ExecutionPolicy")
        .of("ExecutionPolicy")
        .describe("Written to the file; rosh, like PowerShell on Linux, enforces no execution policy."),
    ParamSpec::value("PowerShellVersion")
        .of("version")
        .describe("Written to the file; rosh runs every configuration itself."),
    ParamSpec::value("ModulesToImport")
        .of("Object[]")
        .describe("Modules to import; rosh's built-in modules (Microsoft.PowerShell.*) only."),
    ParamSpec::value("VisibleAliases")
        .of("string[]")
        .wildcards()
        .describe("Aliases the user may use; with any Visible* key every other command is private."),
    ParamSpec::value("VisibleCmdlets")
        .of("Object[]")
        .wildcards()
        .describe("Commands the user may run: names, wildcards, Module\\Name, or @{ Name = ...; Parameters = @{ Name = ...; ValidateSet = ...; ValidatePattern = ... } } to expose only some parameters."),
    ParamSpec::value("VisibleFunctions")
        .of("Object[]")
        .wildcards()
        .describe("Functions the user may run, written like VisibleCmdlets."),
    ParamSpec::value("VisibleExternalCommands")
        .of("string[]")
        .describe("Programs the user may run, by full path ('*' for all)."),
    ParamSpec::value("VisibleProviders")
        .of("string[]")
        .describe("Providers the user may use; written to the file."),
    ParamSpec::value("AliasDefinitions")
        .of("IDictionary[]")
        .describe("Aliases to define: @{ Name = ...; Value = ... }."),
    ParamSpec::value("FunctionDefinitions")
        .of("IDictionary[]")
        .describe("Functions to define: @{ Name = ...; ScriptBlock = { ... } }; they run as the configuration's trusted code."),
    ParamSpec::value("VariableDefinitions")
        .of("Object")
        .describe("Variables to define: @{ Name = ...; Value = ... } (a script block value is run for it)."),
    ParamSpec::value("EnvironmentVariables")
        .of("IDictionary")
        .describe("Environment variables to set: @{ NAME = 'value' }."),
    ParamSpec::switch("Full").describe("Write every key, the ones not given as commented examples."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewPSSessionConfigurationFile {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Creates a file that defines a session configuration."
    }
    fn description(&self) -> &'static str {
        "The New-PSSessionConfigurationFile cmdlet writes a session configuration file (.pssc): a hashtable of settings that define the sessions a configuration gives, such as its language mode, the commands that are visible and the functions it defines. Register-PSSessionConfiguration -Path registers it under a name; rosh -ConfigurationFile applies it to a local session.

The file is written in PowerShell's layout: each key with a comment line, keys not given left out (or, with -Full, written as commented examples). Keys that only make sense on Windows (RunAsVirtualAccount, user drives, assemblies, type and format files) are not written."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Test-PSSessionConfigurationFile",
            "Register-PSSessionConfiguration",
            "New-PSRoleCapabilityFile",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Write a restricted configuration and check it.",
            code: "$f = \"/tmp/rosh-pssc-$PID.pssc\"\n\
                   New-PSSessionConfigurationFile -Path $f -SessionType RestrictedRemoteServer -VisibleCmdlets 'Get-Date'\n\
                   Test-PSSessionConfigurationFile $f\n\
                   (Get-Content $f) -match '^(SessionType|VisibleCmdlets)'\n\
                   Remove-Item $f",
            output: "True\nSessionType = 'RestrictedRemoteServer'\nVisibleCmdlets = 'Get-Date'",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let full = crate::session_config::cmdlets::data_file_path(
            rs,
            NAME,
            &self.args,
            "pssc",
            "InvalidPSSessionConfigurationFilePath",
            "PSSession Configuration file",
        )?;
        let session_type = enum_arg(
            NAME,
            &self.args,
            "SessionType",
            "System.Management.Automation.Remoting.SessionType",
            SESSION_TYPES,
        )?
        .unwrap_or("Default");
        let language_mode = enum_arg(
            NAME,
            &self.args,
            "LanguageMode",
            "System.Management.Automation.PSLanguageMode",
            LANGUAGE_MODES,
        )?;
        let execution_policy = enum_arg(
            NAME,
            &self.args,
            "ExecutionPolicy",
            "Microsoft.PowerShell.ExecutionPolicy",
            EXECUTION_POLICIES,
        )?;
        let shown = full.to_string_lossy().into_owned();
        let text = generate::session_configuration(
            &self.args,
            session_type,
            language_mode,
            execution_policy,
            &shown,
        )
        .map_err(|e| fail(NAME, e.id, ErrorCategory::InvalidArgument, e.message))?;
        std::fs::write(&full, text).map_err(|e| {
            fail(
                NAME,
                "FileOpenFailure",
                ErrorCategory::OpenError,
                format!("Could not open the file {shown}: {e}"),
            )
        })
    }
}
