//! `Wait-Job`: wait until jobs finish (or one, with `-Any`), then output them.

use std::time::{Duration, Instant};

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{as_f64, to_numeric};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::jobs::{self, JobEntry};

/// `Wait-Job [-Job] <Job[]> [-Any] [-Timeout <int>]` (or `-Id`, `-Name`)
pub struct WaitJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Job")
        .at(0)
        .from_pipeline()
        .of("Job[]")
        .mandatory()
        .in_sets(&["JobParameterSet"])
        .describe("The jobs to wait for."),
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
    ParamSpec::switch("Any").describe("Return as soon as one of the jobs ends."),
    ParamSpec::value("Timeout")
        .aliases(&["TimeoutSec"])
        .of("int")
        .describe("Wait at most this many seconds; -1 (the default) waits as long as it takes."),
];

const POLL: Duration = Duration::from_millis(20);

struct Run {
    args: BoundArgs,
    jobs: Vec<JobEntry>,
}

impl Command for WaitJob {
    fn name(&self) -> &'static str {
        "Wait-Job"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            args,
            jobs: Vec::new(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Waits until background jobs end."
    }
    fn description(&self) -> &'static str {
        "The Wait-Job cmdlet waits until the jobs given have ended (Completed, Failed or Stopped), or with -Any until one has, then returns the ended jobs. With -Timeout it returns nothing if the time runs out first."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("JobParameterSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_Jobs", "Receive-Job", "Get-Job"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Give up waiting after a timeout: nothing is output.",
                code: "$job = Start-Job { Start-Sleep 30 }\n\
                       @(Wait-Job $job -Timeout 1).Count\n\
                       Remove-Job $job -Force",
                output: "0",
            },
            Example {
                description: "Wait for the first of several jobs.",
                code: "$slow = Start-Job { Start-Sleep 30 }\n\
                       $fast = Start-Job { 'done' }\n\
                       (Wait-Job $slow, $fast -Any).Id -eq $fast.Id\n\
                       Get-Job | Remove-Job -Force",
                output: "True",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        for j in jobs::picked(rs, &self.args, input) {
            if !self.jobs.iter().any(|k| k.id == j.id) {
                self.jobs.push(j);
            }
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let timeout = self
            .args
            .get("Timeout")
            .and_then(to_numeric)
            .and_then(|n| as_f64(&n))
            .filter(|s| *s >= 0.0)
            .map(|s| Instant::now() + Duration::from_secs_f64(s.min(1e9)));
        let any = self.args.switch("Any");
        loop {
            let done: Vec<&JobEntry> = self
                .jobs
                .iter()
                .filter(|j| j.shared.state().is_finished())
                .collect();
            let finished = if any {
                !done.is_empty() || self.jobs.is_empty()
            } else {
                done.len() == self.jobs.len()
            };
            if finished {
                let chosen: Vec<JobEntry> = if any {
                    done.into_iter().take(1).cloned().collect()
                } else {
                    self.jobs.clone()
                };
                for j in chosen {
                    jobs::refresh(&j);
                    out.emit(rs, Value::Object(j.object.clone()))?;
                }
                return Ok(());
            }
            if timeout.is_some_and(|t| Instant::now() >= t) {
                return Ok(());
            }
            rs.check_stop()?;
            std::thread::sleep(POLL);
        }
    }
}
