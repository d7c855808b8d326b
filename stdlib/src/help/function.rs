//! Help for functions and scripts: the syntax from their `param()` block (types,
//! `Mandatory`, `Position`, parameter sets) and the text from comment-based help.

use super::comment_help::{CommentHelp, Comments, example_parts};
use super::model::{Category, CommandHelp, ExampleHelp, ParamHelp, SetEntry};
use rosh_lang::ast::{FunctionDefinition, Parameter, ScriptBlock, StatementKind};
use rosh_runtime::interp::binding::function_signature;
use rosh_runtime::types::TypeInfo;

/// The help of a function, and the command its help forwards to (`.FORWARDHELPTARGETNAME`).
pub fn function(
    name: &str,
    def: &FunctionDefinition,
    aliases: Vec<String>,
) -> (CommandHelp, Option<String>) {
    let comments = Comments::scan(&def.body.source);
    let help = comments.function_help(def.span, def.body.span);
    let mut params: Vec<Parameter> = def.parameters.clone().unwrap_or_default();
    if let Some(pb) = &def.body.param_block {
        params.extend(pb.parameters.iter().cloned());
    }
    let category = if def.is_filter {
        Category::Filter
    } else {
        Category::Function
    };
    let forward = help
        .as_ref()
        .map(|h| h.forward_target.clone())
        .filter(|t| !t.is_empty());
    let mut h = build(name, category, &params, &def.body, &comments, help);
    h.aliases = aliases;
    (h, forward)
}

/// The help of a script file, from its text.
pub fn script(path: &str, text: &str) -> CommandHelp {
    let out = rosh_lang::parse(text);
    let comments = Comments::scan(text);
    let first_function = out
        .script
        .body
        .statements()
        .first()
        .filter(|s| matches!(s.kind.as_ref(), StatementKind::Function(_)))
        .map(|s| s.span.start);
    let help = comments.script_help(first_function);
    let params: Vec<Parameter> = out
        .script
        .param_block
        .as_ref()
        .map(|pb| pb.parameters.clone())
        .unwrap_or_default();
    build(
        path,
        Category::ExternalScript,
        &params,
        &out.script,
        &comments,
        help,
    )
}

fn build(
    name: &str,
    category: Category,
    params: &[Parameter],
    body: &ScriptBlock,
    comments: &Comments<'_>,
    help: Option<CommentHelp>,
) -> CommandHelp {
    let sig = function_signature(params, body);
    let mut h = CommandHelp::new(name, category);
    h.common = sig.advanced;
    h.should_process = sig.supports_should_process;
    h.default_set = sig.default_set.clone();
    h.from_comments = true;
    let explicit_positions = sig.params.iter().any(|p| p.position.is_some());
    let mut next_position = 0usize;
    for (fp, p) in sig.params.iter().zip(params) {
        // Without any `Position`, parameters take positions in declaration order (switches
        // are never positional), as rosh binds them.
        let auto = (!explicit_positions && !fp.switch).then(|| {
            next_position += 1;
            next_position - 1
        });
        let mut entries: Vec<SetEntry> = fp
            .sets
            .iter()
            .map(|m| SetEntry {
                set: m.set.clone(),
                mandatory: m.mandatory,
                position: m.position.or(auto),
                by_value: m.from_pipeline,
                by_property: m.by_property,
            })
            .collect();
        if entries.is_empty() {
            entries.push(SetEntry {
                position: auto,
                ..Default::default()
            });
        }
        let description = help
            .as_ref()
            .and_then(|c| c.parameters.get(&fp.name.to_ascii_uppercase()))
            .map(|d| d.trim_end().to_string())
            .unwrap_or_else(|| comments.parameter_comment(p.span));
        h.params.push(ParamHelp {
            name: fp.name.clone(),
            aliases: fp.aliases.clone(),
            type_name: short_type(fp.ty.as_ref(), fp.switch),
            net_type: Some(net_type(fp.ty.as_ref(), fp.switch)),
            switch: fp.switch,
            entries,
            wildcards: false,
            description,
            default: p
                .default
                .as_ref()
                .map(|d| d.span.text(&body.source).to_string())
                .unwrap_or_default(),
        });
    }
    if let Some(c) = help {
        h.written = true;
        h.synopsis = c.synopsis.trim_end().to_string();
        h.description = c.description.trim_end().to_string();
        h.examples = c
            .examples
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let (prompt, code, remarks) = example_parts(text);
                ExampleHelp {
                    title: format!(
                        "-------------------------- EXAMPLE {} --------------------------",
                        i + 1
                    ),
                    introduction: prompt,
                    code,
                    output: String::new(),
                    remarks: remarks.trim_end().to_string(),
                }
            })
            .collect();
        h.links = c.links.clone();
        h.inputs = c.inputs.iter().map(|s| s.trim_end().to_string()).collect();
        h.outputs = c.outputs.iter().map(|s| s.trim_end().to_string()).collect();
        h.notes = c.notes.trim_end().to_string();
        h.component = c.component;
        h.role = c.role;
        h.functionality = c.functionality;
    }
    h
}

/// .NET short names PowerShell shows by their accelerator (`Int32` as `int`).
const ACCELERATORS: &[(&str, &str)] = &[
    ("Int32", "int"),
    ("Int64", "long"),
    ("Int16", "short"),
    ("Byte", "byte"),
    ("SByte", "sbyte"),
    ("UInt16", "ushort"),
    ("UInt32", "uint"),
    ("UInt64", "ulong"),
    ("BigInteger", "bigint"),
    ("Double", "double"),
    ("Single", "float"),
    ("Decimal", "decimal"),
    ("String", "string"),
    ("Char", "char"),
    ("Boolean", "bool"),
    ("SwitchParameter", "switch"),
    ("Array", "array"),
    ("Hashtable", "hashtable"),
    ("PSObject", "psobject"),
    ("ScriptBlock", "scriptblock"),
    ("Regex", "regex"),
    ("DateTime", "datetime"),
    ("TimeSpan", "timespan"),
    ("Guid", "guid"),
    ("Version", "version"),
    ("Type", "type"),
    ("PSReference", "ref"),
];

/// A parameter type as .NET's `Type.Name` (`Int32[]`), as help from comments shows it.
fn net_type(ty: Option<&TypeInfo>, switch: bool) -> String {
    if switch {
        return "SwitchParameter".into();
    }
    match ty {
        None => "Object".into(),
        Some(t) => t.name().replace("PSCustomObject", "PSObject"),
    }
}

/// A parameter type in PowerShell's short notation (`int[]`, `Object`), as Get-Command
/// `-Syntax` shows it.
pub fn short_type(ty: Option<&TypeInfo>, switch: bool) -> String {
    let net = net_type(ty, switch);
    let element = net.trim_end_matches("[]");
    let ranks = &net[element.len()..];
    let shown = ACCELERATORS
        .iter()
        .find(|(n, _)| *n == element)
        .map_or(element, |(_, a)| a);
    format!("{shown}{ranks}")
}
