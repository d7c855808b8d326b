//! `Get-PSSessionConfiguration`: the registered session configurations.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{configuration_object, directories, matching, no_match};
use crate::util::strings;

const NAME: &str = "Get-PSSessionConfiguration";

/// `Get-PSSessionConfiguration [[-Name] <string[]>] [-Force]`
pub struct GetPSSessionConfiguration;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .wildcards()
        .describe("The configurations to get; wildcards allowed. All by default."),
    ParamSpec::switch("Force").describe("Accepted; rosh has no WinRM service to start."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetPSSessionConfiguration {
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
        "Gets the registered session configurations on the computer."
    }
    fn description(&self) -> &'static str {
        "The Get-PSSessionConfiguration cmdlet gets the session configurations registered with Register-PSSessionConfiguration (the system's, then the current user's). Each object shows the configuration's Name, PSVersion, StartupScript, RunAsUser and Permission (who may connect: users, %groups, or Everyone; SSH AccessDenied for a Local configuration); its other properties include LanguageMode, SessionType, ConfigFilePath, Enabled, AccessMode, AllowedUsers and AllowedGroups."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Register-PSSessionConfiguration",
            "Set-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Register a configuration for one user and see who may connect.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-get-pssc-$PID\"\n\
                   $null = Register-PSSessionConfiguration -Name Ops -AllowedUsers alice -AllowedGroups ops\n\
                   Get-PSSessionConfiguration -Name Ops | Format-List Name, Permission, LanguageMode\n\
                   Unregister-PSSessionConfiguration -Name Ops\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "\nName         : Ops\nPermission   : alice AccessAllowed, %ops AccessAllowed\nLanguageMode : FullLanguage",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let (found, missing) = matching(&directories(rs), &strings(&self.args, "Name"));
        for r in found {
            out.emit(rs, configuration_object(&r))?;
        }
        for name in missing {
            rs.write_error(no_match(NAME, &name))?;
        }
        Ok(())
    }
}
