//! `Stop-Job`: stop running jobs.

use std::time::{Duration, Instant};

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::jobs;

/// `Stop-Job [-Job] <Job[]> [-PassThru]` (or `-Id`, `-Name`)
pub struct StopJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Job")
        .at(0)
        .from_pipeline()
        .of("Job[]")
        .mandatory()
        .in_sets(&["Job"])
        .describe("The jobs to stop."),
    ParamSpec::value("Id")
        .of("int[]")
        .mandatory()
        .in_sets(&["SessionIdParameterSet"])
        .describe("The ids of the jobs."),
    ParamSpec::value("Name")
        .of("string[]")
        .mandatory()
        .in_sets(&["NameParameterSet"])
        .wildcards()
        .describe("The names of the jobs; wildcards allowed."),
    ParamSpec::switch("PassThru").describe("Return the stopped jobs."),
];

/// How long Stop-Job waits for the remote pipelines to confirm.
const STOP_WAIT: Duration = Duration::from_secs(10);

struct Run {
    args: BoundArgs,
}

impl Command for StopJob {
    fn name(&self) -> &'static str {
        "Stop-Job"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Stops background jobs."
    }
    fn description(&self) -> &'static str {
        "The Stop-Job cmdlet stops running jobs: their remote pipelines are stopped and their State becomes Stopped. Results they produced before stopping can still be received."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Job")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_Jobs", "Get-Job", "Remove-Job"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Stop a job that would run for a long time.",
            code: "$job = Start-Job { Start-Sleep 60 }\n\
                   Stop-Job $job\n\
                   $job.State\n\
                   Remove-Job $job",
            output: "Stopped",
        }]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let picked = jobs::picked(rs, &self.args, input);
        for job in &picked {
            job.shared.stop();
        }
        // Stop-Job returns once the jobs have stopped, as PowerShell's does.
        let deadline = Instant::now() + STOP_WAIT;
        while picked.iter().any(|j| !j.shared.state().is_finished()) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        for job in picked {
            jobs::refresh(&job);
            if self.args.switch("PassThru") {
                out.emit(rs, Value::Object(job.object.clone()))?;
            }
        }
        Ok(())
    }
}
