//! `Stop-Process`: end processes. As PowerShell on Unix (`Process.Kill`), each is sent
//! SIGKILL; stopping this shell's own process happens last, after the others.

use crate::process_object::{self, as_process};
use crate::process_select::{
    Selector, ambiguous, by_property, ids, input_objects, not_bound, process_error, select,
};
use crate::util::strings;
use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Stop-Process [-Id] <int[]>`, `Stop-Process -Name <string[]>`,
/// `Stop-Process [-InputObject] <Process[]>`, with `-PassThru` and `-Force`
pub struct StopProcess;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Id")
        .at(0)
        .of("int[]")
        .mandatory()
        .in_sets(&["Id"])
        .describe("The process ids of the processes to stop."),
    ParamSpec::value("Name")
        .aliases(&["ProcessName"])
        .of("string[]")
        .mandatory()
        .in_sets(&["Name"])
        .wildcards()
        .describe("The names of the processes to stop; wildcards allowed."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("Process[]")
        .mandatory()
        .in_sets(&["InputObject"])
        .describe("The processes to stop (Process objects, from Get-Process)."),
    ParamSpec::switch("PassThru").describe("Return the stopped processes."),
    ParamSpec::switch("Force")
        .describe("Stop the processes without asking. Accepted; rosh does not ask."),
];

const CLASS: &str = "StopProcessCommand";
const COMMAND: &str = "Stop-Process";

struct Run {
    selector: Option<Selector>,
    pass_thru: bool,
    /// This shell's own process was among those to stop.
    stop_self: bool,
}

impl Command for StopProcess {
    fn name(&self) -> &'static str {
        COMMAND
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, mut args: BoundArgs) -> Eval<Box<dyn Processor>> {
        // `Stop-Process $p`: a process object in the first position is the InputObject.
        if let Some(v) = args.get("Id")
            && crate::util::items(Some(v))
                .iter()
                .all(|i| as_process(i).is_some())
            && !crate::util::items(Some(v)).is_empty()
            && !args.has("InputObject")
        {
            let v = v.clone();
            args.remove("Id");
            args.set("InputObject", v);
        }
        let given = ["Name", "Id", "InputObject"]
            .iter()
            .filter(|p| args.has(p))
            .count();
        if given > 1 {
            return Err(ambiguous(COMMAND, CLASS));
        }
        let selector = if args.has("Id") {
            Some(Selector::Ids(ids(&args, COMMAND, CLASS)?))
        } else if args.has("Name") {
            Some(Selector::Names(strings(&args, "Name")))
        } else if args.has("InputObject") {
            Some(Selector::Input(input_objects(
                COMMAND,
                CLASS,
                args.get("InputObject"),
            )?))
        } else {
            None
        };
        Ok(Box::new(Run {
            selector,
            pass_thru: args.switch("PassThru"),
            stop_self: false,
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Stops one or more running processes."
    }
    fn description(&self) -> &'static str {
        "The Stop-Process cmdlet kills processes (with SIGKILL, as .NET does on Linux), chosen by id, name or process object."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Id")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Process", "Start-Process"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Stop a process started in the background; it is gone afterwards.",
            code: "$p = Start-Process -FilePath sleep -ArgumentList 60 -PassThru\n\
                   $p | Stop-Process\n\
                   for ($i = 0; $i -lt 250 -and -not $p.HasExited; $i++) { Start-Sleep -Milliseconds 20 }\n\
                   $p.HasExited",
            output: "True",
        }]
    }
}

impl Run {
    /// Send SIGKILL to one process; an error when the system refuses.
    fn stop(&mut self, rs: &mut Runspace, p: &rosh_runtime::value::PsObject) -> Eval<bool> {
        let Some(pid) = process_object::id_of(p) else {
            return Ok(true);
        };
        // An object whose process has gone (its id perhaps reused since) is not stopped.
        if !process_object::same_process(p) {
            return Ok(true);
        }
        if pid == std::process::id() as i32 {
            self.stop_self = true;
            return Ok(false);
        }
        match kill(Pid::from_raw(pid), Signal::SIGKILL) {
            // Already gone: nothing to do, as for a process that has exited.
            Ok(()) | Err(Errno::ESRCH) => Ok(true),
            Err(e) => {
                let name = process_object::name_of(p);
                rs.write_error(process_error(
                    "CouldNotStopProcess",
                    CLASS,
                    ErrorCategory::CloseError,
                    format!(
                        "Cannot stop process \"{name} ({pid})\" because of the following error: {}",
                        e.desc()
                    ),
                    Value::Object(p.clone()),
                ))?;
                Ok(false)
            }
        }
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
            None => match self.selector.take() {
                Some(s) => s,
                None => {
                    return Err(crate::util::command_error(
                        COMMAND,
                        "MissingMandatoryParameter,Microsoft.PowerShell.Commands.StopProcessCommand",
                        ErrorCategory::InvalidArgument,
                        "System.Management.Automation.ParameterBindingException",
                        "Cannot process command because of one or more missing mandatory parameters: Id.",
                    ));
                }
            },
        };
        for p in select(rs, CLASS, &selector)? {
            if self.stop(rs, &p)? && self.pass_thru {
                out.emit(rs, Value::Object(p))?;
            }
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        if self.stop_self {
            rs.flush_output();
            let _ = kill(Pid::this(), Signal::SIGKILL);
        }
        Ok(())
    }
}
