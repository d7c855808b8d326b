//! `Get-PSSession`: the sessions open in this runspace.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value, convert};

use crate::remote::sessions::Sessions;
use crate::util::strings;
use crate::util::wildcard_match;

/// `Get-PSSession [[-ComputerName] <string[]>] [-Name <string[]>] [-Id <int[]>]`
pub struct GetPSSession;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("ComputerName").at(0).aliases(&["Cn"]),
    ParamSpec::value("Name"),
    ParamSpec::value("Id"),
    ParamSpec::value("InstanceId"),
    ParamSpec::value("State"),
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
