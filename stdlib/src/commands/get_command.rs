//! `Get-Command`: the aliases, functions, built-in commands (cmdlets) and programs on `PATH`
//! whose names match.

use crate::command_info::{
    alias_info, applications_matching, bare_function_name, cmdlet_info, function_info,
};
use crate::help::syntax::command_syntax;
use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::interp::binding::{COMMON, function_signature};
use rosh_runtime::ops::wildcard_regex;
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Command [[-Name] <string[]>] [-CommandType <CommandTypes>] [-ParameterName
/// <string[]>] [-Noun <string[]>] [-Verb <string[]>] [-All] [-TotalCount <int>] [-Syntax]`
pub struct GetCommand;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .in_sets(&["AllCommandSet"])
        .wildcards()
        .describe("The names of the commands to get; wildcards are allowed. A plain name gets the command that would run."),
    ParamSpec::value("CommandType")
        .aliases(&["Type"])
        .of("CommandTypes")
        .in_sets(&["AllCommandSet"])
        .describe("Only commands of these types: Alias, Function, Filter, Cmdlet, Application, ExternalScript, Script or All."),
    ParamSpec::value("Module")
        .of("string[]")
        .aliases(&["PSSnapin"])
        .wildcards()
        .describe("Only commands of these modules; rosh's built-in commands carry the names of the PowerShell modules that hold them (Microsoft.PowerShell.Core, .Management, .Utility)."),
    ParamSpec::value("Noun")
        .of("string[]")
        .in_sets(&["CmdletSet"])
        .wildcards()
        .describe("Only commands whose noun (the part after the hyphen) matches."),
    ParamSpec::value("Verb")
        .of("string[]")
        .in_sets(&["CmdletSet"])
        .wildcards()
        .describe("Only commands whose verb (the part before the hyphen) matches."),
    ParamSpec::value("ParameterName")
        .of("string[]")
        .wildcards()
        .describe("Only commands that have a parameter with one of these names or aliases, common parameters included."),
    ParamSpec::switch("All")
        .describe("Get every command of a plain name, not only the one that would run."),
    ParamSpec::value("TotalCount")
        .of("int")
        .describe("Get at most this many commands."),
    ParamSpec::switch("Syntax")
        .describe("Return each command's syntax (an alias's with what it stands for) instead of the command."),
    ParamSpec::switch("ListImported")
        .describe("Only commands of the current session, which in rosh are all of them."),
    ParamSpec::value("ArgumentList")
        .at(1)
        .remaining()
        .aliases(&["Args"])
        .of("Object[]")
        .describe("Arguments PowerShell uses to find a command's dynamic parameters; rosh's commands have none, so it changes nothing."),
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
    fn synopsis(&self) -> &'static str {
        "Gets all commands."
    }
    fn description(&self) -> &'static str {
        "The Get-Command cmdlet gets the commands rosh can run: aliases, functions, built-in commands (cmdlets) and the programs on PATH. Without parameters it lists the aliases, functions and cmdlets of the session; programs are listed when named or asked for with -CommandType Application.\n\n\
         A plain name gets the command that would run for it (an alias before a function, a function before a cmdlet, a cmdlet before a program); -All gets every command of that name. Names, verbs, nouns and parameter names may contain wildcards.\n\n\
         -ParameterName finds the commands that have a parameter, and -Syntax shows how to call a command."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("CmdletSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Help", "Get-Alias"]
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
                description: "Find the commands that have a parameter.",
                code: "Get-Command -ParameterName ComputerName | ForEach-Object Name",
                output: "Enter-PSSession\n\
                Get-PSSession\n\
                Invoke-Command\n\
                New-PSSession\n\
                Remove-PSSession",
            },
            Example {
                description: "Show how to call a command.",
                code: "Get-Command Join-Path -Syntax",
                output: "\nJoin-Path [-Path] <string[]> [[-ChildPath] <string>] [[-AdditionalChildPath] <string[]>] [-Resolve] [<CommonParameters>]",
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

/// What `-Syntax` shows for a command: its syntax; for an alias, what it stands for and its
/// command's syntax under the alias's name; for a program, its path.
fn syntax_of(rs: &Runspace, f: &Found) -> String {
    match f.kind {
        "Alias" => {
            let target = rs.alias(&f.name).unwrap_or_default().to_string();
            let syntax = command_syntax(rs, &target)
                .unwrap_or_default()
                .replace(&format!("\n{target} "), &format!("\n{} ", f.name));
            format!("{} (alias) -> {target}\n{syntax}", f.name)
        }
        "Application" => match &f.value {
            Value::Object(o) => o.get("Path").map(|p| to_str(&p)).unwrap_or_default(),
            _ => String::new(),
        },
        _ => command_syntax(rs, &f.name).unwrap_or_default(),
    }
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
        for name in rs.function_names() {
            let bare = bare_function_name(&name).to_string();
            if !matches(&bare) {
                continue;
            }
            let Some(f) = rs.function(&bare) else {
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
                let definition = command_syntax(rs, name).unwrap_or_default();
                found.push(Found {
                    kind: "Cmdlet",
                    name: name.to_string(),
                    value: cmdlet_info(name, &definition),
                });
            }
        }
        if with_apps {
            let paths = match exact {
                Some(n) => rosh_runtime::native::find_executable(n, rs)
                    .into_iter()
                    .filter(|p| {
                        rs.command_visible(
                            rosh_runtime::interp::visibility::CommandKind::Application,
                            &p.to_string_lossy(),
                        )
                    })
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
                    names.extend(COMMON.iter().map(|c| c.to_string()));
                }
            }
            "Function" | "Filter" => {
                if let Some(func) = rs.function(&f.name) {
                    let declared: Vec<_> = func
                        .def
                        .parameters
                        .iter()
                        .flatten()
                        .chain(
                            func.def
                                .body
                                .param_block
                                .iter()
                                .flat_map(|b| b.parameters.iter()),
                        )
                        .cloned()
                        .collect();
                    let sig = function_signature(&declared, &func.def.body);
                    for p in &sig.params {
                        names.push(p.name.clone());
                        names.extend(p.aliases.iter().cloned());
                    }
                    if sig.advanced {
                        names.extend(COMMON.iter().map(|c| c.to_string()));
                    }
                    if sig.supports_should_process {
                        names.extend(["WhatIf".to_string(), "Confirm".to_string()]);
                    }
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
        let modules = strings(&self.args, "Module");
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
                .filter(|f| {
                    modules.is_empty()
                        || f.kind == "Cmdlet"
                            && modules.iter().any(|m| {
                                crate::util::wildcard_match(
                                    m,
                                    crate::command_info::cmdlet_module(&f.name).0,
                                )
                            })
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
                let value = if self.args.switch("Syntax") {
                    Value::from(syntax_of(rs, &f))
                } else {
                    f.value
                };
                out.emit(rs, value)?;
            }
        }
        Ok(())
    }
}
