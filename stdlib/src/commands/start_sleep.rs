//! `Start-Sleep`: wait.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::{as_f64, to_numeric};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Start-Sleep [-Seconds] <double>` or `Start-Sleep -Milliseconds <int>`
pub struct StartSleep;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Seconds")
        .at(0)
        .aliases(&["s"])
        .of("double")
        .mandatory()
        .in_sets(&["Seconds"])
        .describe("How long to sleep, in seconds; fractions allowed."),
    ParamSpec::value("Milliseconds")
        .aliases(&["ms"])
        .of("int")
        .mandatory()
        .in_sets(&["Milliseconds"])
        .describe("How long to sleep, in milliseconds."),
    ParamSpec::value("Duration")
        .aliases(&["ts"])
        .of("timespan")
        .mandatory()
        .in_sets(&["FromTimeSpan"])
        .describe("How long to sleep, as a TimeSpan."),
];

struct Run {
    seconds: f64,
}

impl Command for StartSleep {
    fn name(&self) -> &'static str {
        "Start-Sleep"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let num = |n: &str| args.get(n).and_then(to_numeric).and_then(|v| as_f64(&v));
        let seconds = num("Seconds")
            .or_else(|| num("Milliseconds").map(|m| m / 1000.0))
            .unwrap_or(0.0);
        Ok(Box::new(Run {
            seconds: seconds.max(0.0),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Suspends the activity in a script or session for a time."
    }
    fn description(&self) -> &'static str {
        "The Start-Sleep cmdlet waits for the time given, then returns. Ctrl+C (or stopping the pipeline) ends the wait at once."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Seconds")
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Pause for some milliseconds.",
                code: "$start = Get-Date\n\
                Start-Sleep -Milliseconds 200\n\
                ((Get-Date) - $start).TotalMilliseconds -ge 200",
                output: "True",
            },
            Example {
                description: "Pause for a fraction of a second.",
                code: "$start = Get-Date\n\
                Start-Sleep -Seconds 0.1\n\
                ((Get-Date) - $start).TotalMilliseconds -ge 100",
                output: "True",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        rs.flush_output();
        // Sleep in slices so a stop (Ctrl+C, a remote stop) ends the wait promptly.
        let deadline = std::time::Instant::now()
            + std::time::Duration::from_secs_f64(self.seconds.min(86_400.0 * 365.0));
        loop {
            rs.check_stop()?;
            let now = std::time::Instant::now();
            if now >= deadline {
                return Ok(());
            }
            std::thread::sleep((deadline - now).min(std::time::Duration::from_millis(50)));
        }
    }
}
