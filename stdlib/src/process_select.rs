//! Which processes Get-Process and Stop-Process work on (PowerShell's `ProcessBaseCommand`):
//! every process, those whose names match `-Name` patterns, those with the `-Id`s, or the
//! process objects given; without duplicates, sorted by name and then id. A name without
//! wildcards that matches nothing, or an id of no process, is a non-terminating error.

use crate::fs_items::has_wildcard;
use crate::process_object::{self, Snapshot};
use crate::util::{items, wildcard_match};
use rosh_runtime::command::BoundArgs;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::types::{KnownType, TypeInfo};
use rosh_runtime::value::PsObject;
use rosh_runtime::{ErrorRecord, Eval, Flow, Runspace, Value};
use std::collections::HashSet;

/// What selects the processes.
pub enum Selector {
    /// Every process.
    All,
    /// Processes whose names match these patterns.
    Names(Vec<String>),
    /// The processes with these ids.
    Ids(Vec<i32>),
    /// These process objects (refreshed).
    Input(Vec<PsObject>),
}

/// The exception type of the process commands' errors.
const PROCESS_EXCEPTION: &str = "Microsoft.PowerShell.Commands.ProcessCommandException";

/// A non-terminating error of a process command (`class` is the cmdlet's class name,
/// `GetProcessCommand`).
pub fn process_error(
    id: &str,
    class: &str,
    category: ErrorCategory,
    message: String,
    target: Value,
) -> ErrorRecord {
    ErrorRecord::new(
        format!("{id},Microsoft.PowerShell.Commands.{class}"),
        category,
        message,
    )
    .with_exception(PROCESS_EXCEPTION)
    .with_target(target)
}

/// The `-Id` values as process ids; a value that is not a number fails binding, as
/// PowerShell's `int[]` parameter does.
pub fn ids(args: &BoundArgs, command: &str, class: &str) -> Eval<Vec<i32>> {
    let int = TypeInfo::of(KnownType::Int);
    items(args.get("Id"))
        .iter()
        .map(|v| match rosh_runtime::convert::convert(v, &int) {
            Ok(Value::Int(i)) => Ok(i),
            Ok(_) => Ok(0),
            Err(Flow::Error(e)) => Err(crate::util::command_error(
                command,
                &format!("CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.{class}"),
                ErrorCategory::InvalidArgument,
                "System.Management.Automation.ParameterBindingException",
                format!("Cannot bind parameter 'Id'. {}", e.message),
            )),
            Err(other) => Err(other),
        })
        .collect()
}

/// The selected processes, sorted by name (ignoring case) and then id, each once; errors for
/// names and ids that find nothing are written as `class`'s.
pub fn select(rs: &mut Runspace, class: &str, selector: &Selector) -> Eval<Vec<PsObject>> {
    let mut found: Vec<PsObject> = Vec::new();
    let mut seen: HashSet<(i32, String)> = HashSet::new();
    let mut add = |o: PsObject| {
        let key = (
            process_object::id_of(&o).unwrap_or(i32::MIN),
            process_object::name_of(&o),
        );
        if seen.insert(key) {
            found.push(o);
        }
    };
    match selector {
        Selector::All => {
            let mut snap = Snapshot::all();
            for (pid, _) in snap.names() {
                if let Some(o) = snap.object(pid) {
                    add(o);
                }
            }
        }
        Selector::Names(patterns) => {
            let mut snap = Snapshot::all();
            let names = snap.names();
            for pattern in patterns {
                let mut any = false;
                for (pid, name) in &names {
                    if wildcard_match(pattern, name)
                        && let Some(o) = snap.object(*pid)
                    {
                        any = true;
                        add(o);
                    }
                }
                if !any && !has_wildcard(pattern) {
                    rs.write_error(process_error(
                        "NoProcessFoundForGivenName",
                        class,
                        ErrorCategory::ObjectNotFound,
                        format!(
                            "Cannot find a process with the name \"{pattern}\". Verify the process name and call the cmdlet again."
                        ),
                        Value::str(pattern),
                    ))?;
                }
            }
        }
        Selector::Ids(ids) => {
            let mut snap = Snapshot::lazy();
            for id in ids {
                match snap.object(*id) {
                    Some(o) => add(o),
                    None => rs.write_error(process_error(
                        "NoProcessFoundForGivenId",
                        class,
                        ErrorCategory::ObjectNotFound,
                        format!("Cannot find a process with the process identifier {id}."),
                        Value::Int(*id),
                    ))?,
                }
            }
        }
        Selector::Input(objects) => {
            for o in objects {
                process_object::refresh(o);
                add(o.clone());
            }
        }
    }
    found.sort_by(|a, b| {
        let (na, nb) = (process_object::name_of(a), process_object::name_of(b));
        ordinal_ignore_case(&na, &nb).then_with(|| {
            process_object::id_of(a)
                .unwrap_or(i32::MIN)
                .cmp(&process_object::id_of(b).unwrap_or(i32::MIN))
        })
    });
    Ok(found)
}

/// .NET's `OrdinalIgnoreCase`: code points compared after upper-casing each.
fn ordinal_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    let upper = |s: &str| -> Vec<char> { s.chars().flat_map(char::to_uppercase).collect() };
    upper(a).cmp(&upper(b))
}

/// How a piped object selects processes when it is not a process object: by its `Id`
/// (or `PID`) property, else by its `Name` (or `ProcessName`) property, as PowerShell binds
/// `ValueFromPipelineByPropertyName`.
pub fn by_property(v: &Value) -> Option<Selector> {
    let Value::Object(o) = v else { return None };
    let get = |names: &[&str]| names.iter().find_map(|n| o.get(n));
    if let Some(id) = get(&["Id", "PID"]) {
        let int = TypeInfo::of(KnownType::Int);
        let ids = items(Some(&id))
            .iter()
            .filter_map(|v| match rosh_runtime::convert::convert(v, &int) {
                Ok(Value::Int(i)) => Some(i),
                _ => None,
            })
            .collect();
        return Some(Selector::Ids(ids));
    }
    get(&["Name", "ProcessName"]).map(|n| {
        Selector::Names(
            items(Some(&n))
                .iter()
                .map(rosh_runtime::convert::to_str)
                .collect(),
        )
    })
}

/// The non-terminating error for a piped object that selects nothing (PowerShell's
/// binding failure for that object; the pipeline goes on).
pub fn not_bound(class: &str, input: Value) -> ErrorRecord {
    ErrorRecord::new(
        format!("InputObjectNotBound,Microsoft.PowerShell.Commands.{class}"),
        ErrorCategory::InvalidArgument,
        "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
    )
    .with_exception("System.Management.Automation.ParameterBindingException")
    .with_target(input)
}

/// The processes `-InputObject` names; anything else fails binding, as PowerShell's
/// `Process[]` parameter does.
pub fn input_objects(
    command: &str,
    class: &str,
    given: Option<&Value>,
) -> Eval<Vec<rosh_runtime::value::PsObject>> {
    items(given)
        .iter()
        .map(|v| {
            crate::process_object::as_process(v).cloned().ok_or_else(|| {
                crate::util::command_error(
                    command,
                    &format!("CannotConvertArgument,Microsoft.PowerShell.Commands.{class}"),
                    ErrorCategory::InvalidArgument,
                    "System.Management.Automation.ParameterBindingException",
                    format!(
                        "Cannot bind parameter 'InputObject'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Diagnostics.Process\".",
                        rosh_runtime::convert::to_str(v),
                        v.type_name()
                    ),
                )
            })
        })
        .collect()
}

/// The error for parameters of different sets given together.
pub fn ambiguous(command: &str, class: &str) -> Flow {
    crate::util::command_error(
        command,
        &format!("AmbiguousParameterSet,Microsoft.PowerShell.Commands.{class}"),
        ErrorCategory::InvalidArgument,
        "System.Management.Automation.ParameterBindingException",
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
    )
}
