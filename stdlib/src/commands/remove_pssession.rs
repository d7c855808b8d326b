//! `Remove-PSSession`: close sessions and forget them.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::remote::sessions::{Sessions, refresh_object, session_of};
use crate::util::items;
use crate::util::strings;
use crate::util::wildcard_match;

/// `Remove-PSSession [-Session] <PSSession[]>` or `-Name`, `-Id`, `-ComputerName`
pub struct RemovePSSession;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Session")
        .at(0)
        .from_pipeline()
        .of("PSSession[]")
        .mandatory()
        .in_sets(&["Session"])
        .describe("The sessions to close."),
    ParamSpec::value("Name")
        .of("string[]")
        .mandatory()
        .in_sets(&["Name"])
        .wildcards()
        .describe("Close the sessions with these names; wildcards allowed."),
    ParamSpec::value("Id")
        .of("int[]")
        .mandatory()
        .in_sets(&["Id"])
        .describe("Close the sessions with these ids."),
    ParamSpec::value("ComputerName")
        .aliases(&["Cn"])
        .of("string[]")
        .mandatory()
        .in_sets(&["ComputerName"])
        .wildcards()
        .describe("Close the sessions connected to these computers; wildcards allowed."),
];

struct Run {
    args: BoundArgs,
}

impl Command for RemovePSSession {
    fn name(&self) -> &'static str {
        "Remove-PSSession"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Closes PSSessions."
    }
    fn description(&self) -> &'static str {
        "The Remove-PSSession cmdlet closes remote sessions: it ends their runspaces, stops their server processes and removes them from the session's list."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Session")
    }
    fn related(&self) -> &'static [&'static str] {
        &["about_PSSessions", "New-PSSession", "Get-PSSession"]
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "Close a session; its object says Closed and it is no longer listed.",
            code: "$s = New-PSSession localhost\n\
                   Remove-PSSession $s\n\
                   $s.State\n\
                   @(Get-PSSession).Count",
            output: "Closed\n0",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let mut ids: Vec<uuid::Uuid> = Vec::new();
        let given = input.or_else(|| self.args.get("Session").cloned());
        for v in items(given.as_ref()) {
            if let Some(e) = session_of(rs, &v) {
                ids.push(e.session.runspace_id());
            }
        }
        let names = strings(&self.args, "Name");
        let numbers = strings(&self.args, "Id");
        let computers = strings(&self.args, "ComputerName");
        let sessions = rs.extension::<Sessions>();
        for e in &sessions.list {
            if names.iter().any(|n| wildcard_match(n, &e.name))
                || numbers.iter().any(|n| n.trim() == e.id.to_string())
                || computers.iter().any(|c| wildcard_match(c, &e.computer))
            {
                ids.push(e.session.runspace_id());
            }
        }
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut sessions.list)
            .into_iter()
            .partition(|e| ids.contains(&e.session.runspace_id()));
        sessions.list = kept;
        for e in gone {
            e.session.close();
            refresh_object(&e);
        }
        Ok(())
    }
}
