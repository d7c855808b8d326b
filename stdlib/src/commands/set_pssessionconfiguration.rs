//! `Set-PSSessionConfiguration`: change a registered session configuration.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use super::register_pssessionconfiguration::{
    ACCESS_MODE, ALLOWED_GROUPS, ALLOWED_USERS, MAX_COMMAND, MAX_OBJECT, NO_SERVICE_RESTART, PATH,
    STARTUP_SCRIPT,
};
use crate::session_config::cmdlets::{
    apply_settings, configuration_file, directories, fail, save, store_configuration_file,
};

const NAME: &str = "Set-PSSessionConfiguration";

/// `Set-PSSessionConfiguration [-Name] <string> [-Path <string>] [-StartupScript <string>]
/// [-MaximumReceivedDataSizePerCommandMB <double>] [-MaximumReceivedObjectSizeMB <double>]
/// [-AccessMode <PSSessionConfigurationAccessMode>] [-AllowedUsers <string[]>]
/// [-AllowedGroups <string[]>] [-Force] [-NoServiceRestart]`
pub struct SetPSSessionConfiguration;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .mandatory()
        .of("string")
        .describe("The configuration to change."),
    PATH,
    STARTUP_SCRIPT,
    MAX_COMMAND,
    MAX_OBJECT,
    ACCESS_MODE,
    ALLOWED_USERS,
    ALLOWED_GROUPS,
    ParamSpec::switch("Force").describe("Accepted; rosh asks for no confirmation."),
    NO_SERVICE_RESTART,
];

struct Run {
    args: BoundArgs,
}

impl Command for SetPSSessionConfiguration {
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
        "Changes the properties of a registered session configuration."
    }
    fn description(&self) -> &'static str {
        "The Set-PSSessionConfiguration cmdlet changes a registered session configuration: its configuration file (-Path replaces the stored copy), startup script, size limits, access mode and who may connect. What is not given stays. New sessions get the change; open ones keep what they started with."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Register-PSSessionConfiguration",
            "Get-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Make a configuration usable only from this computer.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-set-pssc-$PID\"\n\
                   $null = Register-PSSessionConfiguration -Name Ops\n\
                   Set-PSSessionConfiguration -Name Ops -AccessMode Local\n\
                   (Get-PSSessionConfiguration Ops).Permission\n\
                   Unregister-PSSessionConfiguration -Name Ops\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "SSH AccessDenied, Everyone AccessAllowed",
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
        let name = self.args.get("Name").map(to_str).unwrap_or_default();
        let dirs = directories(rs);
        let Some(mut r) = dirs.find(&name).filter(|r| r.dir == dirs.write) else {
            return Err(fail(
                NAME,
                "CSCmdsShellNotFound",
                ErrorCategory::ObjectNotFound,
                format!("Session configuration \"{name}\" was not found."),
            ));
        };
        if let Some(path) = self.args.get("Path").map(to_str) {
            let file = configuration_file(rs, NAME, &path)?;
            store_configuration_file(NAME, &mut r, &file)?;
        }
        apply_settings(rs, NAME, &self.args, &mut r)?;
        save(NAME, &r)
    }
}
