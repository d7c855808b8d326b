//! `Start-Job`: run a script block in the background, in a child `rosh -s` process.

use rosh_remoting::bodies::{ArgValue, CommandSpec};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};

use crate::remote::deliver::Stamp;
use crate::remote::fan_out::{FanOut, Target};
use crate::remote::{jobs, script};
use crate::util::command_error;
use crate::util::items;

/// `Start-Job [-ScriptBlock] <scriptblock> [-ArgumentList <object[]>] [-Name <string>] ...`
pub struct StartJob;

const NAME: &str = "Start-Job";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("ScriptBlock")
        .at(0)
        .aliases(&["Command"])
        .of("scriptblock")
        .mandatory()
        .in_sets(&["ComputerName"])
        .describe("The commands the job runs, in a child rosh process. Use $using:name or -ArgumentList to pass local values."),
    ParamSpec::value("FilePath")
        .of("string")
        .mandatory()
        .in_sets(&["FilePathComputerName"])
        .describe("Run this local script file's text as the job."),
    ParamSpec::value("ArgumentList")
        .aliases(&["Args"])
        .of("Object[]")
        .describe("Values for the script block's parameters (or $args), sent serialized."),
    ParamSpec::value("Name")
        .of("string")
        .describe("The name of the job; Job<Id> by default."),
    ParamSpec::value("InitializationScript")
        .of("scriptblock")
        .describe("Commands to run in the job's process before the job's own."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("Input for the job, which reads it from $input. Usually piped in."),
];

struct Run {
    args: BoundArgs,
    input: Vec<Value>,
    piped: bool,
}

impl Command for StartJob {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            args,
            input: Vec::new(),
            piped: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Starts a background job."
    }
    fn description(&self) -> &'static str {
        "The Start-Job cmdlet runs a script block in the background, in a separate \"rosh -s\" process started as the same user, and returns a job object at once. Receive-Job gets its results (deserialized, as for remote commands), Wait-Job waits for it, Stop-Job stops it."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ComputerName")
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Jobs",
            "Get-Job",
            "Receive-Job",
            "Wait-Job",
            "Invoke-Command",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Run a block in the background, then wait for its results.",
            code: "$n = 20\n\
                   $job = Start-Job { param($m) $using:n + $m } -ArgumentList 22\n\
                   Receive-Job $job -Wait -AutoRemoveJob",
            output: "42",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        _rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        if let Some(v) = input.or_else(|| self.args.get("InputObject").cloned()) {
            self.piped = true;
            self.input.push(v);
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let block = match (self.args.get("ScriptBlock"), self.args.get("FilePath")) {
            (Some(Value::ScriptBlock(b)), _) => b.clone(),
            (_, Some(p)) => script::read_script_file(rs, NAME, &convert::to_str(p))?,
            _ => {
                return Err(command_error(
                    NAME,
                    "MissingArgument",
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    "Cannot process command because of one or more missing mandatory parameters: ScriptBlock.",
                ));
            }
        };
        let arguments = items(self.args.get("ArgumentList"));
        let mut spec =
            script::remote_spec(rs, &block, &arguments, self.piped, script::Shape::Script)?;
        // The job starts where its caller is, after its initialization script.
        let mut first = Vec::new();
        first.push(vec![CommandSpec::command("Set-Location").with_parameter(
            "LiteralPath",
            ArgValue::String(rs.location().to_string_lossy().into_owned()),
        )]);
        if let Some(Value::ScriptBlock(init)) = self.args.get("InitializationScript") {
            first.push(vec![CommandSpec::script(init.text())]);
        }
        first.append(&mut spec.statements);
        spec.statements = first;
        let input = self
            .input
            .iter()
            .map(|v| rosh_runtime::serialization::serialize(v, 1))
            .collect();
        let fan = FanOut::start(
            vec![Target::Computer("localhost".into())],
            spec,
            crate::remote::fan_out::InputFeed::complete(input),
            1,
            {
                let mut server = crate::remote::sessions::server_program(rs);
                server.job = true;
                server
            },
        );
        let job = jobs::start(
            rs,
            jobs::JobSpec {
                name: self.args.get("Name").map(convert::to_str),
                type_name: "BackgroundJob",
                command: block.text().to_string(),
                computers: vec!["localhost".into()],
                stamp: Stamp {
                    hide_computer_name: true,
                },
            },
            fan,
        );
        out.emit(rs, Value::Object(job.object))
    }
}
