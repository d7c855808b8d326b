//! `Receive-Job`: the results of jobs, as they arrive with `-Wait`.

use std::time::Duration;

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::jobs::{self, Jobs};

/// `Receive-Job [-Job] <Job[]> [-Keep] [-Wait] [-AutoRemoveJob]` (or `-Id`, `-Name`)
pub struct ReceiveJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Job").at(0).from_pipeline(),
    ParamSpec::value("Id"),
    ParamSpec::value("Name"),
    ParamSpec::switch("Keep"),
    ParamSpec::switch("Wait"),
    ParamSpec::switch("AutoRemoveJob"),
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
