//! `SessionType = 'RestrictedRemoteServer'`: the commands PowerShell's
//! `InitialSessionState.CreateRestricted(RemoteServer)` exposes, with the parameters its
//! restricted proxies keep (`CommandMetadata.GetRestricted*`). Everything else stays
//! private.

use rosh_runtime::Runspace;
use rosh_runtime::interp::visibility::{CommandKind, ParameterRestriction};

/// The public aliases: name and command.
const ALIASES: &[(&str, &str)] = &[
    ("clear", "Clear-Host"),
    ("cls", "Clear-Host"),
    ("exit", "Exit-PSSession"),
    ("exsn", "Exit-PSSession"),
    ("gcm", "Get-Command"),
    ("measure", "Measure-Object"),
    ("select", "Select-Object"),
];

/// PowerShell's `HelpCategory` names (Get-Help -Category).
const HELP_CATEGORIES: &[&str] = &[
    "None",
    "Alias",
    "Cmdlet",
    "Provider",
    "General",
    "FAQ",
    "Glossary",
    "HelpFile",
    "ScriptCommand",
    "Function",
    "Filter",
    "ExternalScript",
    "All",
    "DefaultHelp",
    "Workflow",
    "Configuration",
    "DscResource",
    "Class",
];

/// The properties implicit remoting selects from command info objects.
const SELECT_PROPERTIES: &[&str] = &[
    "ModuleName",
    "Namespace",
    "OutputType",
    "Count",
    "HelpUri",
    "Name",
    "CommandType",
    "ResolvedCommandName",
    "DefaultParameterSet",
    "CmdletBinding",
    "Parameters",
];

/// A "safe name or identifier" (Get-Help -Name).
const SAFE_NAME: &str = r"^[-._:\\\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{Nd}\p{Lm}]{1,100}$";

fn counted(name: &str, max_count: usize, max_length: Option<usize>) -> ParameterRestriction {
    ParameterRestriction {
        max_count: Some(max_count),
        max_length,
        ..ParameterRestriction::any(name)
    }
}

fn set(name: &str, values: &[&str]) -> ParameterRestriction {
    ParameterRestriction {
        valid_set: values.iter().map(|v| v.to_string()).collect(),
        ..ParameterRestriction::any(name)
    }
}

/// Makes the restricted remote server's commands public, with their parameters restricted.
pub fn expose(rs: &mut Runspace) {
    for (alias, command) in ALIASES {
        if rs.alias(alias).is_none() {
            rs.add_alias(alias, command);
        }
        rs.make_public(CommandKind::Alias, alias);
    }
    let commands: Vec<(&str, Vec<ParameterRestriction>)> = vec![
        (
            "Get-Command",
            vec![
                counted("Name", 1000, Some(1000)),
                counted("Module", 100, None),
                counted("ArgumentList", 100, None),
                ParameterRestriction::any("CommandType"),
                ParameterRestriction::any("ListImported"),
                ParameterRestriction::any("ShowCommandInfo"),
            ],
        ),
        (
            "Get-Help",
            vec![
                ParameterRestriction {
                    valid_patterns: vec![SAFE_NAME.to_string()],
                    max_length: Some(1000),
                    ..ParameterRestriction::any("Name")
                },
                ParameterRestriction {
                    max_count: Some(1),
                    ..set("Category", HELP_CATEGORIES)
                },
            ],
        ),
        (
            "Select-Object",
            vec![
                set("Property", SELECT_PROPERTIES),
                ParameterRestriction::any("InputObject"),
            ],
        ),
        (
            "Measure-Object",
            vec![ParameterRestriction::any("InputObject")],
        ),
        (
            "Out-Default",
            vec![ParameterRestriction::any("InputObject")],
        ),
        (
            "Get-FormatData",
            vec![
                counted("TypeName", 1000, Some(1000)),
                ParameterRestriction::any("PowerShellVersion"),
            ],
        ),
        ("Exit-PSSession", vec![]),
    ];
    for (command, parameters) in commands {
        rs.make_public(CommandKind::Cmdlet, command);
        rs.restrict_parameters(command, parameters);
    }
    rs.make_public(CommandKind::Cmdlet, "Clear-Host");
}
