//! Help as objects: `MamlCommandHelpInfo` (with the view's type name first, as
//! `Get-Help -Full` adds `#FullView`), its parameters (`MamlCommandHelpInfo#parameter`), the
//! reduced `ExtendedCmdletHelpInfo`, and the `HelpInfoShort` rows of a listing. Each carries
//! the text its view lays out, which Out-Default prints.

use super::model::{CommandHelp, ParamHelp};
use super::render::{View, command_view, listed_synopsis, parameter_block};
use super::syntax::{in_display_order, param_text};
use rosh_runtime::Value;
use rosh_runtime::value::PsObject;

fn obj(type_names: &[&str], props: Vec<(&str, Value)>) -> Value {
    let o = PsObject::with_type_names(type_names.iter().map(|t| t.to_string()).collect());
    for (k, v) in props {
        o.set(k, v);
    }
    Value::Object(o)
}

/// MAML's paragraphs: one `MamlParaTextItem` per paragraph.
fn paragraphs(text: &str) -> Value {
    let paras: Vec<Value> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| obj(&["MamlParaTextItem"], vec![("Text", Value::from(p))]))
        .collect();
    Value::from(paras)
}

fn param_object(h: &CommandHelp, p: &ParamHelp) -> Value {
    let e = p.main_entry();
    let position = match e.position {
        Some(n) if h.from_comments => (n + 1).to_string(),
        Some(n) => n.to_string(),
        None => "named".into(),
    };
    let ty = p.shown_type(h.from_comments).to_string();
    obj(
        &["MamlCommandHelpInfo#parameter"],
        vec![
            ("description", paragraphs(&p.description)),
            ("defaultValue", Value::from(p.default.clone())),
            (
                "parameterValue",
                Value::from(if p.switch {
                    "SwitchParameter".into()
                } else {
                    ty.clone()
                }),
            ),
            ("type", obj(&[], vec![("name", Value::from(ty))])),
            ("name", Value::from(p.name.clone())),
            ("required", Value::from(e.mandatory.to_string())),
            ("variableLength", Value::from("true")),
            ("globbing", Value::from(p.wildcards.to_string())),
            (
                "pipelineInput",
                Value::from(p.pipeline_text(h.from_comments)),
            ),
            ("position", Value::from(position)),
            (
                "aliases",
                Value::from(if p.aliases.is_empty() {
                    "None".to_string()
                } else {
                    p.aliases.join(", ")
                }),
            ),
        ],
    )
}

/// One parameter's help, as `Get-Help -Parameter` returns it.
pub fn parameter(h: &CommandHelp, p: &ParamHelp) -> Value {
    let v = param_object(h, p);
    if let Value::Object(o) = &v {
        o.set_default_view(format!("\n{}", parameter_block(h, p, 0)));
    }
    v
}

/// A command's help in `view`.
pub fn command(h: &CommandHelp, view: View) -> Value {
    let (name, noun_verb) = (&h.name, h.name.split_once('-'));
    let details = obj(
        &["MamlCommandHelpInfo#details"],
        vec![
            ("name", Value::from(name.clone())),
            ("noun", Value::from(noun_verb.map_or("", |(_, n)| n))),
            ("verb", Value::from(noun_verb.map_or("", |(v, _)| v))),
            ("description", paragraphs(&h.synopsis)),
        ],
    );
    let syntax_items: Vec<Value> = h
        .set_names()
        .iter()
        .map(|set| {
            let params: Vec<Value> = in_display_order(h, set)
                .iter()
                .map(|(p, e)| {
                    let v = param_object(h, p);
                    if let Value::Object(o) = &v {
                        o.set("required", Value::from(e.mandatory.to_string()));
                        o.set_to_string(param_text(p, e, h.from_comments));
                    }
                    v
                })
                .collect();
            obj(
                &["MamlCommandHelpInfo#syntaxItem"],
                vec![
                    ("name", Value::from(name.clone())),
                    ("parameter", Value::from(params)),
                ],
            )
        })
        .collect();
    let examples: Vec<Value> = h
        .examples
        .iter()
        .map(|e| {
            obj(
                &["MamlCommandHelpInfo#example"],
                vec![
                    ("title", Value::from(e.title.clone())),
                    ("introduction", paragraphs(&e.introduction)),
                    ("code", Value::from(e.code.clone())),
                    ("results", Value::from(e.output.clone())),
                    ("remarks", paragraphs(&e.remarks)),
                ],
            )
        })
        .collect();
    let links: Vec<Value> = h
        .links
        .iter()
        .map(|l| {
            let uri = l.contains("://");
            obj(
                &["MamlCommandHelpInfo#navigationLink"],
                vec![
                    ("linkText", Value::from(if uri { "" } else { l.as_str() })),
                    ("uri", Value::from(if uri { l.as_str() } else { "" })),
                ],
            )
        })
        .collect();
    let kind = if h.written {
        "MamlCommandHelpInfo"
    } else {
        "ExtendedCmdletHelpInfo"
    };
    let suffix = match view {
        View::Default => None,
        View::Detailed => Some("DetailedView"),
        View::Full => Some("FullView"),
        View::Examples => Some("ExamplesView"),
    };
    let first = suffix.map(|s| format!("{kind}#{s}"));
    let mut type_names: Vec<&str> = first.iter().map(String::as_str).collect();
    type_names.extend([kind, "HelpInfo"]);
    let v = obj(
        &type_names,
        vec![
            ("details", details),
            ("description", paragraphs(&h.description)),
            (
                "parameters",
                obj(
                    &["MamlCommandHelpInfo#parameters"],
                    vec![(
                        "parameter",
                        Value::from(
                            h.params
                                .iter()
                                .map(|p| param_object(h, p))
                                .collect::<Vec<_>>(),
                        ),
                    )],
                ),
            ),
            (
                "syntax",
                obj(
                    &["MamlCommandHelpInfo#syntax"],
                    vec![("syntaxItem", Value::from(syntax_items))],
                ),
            ),
            (
                "examples",
                obj(
                    &["MamlCommandHelpInfo#examples"],
                    vec![("example", Value::from(examples))],
                ),
            ),
            (
                "relatedLinks",
                obj(
                    &["MamlCommandHelpInfo#relatedLinks"],
                    vec![("navigationLink", Value::from(links))],
                ),
            ),
            ("Name", Value::from(name.clone())),
            ("Category", Value::from(h.category.name())),
            ("Synopsis", Value::from(listed_synopsis(h))),
            ("Component", Value::from(h.component.clone())),
            ("Role", Value::from(h.role.clone())),
            ("Functionality", Value::from(h.functionality.clone())),
            ("ModuleName", Value::from(h.module.clone())),
        ],
    );
    if let Value::Object(o) = &v {
        o.set_default_view(command_view(h, view));
    }
    v
}

/// One row of a listing (`Get-Help about_*`, `Get-Help * -Parameter ComputerName`).
pub fn short(name: &str, category: &str, module: &str, synopsis: &str) -> Value {
    obj(
        &["HelpInfoShort"],
        vec![
            ("Name", Value::from(name)),
            ("Category", Value::from(category)),
            ("ModuleName", Value::from(module)),
            ("Synopsis", Value::from(synopsis)),
        ],
    )
}
