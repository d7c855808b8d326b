//! `Enable-PSSessionConfiguration`: let users connect to session configurations again.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::switch::set_enabled;

const NAME: &str = "Enable-PSSessionConfiguration";

/// `Enable-PSSessionConfiguration [[-Name] <string[]>] [-Force] [-NoServiceRestart]`
pub struct EnablePSSessionConfiguration;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .wildcards()
        .describe("The configurations to enable; wildcards allowed. All by default."),
    ParamSpec::switch("Force").describe("Accepted; rosh asks for no confirmation."),
    ParamSpec::switch("SkipNetworkProfileCheck")
        .describe("Accepted; rosh has no firewall rules to change."),
    ParamSpec::switch("NoServiceRestart").describe("Accepted; rosh has no service to restart."),
];

struct Run {
    args: BoundArgs,
}

impl Command for EnablePSSessionConfiguration {
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
        "Enables the session configurations on the local computer."
    }
    fn description(&self) -> &'static str {
        "The Enable-PSSessionConfiguration cmdlet lets users connect again to session configurations that Disable-PSSessionConfiguration turned off (a Disabled access mode becomes Remote). Who may connect is still decided by the configuration's allowed users and groups."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Disable-PSSessionConfiguration",
            "Get-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Turn a configuration off and on again.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-enable-pssc-$PID\"\n\
                   $null = Register-PSSessionConfiguration -Name Ops\n\
                   Disable-PSSessionConfiguration -Name Ops\n\
                   (Get-PSSessionConfiguration Ops).Enabled\n\
                   Enable-PSSessionConfiguration -Name Ops\n\
                   (Get-PSSessionConfiguration Ops).Enabled\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "False\nTrue",
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
        set_enabled(rs, NAME, &self.args, true)
    }
}
