//! `New-Object`: construct an object of a type rosh knows (through the same path as
//! `[Type]::new(...)`), or a `PSObject` with note properties.

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::types::{KnownType, TypeInfo};
use rosh_runtime::value::PsObject;
use rosh_runtime::{Eval, Flow, Runspace, Sink, Value};

/// `New-Object [-TypeName] <string> [[-ArgumentList] <object[]>] [-Property <IDictionary>]`
pub struct NewObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("TypeName")
        .at(0)
        .of("string")
        .mandatory()
        .in_sets(&["Net"])
        .describe(
            "The type of the object; PSObject (or PSCustomObject) makes an empty custom object.",
        ),
    ParamSpec::value("ArgumentList")
        .at(1)
        .aliases(&["Args"])
        .of("Object[]")
        .in_sets(&["Net"])
        .describe("The arguments of the type's constructor."),
    ParamSpec::value("Property").of("IDictionary").describe(
        "Properties to set on the new object, from a hashtable; on a custom object they are added.",
    ),
    ParamSpec::value("ComObject")
        .of("string")
        .mandatory()
        .in_sets(&["Com"])
        .describe("A COM class. COM objects exist only on Windows."),
    ParamSpec::switch("Strict")
        .in_sets(&["Com"])
        .describe("Fail when a COM object is wrapped. COM objects exist only on Windows."),
];

struct Run {
    args: BoundArgs,
}

impl Command for NewObject {
    fn name(&self) -> &'static str {
        "New-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run { args }))
    }
    fn synopsis(&self) -> &'static str {
        "Creates an instance of a .NET type."
    }
    fn description(&self) -> &'static str {
        "The New-Object cmdlet creates an object of one of the types rosh knows, passing -ArgumentList to its constructor, and sets the properties given with -Property. \"New-Object PSObject -Property @{...}\" makes a custom object; [pscustomobject]@{...} does the same with the order of the keys kept."
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Net")
    }
    fn related(&self) -> &'static [&'static str] {
        &["Add-Member", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Create a .NET object and use it.",
                code: "$list = New-Object -TypeName System.Collections.ArrayList\n\
                $null = $list.Add('a')\n\
                $null = $list.Add('b')\n\
                $list.Count",
                output: "2",
            },
            Example {
                description: "Create a custom object with properties.",
                code: "$obj = New-Object -TypeName PSObject -Property @{ Name = 'web01' }\n\
                $obj.Name",
                output: "web01",
            },
            Example {
                description: "Pass constructor arguments.",
                code: "(New-Object -TypeName System.DateTime -ArgumentList 2024, 1, 15).DayOfWeek",
                output: "Monday",
            },
        ]
    }
}

fn new_object_error(id: &str, category: ErrorCategory, exception: &str, message: String) -> Flow {
    crate::util::command_error(
        "New-Object",
        &format!("{id},Microsoft.PowerShell.Commands.NewObjectCommand"),
        category,
        exception,
        message,
    )
}

/// A type name as written to New-Object (`System.Collections.Generic.List[string]`),
/// resolved the way a type literal is.
fn resolve(name: &str) -> Option<TypeInfo> {
    let parsed = rosh_lang::parse(&format!("[{name}]"));
    if !parsed.errors.is_empty() {
        return None;
    }
    use rosh_lang::ast::{ExprKind, PipelineElement, StatementKind};
    let stmt = parsed.script.body.statements().first()?;
    let StatementKind::Pipeline(chain) = &*stmt.kind else {
        return None;
    };
    match chain.first.elements.first()? {
        PipelineElement::Expression { expr, .. } => match &expr.kind {
            ExprKind::Type(t) => TypeInfo::resolve(t),
            _ => None,
        },
        PipelineElement::Command(_) => None,
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        let name = self.args.get("TypeName").map(to_str).unwrap_or_default();
        let Some(t) = resolve(&name) else {
            return Err(new_object_error(
                "TypeNotFound",
                ErrorCategory::InvalidType,
                "System.Management.Automation.PSArgumentException",
                format!(
                    "Cannot find type [{name}]: verify that the assembly containing this type is loaded."
                ),
            ));
        };
        if !rs.construction_allowed(&t) {
            return Err(new_object_error(
                "CannotCreateTypeConstrainedLanguage",
                ErrorCategory::PermissionDenied,
                "System.Management.Automation.PSNotSupportedException",
                "Cannot create type. Only core types are supported in this language mode."
                    .to_string(),
            ));
        }
        let ctor_args = crate::util::items(self.args.get("ArgumentList"));
        let object = if t.array_depth() == 0
            && matches!(t.known(), KnownType::PsObject | KnownType::Object)
            && ctor_args.is_empty()
        {
            Value::Object(PsObject::custom())
        } else {
            rs.construct(&t, ctor_args).map_err(|e| match e {
                Flow::Error(rec) if rec.error_id == "MethodNotFound" => new_object_error(
                    "CannotFindAppropriateCtor",
                    ErrorCategory::ObjectNotFound,
                    "System.Management.Automation.MethodException",
                    format!(
                        "A constructor was not found. Cannot find an appropriate constructor for type {}.",
                        t.full_name()
                    ),
                ),
                other => other,
            })?
        };
        if let Some(props) = self.args.get("Property") {
            let Value::Hashtable(h) = props else {
                return Err(new_object_error(
                    "CannotConvertArgument",
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    format!(
                        "Cannot bind parameter 'Property'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Collections.IDictionary\".",
                        to_str(props),
                        props.type_name()
                    ),
                ));
            };
            for (k, v) in h.entries() {
                let key = to_str(&k);
                match &object {
                    Value::Object(o) => o.set(&key, v),
                    Value::Hashtable(target) => target.insert(Value::from(key), v),
                    _ => {
                        return Err(new_object_error(
                            "InvalidOperationException",
                            ErrorCategory::InvalidOperation,
                            "System.InvalidOperationException",
                            format!(
                                "The member \"{key}\" was not found for the specified .NET object."
                            ),
                        ));
                    }
                }
            }
        }
        out.emit(rs, object)
    }
}
