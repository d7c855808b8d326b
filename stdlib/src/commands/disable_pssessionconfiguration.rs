//! `Disable-PSSessionConfiguration`: deny everyone access to session configurations.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::switch::set_enabled;

const NAME: &str = "Disable-PSSessionConfiguration";

/// `Disable-PSSessionConfiguration [[-Name] <string[]>] [-Force] [-NoServiceRestart]`
pub struct DisablePSSessionConfiguration;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .wildcards()
        .describe("The configurations to disable; wildcards allowed. All by default."),
    ParamSpec::switch("Force").describe("Accepted; rosh asks for no confirmation."),
    ParamSpec::switch("NoServiceRestart").describe("Accepted; rosh has no service to restart."),
];

struct Run {
    args: BoundArgs,
}

impl Command for DisablePSSessionConfiguration {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Disables session configurations on the local computer."
    }
    fn description(&self) -> &'static str {
        "The Disable-PSSessionConfiguration cmdlet denies everyone access to session configurations: clients that ask for one get \"Access is denied.\" and no session. The registration stays; Enable-PSSessionConfiguration turns it back on. Sessions already open are not affected."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Enable-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "A disabled configuration refuses everyone.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-disable-pssc-$PID\"\n\
                   $null = Register-PSSessionConfiguration -Name Ops\n\
                   Disable-PSSessionConfiguration -Name Ops\n\
                   (Get-PSSessionConfiguration Ops).Permission\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "Everyone AccessDenied",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        set_enabled(rs, NAME, &self.args, false)
    }
}
