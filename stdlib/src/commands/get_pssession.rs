//! `Get-PSSession`: the sessions open in this runspace.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};

use crate::remote::sessions::Sessions;
use crate::util::strings;
use crate::util::wildcard_match;

/// `Get-PSSession [[-ComputerName] <string[]>] [-Name <string[]>] [-Id <int[]>]`
pub struct GetPSSession;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("ComputerName")
        .at(0)
        .aliases(&["Cn"])
        .of("string[]")
        .in_sets(&["ComputerName"])
        .wildcards()
        .describe("Get the sessions connected to these computers; wildcards allowed."),
    ParamSpec::value("Name")
        .of("string[]")
        .in_sets(&["Name"])
        .wildcards()
        .describe("Get the sessions with these names; wildcards allowed."),
    ParamSpec::value("Id")
        .of("int[]")
        .mandatory()
        .in_sets(&["Id"])
        .describe("Get the sessions with these ids."),
    ParamSpec::value("InstanceId")
        .of("guid[]")
        .mandatory()
        .in_sets(&["InstanceId"])
        .describe("Get the sessions with these instance ids."),
    ParamSpec::value("State")
        .of("SessionFilterState")
        .describe("Get only sessions in this state: Opened, Broken, Closed or All."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetPSSession {
    fn name(&self) -> &'static str {
        "Get-PSSession"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the PSSessions of the session."
    }
    fn description(&self) -> &'static str {
        "The Get-PSSession cmdlet gets the remote sessions opened in this session by New-PSSession: all of them, or those chosen by computer, name, id, instance id or state. Each shows its Id, Name, transport, computer, State and availability."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_PSSessions", "about_Remote", "Invoke-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "List the open sessions by name.",
            code: "$null = New-PSSession localhost -Name one\n\
                   $null = New-PSSession localhost -Name two\n\
                   (Get-PSSession).Name\n\
                   (Get-PSSession -Name t*).Name\n\
                   Get-PSSession | Remove-PSSession",
            output: "one\ntwo\ntwo",
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
        let computers = strings(&self.args, "ComputerName");
        let names = strings(&self.args, "Name");
        let ids = strings(&self.args, "Id");
        let instances = strings(&self.args, "InstanceId");
        let states = strings(&self.args, "State");
        let sessions = rs.extension::<Sessions>();
        sessions.refresh();
        let picked: Vec<Value> = sessions
            .list
            .iter()
            .filter(|e| {
                computers.is_empty() || computers.iter().any(|c| wildcard_match(c, &e.computer))
            })
            .filter(|e| names.is_empty() || names.iter().any(|n| wildcard_match(n, &e.name)))
            .filter(|e| ids.is_empty() || ids.iter().any(|i| i.trim() == e.id.to_string()))
            .filter(|e| {
                instances.is_empty()
                    || instances
                        .iter()
                        .any(|i| i.eq_ignore_ascii_case(&e.session.runspace_id().to_string()))
            })
            .filter(|e| {
                states.is_empty()
                    || states.iter().any(|s| {
                        e.object
                            .get("State")
                            .is_some_and(|v| convert::to_str(&v).eq_ignore_ascii_case(s))
                    })
            })
            .map(|e| Value::Object(e.object.clone()))
            .collect();
        for v in picked {
            out.emit(rs, v)?;
        }
        Ok(())
    }
}
