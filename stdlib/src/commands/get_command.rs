//! `Get-Command`: the aliases, functions, built-in commands (cmdlets) and programs on `PATH`
//! whose names match.

use crate::command_info::{
    alias_info, applications_matching, bare_function_name, cmdlet_info, function_info,
};
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::ops::wildcard_regex;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Command [[-Name] <string[]>] [-CommandType <CommandTypes>] [-ParameterName
/// <string[]>] [-Noun <string[]>] [-Verb <string[]>] [-All] [-TotalCount <int>]`
pub struct GetCommand;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name").at(0),
    ParamSpec::value("CommandType").aliases(&["Type"]),
    ParamSpec::value("Module"),
    ParamSpec::value("Noun"),
    ParamSpec::value("Verb"),
    ParamSpec::value("ParameterName"),
    ParamSpec::switch("All"),
    ParamSpec::value("TotalCount"),
    ParamSpec::switch("ListImported"),
    ParamSpec::value("ArgumentList").at(1).remaining(),
];

/// Command kinds in the order Get-Command lists them.
const KINDS: &[&str] = &["Alias", "Function", "Filter", "Cmdlet", "Application"];

/// The `CommandTypes` names PowerShell accepts.
const TYPE_NAMES: &[&str] = &[
    "Alias",
    "Function",
    "Filter",
    "Cmdlet",
    "ExternalScript",
    "Application",
    "Script",
    "Configuration",
    "All",
];

struct Found {
    kind: &'static str,
    name: String,
    value: Value,
}

struct Run {
    args: BoundArgs,
}

impl Command for GetCommand {
    fn name(&self) -> &'static str {
        "Get-Command"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        for t in command_types(&args) {
            if !TYPE_NAMES.iter().any(|n| n.eq_ignore_ascii_case(&t)) {
                return Err(crate::util::command_error(
                    "Get-Command",
                    "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.GetCommandCommand",
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    format!(
                        "Cannot bind parameter 'CommandType'. Cannot convert value \"{t}\" to type \"System.Management.Automation.CommandTypes\". Error: \"Unable to match the identifier name {t} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}\"",
                        TYPE_NAMES.join(", ")
                    ),
                ));
            }
        }
        Ok(Box::new(Run { args }))
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get what kind of command a name is.",
                code: "(Get-Command -Name Get-ChildItem).CommandType\n\
                (Get-Command -Name gci).CommandType\n\
                (Get-Command -Name sh).CommandType",
                output: "Cmdlet\n\
                Alias\n\
                Application",
            },
            Example {
                description: "Find commands by verb and noun.",
                code: "Get-Command -Verb Split -Noun Path | ForEach-Object Name",
                output: "Split-Path",
            },
            Example {
                description: "Find commands with a wildcard.",
                code: "Get-Command -Name *-Location | ForEach-Object Name",
                output: "Get-Location\n\
                Pop-Location\n\
                Push-Location\n\
                Set-Location",
            },
        ]
    }
}

fn command_types(args: &BoundArgs) -> Vec<String> {
    strings(args, "CommandType")
        .iter()
        .flat_map(|t| {
            t.split(',')
                .map(|p| p.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

impl Run {
    /// Every command whose name matches, with applications when `with_apps`.
    fn candidates(
        &self,
        rs: &Runspace,
        matches: &dyn Fn(&str) -> bool,
        exact: Option<&str>,
        with_apps: bool,
    ) -> Vec<Found> {
        let mut found = Vec::new();
        for (alias, target) in rs.alias_list() {
            if matches(&alias) {
                found.push(Found {
                    kind: "Alias",
                    value: alias_info(&alias, &target),
                    name: alias,
                });
            }
        }
        for name in rs.scopes.function_names() {
            let bare = bare_function_name(&name).to_string();
            if !matches(&bare) {
                continue;
            }
            let Some(f) = rs.scopes.function(&bare) else {
                continue;
            };
            let kind = if f.def.is_filter {
                "Filter"
            } else {
                "Function"
            };
            let value = function_info(&bare, f.def.body.text());
            if let Value::Object(o) = &value {
                o.set("CommandType", Value::from(kind));
            }
            found.push(Found {
                kind,
                name: bare,
                value,
            });
        }
        for name in rs.command_names() {
            if matches(name) {
                found.push(Found {
                    kind: "Cmdlet",
                    name: name.to_string(),
                    value: cmdlet_info(name),
                });
            }
        }
        if with_apps {
            let paths = match exact {
                Some(n) => rosh_runtime::native::find_executable(n, rs)
                    .into_iter()
                    .collect(),
                None => applications_matching(rs, matches),
            };
            for p in paths {
                found.push(Found {
                    kind: "Application",
                    name: p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    value: crate::command_info::application_info(&p),
                });
            }
        }
        found
    }

    fn has_parameter(rs: &Runspace, f: &Found, patterns: &[String]) -> bool {
        let mut names: Vec<String> = Vec::new();
        match f.kind {
            "Cmdlet" => {
                if let Some(c) = rs.command(&f.name) {
                    for p in c.parameters() {
                        names.push(p.name.to_string());
                        names.extend(p.aliases.iter().map(|a| a.to_string()));
                    }
                    names.extend(
                        rosh_runtime::interp::binding::COMMON
                            .iter()
                            .map(|c| c.to_string()),
                    );
                }
            }
            "Function" | "Filter" => {
                if let Some(func) = rs.scopes.function(&f.name) {
                    let declared = func.def.parameters.iter().flatten();
                    let in_block = func
                        .def
                        .body
                        .param_block
                        .iter()
                        .flat_map(|b| b.parameters.iter());
                    names.extend(declared.chain(in_block).map(|p| p.name.name.to_string()));
                }
            }
            _ => return false,
        }
        patterns.iter().any(|p| {
            wildcard_regex(p, false).is_some_and(|re| names.iter().any(|n| re.is_match(n)))
        })
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let types: Vec<String> = command_types(&self.args)
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        let all_types = types.iter().any(|t| t == "all");
        let wanted = |kind: &str| -> bool {
            if types.is_empty() || all_types {
                return true;
            }
            types.iter().any(|t| t.eq_ignore_ascii_case(kind))
        };
        let parameter_names = strings(&self.args, "ParameterName");
        let nouns = strings(&self.args, "Noun");
        let verbs = strings(&self.args, "Verb");
        let names = strings(&self.args, "Name");
        let listing = names.is_empty();
        let patterns = if listing {
            vec!["*".to_string()]
        } else {
            names
        };
        let limit = crate::util::count(&self.args, "TotalCount");
        let mut emitted = 0usize;
        for pattern in patterns {
            let Some(re) = wildcard_regex(&pattern, false) else {
                continue;
            };
            let wildcard = is_wildcard(&pattern);
            // Programs on PATH come with a name, or when asked for by type.
            let with_apps =
                (!listing || wanted("Application") && !types.is_empty()) && wanted("Application");
            let exact = (!wildcard).then_some(pattern.as_str());
            let matches = |n: &str| re.is_match(n);
            let mut found: Vec<Found> = self
                .candidates(rs, &matches, exact, with_apps)
                .into_iter()
                .filter(|f| wanted(f.kind))
                .filter(|f| {
                    let (verb, noun) = f.name.split_once('-').unwrap_or(("", ""));
                    (nouns.is_empty()
                        || nouns
                            .iter()
                            .any(|n| wildcard_regex(n, false).is_some_and(|r| r.is_match(noun))))
                        && (verbs.is_empty()
                            || verbs.iter().any(|v| {
                                wildcard_regex(v, false).is_some_and(|r| r.is_match(verb))
                            }))
                })
                .filter(|f| {
                    parameter_names.is_empty() || Self::has_parameter(rs, f, &parameter_names)
                })
                .collect();
            found.sort_by(|a, b| {
                let rank = |k: &str| KINDS.iter().position(|x| *x == k).unwrap_or(KINDS.len());
                rank(a.kind).cmp(&rank(b.kind)).then_with(|| {
                    if a.kind == "Application" {
                        std::cmp::Ordering::Equal
                    } else {
                        a.name
                            .to_ascii_lowercase()
                            .cmp(&b.name.to_ascii_lowercase())
                    }
                })
            });
            if !wildcard && !self.args.switch("All") {
                // A plain name means the command that would run: alias, function, cmdlet,
                // then program.
                found.truncate(1);
            }
            if found.is_empty() && !wildcard {
                rs.write_error(
                    ErrorRecord::new(
                        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand",
                        ErrorCategory::ObjectNotFound,
                        format!(
                            "The term '{pattern}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again."
                        ),
                    )
                    .with_exception("System.Management.Automation.CommandNotFoundException")
                    .with_target(Value::from(to_str(&Value::from(pattern.clone())))),
                )?;
            }
            for f in found {
                if limit.is_some_and(|l| emitted >= l) {
                    return Ok(());
                }
                emitted += 1;
                out.emit(rs, f.value)?;
            }
        }
        Ok(())
    }
}
