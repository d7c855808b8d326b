//! `Enable-PSRemoting`: register the default session configurations and enable them all.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::session_config::cmdlets::{directories, save, verbose};
use crate::session_config::registry::{DEFAULT_NAME, Registration};
use crate::session_config::switch::set_enabled;

const NAME: &str = "Enable-PSRemoting";

/// `Enable-PSRemoting [-Force] [-SkipNetworkProfileCheck]`
pub struct EnablePSRemoting;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::switch("Force").describe("Accepted; rosh asks for no confirmation."),
    ParamSpec::switch("SkipNetworkProfileCheck")
        .describe("Accepted; rosh changes no firewall rules."),
];

struct Run {
    args: BoundArgs,
}

/// The default configurations: `rosh`, and PowerShell's `PowerShell.<major>` and
/// `PowerShell.<version>`.
fn default_names() -> Vec<String> {
    let (major, minor, patch) = rosh_runtime::automatic::PS_VERSION;
    vec![
        DEFAULT_NAME.to_string(),
        format!("PowerShell.{major}"),
        format!("PowerShell.{major}.{minor}.{patch}"),
    ]
}

impl Command for EnablePSRemoting {
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
        "Configures the computer to receive remote commands."
    }
    fn description(&self) -> &'static str {
        "The Enable-PSRemoting cmdlet registers the default session configurations that are missing (rosh, and PowerShell's names PowerShell.7 and PowerShell.7.4.0: full sessions with every command) and enables every registered configuration. It keeps existing configurations as they are.

rosh receives remote commands through its PSRP server: loopback sessions start rosh -s, and SSH sessions run rosh -sshs as sshd's powershell subsystem (see Enable-SSHRemoting and about_Session_Configurations). There is no WinRM service, listener or firewall rule to set up."
    }
    fn related(&self) -> &'static [&'static str] {
        &[
            "about_Session_Configurations",
            "Register-PSSessionConfiguration",
            "Enable-PSSessionConfiguration",
        ]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Register the default configurations.",
            code: "$env:ROSH_SESSION_CONFIG_DIR = \"/tmp/rosh-enable-psremoting-$PID\"\n\
                   Enable-PSRemoting -Force\n\
                   (Get-PSSessionConfiguration).Name\n\
                   Remove-Item $env:ROSH_SESSION_CONFIG_DIR -Recurse",
            output: "PowerShell.7\nPowerShell.7.4.0\nrosh",
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
        let dirs = directories(rs);
        for name in default_names() {
            if dirs.find(&name).is_none() {
                verbose(
                    rs,
                    &self.args,
                    &format!("Registering the default session configuration \"{name}\"."),
                );
                save(NAME, &Registration::new(&name, &dirs.write))?;
            }
        }
        set_enabled(rs, NAME, &BoundArgs::default(), true)
    }
}
