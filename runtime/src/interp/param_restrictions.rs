//! The parameter restrictions of a session configuration's visible commands, enforced when
//! the user calls one (what PowerShell's generated proxy functions do): only the exposed
//! parameters (and the common ones) bind, by name, alias, unambiguous prefix or position;
//! each value must pass the exposed parameter's `ValidateSet`/`ValidatePattern`; pipeline
//! input binds only to an exposed pipeline parameter and is validated the same way.
//!
//! What is validated is what the command gets: values are passed on as the validated
//! strings (a `ValidateSet` value as the set's own spelling), never as the objects the user
//! gave, so no property or conversion of an object can differ from what was checked.

use super::binding::{
    Arg, FunctionSignature, add_common_parameters, binding_failure, missing_argument, not_found,
    resolve_name,
};
use super::visibility::ParameterRestriction;
use super::{Runspace, Sink};
use crate::command::{ParamKind, ParamSpec, Processor};
use crate::convert::to_str;
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow, InvocationInfo};
use crate::value::{Array, Value};

/// What binding needs to know of one parameter of the real command.
#[derive(Clone, Debug)]
pub(crate) struct ParamShape {
    name: String,
    aliases: Vec<String>,
    position: Option<usize>,
    switch: bool,
    pipeline: bool,
    by_property: bool,
    remaining: bool,
}

/// The shapes of a built-in command's parameters.
pub(crate) fn builtin_shapes(specs: &[ParamSpec]) -> Vec<ParamShape> {
    specs
        .iter()
        .map(|s| ParamShape {
            name: s.name.to_string(),
            aliases: s.aliases.iter().map(|a| a.to_string()).collect(),
            position: s.position,
            switch: s.kind == ParamKind::Switch,
            pipeline: s.pipeline,
            by_property: false,
            remaining: s.remaining,
        })
        .collect()
}

/// The shapes of a function's parameters; without any explicit position, the parameters
/// that are not switches take positions in declaration order (as binding gives them).
pub(crate) fn function_shapes(sig: &FunctionSignature) -> Vec<ParamShape> {
    let explicit = sig.params.iter().any(|p| p.position.is_some());
    let mut next = 0;
    sig.params
        .iter()
        .map(|p| ParamShape {
            name: p.name.clone(),
            aliases: p.aliases.clone(),
            position: if explicit {
                p.position
            } else if p.switch {
                None
            } else {
                next += 1;
                Some(next - 1)
            },
            switch: p.switch,
            pipeline: p.from_pipeline,
            by_property: p.by_property,
            remaining: p.remaining,
        })
        .collect()
}

/// An exposed parameter: the real command's parameter and its restriction.
struct Exposed<'a> {
    shape: &'a ParamShape,
    restriction: &'a ParameterRestriction,
}

fn exposed<'a>(
    shapes: &'a [ParamShape],
    restrictions: &'a [ParameterRestriction],
) -> Vec<Exposed<'a>> {
    shapes
        .iter()
        .filter_map(|shape| {
            restrictions
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(&shape.name))
                .map(|restriction| Exposed { shape, restriction })
        })
        .collect()
}

/// The user's arguments to a restricted command, checked and rewritten: every argument named
/// with its parameter's canonical name and carrying its validated value. Errors are
/// PowerShell's binding and validation errors.
pub(crate) fn restrict_args(
    command: &str,
    shapes: &[ParamShape],
    restrictions: &[ParameterRestriction],
    args: Vec<Arg>,
) -> Eval<Vec<Arg>> {
    let exposed = exposed(shapes, restrictions);
    let mut table: Vec<(String, Vec<String>)> = exposed
        .iter()
        .map(|e| (e.shape.name.clone(), e.shape.aliases.clone()))
        .collect();
    add_common_parameters(&mut table);
    let mut bound: Vec<(usize, Option<Value>)> = Vec::new();
    let mut positional: Vec<Value> = Vec::new();
    let mut iter = args.into_iter().peekable();
    while let Some(arg) = iter.next() {
        match arg {
            Arg::Positional(v) => positional.push(v),
            Arg::Named { name, value } => {
                let Some(i) = resolve_name(command, &name, &table)? else {
                    return Err(not_found(command, &name));
                };
                if bound.iter().any(|(b, _)| *b == i) {
                    return Err(already_bound(command, &table[i].0));
                }
                let switch = match exposed.get(i) {
                    Some(e) => e.shape.switch,
                    None => matches!(table[i].0.as_str(), "Verbose" | "Debug"),
                };
                let value = match value {
                    Some(v) => Some(v),
                    None if switch => None,
                    None => match iter.peek() {
                        Some(Arg::Positional(_)) => match iter.next() {
                            Some(Arg::Positional(v)) => Some(v),
                            _ => None,
                        },
                        _ => return Err(missing_argument(command, &table[i].0, "System.Object")),
                    },
                };
                bound.push((i, value));
            }
        }
    }
    // Positional arguments fill the exposed positional parameters in order.
    let mut by_position: Vec<usize> = (0..exposed.len())
        .filter(|i| exposed[*i].shape.position.is_some())
        .collect();
    by_position.sort_by_key(|i| exposed[*i].shape.position);
    let mut rest = positional.into_iter();
    for i in by_position {
        if bound.iter().any(|(b, _)| *b == i) {
            continue;
        }
        if exposed[i].shape.remaining {
            let all: Vec<Value> = rest.by_ref().collect();
            if !all.is_empty() {
                bound.push((i, Some(Value::Array(Array::new(all)))));
            }
            break;
        }
        match rest.next() {
            Some(v) => bound.push((i, Some(v))),
            None => break,
        }
    }
    if let Some(extra) = rest.next() {
        return Err(super::binding::positional_not_found(command, &extra));
    }
    let mut out = Vec::with_capacity(bound.len());
    for (i, value) in bound {
        let name = table[i].0.clone();
        let value = match (exposed.get(i), value) {
            (Some(e), Some(v)) if e.restriction.is_open() => Some(v),
            (Some(e), Some(v)) => Some(validate(command, e.restriction, &name, &v)?),
            (Some(e), None) => {
                // A switch given alone: `True` must pass the restriction too.
                validate(command, e.restriction, &name, &Value::Bool(true))?;
                None
            }
            (None, v) => v,
        };
        out.push(Arg::Named { name, value });
    }
    Ok(out)
}

fn already_bound(command: &str, name: &str) -> Flow {
    binding_failure(
        command,
        "ParameterAlreadyBound",
        ErrorCategory::InvalidArgument,
        format!(
            "Cannot bind parameter because parameter '{name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\"."
        ),
    )
}

/// The value checked against `restriction`: each element's text must be in the set
/// (ordinal, ASCII case folded, as .NET's OrdinalIgnoreCase does for ASCII) and match one
/// of the patterns whole. The result holds the set's own spellings, or the checked texts.
fn validate(
    command: &str,
    restriction: &ParameterRestriction,
    param: &str,
    value: &Value,
) -> Eval<Value> {
    let fail = |why: String| {
        let mut e = ErrorRecord::new(
            format!("ParameterArgumentValidationError,{command}"),
            ErrorCategory::InvalidData,
            format!("Cannot validate argument on parameter '{param}'. {why}"),
        )
        .with_exception("System.Management.Automation.ParameterBindingValidationException");
        e.invocation = Some(InvocationInfo {
            command_name: Some(command.to_string()),
            ..Default::default()
        });
        Flow::Error(Box::new(e))
    };
    let (items, many) = match value {
        Value::Array(a) => (a.to_vec(), true),
        other => (vec![other.clone()], false),
    };
    let pattern = (!restriction.valid_patterns.is_empty())
        .then(|| format!("^({})$", restriction.valid_patterns.join("|")));
    let regex = match &pattern {
        Some(p) => Some(crate::ops::dotnet_regex(p, false)?),
        None => None,
    };
    if let Some(max) = restriction.max_count
        && items.len() > max
    {
        return Err(fail(format!(
            "The parameter requires at least 0 value(s) and no more than {max} value(s) - {} value(s) were provided.",
            items.len()
        )));
    }
    let mut checked = Vec::with_capacity(items.len());
    for item in &items {
        if item.is_null() {
            return Err(fail("The argument is null. Provide a valid value for the argument, and then try running the command again.".into()));
        }
        if matches!(item, Value::Array(_)) {
            return Err(fail(format!(
                "The argument \"{}\" is a nested collection, which a restricted parameter does not accept.",
                to_str(item)
            )));
        }
        let mut text = to_str(item);
        if let Some(max) = restriction.max_length
            && text.chars().count() > max
        {
            return Err(fail(format!(
                "The character length of the {} argument is too long. Shorten the character length of the argument so it is fewer than or equal to \"{max}\" characters, and then try the command again.",
                text.chars().count()
            )));
        }
        if !restriction.valid_set.is_empty() {
            match restriction
                .valid_set
                .iter()
                .find(|s| s.eq_ignore_ascii_case(&text))
            {
                Some(s) => text = s.clone(),
                None => {
                    return Err(fail(format!(
                        "The argument \"{text}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                        restriction.valid_set.join(",")
                    )));
                }
            }
        }
        if let (Some(re), Some(p)) = (&regex, &pattern)
            && !re.is_match(&text)
        {
            return Err(fail(format!(
                "The argument \"{text}\" does not match the \"{p}\" pattern. Supply an argument that matches \"{p}\" and try the command again."
            )));
        }
        checked.push(Value::from(text));
    }
    Ok(if many {
        Value::Array(Array::new(checked))
    } else {
        checked.pop().unwrap_or(Value::Null)
    })
}

/// A restricted command's processor: pipeline input binds only to an exposed pipeline
/// parameter, checked like an argument; input that binds to nothing exposed is refused.
pub(crate) struct RestrictedInput {
    inner: Box<dyn Processor>,
    command: String,
    /// The exposed parameter taking input by value, with its restriction.
    pipeline: Option<ParameterRestriction>,
    /// Parameters taking input by property name that the user may not bind that way.
    guarded_properties: Vec<String>,
}

impl RestrictedInput {
    /// Wrap `inner`, the processor of `command` with parameters `shapes`.
    pub(crate) fn new(
        inner: Box<dyn Processor>,
        command: &str,
        shapes: &[ParamShape],
        restrictions: &[ParameterRestriction],
    ) -> Self {
        let exposed = exposed(shapes, restrictions);
        let pipeline = exposed
            .iter()
            .find(|e| e.shape.pipeline)
            .map(|e| e.restriction.clone());
        let guarded_properties = shapes
            .iter()
            .filter(|s| s.by_property)
            .filter(|s| {
                !exposed
                    .iter()
                    .any(|e| std::ptr::eq(e.shape, *s) && e.restriction.is_open())
            })
            .flat_map(|s| std::iter::once(s.name.clone()).chain(s.aliases.iter().cloned()))
            .collect();
        RestrictedInput {
            inner,
            command: command.to_string(),
            pipeline,
            guarded_properties,
        }
    }

    fn not_bound(&self) -> ErrorRecord {
        let mut e = ErrorRecord::new(
            format!("InputObjectNotBound,{}", self.command),
            ErrorCategory::InvalidArgument,
            "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
        )
        .with_exception("System.Management.Automation.ParameterBindingException");
        e.invocation = Some(InvocationInfo {
            command_name: Some(self.command.clone()),
            ..Default::default()
        });
        e
    }

    /// Whether the object carries a property a guarded parameter would bind by name.
    fn carries_guarded_property(&self, item: &Value) -> bool {
        let has = |name: &str| match item {
            Value::Object(o) => o.get(name).is_some(),
            Value::Hashtable(h) => h.get(&Value::from(name.to_string())).is_some(),
            _ => false,
        };
        self.guarded_properties.iter().any(|p| has(p))
    }
}

impl Processor for RestrictedInput {
    fn begin(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.inner.begin(rs, out)
    }

    fn process(&mut self, rs: &mut Runspace, input: Option<Value>, out: &mut dyn Sink) -> Eval<()> {
        let Some(item) = input else {
            return self.inner.process(rs, None, out);
        };
        let Some(restriction) = &self.pipeline else {
            return rs.write_error(self.not_bound());
        };
        if self.carries_guarded_property(&item) {
            return rs.write_error(self.not_bound());
        }
        let item = if restriction.is_open() {
            item
        } else {
            let name = restriction.name.clone();
            match validate(&self.command, restriction, &name, &item) {
                Ok(v) => v,
                Err(Flow::Error(e)) => return rs.write_error(*e),
                Err(other) => return Err(other),
            }
        };
        self.inner.process(rs, Some(item), out)
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        self.inner.end(rs, out)
    }
}
