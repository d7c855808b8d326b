//! `Register-PSSessionConfiguration`: register a session configuration under a name.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{
    apply_settings, configuration_file, directories, fail, save, store_configuration_file, verbose,
};
use crate::session_config::registry::{Registration, valid_name};

const NAME: &str = "Register-PSSessionConfiguration";

/// `Register-PSSessionConfiguration [-Name] <string> [-Path <string>] [-StartupScript
/// <string>] [-MaximumReceivedDataSizePerCommandMB <double>] [-MaximumReceivedObjectSizeMB
/// <double>] [-AccessMode <PSSessionConfigurationAccessMode>] [-AllowedUsers <string[]>]
/// [-AllowedGroups <string[]>] [-Force] [-NoServiceRestart]`
pub struct RegisterPSSessionConfiguration;

/// `-Path`, shared with Set-PSSessionConfiguration.
pub(crate) const PATH: ParamSpec = ParamSpec::value("Path")
    .of("string")
    .describe("A session configuration file (.pssc, see New-PSSessionConfigurationFile); a copy is kept with the registration.");
/// `-StartupScript`.
pub(crate) const STARTUP_SCRIPT: ParamSpec = ParamSpec::value("StartupScript")
    .of("string")
    .describe("A .ps1 script run, as the configuration's code, in each new session; any error it reports fails the session's opening.");
/// `-MaximumReceivedDataSizePerCommandMB`.
pub(crate) const MAX_COMMAND: ParamSpec = ParamSpec::value("MaximumReceivedDataSizePerCommandMB")
    .of("double")
    .describe(
        "The most data (MB) the server accepts for one command, its input included; 50 by default.",
    );
/// `-MaximumReceivedObjectSizeMB`.
pub(crate) const MAX_OBJECT: ParamSpec = ParamSpec::value("MaximumReceivedObjectSizeMB")
    .of("double")
    .describe("The largest object (MB) the server accepts; 10 by default.");
/// `-AccessMode`.
pub(crate) const ACCESS_MODE: ParamSpec = ParamSpec::value("AccessMode")
    .of("PSSessionConfigurationAccessMode")
    .describe("Remote (local and SSH sessions, the default), Local (only loopback sessions, rosh -s) or Disabled.");
/// `-AllowedUsers` (rosh).
pub(crate) const ALLOWED_USERS: ParamSpec = ParamSpec::value("AllowedUsers")
    .of("string[]")
    .describe("The Linux users who may connect (rosh; PowerShell uses -SecurityDescriptorSddl). With neither this nor -AllowedGroups, everyone who can start the server may.");
/// `-AllowedGroups` (rosh).
pub(crate) const ALLOWED_GROUPS: ParamSpec = ParamSpec::value("AllowedGroups")
    .of("string[]")
    .describe("The Linux groups whose members may connect (rosh).");
/// `-NoServiceRestart`.
pub(crate) const NO_SERVICE_RESTART: ParamSpec = ParamSpec::switch("NoServiceRestart").describe(
    "Accepted; rosh has no service to restart: each session's server reads the registration.",
);

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .mandatory()
        .of("string")
        .describe("The configuration's name (letters, digits, '.', '-' and '_'); clients ask for it with -ConfigurationName."),
    PATH,
    STARTUP_SCRIPT,
    MAX_COMMAND,
    MAX_OBJECT,
    ACCESS_MODE,
    ALLOWED_USERS,
    ALLOWED_GROUPS,
    ParamSpec::switch("Force").describe("Replace a configuration of the same name."),
    NO_SERVICE_RESTART,
];

struct Run {
    args: BoundArgs,
}

impl Command for RegisterPSSessionConfiguration {
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
        "Creates and registers a new session configuration."
    }
    fn description(&self) -> &'static str {
        "The Register-PSSessionConfiguration cmdlet registers a session configuration under a name: the sessions that clients asking for that name (-ConfigurationName) get from rosh's server (rosh -s, rosh -sshs), and who may connect to it.

Run as root, registrations go to /etc/rosh/sessionconfig; otherwise to $XDG_CONFIG_HOME/rosh/sessionconfig (~/.config/rosh/sessionconfig). The environment variable ROSH_SESSION_CONFIG_DIR replaces both. A name registered in the system directory is found before any user's. Who may connect is decided by Linux user and group: -AllowedUsers and -AllowedGroups, the file's RequiredGroups and RoleDefinitions, and -AccessMode."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Get-PSSessionConfiguration",
            "Set-PSSessionConfiguration",
            "Unregister-PSSessionConfiguration",
            "New-PSSessionConfigurationFile",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Register a configuration that gives only Get-Date, then use it.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-register-$PID\"\n\
                   $f = \"/tmp/rosh-register-$PID.pssc\"\n\
                   New-PSSessionConfigurationFile -Path $f -VisibleCmdlets 'Get-Date'\n\
                   $null = Register-PSSessionConfiguration -Name DateOnly -Path $f\n\
                   Invoke-Command -ConfigurationName DateOnly -ComputerName localhost { Get-Date -Year 2024 -Month 1 -Day 1 -Format yyyy-MM-dd }\n\
                   Unregister-PSSessionConfiguration -Name DateOnly\n\
                   Remove-Item $f, $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "2024-01-01",
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
        let name = self.args.get("Name").map(to_str).unwrap_or_default();
        if !valid_name(&name) {
            return Err(fail(
                NAME,
                "InvalidConfigurationName",
                ErrorCategory::InvalidArgument,
                format!(
                    "The session configuration name '{name}' is not valid. Use letters, digits, '.', '-' and '_'."
                ),
            ));
        }
        let dirs = directories(rs);
        if let Some(existing) = dirs.find(&name) {
            let replaceable = existing.dir == dirs.write;
            if !self.args.switch("Force") || !replaceable {
                return Err(fail(
                    NAME,
                    "PSSessionConfigurationExists",
                    ErrorCategory::ResourceExists,
                    format!(
                        "A session configuration named \"{}\" is already registered in {}. Use -Force to replace it, or Unregister-PSSessionConfiguration to remove it.",
                        existing.name,
                        existing.dir.display()
                    ),
                ));
            }
            existing.delete().map_err(|e| {
                fail(
                    NAME,
                    "NcsCannotDeleteFile",
                    ErrorCategory::WriteError,
                    format!(
                        "Cannot delete the file {}. Reason for failure: {e}.",
                        existing.settings_path().display()
                    ),
                )
            })?;
        }
        let mut r = Registration::new(&name, &dirs.write);
        if let Some(path) = self.args.get("Path").map(to_str) {
            let file = configuration_file(rs, NAME, &path)?;
            store_configuration_file(NAME, &mut r, &file)?;
        }
        apply_settings(rs, NAME, &self.args, &mut r)?;
        save(NAME, &r)?;
        verbose(
            rs,
            &self.args,
            &format!("Running command \"{NAME}\" to create a new session configuration."),
        );
        let o = PsObject::with_type_names(vec![
            "Microsoft.WSMan.Management.WSManConfigContainerElement".into(),
            "System.Object".into(),
        ]);
        o.set_many(vec![
            ("Type".into(), Value::str("Container")),
            ("Keys".into(), Value::str(format!("{{Name={}}}", r.name))),
            ("Name".into(), Value::str(&r.name)),
        ]);
        out.emit(rs, Value::Object(o))
    }
}
