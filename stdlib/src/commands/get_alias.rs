//! `Get-Alias`: the aliases whose names (or definitions) match, sorted by name.

use crate::command_info::alias_info;
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::ops::wildcard_regex;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Alias [[-Name] <string[]>] [-Exclude <string[]>] [-Scope <string>]
/// [-Definition <string[]>]`
pub struct GetAlias;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .in_sets(&["Default"])
        .wildcards()
        .describe("The aliases to get; wildcards allowed. All aliases by default."),
    ParamSpec::value("Exclude")
        .of("string[]")
        .wildcards()
        .describe("Leave out the aliases whose names match one of these patterns."),
    ParamSpec::value("Scope")
        .of("string")
        .describe("The scope to look in. Accepted; rosh's aliases belong to the whole session."),
    ParamSpec::value("Definition")
        .of("string[]")
        .mandatory()
        .in_sets(&["Definition"])
        .wildcards()
        .describe("Get the aliases of these commands (wildcards allowed)."),
];

struct Run {
    args: BoundArgs,
}

impl Command for GetAlias {
    fn name(&self) -> &'static str {
        "Get-Alias"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the aliases of the session."
    }
    fn description(&self) -> &'static str {
        "The Get-Alias cmdlet gets aliases: other names for commands. Each shows as \"name -> command\"; its Definition is the command it stands for. With -Definition it finds the aliases of a command."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Default")
    }
    fn related(&self) -> &'static [&'static str] {
        &["New-Alias", "Set-Alias", "Get-Command"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get the command an alias stands for.",
                code: "(Get-Alias -Name gci).Definition",
                output: "Get-ChildItem",
            },
            Example {
                description: "Get the aliases of a command.",
                code: "Get-Alias -Definition Get-ChildItem | ForEach-Object Name",
                output: "dir\n\
                gci",
            },
        ]
    }
}

fn is_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn not_found(what: &str, name: &str) -> ErrorRecord {
    ErrorRecord::new(
        "ItemNotFoundException,Microsoft.PowerShell.Commands.GetAliasCommand",
        ErrorCategory::ObjectNotFound,
        format!(
            "This command cannot find a matching alias because an alias with the {what} '{name}' does not exist."
        ),
    )
    .with_exception("System.Management.Automation.ItemNotFoundException")
    .with_target(Value::from(name))
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let all = rs.alias_list();
        let excluded: Vec<_> = strings(&self.args, "Exclude")
            .iter()
            .filter_map(|p| wildcard_regex(p, false))
            .collect();
        let keep = |name: &str| !excluded.iter().any(|r| r.is_match(name));
        let definitions = strings(&self.args, "Definition");
        if !definitions.is_empty() {
            for d in definitions {
                let Some(re) = wildcard_regex(&d, false) else {
                    continue;
                };
                let hits: Vec<&(String, String)> = all
                    .iter()
                    .filter(|(a, t)| re.is_match(t) && keep(a))
                    .collect();
                if hits.is_empty() && !is_wildcard(&d) {
                    rs.write_error(not_found("definition", &d))?;
                }
                for (a, t) in hits {
                    out.emit(rs, alias_info(a, t))?;
                }
            }
            return Ok(());
        }
        let mut names = strings(&self.args, "Name");
        if names.is_empty() {
            names.push("*".into());
        }
        for n in names {
            let Some(re) = wildcard_regex(&n, false) else {
                continue;
            };
            let hits: Vec<&(String, String)> = all
                .iter()
                .filter(|(a, _)| re.is_match(a) && keep(a))
                .collect();
            if hits.is_empty() && !is_wildcard(&n) {
                rs.write_error(not_found("name", &n))?;
            }
            for (a, t) in hits {
                out.emit(rs, alias_info(a, t))?;
            }
        }
        Ok(())
    }
}
