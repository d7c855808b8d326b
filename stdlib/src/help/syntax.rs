//! Syntax diagrams in PowerShell's notation, generated from parameter metadata:
//! `Get-Command [[-Name] <string[]>] [-CommandType <CommandTypes>] [<CommonParameters>]`.
//!
//! One line per parameter set (the default set first). Within a set PowerShell lists the
//! positional parameters by position, then the named mandatory ones, then the named optional
//! ones, each group in declaration order; `-WhatIf`/`-Confirm` come after the command's own.

use super::model::{CommandHelp, ParamHelp, SetEntry};

/// One parameter as it appears in a syntax line.
pub fn param_text(p: &ParamHelp, e: &SetEntry, net_types: bool) -> String {
    let name = &p.name;
    if p.switch {
        return if e.mandatory {
            format!("-{name}")
        } else {
            format!("[-{name}]")
        };
    }
    let ty = p.shown_type(net_types);
    match (e.mandatory, e.position.is_some()) {
        (true, true) => format!("[-{name}] <{ty}>"),
        (true, false) => format!("-{name} <{ty}>"),
        (false, true) => format!("[[-{name}] <{ty}>]"),
        (false, false) => format!("[-{name} <{ty}>]"),
    }
}

/// The parameters of one set in display order, with their membership of it.
pub fn in_display_order<'a>(help: &'a CommandHelp, set: &str) -> Vec<(&'a ParamHelp, SetEntry)> {
    let members: Vec<(&ParamHelp, SetEntry)> = help
        .params
        .iter()
        .filter_map(|p| p.entry(set).map(|e| (p, e)))
        .collect();
    let mut positional: Vec<(&ParamHelp, SetEntry)> = members
        .iter()
        .filter(|(_, e)| e.position.is_some())
        .cloned()
        .collect();
    positional.sort_by_key(|(_, e)| e.position);
    let mandatory = members
        .iter()
        .filter(|(_, e)| e.position.is_none() && e.mandatory)
        .cloned();
    let optional = members
        .iter()
        .filter(|(_, e)| e.position.is_none() && !e.mandatory)
        .cloned();
    positional
        .into_iter()
        .chain(mandatory)
        .chain(optional)
        .collect()
}

/// The syntax lines, one per parameter set. `net_types` shows .NET type names (help built
/// from comments); `common` appends `[<CommonParameters>]`.
pub fn syntax_lines(help: &CommandHelp, net_types: bool, common: bool) -> Vec<String> {
    help.set_names()
        .iter()
        .map(|set| {
            let mut parts = vec![help.name.clone()];
            parts.extend(
                in_display_order(help, set)
                    .iter()
                    .map(|(p, e)| param_text(p, e, net_types)),
            );
            if help.should_process {
                parts.push("[-WhatIf]".into());
                parts.push("[-Confirm]".into());
            }
            if common {
                parts.push("[<CommonParameters>]".into());
            }
            parts.join(" ")
        })
        .collect()
}

/// A command's syntax as `CommandInfo.Syntax` (and a cmdlet's `Definition`) gives it: each
/// parameter set's line after a blank line, in Get-Command's short type notation, common
/// parameters shown only when the command takes them.
pub fn syntax_text(help: &CommandHelp) -> String {
    syntax_lines(help, false, help.common)
        .iter()
        .map(|l| format!("\n{l}\n"))
        .collect()
}

/// The syntax of the function or built-in command named `name`.
pub fn command_syntax(rs: &rosh_runtime::Runspace, name: &str) -> Option<String> {
    super::lookup::declared_help(rs, name).map(|h| syntax_text(&h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::help::model::Category;

    fn param(name: &str, ty: &str, entries: Vec<SetEntry>) -> ParamHelp {
        ParamHelp {
            name: name.into(),
            type_name: ty.into(),
            switch: ty == "switch",
            entries,
            ..Default::default()
        }
    }

    fn entry(set: Option<&str>, mandatory: bool, position: Option<usize>) -> SetEntry {
        SetEntry {
            set: set.map(str::to_string),
            mandatory,
            position,
            ..Default::default()
        }
    }

    #[test]
    fn optional_positional_named_and_switch_parameters() {
        let mut h = CommandHelp::new("Get-Thing", Category::Cmdlet);
        h.params = vec![
            param("Name", "string[]", vec![entry(None, false, Some(0))]),
            param("Count", "int", vec![]),
            param("Force", "switch", vec![]),
        ];
        assert_eq!(
            syntax_lines(&h, false, true),
            ["Get-Thing [[-Name] <string[]>] [-Count <int>] [-Force] [<CommonParameters>]"]
        );
    }

    #[test]
    fn mandatory_parameters_lose_their_outer_brackets() {
        let mut h = CommandHelp::new("Set-Thing", Category::Cmdlet);
        h.params = vec![
            param("Value", "Object", vec![entry(None, true, Some(1))]),
            param("Tag", "string", vec![entry(None, true, None)]),
            param("Path", "string", vec![entry(None, true, Some(0))]),
            param("On", "switch", vec![entry(None, true, None)]),
        ];
        assert_eq!(
            syntax_lines(&h, false, false),
            ["Set-Thing [-Path] <string> [-Value] <Object> -Tag <string> -On"]
        );
    }

    #[test]
    fn positional_first_then_named_mandatory_then_named_optional() {
        let mut h = CommandHelp::new("Do-It", Category::Cmdlet);
        h.params = vec![
            param("Later", "int", vec![]),
            param("Needed", "string", vec![entry(None, true, None)]),
            param("First", "string", vec![entry(None, false, Some(0))]),
        ];
        assert_eq!(
            syntax_lines(&h, false, true),
            ["Do-It [[-First] <string>] -Needed <string> [-Later <int>] [<CommonParameters>]"]
        );
    }

    #[test]
    fn one_line_per_set_with_the_default_set_first() {
        let mut h = CommandHelp::new("Get-Job", Category::Cmdlet);
        h.default_set = Some("SessionIdParameterSet".into());
        h.params = vec![
            param(
                "Name",
                "string[]",
                vec![entry(Some("NameParameterSet"), true, Some(0))],
            ),
            param(
                "Id",
                "int[]",
                vec![entry(Some("SessionIdParameterSet"), false, Some(0))],
            ),
            param("Force", "switch", vec![]),
        ];
        assert_eq!(
            syntax_lines(&h, false, true),
            [
                "Get-Job [[-Id] <int[]>] [-Force] [<CommonParameters>]",
                "Get-Job [-Name] <string[]> [-Force] [<CommonParameters>]",
            ]
        );
    }

    #[test]
    fn should_process_adds_whatif_and_confirm_before_common_parameters() {
        let mut h = CommandHelp::new("Remove-Thing", Category::Function);
        h.should_process = true;
        h.params = vec![param("Name", "string", vec![entry(None, true, Some(0))])];
        assert_eq!(
            syntax_lines(&h, false, true),
            ["Remove-Thing [-Name] <string> [-WhatIf] [-Confirm] [<CommonParameters>]"]
        );
    }

    #[test]
    fn comment_based_help_shows_net_type_names() {
        let mut h = CommandHelp::new("Test-It", Category::Function);
        let mut p = param("Count", "int", vec![entry(None, false, Some(0))]);
        p.net_type = Some("Int32".into());
        h.params = vec![p];
        assert_eq!(
            syntax_lines(&h, true, true),
            ["Test-It [[-Count] <Int32>] [<CommonParameters>]"]
        );
        assert_eq!(syntax_lines(&h, false, false), ["Test-It [[-Count] <int>]"]);
    }

    #[test]
    fn a_command_without_parameters_is_its_name() {
        let h = CommandHelp::new("Get-Nothing", Category::Cmdlet);
        assert_eq!(
            syntax_lines(&h, false, true),
            ["Get-Nothing [<CommonParameters>]"]
        );
    }
}
