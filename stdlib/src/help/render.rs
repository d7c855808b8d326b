//! The text of help views, laid out as PowerShell's help format data lays out
//! `MamlCommandHelpInfo` (default, `#DetailedView`, `#FullView`, `#ExamplesView`, one
//! parameter) and `ExtendedCmdletHelpInfo` (a command without written help): headings at the
//! margin, their contents indented four spaces and wrapped to the screen.

use super::model::{Category, CommandHelp, ParamHelp};
use super::syntax::syntax_lines;
use rosh_runtime::output::SCREEN_WIDTH;

/// Which view of a command's help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Name, synopsis, syntax, description, related links, remarks.
    Default,
    /// Adds parameter descriptions and examples.
    Detailed,
    /// Everything: parameter attributes, inputs, outputs, notes, examples, links.
    Full,
    /// Name, synopsis and examples.
    Examples,
}

/// `text` wrapped at word boundaries to fit `indent + width` and indented; existing line
/// breaks are kept.
pub fn indent(text: &str, indent: usize) -> String {
    let width = SCREEN_WIDTH.saturating_sub(indent + 1).max(20);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in text.trim_end().split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        let lead: String = line.chars().take_while(|c| *c == ' ').collect();
        let mut current = String::new();
        for word in line[lead.len()..].split(' ') {
            let len = current.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width.saturating_sub(lead.len()) {
                out.push_str(&format!("{pad}{lead}{current}\n"));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&format!("{pad}{lead}{}\n", current.trim_end()));
    }
    out
}

fn heading(out: &mut String, title: &str) {
    out.push_str(title);
    out.push('\n');
}

fn name_and_synopsis(h: &CommandHelp, out: &mut String) {
    out.push('\n');
    heading(out, "NAME");
    out.push_str(&indent(&h.name, 4));
    out.push('\n');
    heading(out, "SYNOPSIS");
    out.push_str(&indent(&h.synopsis, 4));
    out.push_str("\n\n");
}

fn syntax(h: &CommandHelp, out: &mut String) {
    heading(out, "SYNTAX");
    // Help shows `[<CommonParameters>]` on every syntax line of written help.
    for line in syntax_lines(h, h.from_comments, true) {
        out.push_str(&indent(&line, 4));
        out.push('\n');
    }
    out.push('\n');
}

fn description(h: &CommandHelp, out: &mut String) {
    heading(out, "DESCRIPTION");
    out.push_str(&indent(&h.description, 4));
    out.push_str("\n\n");
}

fn links(h: &CommandHelp, out: &mut String) {
    heading(out, "RELATED LINKS");
    for l in &h.links {
        out.push_str(&indent(l, 4));
    }
    out.push('\n');
}

fn remarks(h: &CommandHelp, out: &mut String) {
    heading(out, "REMARKS");
    let n = &h.name;
    out.push_str(&format!(
        "    To see the examples, type: \"Get-Help {n} -Examples\"\n    For more information, type: \"Get-Help {n} -Detailed\"\n    For technical information, type: \"Get-Help {n} -Full\"\n\n"
    ));
}

/// The order the `<CommonParameters>` entry names them in.
const COMMON_ORDER: &[&str] = &[
    "Verbose",
    "Debug",
    "ErrorAction",
    "ErrorVariable",
    "WarningAction",
    "WarningVariable",
    "InformationAction",
    "InformationVariable",
    "OutBuffer",
    "PipelineVariable",
    "ProgressAction",
    "OutVariable",
];

/// The common parameters rosh accepts, as the `<CommonParameters>` entry lists them.
fn common_parameters(out: &mut String) {
    let accepted = rosh_runtime::interp::binding::COMMON;
    let names: Vec<&str> = COMMON_ORDER
        .iter()
        .copied()
        .filter(|n| accepted.contains(n))
        .chain(
            accepted
                .iter()
                .copied()
                .filter(|n| !COMMON_ORDER.contains(n)),
        )
        .collect();
    let list = match names.split_last() {
        Some((last, rest)) => format!("{}, and {last}", rest.join(", ")),
        None => String::new(),
    };
    out.push_str("    <CommonParameters>\n");
    out.push_str(&indent(
        &format!("This cmdlet supports the common parameters: {list}."),
        8,
    ));
    out.push_str("\n\n");
}

/// The heading line of a parameter: `-Name <string[]>`, `-Force [<SwitchParameter>]`.
fn param_heading(h: &CommandHelp, p: &ParamHelp) -> String {
    if p.switch {
        format!("-{} [<SwitchParameter>]", p.name)
    } else {
        format!("-{} <{}>", p.name, p.shown_type(h.from_comments))
    }
}

/// One parameter with its attributes (the `-Full` and `-Parameter` block), at `margin`.
pub fn parameter_block(h: &CommandHelp, p: &ParamHelp, margin: usize) -> String {
    let mut out = indent(&param_heading(h, p), margin);
    if !p.description.is_empty() {
        out.push_str(&indent(&p.description, margin + 4));
    }
    out.push('\n');
    let e = p.main_entry();
    let position = match e.position {
        Some(n) if h.from_comments => (n + 1).to_string(),
        Some(n) => n.to_string(),
        None => "named".into(),
    };
    let pad = " ".repeat(margin + 4);
    let rows = [
        ("Required?", e.mandatory.to_string()),
        ("Position?", position),
        ("Default value", p.default.clone()),
        ("Accept pipeline input?", p.pipeline_text(h.from_comments)),
        ("Accept wildcard characters?", p.wildcards.to_string()),
    ];
    for (label, value) in rows {
        out.push_str(format!("{pad}{label:<29}{value}").trim_end());
        out.push('\n');
    }
    out.push('\n');
    out
}

fn examples(h: &CommandHelp, out: &mut String) {
    for e in &h.examples {
        out.push_str(&indent(&e.title, 4));
        out.push('\n');
        let code = format!("{}{}", e.introduction, e.code);
        out.push_str(&indent(&code, 4));
        out.push('\n');
        if !e.output.is_empty() {
            out.push_str(&indent(&e.output, 4));
            out.push('\n');
        }
        if !e.remarks.is_empty() {
            out.push_str(&indent(&e.remarks, 4));
            out.push('\n');
        }
    }
}

/// A command's help in `view`.
pub fn command_view(h: &CommandHelp, view: View) -> String {
    if !h.written {
        return reduced_view(h, view);
    }
    let mut out = String::new();
    name_and_synopsis(h, &mut out);
    if view == View::Examples {
        examples(h, &mut out);
        return out;
    }
    syntax(h, &mut out);
    description(h, &mut out);
    match view {
        View::Default => {
            links(h, &mut out);
            remarks(h, &mut out);
        }
        View::Detailed => {
            heading(&mut out, "PARAMETERS");
            for p in &h.params {
                out.push_str(&indent(&param_heading(h, p), 4));
                if !p.description.is_empty() {
                    out.push_str(&indent(&p.description, 8));
                }
                out.push('\n');
            }
            common_parameters(&mut out);
            examples(h, &mut out);
            remarks(h, &mut out);
        }
        View::Full => {
            heading(&mut out, "PARAMETERS");
            for p in &h.params {
                out.push_str(&parameter_block(h, p, 4));
            }
            common_parameters(&mut out);
            heading(&mut out, "INPUTS");
            for i in &h.inputs {
                out.push_str(&indent(i, 4));
            }
            out.push('\n');
            heading(&mut out, "OUTPUTS");
            for o in &h.outputs {
                out.push_str(&indent(o, 4));
            }
            out.push('\n');
            if !h.notes.is_empty() {
                heading(&mut out, "NOTES");
                out.push('\n');
                out.push_str(&indent(&h.notes, 8));
                out.push('\n');
            }
            examples(h, &mut out);
            links(h, &mut out);
        }
        View::Examples => {}
    }
    out
}

/// PowerShell's view of a command without written help: its name, syntax (common
/// parameters only when it takes them), parameters in the detailed views, aliases.
fn reduced_view(h: &CommandHelp, view: View) -> String {
    let mut out = String::from("\n");
    heading(&mut out, "NAME");
    out.push_str(&indent(&h.name, 4));
    out.push('\n');
    if view == View::Examples {
        aliases_and_remarks(h, &mut out);
        return out;
    }
    heading(&mut out, "SYNTAX");
    for line in syntax_lines(h, false, h.common) {
        out.push_str(&indent(&line, 4));
        out.push('\n');
    }
    if view != View::Default {
        out.push('\n');
        heading(&mut out, "PARAMETERS");
        for p in &h.params {
            out.push_str(&indent(&param_heading(h, p), 4));
            if view == View::Full {
                out.push('\n');
                let e = p.main_entry();
                let rows = [
                    ("Required?", e.mandatory.to_string()),
                    (
                        "Position?",
                        e.position.map_or("Named".into(), |n| n.to_string()),
                    ),
                    ("Accept pipeline input?", p.pipeline_text(true)),
                    (
                        "Parameter set name",
                        match &e.set {
                            Some(s) => s.clone(),
                            None => "(All)".into(),
                        },
                    ),
                    (
                        "Aliases",
                        if p.aliases.is_empty() {
                            "None".into()
                        } else {
                            p.aliases.join(", ")
                        },
                    ),
                    ("Dynamic?", "false".into()),
                    ("Accept wildcard characters?", "false".into()),
                ];
                for (label, value) in rows {
                    out.push_str(&format!("        {label:<29}{value}\n"));
                }
            }
            out.push('\n');
        }
        if h.common {
            common_parameters(&mut out);
        } else if h.params.is_empty() {
            out.push_str("    None\n\n");
        }
    }
    aliases_and_remarks(h, &mut out);
    out
}

fn aliases_and_remarks(h: &CommandHelp, out: &mut String) {
    out.push('\n');
    heading(out, "ALIASES");
    let aliases = if h.aliases.is_empty() {
        "None".to_string()
    } else {
        h.aliases.join("\n")
    };
    out.push_str(&indent(&aliases, 4));
    out.push('\n');
    heading(out, "REMARKS");
    out.push_str("    None\n\n");
}

/// The synopsis a listing shows: the written one, else (as PowerShell) the syntax.
pub fn listed_synopsis(h: &CommandHelp) -> String {
    if h.written || h.category == Category::Cmdlet {
        h.synopsis.clone()
    } else {
        syntax_lines(h, false, h.common).join("\n")
    }
}
