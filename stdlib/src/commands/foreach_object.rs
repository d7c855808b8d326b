//! `ForEach-Object`: run script blocks for each input object (in the caller's scope), or
//! get a member of each (`-MemberName`).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::interp::emit_enumerated;
use rosh_runtime::value::ScriptBlockValue;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// `ForEach-Object [-Process] <scriptblock[]> [-Begin <scriptblock>] [-End <scriptblock>]`
/// or `ForEach-Object [-MemberName] <string> [-ArgumentList <object[]>]`
pub struct ForEachObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Process")
        .at(0)
        .remaining()
        .of("scriptblock[]")
        .mandatory()
        .in_sets(&["ScriptBlockSet"])
        .describe("The script block to run for each input object, which it sees as $_. Several blocks may be given: with -Begin and -End, or as begin, process and end blocks themselves."),
    ParamSpec::value("Begin")
        .of("scriptblock")
        .in_sets(&["ScriptBlockSet"])
        .describe("A script block to run before the first input object."),
    ParamSpec::value("End")
        .of("scriptblock")
        .in_sets(&["ScriptBlockSet"])
        .describe("A script block to run after the last input object."),
    ParamSpec::value("MemberName")
        .at(0)
        .of("string")
        .mandatory()
        .in_sets(&["PropertyAndMethodSet"])
        .describe("A property to get, or a method to call, on each input object."),
    ParamSpec::value("ArgumentList")
        .aliases(&["Args"])
        .of("Object[]")
        .in_sets(&["PropertyAndMethodSet"])
        .describe("The arguments of the method named by -MemberName."),
    ParamSpec::value("Parallel")
        .of("scriptblock")
        .mandatory()
        .in_sets(&["ParallelParameterSet"])
        .describe("Run this script block for each input object in parallel, each in a runspace of its own; it sees the object as $_ and local values only through $using:."),
    ParamSpec::value("ThrottleLimit")
        .of("int")
        .in_sets(&["ParallelParameterSet"])
        .describe("How many script blocks run at once with -Parallel (5 by default)."),
    ParamSpec::value("TimeoutSeconds")
        .of("int")
        .in_sets(&["ParallelParameterSet"])
        .describe("Stop the -Parallel script blocks still running after this many seconds."),
    ParamSpec::switch("UseNewRunspace")
        .in_sets(&["ParallelParameterSet"])
        .describe("Accepted: rosh gives each -Parallel thread a runspace of its own."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to work on. Usually piped in."),
];

enum Mode {
    Blocks {
        begin: Option<ScriptBlockValue>,
        process: Vec<ScriptBlockValue>,
        end: Option<ScriptBlockValue>,
    },
    Member(String, Vec<Value>),
    /// `-Parallel`: the block, the throttle, the timeout; the workers once started.
    Parallel {
        block: ScriptBlockValue,
        throttle: usize,
        timeout: Option<std::time::Duration>,
        running: Option<crate::parallel::Parallel>,
    },
}

struct Run {
    mode: Mode,
}

fn block(v: &Value) -> Eval<ScriptBlockValue> {
    match v {
        Value::ScriptBlock(sb) => Ok(sb.clone()),
        other => Err(Flow::error(
            "ParameterArgumentTransformationError",
            ErrorCategory::InvalidArgument,
            format!(
                "ForEach-Object: Cannot convert \"{}\" to a script block.",
                rosh_runtime::convert::to_str(other)
            ),
        )),
    }
}

impl Command for ForEachObject {
    fn name(&self) -> &'static str {
        "ForEach-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let member_args = crate::util::items(args.get("ArgumentList"));
        if let Some(p) = args.get("Parallel") {
            let throttle = crate::util::count(&args, "ThrottleLimit")
                .filter(|n| *n > 0)
                .unwrap_or(5);
            let timeout = crate::util::count(&args, "TimeoutSeconds")
                .filter(|n| *n > 0)
                .map(|s| std::time::Duration::from_secs(s as u64));
            return Ok(Box::new(Run {
                mode: Mode::Parallel {
                    block: block(p)?,
                    throttle,
                    timeout,
                    running: None,
                },
            }));
        }
        if let Some(m) = args.get("MemberName") {
            return Ok(Box::new(Run {
                mode: Mode::Member(rosh_runtime::convert::to_str(m), member_args),
            }));
        }
        let positional = crate::util::items(args.get("Process"));
        // A single string is a member name.
        if let [Value::String(s)] = positional.as_slice() {
            return Ok(Box::new(Run {
                mode: Mode::Member(s.to_string(), member_args),
            }));
        }
        let mut blocks = positional.iter().map(block).collect::<Eval<Vec<_>>>()?;
        let mut begin = args.get("Begin").map(block).transpose()?;
        let mut end = args.get("End").map(block).transpose()?;
        // `% {begin} {process} {end}`: extra positional blocks are begin and end.
        if begin.is_none() && end.is_none() && blocks.len() >= 2 {
            begin = Some(blocks.remove(0));
            if blocks.len() >= 2 {
                end = blocks.pop();
            }
        }
        Ok(Box::new(Run {
            mode: Mode::Blocks {
                begin,
                process: blocks,
                end,
            },
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block for each input object."
    }
    fn description(&self) -> &'static str {
        "The ForEach-Object cmdlet runs a script block once for each object that comes down the pipeline, with the object in $_ (and $PSItem); what the block outputs goes on down the pipeline. -Begin and -End blocks run before the first and after the last object.

Given a name instead of a script block, it gets that property of each object, or calls that method with -ArgumentList."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ScriptBlockSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Where-Object", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Run a script block for each input object, which is `$_`.",
                code: "1..3 | ForEach-Object { $_ * 2 }",
                output: "2\n\
                4\n\
                6",
            },
            Example {
                description: "Use -Begin and -End blocks to sum the input.",
                code: "1..4 | ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { $sum }",
                output: "10",
            },
            Example {
                description: "Run a script block for several objects at once, each in its own runspace; $using: reads a local value.",
                code: "$factor = 10\n1..4 | ForEach-Object -Parallel { $_ * $using:factor } -ThrottleLimit 2 | Sort-Object",
                output: "10\n20\n30\n40",
            },
            Example {
                description: "Call a method of each input object, with arguments.",
                code: "'Microsoft.PowerShell.Core' | ForEach-Object -MemberName Split -ArgumentList '.'",
                output: "Microsoft\n\
                PowerShell\n\
                Core",
            },
        ]
    }
}

impl Processor for Run {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if let Mode::Blocks { begin: Some(b), .. } = &self.mode {
            rs.run_with_dollar_underscore(b, Value::Null, out)?;
        }
        Ok(())
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let item = input.unwrap_or(Value::Null);
        if let Mode::Parallel {
            block,
            throttle,
            timeout,
            running,
        } = &mut self.mode
        {
            if running.is_none() {
                *running = Some(crate::parallel::Parallel::start(
                    rs, block, *throttle, *timeout,
                )?);
            }
            return match running {
                Some(p) => p.push(rs, item, out),
                None => Ok(()),
            };
        }
        match &self.mode {
            Mode::Member(name, args) => {
                let v = rs.property_or_method(&item, name, args.clone())?;
                emit_enumerated(rs, out, v)
            }
            Mode::Parallel { .. } => Ok(()),
            Mode::Blocks { process, .. } => {
                for b in process {
                    match rs.run_with_dollar_underscore(b, item.clone(), out) {
                        Ok(()) => {}
                        // `continue` in ForEach-Object moves to the next input, as in PowerShell.
                        Err(Flow::Continue(None)) => return Ok(()),
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
        }
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        if let Mode::Parallel {
            running: Some(p), ..
        } = &mut self.mode
        {
            return p.finish(rs, out);
        }
        if let Mode::Blocks { end: Some(b), .. } = &self.mode {
            rs.run_with_dollar_underscore(b, Value::Null, out)?;
        }
        Ok(())
    }
}
