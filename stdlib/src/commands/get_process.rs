//! `Get-Process`: the processes on this machine, read from `/proc`, as
//! `System.Diagnostics.Process` objects sorted by name and id.

use crate::process_object::as_process;
use crate::process_select::{
    Selector, ambiguous, by_property, ids, input_objects, not_bound, select,
};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Process [[-Name] <string[]>]`, `Get-Process -Id <int[]>`,
/// `Get-Process -InputObject <Process[]>`
pub struct GetProcess;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .aliases(&["ProcessName"])
        .of("string[]")
        .in_sets(&["Name"])
        .wildcards()
        .describe("The names of the processes to get (their executable's name); wildcards allowed. All processes by default."),
    ParamSpec::value("Id")
        .aliases(&["PID"])
        .of("int[]")
        .mandatory()
        .in_sets(&["Id"])
        .describe("The process ids of the processes to get."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("Process[]")
        .mandatory()
        .in_sets(&["InputObject"])
        .describe("Process objects to get again, with current figures."),
];

const CLASS: &str = "GetProcessCommand";

struct Run {
    selector: Option<Selector>,
}

impl Command for GetProcess {
    fn name(&self) -> &'static str {
        "Get-Process"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let given = ["Name", "Id", "InputObject"]
            .iter()
            .filter(|p| args.has(p))
            .count();
        if given > 1 {
            return Err(ambiguous("Get-Process", CLASS));
        }
        let selector = if args.has("Id") {
            Some(Selector::Ids(ids(&args, "Get-Process", CLASS)?))
        } else if args.has("Name") {
            Some(Selector::Names(strings(&args, "Name")))
        } else if args.has("InputObject") {
            Some(Selector::Input(input_objects(
                "Get-Process",
                CLASS,
                args.get("InputObject"),
            )?))
        } else {
            None
        };
        Ok(Box::new(Run { selector }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the processes running on the computer."
    }
    fn description(&self) -> &'static str {
        "The Get-Process cmdlet gets the processes of this computer, read from /proc, as Process objects: all of them, or those chosen by name or id. The table shows their memory, CPU time, id and name."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Stop-Process", "Start-Process"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get this shell's own process by its id.",
                code: "(Get-Process -Id $PID).Id -eq $PID",
                output: "True",
            },
            Example {
                description: "The name is the program's; Name is an alias of ProcessName.",
                code: "$p = Get-Process -Id $PID\n$p.Name -eq $p.ProcessName",
                output: "True",
            },
            Example {
                description: "A name that matches no process is a non-terminating error; a wildcard that matches none is not.",
                code: "Get-Process -Name no-such-process -ErrorAction SilentlyContinue\n\
                       $Error[0].FullyQualifiedErrorId\n\
                       @(Get-Process -Name 'no-such-process*').Count",
                output: "NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.GetProcessCommand\n0",
            },
        ]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let selector = match input {
            Some(v) => match as_process(&v) {
                Some(o) => Selector::Input(vec![o.clone()]),
                None => match by_property(&v) {
                    Some(s) => s,
                    None => return rs.write_error(not_bound(CLASS, v)),
                },
            },
            None => self.selector.take().unwrap_or(Selector::All),
        };
        for p in select(rs, CLASS, &selector)? {
            out.emit(rs, Value::Object(p))?;
        }
        Ok(())
    }
}
