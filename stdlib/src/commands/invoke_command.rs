//! `Invoke-Command`: run a script block here, or on computers, SSH hosts and sessions,
//! streaming back deserialized results stamped with where they came from.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::interp::binding::Arg;
use rosh_runtime::interp::{StageCommand, StageSpec};
use rosh_runtime::value::ScriptBlockValue;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value, convert};

use crate::remote::deliver::{Stamp, deliver};
use crate::remote::fan_out::{FanOut, InputFeed, Target};
use crate::remote::sessions::{is_pssession, session_of};
use crate::remote::{drain, jobs, script};
use crate::util::command_error;
use crate::util::items;

/// `Invoke-Command [[-ComputerName] <string[]>] [-ScriptBlock] <scriptblock> ...`
pub struct InvokeCommand;

/// PowerShell's default for `-ThrottleLimit`.
pub const DEFAULT_THROTTLE: usize = 32;

const NAME: &str = "Invoke-Command";

const PARAMS: &[ParamSpec] = crate::with_ssh_params![
    ParamSpec::value("ComputerName")
        .at(0)
        .aliases(&["Cn"])
        .of("string[]")
        .in_sets(&["ComputerName", "FilePathComputerName"])
        .describe("The computers to run on. localhost (127.0.0.1, ::1, . or this computer's name) starts a child \"rosh -s\" as the same user; rosh has no WinRM listener to reach other computers with."),
    ParamSpec::value("ScriptBlock")
        .at(1)
        .aliases(&["Command"])
        .of("scriptblock")
        .mandatory()
        .in_sets(&["InProcess", "ComputerName", "Session"])
        .describe("The commands to run. Remotely they run in the session's scope: use $using:name or -ArgumentList to pass local values."),
    ParamSpec::value("Session")
        .of("PSSession[]")
        .in_sets(&["Session", "FilePathRunspace"])
        .describe("Run in these sessions (from New-PSSession), keeping their state between commands."),
    ParamSpec::value("FilePath")
        .aliases(&["PSPath"])
        .of("string")
        .mandatory()
        .in_sets(&["FilePathComputerName", "FilePathRunspace"])
        .describe("Run this local script file on the targets: its text is sent, so the file need not exist there."),
    ParamSpec::value("ArgumentList")
        .aliases(&["Args"])
        .of("Object[]")
        .describe("Values for the script block's parameters (or $args), sent serialized."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("Input for the script block, which reads it from $input. Usually piped in."),
    ParamSpec::switch("AsJob")
        .in_sets(&["ComputerName", "Session", "FilePathComputerName", "FilePathRunspace"])
        .describe("Run as a background job and return the job at once; get the results with Receive-Job."),
    ParamSpec::value("JobName")
        .of("string")
        .in_sets(&["ComputerName", "Session", "FilePathComputerName", "FilePathRunspace"])
        .describe("The name of the job -AsJob starts."),
    ParamSpec::value("ThrottleLimit")
        .of("int")
        .in_sets(&["ComputerName", "Session", "FilePathComputerName", "FilePathRunspace"])
        .describe("How many targets may run at once (32 by default)."),
    ParamSpec::switch("HideComputerName")
        .aliases(&["HCN"])
        .in_sets(&["ComputerName", "Session", "FilePathComputerName", "FilePathRunspace"])
        .describe("Set PSShowComputerName to false on the results, so views leave PSComputerName out."),
    ParamSpec::value("ConfigurationName")
        .of("string")
        .in_sets(&["ComputerName", "FilePathComputerName"])
        .describe("The session configuration to connect to (see about_Session_Configurations); by default $PSSessionConfigurationName, else the server's default, rosh. A loopback session passes it to the child \"rosh -s\"; over SSH, sshd's subsystem or ForceCommand line decides."),
    ParamSpec::switch("NoNewScope")
        .in_sets(&["InProcess"])
        .describe("Run a local script block in the current scope instead of a child scope."),
];

struct Run {
    args: BoundArgs,
    input: Vec<Value>,
    piped: bool,
    /// Remote runs with pipeline input start at the first object and take the rest as it
    /// comes: the feed, the fan-out and how its results are stamped.
    streaming: Option<(std::sync::Arc<InputFeed>, FanOut, Stamp)>,
}

impl Command for InvokeCommand {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, mut args: BoundArgs) -> Eval<Box<dyn Processor>> {
        // `Invoke-Command { ... }` binds the block at position 0, where the remote forms put
        // the computer name.
        if let Some(Value::ScriptBlock(_)) = args.get("ComputerName")
            && !args.has("ScriptBlock")
            && let Some(block) = args.get("ComputerName").cloned()
        {
            args.set("ScriptBlock", block);
            args.remove("ComputerName");
        }
        Ok(Box::new(Run {
            args,
            input: Vec::new(),
            piped: false,
            streaming: None,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Runs commands on local and remote computers."
    }
    fn description(&self) -> &'static str {
        "The Invoke-Command cmdlet runs a script block (or a script file's text) in remote sessions: on the computers named by -ComputerName, each in a session opened for the command, or in the PSSessions given with -Session. Without either it runs the script block here, like the call operator.

The targets run at once, up to -ThrottleLimit; results come back as they are produced, deserialized, each with PSComputerName and RunspaceId. Errors and other records come back to the local streams. -AsJob runs it all as a background job.

Local values reach the remote commands through -ArgumentList or $using:."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("InProcess")
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Remote",
            "about_Remote_Variables",
            "about_Remote_Output",
            "New-PSSession",
            "Start-Job",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Run a script block locally, with arguments.",
                code: "Invoke-Command -ScriptBlock { param($a, $b) $a + $b } -ArgumentList 2, 3",
                output: "5",
            },
            Example {
                description: "Run a script block on this computer through a remote session (a child rosh process); the results come back deserialized and stamped.",
                code: "$r = Invoke-Command -ComputerName localhost -ScriptBlock { [pscustomobject]@{ Answer = 6 * 7 } }\n\
                       \"$($r.Answer) from $($r.PSComputerName)\"",
                output: "42 from localhost",
            },
            Example {
                description: "Send a local value with $using:.",
                code: "$name = 'World'\n\
                       Invoke-Command localhost { \"Hello, $using:name\" }",
                output: "Hello, World",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(v) = input else {
            if let Some(v) = self.args.get("InputObject").cloned() {
                self.piped = true;
                self.input.push(v);
            }
            return Ok(());
        };
        self.piped = true;
        if self.streaming.is_none() && !self.args.switch("AsJob") {
            self.start_streaming(rs)?;
        }
        match &self.streaming {
            Some((feed, fan, stamp)) => {
                feed.push(rosh_runtime::serialization::serialize(&v, 1));
                // Deliver what has come back so far, without waiting.
                while let Ok(d) = fan.deliveries.try_recv() {
                    deliver(rs, out, d, *stamp)?;
                }
            }
            None => self.input.push(v),
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if let Some((feed, fan, stamp)) = self.streaming.take() {
            feed.end();
            let result = drain(rs, out, fan, stamp);
            rs.extension::<crate::remote::sessions::Sessions>()
                .refresh();
            return result;
        }
        let block = self.block(rs)?;
        let arguments = items(self.args.get("ArgumentList"));
        let targets = self.targets(rs)?;
        if targets.is_empty() {
            return self.run_locally(rs, out, block, arguments);
        }
        let spec = script::remote_spec(
            rs,
            &block,
            &arguments,
            self.piped,
            script::Shape::CommandsWhenSimple,
        )?;
        let input = InputFeed::complete(
            self.input
                .iter()
                .map(|v| rosh_runtime::serialization::serialize(v, 1))
                .collect(),
        );
        let throttle = self.throttle();
        let stamp = Stamp {
            hide_computer_name: self.args.switch("HideComputerName"),
        };
        let computers: Vec<String> = targets
            .iter()
            .map(|t| match t {
                Target::Computer(c) => c.clone(),
                Target::Ssh(t) => t.host.clone(),
                Target::Session(s) => s.computer.clone(),
            })
            .collect();
        let fan = FanOut::start(targets, spec, input, throttle, self.server(rs));
        if self.args.switch("AsJob") {
            let job = jobs::start(
                rs,
                jobs::JobSpec {
                    name: self.args.get("JobName").map(convert::to_str),
                    type_name: "RemoteJob",
                    command: block.text().to_string(),
                    computers,
                    stamp,
                },
                fan,
            );
            return out.emit(rs, Value::Object(job.object));
        }
        let result = drain(rs, out, fan, stamp);
        // A session whose server went away says so now.
        rs.extension::<crate::remote::sessions::Sessions>()
            .refresh();
        result
    }
}

impl Run {
    /// Starts the remote run at the first input object, with an open input feed; a local
    /// run (no targets) keeps collecting.
    fn start_streaming(&mut self, rs: &mut Runspace) -> Eval<()> {
        let targets = self.targets(rs)?;
        if targets.is_empty() {
            return Ok(());
        }
        let block = self.block(rs)?;
        let arguments = items(self.args.get("ArgumentList"));
        let spec = script::remote_spec(
            rs,
            &block,
            &arguments,
            true,
            script::Shape::CommandsWhenSimple,
        )?;
        let feed = InputFeed::open();
        let fan = FanOut::start(
            targets,
            spec,
            feed.clone(),
            self.throttle(),
            self.server(rs),
        );
        let stamp = Stamp {
            hide_computer_name: self.args.switch("HideComputerName"),
        };
        self.streaming = Some((feed, fan, stamp));
        Ok(())
    }

    /// The loopback server program, asking for the session configuration the command names.
    fn server(&self, rs: &mut Runspace) -> crate::remote::sessions::ServerProgram {
        let mut server = crate::remote::sessions::server_program(rs);
        server.configuration = crate::remote::sessions::configuration_name(rs, &self.args);
        server
    }

    fn throttle(&self) -> usize {
        crate::util::count(&self.args, "ThrottleLimit")
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_THROTTLE)
    }

    /// The script block: `-ScriptBlock`, or the text of `-FilePath` (read here, sent as
    /// script).
    fn block(&self, rs: &mut Runspace) -> Eval<ScriptBlockValue> {
        if let Some(Value::ScriptBlock(b)) = self.args.get("ScriptBlock") {
            return Ok(b.clone());
        }
        if let Some(path) = self.args.get("FilePath") {
            return script::read_script_file(rs, NAME, &convert::to_str(path));
        }
        Err(command_error(
            NAME,
            "MissingArgument",
            ErrorCategory::InvalidArgument,
            "System.Management.Automation.ParameterBindingException",
            "Cannot process command because of one or more missing mandatory parameters: ScriptBlock.",
        ))
    }

    /// Where to run: SSH hosts (`-HostName`, `-SSHConnection`), sessions given to `-Session`
    /// (or to the computer-name position), and computers. None: run here.
    fn targets(&self, rs: &mut Runspace) -> Eval<Vec<Target>> {
        if let Some(hosts) =
            crate::remote::ssh::targets_from_args(rs, &self.args, "InvokeCommandCommand")?
        {
            return Ok(hosts.into_iter().map(Target::Ssh).collect());
        }
        let mut targets = Vec::new();
        let mut candidates = items(self.args.get("Session"));
        candidates.extend(items(self.args.get("ComputerName")));
        for v in candidates {
            if let Some(entry) = session_of(rs, &v) {
                targets.push(Target::Session(entry));
                continue;
            }
            if is_pssession(&v) {
                rs.write_error(
                    rosh_runtime::ErrorRecord::new(
                        "InvalidSession",
                        ErrorCategory::InvalidArgument,
                        "The session is not open in this runspace: it was removed or belongs to another runspace.",
                    )
                    .with_target(v.clone()),
                )?;
                continue;
            }
            for name in items(Some(&v)).iter().map(convert::to_str) {
                if name.trim().is_empty() {
                    return Err(command_error(
                        NAME,
                        "ParameterArgumentValidationError",
                        ErrorCategory::InvalidData,
                        "System.Management.Automation.ParameterBindingValidationException",
                        "Cannot validate argument on parameter 'ComputerName'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.",
                    ));
                }
                targets.push(Target::Computer(name));
            }
        }
        Ok(targets)
    }

    /// Local Invoke-Command: the block runs here, in a new scope unless `-NoNewScope`.
    fn run_locally(
        &mut self,
        rs: &mut Runspace,
        out: &mut dyn Sink,
        block: ScriptBlockValue,
        arguments: Vec<Value>,
    ) -> Eval<()> {
        let stage = StageSpec {
            command: StageCommand::Script {
                block,
                local_scope: !self.args.switch("NoNewScope"),
            },
            args: arguments.into_iter().map(Arg::Positional).collect(),
            merge_errors: false,
        };
        let mut input = std::mem::take(&mut self.input).into_iter();
        let feed: Option<&mut dyn Iterator<Item = Value>> =
            if self.piped { Some(&mut input) } else { None };
        match rs.run_stages(vec![stage], feed, out) {
            Err(Flow::Return) => Ok(()),
            other => other,
        }
    }
}
