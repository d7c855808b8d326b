//! `Enter-PSSession`: send the interactive shell's commands to a remote session.

use crate::remote::interactive::Interactive;
use crate::remote::sessions::{Destination, Sessions, open_registered, session_of};
use crate::util::command_error;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Enter-PSSession [-ComputerName] <string>`, `[[-Session] <PSSession>]`, `[-Id] <int>`,
/// `-Name <string>`
pub struct EnterPSSession;

const PARAMS: &[ParamSpec] = crate::with_ssh_params![
    ParamSpec::value("ComputerName")
        .at(0)
        .aliases(&["Cn"])
        .of("string")
        .mandatory()
        .in_sets(&["ComputerName"])
        .describe("The computer to open a session to and enter. localhost (127.0.0.1, ::1, . or this computer's name) starts a child \"rosh -s\" as the same user."),
    ParamSpec::value("Session")
        .from_pipeline()
        .of("PSSession")
        .in_sets(&["Session"])
        .describe("An open session (from New-PSSession) to enter."),
    ParamSpec::value("Id")
        .of("int")
        .mandatory()
        .in_sets(&["Id"])
        .describe("The id of an open session to enter."),
    ParamSpec::value("Name")
        .of("string")
        .mandatory()
        .in_sets(&["Name"])
        .describe("The name of an open session to enter."),
    ParamSpec::value("ConfigurationName")
        .of("string")
        .in_sets(&["ComputerName"])
        .describe("The session configuration to connect to (see about_Session_Configurations); by default $PSSessionConfigurationName, else the server's default, rosh. A loopback session passes it to the child \"rosh -s\"; over SSH, sshd's subsystem or ForceCommand line decides."),
];

const NAME: &str = "Enter-PSSession";

struct Run {
    args: BoundArgs,
}

impl Command for EnterPSSession {
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
        "Starts an interactive session with a remote computer."
    }
    fn description(&self) -> &'static str {
        "The Enter-PSSession cmdlet makes the interactive shell send what you type to a remote session and show its results, with the prompt starting \"[computer]: \". Exit-PSSession (or exit) comes back. A session opened for -ComputerName is closed on exit; an existing session given with -Session, -Id or -Name stays open.

It works only in the interactive shell."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ComputerName")
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "Exit-PSSession",
            "about_PSSessions",
            "New-PSSession",
            "Invoke-Command",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Outside the interactive shell there is no prompt to take remote: Enter-PSSession says so.",
            code: "try { Enter-PSSession localhost } catch { $_.FullyQualifiedErrorId }",
            output: "HostDoesNotSupportPushRunspace,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
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
        if !rs.extension::<Interactive>().supported {
            return Err(command_error(
                NAME,
                "HostDoesNotSupportPushRunspace,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
                ErrorCategory::InvalidArgument,
                "System.ArgumentException",
                "The method or operation is not implemented: this host cannot push a runspace; run Enter-PSSession at the interactive rosh prompt.",
            ));
        }
        if rs.extension::<Interactive>().entered.is_some() {
            return Err(command_error(
                NAME,
                "RemoteHostDoesNotSupportPushRunspace,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
                ErrorCategory::InvalidArgument,
                "System.ArgumentException",
                "The current session is already a remote session: exit it (Exit-PSSession) before entering another.",
            ));
        }
        let given = input.or_else(|| self.args.get("Session").cloned());
        let (entry, owned) = if let Some(v) = given {
            match session_of(rs, &v) {
                Some(e) => (e, false),
                None => return Err(not_found("the session given")),
            }
        } else if let Some(id) = self.args.get("Id").map(to_str) {
            let found = rs
                .extension::<Sessions>()
                .list
                .iter()
                .find(|e| e.id.to_string() == id.trim())
                .cloned();
            (
                found.ok_or_else(|| not_found(&format!("the session with Id {id}")))?,
                false,
            )
        } else if let Some(name) = self.args.get("Name").map(to_str) {
            let found = rs
                .extension::<Sessions>()
                .list
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(&name))
                .cloned();
            (
                found.ok_or_else(|| not_found(&format!("the session named {name}")))?,
                false,
            )
        } else if let Some(mut targets) =
            crate::remote::ssh::targets_from_args(rs, &self.args, "EnterPSSessionCommand")?
        {
            let Some(target) = targets.pop().filter(|_| targets.is_empty()) else {
                return Err(command_error(
                    NAME,
                    "InvalidArgument,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
                    ErrorCategory::InvalidArgument,
                    "System.ArgumentException",
                    "Enter-PSSession enters one session: give one host.",
                ));
            };
            match open_registered(rs, &Destination::Ssh(target), None, None) {
                Ok(e) => (e, true),
                Err(e) => return Err(rosh_runtime::Flow::Error(e)),
            }
        } else if let Some(computer) = self.args.get("ComputerName").map(to_str) {
            let configuration = crate::remote::sessions::configuration_name(rs, &self.args);
            match open_registered(
                rs,
                &Destination::Computer(computer),
                None,
                configuration.as_deref(),
            ) {
                Ok(e) => (e, true),
                Err(e) => return Err(rosh_runtime::Flow::Error(e)),
            }
        } else {
            return Err(command_error(
                NAME,
                "MissingArgument,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
                ErrorCategory::InvalidArgument,
                "System.Management.Automation.ParameterBindingException",
                "Parameter set cannot be resolved using the specified named parameters. Give -ComputerName, -Session, -Id or -Name.",
            ));
        };
        rs.extension::<Interactive>().entered = Some((entry, owned));
        Ok(())
    }
}

fn not_found(what: &str) -> rosh_runtime::Flow {
    command_error(
        NAME,
        "RemoteRunspaceNotAvailable,Microsoft.PowerShell.Commands.EnterPSSessionCommand",
        ErrorCategory::InvalidArgument,
        "System.ArgumentException",
        format!("Cannot enter {what}: no such open session."),
    )
}
