//! `Get-Job`: the jobs of this runspace.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};

use crate::remote::jobs;
use crate::util::strings;

/// `Get-Job [[-Id] <int[]>] [-Name <string[]>] [-State <string>]`
pub struct GetJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Id")
        .at(0)
        .of("int[]")
        .in_sets(&["SessionIdParameterSet"])
        .describe("The ids of the jobs to get."),
    ParamSpec::value("Name")
        .of("string[]")
        .mandatory()
        .in_sets(&["NameParameterSet"])
        .wildcards()
        .describe("The names of the jobs to get; wildcards allowed."),
    ParamSpec::value("State")
        .of("JobState")
        .mandatory()
        .in_sets(&["StateParameterSet"])
        .describe("Get only jobs in this state: Running, Completed, Failed or Stopped."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetJob {
    fn name(&self) -> &'static str {
        "Get-Job"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the background jobs of the session."
    }
    fn description(&self) -> &'static str {
        "The Get-Job cmdlet gets the jobs started in this session by Start-Job and Invoke-Command -AsJob: all of them, or those with the given ids, names or state. A job object shows its Id, Name, type, State, whether results are waiting (HasMoreData), where it runs and its command."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("SessionIdParameterSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_Jobs", "Start-Job", "Invoke-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Find a job by name and see its state once it is done.",
            code: "$null = Start-Job -Name quick { 1 }\n\
                   $null = Wait-Job -Name quick\n\
                   (Get-Job -Name quick).State\n\
                   Remove-Job -Name quick",
            output: "Completed",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let ids: Vec<i32> = strings(&self.args, "Id")
            .iter()
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let names = strings(&self.args, "Name");
        let state = self.args.get("State").map(convert::to_str);
        for job in jobs::select(rs, None, &ids, &names) {
            jobs::refresh(&job);
            if let Some(s) = &state
                && !job.shared.state().name().eq_ignore_ascii_case(s)
            {
                continue;
            }
            out.emit(rs, Value::Object(job.object.clone()))?;
        }
        Ok(())
    }
}
