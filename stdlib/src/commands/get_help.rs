//! `Get-Help`: help for commands, functions, scripts and `about_` topics, in PowerShell's
//! layout. One match gives its help object (laid out as NAME, SYNOPSIS, SYNTAX, ...); several
//! give a `HelpInfoShort` listing (Name, Category, Module, Synopsis).

use crate::help::lookup::{Item, find, search};
use crate::help::objects;
use crate::help::render::View;
use crate::help::topics::DEFAULT;
use crate::util::{strings, wildcard_match};
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Help [[-Name] <string>] [-Category <string[]>] [-Full | -Detailed | -Examples |
/// -Parameter <string[]> | -Online]`
pub struct GetHelp;

const NAME: &str = "Get-Help";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Name")
        .at(0)
        .of("string")
        .wildcards()
        .describe("The command, function, script or topic to get help for; wildcards list every match. Without it Get-Help describes the help system."),
    ParamSpec::value("Category")
        .of("string[]")
        .describe("Only help of these categories: Alias, Cmdlet, Function, Filter, ExternalScript, HelpFile or All."),
    ParamSpec::value("Component")
        .of("string[]")
        .wildcards()
        .describe("Only commands whose comment-based help names a matching .COMPONENT."),
    ParamSpec::value("Functionality")
        .of("string[]")
        .wildcards()
        .describe("Only commands whose comment-based help names a matching .FUNCTIONALITY."),
    ParamSpec::value("Role")
        .of("string[]")
        .wildcards()
        .describe("Only commands whose comment-based help names a matching .ROLE."),
    ParamSpec::switch("Full")
        .in_sets(&["AllUsersView"])
        .describe("Show the whole help: parameter attributes, inputs, outputs, notes and examples."),
    ParamSpec::switch("Detailed")
        .mandatory()
        .in_sets(&["DetailedView"])
        .describe("Add parameter descriptions and examples to the help."),
    ParamSpec::switch("Examples")
        .mandatory()
        .in_sets(&["Examples"])
        .describe("Show only the name, synopsis and examples."),
    ParamSpec::value("Parameter")
        .of("string[]")
        .mandatory()
        .in_sets(&["Parameters"])
        .wildcards()
        .describe("Show the named parameters in detail; with a pattern matching several commands, list the commands that have such a parameter."),
    ParamSpec::switch("Online")
        .mandatory()
        .in_sets(&["Online"])
        .describe("Open the online version of the help. rosh's help is installed with it, so this reports that there is none."),
];

/// The switches that pick a parameter set; at most one may be given.
const VIEW_SWITCHES: &[&str] = &["Full", "Detailed", "Examples", "Parameter", "Online"];

struct Run {
    args: BoundArgs,
}

impl Command for GetHelp {
    fn name(&self) -> &'static str {
        NAME
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Displays information about rosh commands and concepts."
    }
    fn description(&self) -> &'static str {
        "The Get-Help cmdlet shows help for built-in commands, for functions and scripts (from their param() block and comment-based help), and for the conceptual about_ topics rosh ships.\n\n\
         A plain name shows that command's or topic's help; an alias shows the help of the command it stands for. A name with wildcards lists every match with its category, module and synopsis, or shows the help itself when only one matches. A word that names nothing is looked for in the text of the help.\n\n\
         The Full, Detailed and Examples switches choose how much of a command's help is shown; Parameter shows single parameters. Type \"Get-Help about_*\" to list the conceptual topics."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("AllUsersView")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Command"]
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        if VIEW_SWITCHES.iter().filter(|s| args.has(s)).count() > 1 {
            return Err(crate::util::command_error(
                NAME,
                "AmbiguousParameterSet,Microsoft.PowerShell.Commands.GetHelpCommand",
                ErrorCategory::InvalidArgument,
                "System.Management.Automation.ParameterBindingException",
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
            ));
        }
        Ok(Box::new(Run { args }))
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Get the synopsis of a command.",
                code: "(Get-Help Split-Path).Synopsis",
                output: "Returns the specified part of a path.",
            },
            Example {
                description: "Find the commands that have a parameter.",
                code: "Get-Help * -Parameter ComputerName | ForEach-Object Name",
                output: "Enter-PSSession\n\
                Get-PSSession\n\
                Invoke-Command\n\
                New-PSSession\n\
                Remove-PSSession",
            },
            Example {
                description: "Get the details of one parameter.",
                code: "$p = Get-Help Get-ChildItem -Parameter Path\n\
                \"$($p.name) $($p.required) $($p.position) $($p.globbing)\"",
                output: "Path false 0 true",
            },
            Example {
                description: "List the conceptual topics about remoting.",
                code: "Get-Help about_Remote* | ForEach-Object Name",
                output: "about_Remote\n\
                about_Remote_FAQ\n\
                about_Remote_Output\n\
                about_Remote_Variables",
            },
        ]
    }
}

fn view(args: &BoundArgs) -> View {
    if args.switch("Full") {
        View::Full
    } else if args.switch("Detailed") {
        View::Detailed
    } else if args.switch("Examples") {
        View::Examples
    } else {
        View::Default
    }
}

fn not_found(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand",
        ErrorCategory::ResourceUnavailable,
        format!(
            "Get-Help could not find {name} in a help file in this session. To download updated help topics type: \"Update-Help\". To get help online, search for the help topic in the TechNet library at https:/go.microsoft.com/fwlink/?LinkID=107116."
        ),
    )
    .with_exception("System.Management.Automation.HelpNotFoundException")
    .with_target(Value::from(name))
}

/// Whether a comment-based help field matches any of the patterns given for it (no
/// patterns: everything matches).
fn field_matches(patterns: &[String], value: &str) -> bool {
    patterns.is_empty() || (!value.is_empty() && patterns.iter().any(|p| wildcard_match(p, value)))
}

impl Run {
    /// Keep the items `-Category`, `-Component`, `-Functionality`, `-Role` and (for a
    /// listing) `-Parameter` allow.
    fn allowed(&self, item: &Item, listing: bool) -> bool {
        let categories = strings(&self.args, "Category");
        let category_ok = categories.is_empty()
            || categories
                .iter()
                .any(|c| c.eq_ignore_ascii_case("All") || c.eq_ignore_ascii_case(item.category()));
        let fields_ok = match item {
            Item::Command(h) => {
                field_matches(&strings(&self.args, "Component"), &h.component)
                    && field_matches(&strings(&self.args, "Functionality"), &h.functionality)
                    && field_matches(&strings(&self.args, "Role"), &h.role)
            }
            _ => ["Component", "Functionality", "Role"]
                .iter()
                .all(|f| !self.args.has(f)),
        };
        let params = strings(&self.args, "Parameter");
        let params_ok = !listing
            || params.is_empty()
            || match item {
                Item::Command(h) => h.params.iter().any(|p| {
                    params.iter().any(|pat| {
                        wildcard_match(pat, &p.name)
                            || p.aliases.iter().any(|a| wildcard_match(pat, a))
                    })
                }),
                _ => false,
            };
        category_ok && fields_ok && params_ok
    }

    fn show(&self, rs: &mut Runspace, item: Item, out: &mut dyn Sink) -> Eval<()> {
        match item {
            Item::Topic(t) => out.emit(rs, Value::from(t.text.trim_end())),
            Item::Alias { target, name } => match find(rs, &target).into_iter().next() {
                Some(i) => self.show(rs, i, out),
                None => rs.write_error(not_found(&name)),
            },
            Item::Command(h) => {
                if self.args.switch("Online") {
                    return rs.write_error(
                        ErrorRecord::new(
                            "InvalidOperation,Microsoft.PowerShell.Commands.GetHelpCommand",
                            ErrorCategory::InvalidOperation,
                            "The online version of this Help topic cannot be displayed because the Internet address (URI) of the Help topic is not specified in the command code or in the help file for the command.",
                        )
                        .with_exception("System.Management.Automation.PSInvalidOperationException"),
                    );
                }
                if self.args.has("Parameter") {
                    let patterns = strings(&self.args, "Parameter");
                    let mut any = false;
                    for p in &h.params {
                        if patterns.iter().any(|pat| wildcard_match(pat, &p.name)) {
                            any = true;
                            out.emit(rs, objects::parameter(&h, p))?;
                        }
                    }
                    if !any {
                        rs.write_error(
                            ErrorRecord::new(
                                "NoParmsFound,Microsoft.PowerShell.Commands.GetHelpCommand",
                                ErrorCategory::ObjectNotFound,
                                format!("No parameter matches criteria {}.", patterns.join(", ")),
                            )
                            .with_exception("System.Management.Automation.PSArgumentException")
                            .with_target(Value::from(patterns.join(", "))),
                        )?;
                    }
                    return Ok(());
                }
                out.emit(rs, objects::command(&h, view(&self.args)))
            }
        }
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let filtered = ["Category", "Component", "Functionality", "Role"]
            .iter()
            .any(|f| self.args.has(f));
        let name = self
            .args
            .get("Name")
            .map(rosh_runtime::convert::to_str)
            .filter(|n| !n.is_empty());
        // Without a name the filters apply to everything; with neither, the default topic.
        let Some(name) = name.or_else(|| filtered.then(|| "*".to_string())) else {
            return out.emit(rs, Value::from(DEFAULT.trim_end()));
        };
        let wildcard = name.contains(['*', '?', '[']);
        let mut items: Vec<Item> = find(rs, &name)
            .into_iter()
            .filter(|i| self.allowed(i, wildcard))
            .collect();
        if items.is_empty() && !wildcard {
            items = search(rs, &name)
                .into_iter()
                .filter(|i| self.allowed(i, true))
                .collect();
            if items.len() == 1 {
                // A search lists what it found, even one topic.
                let i = &items[0];
                return out.emit(
                    rs,
                    objects::short(i.name(), i.category(), i.module(), &i.synopsis()),
                );
            }
        }
        match items.len() {
            0 => rs.write_error(not_found(&name)),
            1 => match items.pop() {
                // A pattern lists a function as itself; shown alone, its help is what its
                // name gives (following `.FORWARDHELPTARGETNAME`).
                Some(Item::Command(h)) if wildcard => match find(rs, &h.name).pop() {
                    Some(i) => self.show(rs, i, out),
                    None => self.show(rs, Item::Command(h), out),
                },
                Some(i) => self.show(rs, i, out),
                None => Ok(()),
            },
            _ => {
                for i in &items {
                    out.emit(
                        rs,
                        objects::short(i.name(), i.category(), i.module(), &i.synopsis()),
                    )?;
                }
                Ok(())
            }
        }
    }
}
