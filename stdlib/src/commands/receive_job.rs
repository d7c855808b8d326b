//! `Receive-Job`: the results of jobs, as they arrive with `-Wait`.

use std::time::Duration;

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::jobs::{self, Jobs};

/// `Receive-Job [-Job] <Job[]> [-Keep] [-Wait] [-AutoRemoveJob]` (or `-Id`, `-Name`)
pub struct ReceiveJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Job")
        .at(0)
        .from_pipeline()
        .of("Job[]")
        .mandatory()
        .in_sets(&["Location"])
        .describe("The jobs to receive from (job objects, from Start-Job, Get-Job or Invoke-Command -AsJob)."),
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
    ParamSpec::switch("Keep")
        .describe("Keep the results in the job, so that the next Receive-Job returns them again."),
    ParamSpec::switch("Wait")
        .describe("Wait until the jobs end, writing the results as they arrive."),
    ParamSpec::switch("AutoRemoveJob")
        .describe("With -Wait, remove the jobs once they have ended and their results have been received."),
];

/// How often `-Wait` looks for new results.
const POLL: Duration = Duration::from_millis(20);

struct Run {
    args: BoundArgs,
}

impl Command for ReceiveJob {
    fn name(&self) -> &'static str {
        "Receive-Job"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the results of background jobs."
    }
    fn description(&self) -> &'static str {
        "The Receive-Job cmdlet returns the output jobs have produced since it was last called, and writes their errors and other records to the local streams. The results are removed from the job unless -Keep is given. Results of remote commands are deserialized objects stamped with PSComputerName."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Location")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_Jobs", "Start-Job", "Invoke-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Keep results to read them again.",
            code: "$job = Start-Job { 'a'; 'b' }\n\
                   $null = Wait-Job $job\n\
                   Receive-Job $job -Keep\n\
                   (Receive-Job $job) -join ','\n\
                   @(Receive-Job $job).Count\n\
                   Remove-Job $job",
            output: "a\nb\na,b\n0",
        }]
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let picked = jobs::picked(rs, &self.args, input);
        let keep = self.args.switch("Keep");
        for job in &picked {
            if self.args.switch("Wait") {
                loop {
                    let finished = job.shared.state().is_finished();
                    jobs::receive(rs, out, job, keep)?;
                    if finished {
                        break;
                    }
                    rs.check_stop()?;
                    std::thread::sleep(POLL);
                }
            } else {
                jobs::receive(rs, out, job, keep)?;
            }
            if self.args.switch("AutoRemoveJob") && job.shared.state().is_finished() {
                rs.extension::<Jobs>().list.retain(|j| j.id != job.id);
            }
        }
        Ok(())
    }
}
