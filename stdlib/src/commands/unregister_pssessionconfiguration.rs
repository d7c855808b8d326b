//! `Unregister-PSSessionConfiguration`: remove registered session configurations.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{directories, error, matching, no_match};
use crate::util::strings;

const NAME: &str = "Unregister-PSSessionConfiguration";

/// `Unregister-PSSessionConfiguration [-Name] <string> [-Force] [-NoServiceRestart]`
pub struct UnregisterPSSessionConfiguration;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .mandatory()
        .from_pipeline()
        .of("string")
        .wildcards()
        .describe("The configurations to remove; wildcards allowed."),
    ParamSpec::switch("Force").describe("Accepted; rosh asks for no confirmation."),
    ParamSpec::switch("NoServiceRestart").describe("Accepted; rosh has no service to restart."),
];

struct Run {
    args: BoundArgs,
}

impl Command for UnregisterPSSessionConfiguration {
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
        "Deletes registered session configurations from the computer."
    }
    fn description(&self) -> &'static str {
        "The Unregister-PSSessionConfiguration cmdlet removes registered session configurations (their settings and stored configuration file). Clients can no longer connect to them; sessions already open are not affected. Only the registrations of the directory this user registers in can be removed (root's are in /etc/rosh/sessionconfig)."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Register-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Remove a configuration.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-unregister-$PID\"\n\
                   $null = Register-PSSessionConfiguration -Name Temp\n\
                   Unregister-PSSessionConfiguration -Name Temp\n\
                   @(Get-PSSessionConfiguration).Count\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "0",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let patterns = match input {
            Some(v) => vec![rosh_runtime::convert::to_str(&v)],
            None => strings(&self.args, "Name"),
        };
        let dirs = directories(rs);
        let (found, missing) = matching(&dirs, &patterns);
        for r in found {
            if r.dir != dirs.write {
                rs.write_error(error(
                    NAME,
                    "EDcsRequiresElevation",
                    ErrorCategory::PermissionDenied,
                    format!("Access is denied. The session configuration \"{}\" is registered in {}; only its owner (root) can unregister it.", r.name, r.dir.display()),
                ))?;
                continue;
            }
            if let Err(e) = r.delete() {
                rs.write_error(error(
                    NAME,
                    "NcsCannotDeleteFile",
                    ErrorCategory::WriteError,
                    format!(
                        "Cannot delete the file {}. Reason for failure: {e}.",
                        r.settings_path().display()
                    ),
                ))?;
            }
        }
        for name in missing {
            rs.write_error(no_match(NAME, &name))?;
        }
        Ok(())
    }
}
