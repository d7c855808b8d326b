//! Help for built-in commands, from their `ParamSpec` metadata, synopsis, description and
//! examples.

use super::model::{Category, CommandHelp, ExampleHelp, ParamHelp, SetEntry};
use rosh_runtime::command::{Command, ParamKind, ParamSpec};

/// The help of a built-in command; `aliases` name it, `commands` are every built-in's name
/// (those sharing its noun are related).
pub fn help(c: &dyn Command, aliases: Vec<String>, commands: &[&str]) -> CommandHelp {
    let name = c.name();
    let mut h = CommandHelp::new(name, Category::Cmdlet);
    h.module = crate::command_info::cmdlet_module(name).0.to_string();
    h.synopsis = c.synopsis().to_string();
    h.description = c.description().to_string();
    h.params = c.parameters().iter().map(param).collect();
    h.default_set = c.default_parameter_set().map(str::to_string);
    h.common = true;
    h.examples = c
        .examples()
        .iter()
        .enumerate()
        .map(|(i, e)| ExampleHelp {
            title: example_title(i + 1, e.description),
            introduction: String::new(),
            code: e.code.to_string(),
            output: e.output.to_string(),
            remarks: String::new(),
        })
        .collect();
    let noun = name.split_once('-').map_or("", |(_, n)| n);
    let mut siblings: Vec<String> = commands
        .iter()
        .filter(|n| {
            !n.eq_ignore_ascii_case(name)
                && n.split_once('-')
                    .is_some_and(|(_, m)| m.eq_ignore_ascii_case(noun))
        })
        .map(|n| n.to_string())
        .collect();
    siblings.sort_by_key(|n| n.to_ascii_lowercase());
    h.links = siblings;
    for r in c.related() {
        if !h.links.iter().any(|l| l.eq_ignore_ascii_case(r)) {
            h.links.push(r.to_string());
        }
    }
    h.aliases = aliases;
    h.written = !h.synopsis.is_empty();
    h
}

/// A parameter's help from its metadata.
fn param(s: &ParamSpec) -> ParamHelp {
    let entry = |set: Option<&str>| SetEntry {
        set: set.map(str::to_string),
        mandatory: s.mandatory,
        position: s.position,
        by_value: s.pipeline,
        by_property: false,
    };
    let switch = s.kind == ParamKind::Switch;
    ParamHelp {
        name: s.name.to_string(),
        aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
        type_name: s.type_name.to_string(),
        net_type: None,
        switch,
        entries: if s.sets.is_empty() {
            vec![entry(None)]
        } else {
            s.sets.iter().map(|set| entry(Some(set))).collect()
        },
        wildcards: s.wildcards,
        description: s.description.to_string(),
        default: if switch { "False" } else { "None" }.to_string(),
    }
}

/// `---------- Example 1: What it shows ----------`: the example's sentence without its
/// full stop, centred in dashes as PowerShell's help files title examples.
pub fn example_title(n: usize, description: &str) -> String {
    let title = format!("Example {n}: {}", description.trim().trim_end_matches('.'));
    let dashes = "-".repeat(
        64usize
            .saturating_sub(title.chars().count() + 2)
            .div_ceil(2)
            .max(9),
    );
    format!("{dashes} {title} {dashes}")
}
