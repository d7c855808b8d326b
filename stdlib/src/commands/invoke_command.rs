//! `Invoke-Command`: run a script block here, or on computers and sessions, streaming back
//! deserialized results stamped with where they came from.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::interp::binding::Arg;
use rosh_runtime::interp::{StageCommand, StageSpec};
use rosh_runtime::value::ScriptBlockValue;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value, convert};

use crate::remote::deliver::Stamp;
use crate::remote::fan_out::{FanOut, Target};
use crate::remote::sessions::{is_pssession, session_of};
use crate::remote::{drain, jobs, script};
use crate::util::command_error;
use crate::util::items;

/// `Invoke-Command [[-ComputerName] <string[]>] [-ScriptBlock] <scriptblock> ...`
pub struct InvokeCommand;

/// PowerShell's default for `-ThrottleLimit`.
pub const DEFAULT_THROTTLE: usize = 32;

const NAME: &str = "Invoke-Command";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("ComputerName").at(0).aliases(&["Cn"]),
    ParamSpec::value("ScriptBlock").at(1).aliases(&["Command"]),
    ParamSpec::value("Session"),
    ParamSpec::value("FilePath").aliases(&["PSPath"]),
    ParamSpec::value("ArgumentList").aliases(&["Args"]),
    ParamSpec::value("InputObject").from_pipeline(),
    ParamSpec::switch("AsJob"),
    ParamSpec::value("JobName"),
    ParamSpec::value("ThrottleLimit"),
    ParamSpec::switch("HideComputerName").aliases(&["HCN"]),
    ParamSpec::value("ConfigurationName"),
    ParamSpec::switch("NoNewScope"),
];

struct Run {
    args: BoundArgs,
    input: Vec<Value>,
    piped: bool,
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
        }))
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
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(v) = input {
            self.piped = true;
            self.input.push(v);
        } else if let Some(v) = self.args.get("InputObject").cloned() {
            self.piped = true;
            self.input.push(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let block = self.block(rs)?;
        let arguments = items(self.args.get("ArgumentList"));
        let targets = self.targets(rs)?;
        if targets.is_empty() {
            return self.run_locally(rs, out, block, arguments);
        }
        let spec = script::remote_spec(rs, &block, &arguments, self.piped)?;
        let input: Vec<String> = self
            .input
            .iter()
            .map(|v| rosh_runtime::serialization::serialize(v, 1))
            .collect();
        let throttle = crate::util::count(&self.args, "ThrottleLimit")
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_THROTTLE);
        let stamp = Stamp {
            hide_computer_name: self.args.switch("HideComputerName"),
        };
        let computers: Vec<String> = targets
            .iter()
            .map(|t| match t {
                Target::Computer(c) => c.clone(),
                Target::Session(s) => s.computer.clone(),
            })
            .collect();
        let fan = FanOut::start(
            targets,
            spec,
            input,
            throttle,
            crate::remote::sessions::server_program(rs),
        );
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

    /// Where to run: sessions given to `-Session` (or to the computer-name position), and
    /// computers. None: run here.
    fn targets(&self, rs: &mut Runspace) -> Eval<Vec<Target>> {
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
