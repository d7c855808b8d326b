//! `Remove-Job`: forget jobs (running ones only with `-Force`, which stops them).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::jobs::{self, Jobs};

/// `Remove-Job [-Job] <Job[]> [-Force]` (or `-Id`, `-Name`)
pub struct RemoveJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Job")
        .at(0)
        .from_pipeline()
        .of("Job[]")
        .mandatory()
        .in_sets(&["JobParameterSet"])
        .describe("The jobs to remove."),
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
    ParamSpec::switch("Force")
        .aliases(&["F"])
        .describe("Remove running jobs too, stopping them first."),
];

struct Run {
    args: BoundArgs,
}

impl Command for RemoveJob {
    fn name(&self) -> &'static str {
        "Remove-Job"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Deletes background jobs."
    }
    fn description(&self) -> &'static str {
        "The Remove-Job cmdlet deletes jobs and the results they kept. A running job is removed only with -Force, which stops it first."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("JobParameterSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_Jobs", "Get-Job", "Stop-Job"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "A running job is only removed with -Force.",
            code: "$job = Start-Job { Start-Sleep 60 }\n\
                   Remove-Job $job -ErrorAction SilentlyContinue\n\
                   @(Get-Job).Count\n\
                   Remove-Job $job -Force\n\
                   @(Get-Job).Count",
            output: "1\n0",
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
        let force = self.args.switch("Force");
        for job in jobs::picked(rs, &self.args, input) {
            if !job.shared.state().is_finished() {
                if !force {
                    rs.write_error(
                        rosh_runtime::ErrorRecord::new(
                            "JobObjectNotFinishedCannotBeRemoved,Microsoft.PowerShell.Commands.RemoveJobCommand",
                            ErrorCategory::InvalidOperation,
                            format!(
                                "The command cannot remove the job with the job ID {} because the job is not finished. To remove the job, first stop the job, or use the Force parameter.",
                                job.id
                            ),
                        )
                        .with_exception("System.ArgumentException")
                        .with_target(Value::Object(job.object.clone())),
                    )?;
                    continue;
                }
                job.shared.stop();
            }
            rs.extension::<Jobs>().list.retain(|j| j.id != job.id);
        }
        Ok(())
    }
}
