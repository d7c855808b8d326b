//! `New-PSRoleCapabilityFile`: write a role capability file (`.psrc`).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::fail;
use crate::session_config::generate;

const NAME: &str = "New-PSRoleCapabilityFile";

/// `New-PSRoleCapabilityFile [-Path] <string> [-VisibleCmdlets <Object[]>]
/// [-VisibleFunctions <Object[]>] [-FunctionDefinitions <IDictionary[]>] ...`
pub struct NewPSRoleCapabilityFile;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Path")
        .at(0)
        .mandatory()
        .of("string")
        .describe("The file to write; it must end in .psrc."),
    ParamSpec::value("Guid").of("guid").describe("The file's id; a new GUID by default."),
    ParamSpec::value("Author")
        .of("string")
        .describe("The author; the current user by default."),
    ParamSpec::value("Description").of("string").describe("What the role may do."),
    ParamSpec::value("CompanyName")
        .of("string")
        .describe("The company; Unknown by default."),
    ParamSpec::value("Copyright")
        .of("string")
        .describe("The copyright statement; (c) <author>. All rights reserved. by default."),
    ParamSpec::value("ModulesToImport")
        .of("Object[]")
        .describe("Modules to import; rosh's built-in modules only."),
    ParamSpec::value("VisibleAliases")
        .of("string[]")
        .wildcards()
        .describe("Aliases the role may use."),
    ParamSpec::value("VisibleCmdlets")
        .of("Object[]")
        .wildcards()
        .describe("Commands the role may run: names, wildcards, or @{ Name = ...; Parameters = ... } with ValidateSet/ValidatePattern per parameter."),
    ParamSpec::value("VisibleFunctions")
        .of("Object[]")
        .wildcards()
        .describe("Functions the role may run, written like VisibleCmdlets."),
    ParamSpec::value("VisibleExternalCommands")
        .of("string[]")
        .describe("Programs the role may run, by full path."),
    ParamSpec::value("VisibleProviders")
        .of("string[]")
        .describe("Providers the role may use."),
    ParamSpec::value("ScriptsToProcess")
        .of("string[]")
        .describe("Scripts run when a session of the role starts."),
    ParamSpec::value("AliasDefinitions")
        .of("IDictionary[]")
        .describe("Aliases to define: @{ Name = ...; Value = ... }."),
    ParamSpec::value("FunctionDefinitions")
        .of("IDictionary[]")
        .describe("Functions to define: @{ Name = ...; ScriptBlock = { ... } }."),
    ParamSpec::value("VariableDefinitions")
        .of("Object")
        .describe("Variables to define: @{ Name = ...; Value = ... }."),
    ParamSpec::value("EnvironmentVariables")
        .of("IDictionary")
        .describe("Environment variables to set."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewPSRoleCapabilityFile {
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
        "Creates a file that defines a set of capabilities to be exposed through a session configuration."
    }
    fn description(&self) -> &'static str {
        "The New-PSRoleCapabilityFile cmdlet writes a role capability file (.psrc): the commands, functions and definitions one role of users gets (JEA). A session configuration's RoleDefinitions gives roles to users and groups, naming capabilities by file (RoleCapabilityFiles) or by name (RoleCapabilities, looked up as RoleCapabilities/<name>.psrc in the modules of $env:PSModulePath). When a user has several roles, their capabilities are merged.

Every key is written; those not given as commented examples."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "New-PSSessionConfigurationFile",
            "Register-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Write a role capability that lets its role run Get-Date and one function.",
            code: "$f = \"/tmp/rosh-psrc-$PID.psrc\"\n\
                   New-PSRoleCapabilityFile -Path $f -VisibleCmdlets 'Get-Date' -VisibleFunctions 'Get-Uptime'\n\
                   (Get-Content $f) -match '^Visible'\n\
                   Remove-Item $f",
            output: "VisibleCmdlets = 'Get-Date'\nVisibleFunctions = 'Get-Uptime'",
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
            "psrc",
            "InvalidRoleCapabilityFilePath",
            "Role Capability file",
        )?;
        let shown = full.to_string_lossy().into_owned();
        let text = generate::role_capability(&self.args, &shown)
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
