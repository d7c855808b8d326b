//! `Add-Member`: add note properties, script properties, script methods or alias properties
//! to an object, or a type name.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::{ErrorCategory, ErrorRecord};
use rosh_runtime::value::{PsObject, ScriptMember};
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// `Add-Member [-MemberType] <PSMemberTypes> [-Name] <string> [[-Value] <object>]
/// [[-SecondValue] <object>] | [-NotePropertyName] <string> [-NotePropertyValue] <object> |
/// [-NotePropertyMembers] <IDictionary> [-TypeName <string>] [-Force] [-PassThru]
/// -InputObject <psobject>`
pub struct AddMember;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .mandatory()
        .describe("The object to add members to. Usually piped in."),
    ParamSpec::value("MemberType")
        .at(0)
        .aliases(&["Type"])
        .of("PSMemberTypes")
        .mandatory()
        .in_sets(&["MemberSet"])
        .describe("The kind of member to add: NoteProperty, AliasProperty, ScriptProperty, ScriptMethod, CodeProperty, Property or Method."),
    ParamSpec::value("Name")
        .at(1)
        .of("string")
        .mandatory()
        .in_sets(&["MemberSet"])
        .describe("The name of the new member."),
    ParamSpec::value("Value")
        .at(2)
        .of("Object")
        .in_sets(&["MemberSet"])
        .describe("The member's value: the note property's value, the name an alias property stands for, or the script block of a script property (its getter) or script method."),
    ParamSpec::value("SecondValue")
        .at(3)
        .of("Object")
        .in_sets(&["MemberSet"])
        .describe("The setter script block of a script property."),
    ParamSpec::value("NotePropertyName")
        .of("string")
        .mandatory()
        .in_sets(&["NotePropertySingleMemberSet"])
        .describe("The name of a note property to add."),
    ParamSpec::value("NotePropertyValue")
        .of("Object")
        .mandatory()
        .in_sets(&["NotePropertySingleMemberSet"])
        .describe("The value of the note property named by -NotePropertyName."),
    ParamSpec::value("NotePropertyMembers")
        .of("IDictionary")
        .mandatory()
        .in_sets(&["NotePropertyMultiMemberSet"])
        .describe("A hashtable of note properties to add: each key is a name, each value its value."),
    ParamSpec::value("TypeName")
        .of("string")
        .describe("A type name to put first in the object's type names (what views and .pstypenames go by)."),
    ParamSpec::switch("Force")
        .describe("Replace a member that already has the name."),
    ParamSpec::switch("PassThru")
        .describe("Return the object after adding the member; without it Add-Member returns nothing."),
];

/// The member types Add-Member can add, as PowerShell spells them.
const ADDABLE: &[&str] = &[
    "NoteProperty",
    "ScriptProperty",
    "ScriptMethod",
    "AliasProperty",
];

/// The member types PowerShell knows but rosh cannot add.
const OTHER_TYPES: &[&str] = &[
    "CodeProperty",
    "Property",
    "PropertySet",
    "Method",
    "CodeMethod",
    "ParameterizedProperty",
    "MemberSet",
    "Event",
    "Dynamic",
    "InferredProperty",
    "Properties",
    "Methods",
    "All",
];

/// What one invocation adds.
enum Plan {
    /// `-TypeName` alone.
    TypeNameOnly,
    /// Note properties from a dictionary.
    Notes(Vec<(String, Value)>),
    /// One member.
    Member { name: String, member: Member },
}

#[derive(Clone)]
enum Member {
    Note(Value),
    Script(ScriptMember),
}

struct Run {
    plan: Plan,
    type_name: Option<String>,
    force: bool,
    pass_thru: bool,
    input_object: Option<Value>,
}

fn add_error(id: &str, message: String) -> Flow {
    crate::util::command_error(
        "Add-Member",
        &format!("{id},Microsoft.PowerShell.Commands.AddMemberCommand"),
        ErrorCategory::InvalidOperation,
        "System.InvalidOperationException",
        message,
    )
}

fn script_block(v: Option<&Value>, member_type: &str) -> Eval<Option<Value>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::ScriptBlock(sb)) => Ok(Some(Value::ScriptBlock(sb.clone()))),
        Some(other) => Err(Flow::error(
            "ConvertToFinalInvalidCastException,Microsoft.PowerShell.Commands.AddMemberCommand",
            ErrorCategory::InvalidArgument,
            format!(
                "Cannot convert the \"{}\" value of type \"{}\" to type \"System.Management.Automation.ScriptBlock\" for a member of type \"{member_type}\".",
                to_str(other),
                other.type_name()
            ),
        )),
    }
}

fn plan(args: &BoundArgs) -> Eval<Plan> {
    if let Some(members) = args.get("NotePropertyMembers") {
        return notes(members);
    }
    if let Some(name) = args.get("NotePropertyName") {
        let value = args
            .get("NotePropertyValue")
            .or_else(|| args.get("MemberType"))
            .cloned()
            .unwrap_or(Value::Null);
        return Ok(Plan::Member {
            name: to_str(name),
            member: Member::Note(value),
        });
    }
    let Some(member_type) = args.get("MemberType") else {
        return Ok(Plan::TypeNameOnly);
    };
    if let Value::Hashtable(_) = member_type {
        // A dictionary in the first position is -NotePropertyMembers.
        return notes(member_type);
    }
    let written = to_str(member_type);
    let Some(kind) = ADDABLE
        .iter()
        .find(|k| k.eq_ignore_ascii_case(&written))
        .copied()
    else {
        if let Some(known) = OTHER_TYPES
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&written))
        {
            return Err(add_error(
                "CannotAddMemberType",
                format!(
                    "Cannot add a member with type \"{known}\". Specify a different type for the MemberType parameter."
                ),
            ));
        }
        // Not a member type: the positional arguments are a note property's name and value.
        return Ok(Plan::Member {
            name: written,
            member: Member::Note(args.get("Name").cloned().unwrap_or(Value::Null)),
        });
    };
    let name = args.get("Name").map(to_str).unwrap_or_default();
    let value = args.get("Value");
    let second = args.get("SecondValue");
    let member = match kind {
        "NoteProperty" => {
            if second.is_some() {
                return Err(add_error(
                    "Value2ShouldNotBeSpecified",
                    "The SecondValue parameter is not necessary for a member of type \"NoteProperty\", and should not be specified. Do not specify the SecondValue parameter when you add members of this type.".into(),
                ));
            }
            Member::Note(value.cloned().unwrap_or(Value::Null))
        }
        "ScriptMethod" => match script_block(value, kind)? {
            Some(b) => Member::Script(ScriptMember::Method(b)),
            None => {
                return Err(add_error(
                    "Value1ShouldNotBeNull",
                    "The value of the Value parameter cannot be null for a member of type \"ScriptMethod\". Specify a non-null value for the Value parameter.".into(),
                ));
            }
        },
        "ScriptProperty" => {
            let getter = script_block(value, kind)?;
            let setter = script_block(second, kind)?;
            if getter.is_none() && setter.is_none() {
                return Err(add_error(
                    "Value1AndValue2AreNotBothNull",
                    "The Value and SecondValue parameters cannot both be null for a member of type \"ScriptProperty\". Specify a non-null value for one of the two parameters.".into(),
                ));
            }
            Member::Script(ScriptMember::Property {
                getter: getter.unwrap_or(Value::Null),
                setter,
            })
        }
        _ => match value {
            None | Some(Value::Null) => {
                return Err(add_error(
                    "Value1ShouldNotBeNull",
                    "The value of the Value parameter cannot be null for a member of type \"AliasProperty\". Specify a non-null value for the Value parameter.".into(),
                ));
            }
            Some(v) => Member::Script(ScriptMember::Alias { target: to_str(v) }),
        },
    };
    Ok(Plan::Member { name, member })
}

fn notes(members: &Value) -> Eval<Plan> {
    match members {
        Value::Hashtable(h) => Ok(Plan::Notes(
            h.entries()
                .into_iter()
                .map(|(k, v)| (to_str(&k), v))
                .collect(),
        )),
        other => Err(Flow::error(
            "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.AddMemberCommand",
            ErrorCategory::InvalidArgument,
            format!(
                "Cannot bind parameter 'NotePropertyMembers'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Collections.IDictionary\".",
                to_str(other),
                other.type_name()
            ),
        )),
    }
}

impl Command for AddMember {
    fn name(&self) -> &'static str {
        "Add-Member"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let type_name = args.get("TypeName").map(to_str);
        let plan = plan(&args)?;
        if matches!(plan, Plan::TypeNameOnly) && type_name.is_none() {
            return Err(Flow::error(
                "AmbiguousParameterSet,Microsoft.PowerShell.Commands.AddMemberCommand",
                ErrorCategory::InvalidArgument,
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
            ));
        }
        Ok(Box::new(Run {
            plan,
            type_name,
            force: args.switch("Force"),
            pass_thru: args.switch("PassThru"),
            input_object: args.get("InputObject").cloned(),
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Adds custom properties and methods to an object."
    }
    fn description(&self) -> &'static str {
        "The Add-Member cmdlet adds members to an object: note properties that hold values, alias properties that stand for other properties, script properties and script methods written as script blocks. The members are added to the object itself, so every variable that refers to it sees them.

Add-Member returns nothing unless -PassThru is given."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("MemberSet")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Get-Member", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Add a note property to an object.",
                code: "$server = [pscustomobject]@{ Name = 'web01' }\n\
                $server | Add-Member -MemberType NoteProperty -Name Status -Value 'Online'\n\
                \"$($server.Name) is $($server.Status)\"",
                output: "web01 is Online",
            },
            Example {
                description: "Add note properties from a hash table.",
                code: "$server = [pscustomobject]@{ Name = 'web01' }\n\
                $server | Add-Member -NotePropertyMembers @{ Port = 8080 }\n\
                $server.Port",
                output: "8080",
            },
            Example {
                description: "Add a script property computed from the object.",
                code: "$item = [pscustomobject]@{ Price = 10; Quantity = 3 }\n\
                $item | Add-Member -MemberType ScriptProperty -Name Total -Value { $this.Price * $this.Quantity }\n\
                $item.Total",
                output: "30",
            },
        ]
    }
}

/// True when the object already has a member with this name.
fn has_member(o: &PsObject, name: &str) -> bool {
    o.has(name)
        || o.member(name).is_some()
        || ["Equals", "GetHashCode", "GetType", "ToString"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(name))
}

impl Run {
    /// Add one member; false (after writing the error) when it exists and -Force is absent.
    fn add(&self, rs: &mut Runspace, target: &Value, name: &str, member: Member) -> Eval<bool> {
        let Value::Object(o) = target else {
            return Ok(true);
        };
        if has_member(o, name) {
            if !self.force {
                rs.write_error(
                    ErrorRecord::new(
                        "MemberAlreadyExists,Microsoft.PowerShell.Commands.AddMemberCommand",
                        ErrorCategory::InvalidOperation,
                        format!(
                            "Cannot add a member with the name \"{name}\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command."
                        ),
                    )
                    .with_exception("System.InvalidOperationException")
                    .with_target(target.clone()),
                )?;
                return Ok(false);
            }
            o.remove(name);
            o.remove_member(name);
        }
        match member {
            Member::Note(v) => o.set(name, v),
            Member::Script(m) => o.set_member(name, m),
        }
        Ok(true)
    }

    fn add_type_name(&self, target: &Value) {
        let (Some(t), Value::Object(o)) = (&self.type_name, target) else {
            return;
        };
        let full =
            rosh_runtime::types::TypeInfo::resolve(&rosh_lang::token::TypeName::simple(t.clone()))
                .map_or_else(|| t.clone(), |ti| ti.full_name());
        o.insert_type_name(full);
    }
}

impl Processor for Run {
    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(target) = input.or_else(|| self.input_object.take()) else {
            return Ok(());
        };
        let added = match &self.plan {
            Plan::TypeNameOnly => true,
            Plan::Notes(notes) => {
                let mut any = false;
                for (name, value) in notes.clone() {
                    any |= self.add(rs, &target, &name, Member::Note(value))?;
                }
                any
            }
            Plan::Member { name, member } => {
                let (name, member) = (name.clone(), member.clone());
                self.add(rs, &target, &name, member)?
            }
        };
        if !added {
            return Ok(());
        }
        self.add_type_name(&target);
        if self.pass_thru {
            out.emit(rs, target)?;
        }
        Ok(())
    }
}
