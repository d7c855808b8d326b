//! `New-PSSession`: open persistent sessions, on this computer or over SSH.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::commands::invoke_command::DEFAULT_THROTTLE;
use crate::remote::sessions::{Destination, connect_all, register, server_program};
use crate::remote::ssh::connect_from_args;
use crate::util::strings;

/// `New-PSSession [[-ComputerName] <string[]>] [-Name <string[]>]`,
/// `New-PSSession -HostName <string[]> [-UserName] [-Port] [-KeyFilePath] [-Subsystem]
/// [-Options] [-SSHTransport]`, `New-PSSession -SSHConnection <hashtable[]>`
pub struct NewPSSession;

const PARAMS: &[ParamSpec] = crate::with_ssh_params![
    ParamSpec::value("ComputerName")
        .at(0)
        .aliases(&["Cn"])
        .of("string[]")
        .describe("The computers to open sessions to, one session each; localhost by default. localhost (127.0.0.1, ::1, . or this computer's name) starts a child \"rosh -s\" as the same user."),
    ParamSpec::value("Name")
        .of("string[]")
        .describe("Names for the sessions, in the order of the computers; Runspace<Id> by default."),
    ParamSpec::value("ConfigurationName")
        .of("string")
        .describe("The session configuration to connect to (see about_Session_Configurations); by default $PSSessionConfigurationName, else the server's default, rosh. A loopback session passes it to the child \"rosh -s\"; over SSH, sshd's subsystem or ForceCommand line decides."),
    ParamSpec::value("ThrottleLimit")
        .of("int")
        .describe("How many sessions to open at once (32 by default)."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewPSSession {
    fn name(&self) -> &'static str {
        "New-PSSession"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Creates persistent connections to local or remote computers."
    }
    fn description(&self) -> &'static str {
        "The New-PSSession cmdlet opens a remote session (a PSSession) to each computer given, and returns the session objects. Commands sent to a session with Invoke-Command -Session share its state (variables, functions, location) until Remove-PSSession closes it.

rosh has no WinRM listener, so the computers can only be this one; -ComputerName localhost needs no set-up."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ComputerName")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_PSSessions", "about_Remote", "Invoke-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Open a session on this computer; state persists between commands run in it.",
                code: "$s = New-PSSession -ComputerName localhost -Name demo\n\
                       Invoke-Command -Session $s { $x = 21 }\n\
                       Invoke-Command -Session $s { $x * 2 }\n\
                       \"$($s.Name) $($s.State)\"\n\
                       Remove-PSSession $s",
                output: "42\ndemo Opened",
            },
            Example {
                description: "Over SSH (-HostName [user@]host[:port]), each host that cannot be reached gets its own error naming it (here nothing listens on port 1) and the others open; -Options passes ssh_config settings.",
                code: "$s = New-PSSession -HostName 127.0.0.1:1 -Options @{ StrictHostKeyChecking = 'yes' } -ErrorVariable failed -ErrorAction SilentlyContinue\n\
                       $s.Count\n\
                       \"$($failed[0].FullyQualifiedErrorId) $($failed[0].TargetObject)\"",
                output: "0\nPSSessionOpenFailed 127.0.0.1",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let names = strings(&self.args, "Name");
        let configuration = crate::remote::sessions::configuration_name(rs, &self.args);
        let throttle = crate::util::count(&self.args, "ThrottleLimit")
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_THROTTLE);
        let opened = match connect_from_args(rs, &self.args, "NewPSSessionCommand", throttle)? {
            Some(opened) => opened,
            None => {
                let mut computers = strings(&self.args, "ComputerName");
                if computers.is_empty() {
                    computers.push("localhost".into());
                }
                let destinations: Vec<Destination> =
                    computers.into_iter().map(Destination::Computer).collect();
                let mut exe = server_program(rs);
                exe.configuration = configuration.clone();
                let sessions = connect_all(&destinations, &exe, throttle);
                destinations.into_iter().zip(sessions).collect()
            }
        };
        for (i, (destination, result)) in opened.into_iter().enumerate() {
            let name = names.get(i).cloned().filter(|n| !n.is_empty());
            match result {
                Ok(session) => {
                    let entry = register(rs, &destination, session, name, configuration.as_deref());
                    out.emit(rs, Value::Object(entry.object))?;
                }
                Err(e) => rs.write_error(*e)?,
            }
        }
        Ok(())
    }
}
