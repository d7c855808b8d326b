//! `Get-Member`: the properties and methods of the input objects, once per distinct type,
//! sorted by member type and name, in PowerShell's `TypeName:`-grouped table.

use crate::util::strings;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::member_info::{self, MemberKind};
use rosh_runtime::value::{PsObject, ScriptMember};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Get-Member [[-Name] <string[]>] [-MemberType <PSMemberTypes>] [-Static] [-Force]
/// [-InputObject <psobject>]`
pub struct GetMember;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The object whose members to get. Usually piped in; each distinct type is described once."),
    ParamSpec::value("Name")
        .at(0)
        .of("string[]")
        .wildcards()
        .describe("Get only the members with these names; wildcards allowed."),
    ParamSpec::value("MemberType")
        .aliases(&["Type"])
        .of("PSMemberTypes")
        .describe("Get only members of these kinds: Property, NoteProperty, ScriptProperty, AliasProperty, Method, ScriptMethod, ..."),
    ParamSpec::value("View")
        .of("PSMemberViewTypes")
        .describe("Which members to show: Extended, Adapted, Base or All. Accepted; rosh shows them all."),
    ParamSpec::switch("Static")
        .describe("Get the static members of the object's type instead."),
    ParamSpec::switch("Force")
        .describe("Get hidden members too. Accepted; rosh has none hidden."),
];

/// PowerShell's `PSMemberTypes` names, and the kinds each stands for.
const MEMBER_TYPES: &[(&str, &[&str])] = &[
    ("AliasProperty", &["AliasProperty"]),
    ("CodeProperty", &["CodeProperty"]),
    ("Property", &["Property"]),
    ("NoteProperty", &["NoteProperty"]),
    ("ScriptProperty", &["ScriptProperty"]),
    (
        "Properties",
        &[
            "AliasProperty",
            "CodeProperty",
            "Property",
            "NoteProperty",
            "ScriptProperty",
        ],
    ),
    ("PropertySet", &["PropertySet"]),
    ("Method", &["Method"]),
    ("CodeMethod", &["CodeMethod"]),
    ("ScriptMethod", &["ScriptMethod"]),
    ("Methods", &["Method", "CodeMethod", "ScriptMethod"]),
    ("ParameterizedProperty", &["ParameterizedProperty"]),
    ("MemberSet", &["MemberSet"]),
    ("Event", &["Event"]),
    ("Dynamic", &["Dynamic"]),
    ("InferredProperty", &["InferredProperty"]),
    ("All", &[]),
];

/// The member kinds `-MemberType` selects, or `None` for all of them.
pub fn member_type_filter(command: &str, v: Option<&Value>) -> Eval<Option<Vec<&'static str>>> {
    let Some(v) = v else { return Ok(None) };
    let mut kinds = Vec::new();
    for item in crate::util::items(Some(v)) {
        for word in to_str(&item).split(',') {
            let word = word.trim();
            let Some((_, ks)) = MEMBER_TYPES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(word))
            else {
                let names: Vec<&str> = MEMBER_TYPES.iter().map(|(n, _)| *n).collect();
                return Err(crate::util::command_error(
                    "Get-Member",
                    &format!(
                        "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.{command}Command"
                    ),
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    format!(
                        "Cannot bind parameter 'MemberType'. Cannot convert value \"{word}\" to type \"System.Management.Automation.PSMemberTypes\". Error: \"Unable to match the identifier name {word} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}\"",
                        names.join(", ")
                    ),
                ));
            };
            if ks.is_empty() {
                return Ok(None);
            }
            kinds.extend(ks.iter().copied());
        }
    }
    Ok(Some(kinds))
}

struct Run {
    names: Vec<String>,
    kinds: Option<Vec<&'static str>>,
    is_static: bool,
    seen: Vec<String>,
    any: bool,
    input_object: Option<Value>,
}

impl Command for GetMember {
    fn name(&self) -> &'static str {
        "Get-Member"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            names: strings(&args, "Name"),
            kinds: member_type_filter("GetMember", args.get("MemberType"))?,
            is_static: args.switch("Static"),
            seen: vec![],
            any: false,
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the properties and methods of objects."
    }
    fn description(&self) -> &'static str {
        "The Get-Member cmdlet describes the objects given to it: for each distinct type, its name and its members (properties, methods, and the note, alias and script members added to the objects), with their definitions."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Add-Member", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Show a member of an object's type.",
                code: "'hello' | Get-Member -Name Length",
                output: "\n   TypeName: System.String\n\n\
                Name   MemberType Definition\n\
                ----   ---------- ----------\n\
                Length Property   int Length {get;}\n",
            },
            Example {
                description: "Show the note properties of a custom object.",
                code: "[pscustomobject]@{ Name = 'x'; Port = 80 } | Get-Member -MemberType NoteProperty",
                output: "\n   TypeName: System.Management.Automation.PSCustomObject\n\n\
                Name MemberType   Definition\n\
                ---- ----------   ----------\n\
                Name NoteProperty string Name=x\n\
                Port NoteProperty int Port=80\n",
            },
            Example {
                description: "Find methods by name.",
                code: "'hello' | Get-Member -MemberType Method -Name ToUpper* | ForEach-Object Name",
                output: "ToUpper\n\
                ToUpperInvariant",
            },
        ]
    }
}

/// One member as Get-Member reports it.
struct Found {
    name: String,
    kind: String,
    definition: String,
}

/// The members of a value: its properties and script members, then its type's methods.
fn members_of(v: &Value) -> Vec<Found> {
    let mut out = Vec::new();
    let listed = |out: &mut Vec<Found>, name: &str, kind: &str, definition: String| {
        out.push(Found {
            name: name.to_string(),
            kind: kind.to_string(),
            definition,
        });
    };
    if let Value::Object(o) = v {
        let custom = o
            .type_names()
            .iter()
            .any(|t| t == "System.Management.Automation.PSCustomObject");
        for p in o.properties() {
            let ty = member_info::display_type_name(&p.value);
            if custom {
                let def = format!("{ty} {}={}", p.name, member_info::display_value(&p.value));
                listed(&mut out, &p.name, "NoteProperty", def);
            } else {
                listed(
                    &mut out,
                    &p.name,
                    "Property",
                    format!("{ty} {} {{get;}}", p.name),
                );
            }
        }
        for m in o.members() {
            match m.member {
                ScriptMember::Property { getter, setter } => {
                    let mut def = format!("System.Object {} {{", m.name);
                    if let Value::ScriptBlock(sb) = &getter {
                        def.push_str(&format!("get={};", sb.text()));
                    }
                    if let Some(Value::ScriptBlock(sb)) = &setter {
                        def.push_str(&format!("set={};", sb.text()));
                    }
                    def.push('}');
                    listed(&mut out, &m.name, "ScriptProperty", def);
                }
                ScriptMember::Method(_) => listed(
                    &mut out,
                    &m.name,
                    "ScriptMethod",
                    format!("System.Object {}();", m.name),
                ),
                ScriptMember::Alias { target } => listed(
                    &mut out,
                    &m.name,
                    "AliasProperty",
                    format!("{} = {target}", m.name),
                ),
            }
        }
    }
    for m in member_info::instance_members(v) {
        if out.iter().any(|f| f.name.eq_ignore_ascii_case(m.name)) {
            continue;
        }
        listed(&mut out, m.name, m.kind.name(), m.definition.to_string());
    }
    out
}

fn static_members_of(v: &Value) -> (String, Vec<Found>) {
    let t = match v {
        Value::Type(t) => t.clone(),
        other => match rosh_runtime::types::TypeInfo::resolve(&rosh_lang::token::TypeName::simple(
            other.type_name(),
        )) {
            Some(t) => t,
            None => return (other.type_name(), vec![]),
        },
    };
    let found = member_info::static_members(t.known())
        .iter()
        .map(|m| Found {
            name: m.name.to_string(),
            kind: match m.kind {
                MemberKind::Method => "Method".into(),
                _ => "Property".into(),
            },
            definition: m.definition.to_string(),
        })
        .collect();
    (t.full_name(), found)
}

impl Run {
    fn report(&mut self, rs: &mut Runspace, item: Value, out: &mut dyn Sink) -> Eval<()> {
        self.any = true;
        let (type_name, found) = if self.is_static {
            static_members_of(&item)
        } else {
            (item.type_name(), members_of(&item))
        };
        if self.seen.contains(&type_name) {
            return Ok(());
        }
        self.seen.push(type_name.clone());
        let found: Vec<Found> = match &self.kinds {
            Some(kinds) => found
                .into_iter()
                .filter(|f| kinds.contains(&f.kind.as_str()))
                .collect(),
            None => found,
        };
        let patterns = if self.names.is_empty() {
            vec!["*".to_string()]
        } else {
            self.names.clone()
        };
        // Each name pattern gives its own sorted batch, as PowerShell's does.
        for pattern in patterns {
            let Some(re) = rosh_runtime::ops::wildcard_regex(&pattern, false) else {
                continue;
            };
            let mut batch: Vec<&Found> = found.iter().filter(|f| re.is_match(&f.name)).collect();
            batch.sort_by(|a, b| {
                a.kind
                    .to_ascii_lowercase()
                    .cmp(&b.kind.to_ascii_lowercase())
                    .then_with(|| {
                        a.name
                            .to_ascii_lowercase()
                            .cmp(&b.name.to_ascii_lowercase())
                    })
            });
            for f in batch {
                let o = PsObject::with_type_names(vec![
                    "Microsoft.PowerShell.Commands.MemberDefinition".into(),
                    "System.Object".into(),
                ]);
                o.set("TypeName", Value::from(type_name.clone()));
                o.set("Name", Value::from(f.name.clone()));
                o.set("MemberType", Value::from(f.kind.clone()));
                o.set_to_string(f.definition.clone());
                o.set("Definition", Value::from(f.definition.clone()));
                out.emit(rs, Value::Object(o))?;
            }
        }
        Ok(())
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let item = match input {
            Some(v) => v,
            None => match self.input_object.take() {
                Some(v) => v,
                None => return Ok(()),
            },
        };
        if item.is_null() {
            return Ok(());
        }
        self.report(rs, item, out)
    }

    fn end(&mut self, rs: &mut Runspace, _out: &mut dyn Sink) -> Eval<()> {
        if !self.any {
            rs.write_error(
                ErrorRecord::new(
                    "NoObjectInGetMember,Microsoft.PowerShell.Commands.GetMemberCommand",
                    ErrorCategory::CloseError,
                    "You must specify an object for the Get-Member cmdlet.",
                )
                .with_exception("System.InvalidOperationException"),
            )?;
        }
        Ok(())
    }
}
