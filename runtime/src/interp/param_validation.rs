//! Validation attributes on function parameters (`[ValidateSet()]`, `[ValidateRange()]`,
//! `[ValidateScript()]`, ...) and the null and empty checks of mandatory parameters, with
//! PowerShell's messages.

use super::Runspace;
use super::binding::FunctionParam;
use crate::convert::{is_true, to_str};
use crate::error::{ErrorCategory, ErrorRecord, Eval, Flow, InvocationInfo};
use crate::value::Value;
use rosh_lang::ast::Attribute;

/// A validation failure: `Cannot validate argument on parameter 'p'. <why>`.
fn validation_error(command: &str, param: &str, why: &str) -> Flow {
    let mut e = ErrorRecord::new(
        format!("ParameterArgumentValidationError,{command}"),
        ErrorCategory::InvalidData,
        format!("Cannot validate argument on parameter '{param}'. {why}"),
    )
    .with_exception("System.Management.Automation.ParameterBindingValidationException");
    e.invocation = Some(labelled(command));
    Flow::Error(Box::new(e))
}

/// A mandatory parameter given `$null` or an empty string.
fn binding_error(command: &str, param: &str, id: &str, why: &str) -> Flow {
    let mut e = ErrorRecord::new(
        format!("{id},{command}"),
        ErrorCategory::InvalidData,
        format!("Cannot bind argument to parameter '{param}' because {why}"),
    )
    .with_exception("System.Management.Automation.ParameterBindingValidationException");
    e.invocation = Some(labelled(command));
    Flow::Error(Box::new(e))
}

/// Invocation details that only name the command (positions are added where it is called).
fn labelled(command: &str) -> InvocationInfo {
    InvocationInfo {
        command_name: Some(command.to_string()),
        ..Default::default()
    }
}

/// The elements a validation looks at: a collection's items, or the value itself.
fn elements(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.to_vec(),
        other => vec![other.clone()],
    }
}

fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn has(p: &FunctionParam, name: &str) -> bool {
    p.validators
        .iter()
        .any(|a| a.name.name.eq_ignore_ascii_case(name))
}

impl Runspace {
    /// Check a value bound to a function parameter against its validation attributes and,
    /// for a mandatory parameter, against `$null` and empty strings.
    pub(crate) fn validate_argument(
        &mut self,
        command: &str,
        p: &FunctionParam,
        mandatory: bool,
        value: &Value,
    ) -> Eval<()> {
        if mandatory {
            match value {
                Value::Null if !has(p, "AllowNull") => {
                    return Err(binding_error(
                        command,
                        &p.name,
                        "ParameterArgumentValidationErrorNullNotAllowed",
                        "it is null.",
                    ));
                }
                Value::String(s) if s.is_empty() && !has(p, "AllowEmptyString") => {
                    return Err(binding_error(
                        command,
                        &p.name,
                        "ParameterArgumentValidationErrorEmptyStringNotAllowed",
                        "it is an empty string.",
                    ));
                }
                Value::Array(a) if a.is_empty() && !has(p, "AllowEmptyCollection") => {
                    return Err(binding_error(
                        command,
                        &p.name,
                        "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
                        "it is an empty array.",
                    ));
                }
                _ => {}
            }
        }
        for attr in &p.validators {
            self.check_attribute(command, &p.name, attr, value)?;
        }
        Ok(())
    }

    fn attribute_args(&mut self, attr: &Attribute) -> Eval<Vec<Value>> {
        let mut out = Vec::new();
        for e in &attr.positional {
            match self.eval(e)? {
                Value::Array(a) if attr.positional.len() == 1 => out.extend(a.to_vec()),
                v => out.push(v),
            }
        }
        Ok(out)
    }

    fn check_attribute(
        &mut self,
        command: &str,
        param: &str,
        attr: &Attribute,
        value: &Value,
    ) -> Eval<()> {
        let fail = |why: String| Err(validation_error(command, param, &why));
        match attr.name.name.to_ascii_lowercase().as_str() {
            "validatenotnull" if value.is_null() || elements(value).iter().any(Value::is_null) => {
                return fail("The argument is null. Provide a valid value for the argument, and then try running the command again.".into());
            }
            "validatenotnullorempty"
                if is_empty_value(value) || elements(value).iter().any(is_empty_value) =>
            {
                return fail("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.".into());
            }
            "validatenotnullorwhitespace"
                if elements(value)
                    .iter()
                    .any(|v| v.is_null() || to_str(v).trim().is_empty()) =>
            {
                return fail("The argument is null or empty or consists of only white-space characters. Provide an argument that contains non white-space characters, and then try the command again.".into());
            }
            "validateset" => {
                let set = self.attribute_args(attr)?;
                let names: Vec<String> = set.iter().map(to_str).collect();
                let case_sensitive = attr.named.iter().any(|n| {
                    n.name.eq_ignore_ascii_case("IgnoreCase")
                        && n.value.as_ref().is_some_and(|v| {
                            matches!(&v.kind, rosh_lang::ast::ExprKind::Variable(var)
                                if var.name.eq_ignore_ascii_case("false"))
                        })
                });
                for item in elements(value) {
                    let text = to_str(&item);
                    let ok = names.iter().any(|n| {
                        if case_sensitive {
                            *n == text
                        } else {
                            n.eq_ignore_ascii_case(&text)
                        }
                    });
                    if !ok {
                        return fail(format!(
                            "The argument \"{text}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                            names.join(",")
                        ));
                    }
                }
            }
            "validaterange" => {
                let args = self.attribute_args(attr)?;
                let (min, max) = match args.as_slice() {
                    [min, max] => (min.clone(), max.clone()),
                    [kind] => range_kind(&to_str(kind)),
                    _ => return Ok(()),
                };
                for item in elements(value) {
                    if !min.is_null() && crate::ops::compare(&item, &min, false)?.is_lt() {
                        return fail(format!(
                            "The {} argument is less than the minimum allowed range of {}. Supply an argument that is greater than or equal to {} and then try the command again.",
                            to_str(&item),
                            to_str(&min),
                            to_str(&min)
                        ));
                    }
                    if !max.is_null() && crate::ops::compare(&item, &max, false)?.is_gt() {
                        return fail(format!(
                            "The {} argument is greater than the maximum allowed range of {}. Supply an argument that is less than or equal to {} and then try the command again.",
                            to_str(&item),
                            to_str(&max),
                            to_str(&max)
                        ));
                    }
                }
            }
            "validatelength" => {
                let args = self.attribute_args(attr)?;
                let [min, max] = args.as_slice() else {
                    return Ok(());
                };
                let (min, max) = (to_str(min), to_str(max));
                let lo: usize = min.parse().unwrap_or(0);
                let hi: usize = max.parse().unwrap_or(usize::MAX);
                for item in elements(value) {
                    let len = to_str(&item).chars().count();
                    if len > hi {
                        return fail(format!(
                            "The character length of the {len} argument is too long. Shorten the character length of the argument so it is fewer than or equal to \"{max}\" characters, and then try the command again."
                        ));
                    }
                    if len < lo {
                        return fail(format!(
                            "The character length ({len}) of the argument is too short. Specify an argument with a length that is greater than or equal to \"{min}\", and then try the command again."
                        ));
                    }
                }
            }
            "validatecount" => {
                let args = self.attribute_args(attr)?;
                let [min, max] = args.as_slice() else {
                    return Ok(());
                };
                let n = match value {
                    Value::Array(a) => a.len(),
                    Value::Null => 0,
                    _ => 1,
                };
                let lo: usize = to_str(min).parse().unwrap_or(0);
                let hi: usize = to_str(max).parse().unwrap_or(usize::MAX);
                if n < lo || n > hi {
                    return fail(format!(
                        "The parameter requires at least {lo} value(s) and no more than {hi} value(s) - {n} value(s) were provided."
                    ));
                }
            }
            "validatepattern" => {
                let args = self.attribute_args(attr)?;
                let Some(pattern) = args.first().map(to_str) else {
                    return Ok(());
                };
                let re = crate::ops::dotnet_regex(&pattern, false)?;
                for item in elements(value) {
                    let text = to_str(&item);
                    if !re.is_match(&text) {
                        return fail(format!(
                            "The argument \"{text}\" does not match the \"{pattern}\" pattern. Supply an argument that matches \"{pattern}\" and try the command again."
                        ));
                    }
                }
            }
            "validatescript" => {
                let Some(Value::ScriptBlock(sb)) =
                    attr.positional.first().map(|e| self.eval(e)).transpose()?
                else {
                    return Ok(());
                };
                let message = attr
                    .named
                    .iter()
                    .find(|n| n.name.eq_ignore_ascii_case("ErrorMessage"))
                    .and_then(|n| n.value.as_ref())
                    .map(|e| self.eval(e))
                    .transpose()?
                    .map(|v| to_str(&v));
                for item in elements(value) {
                    let result = self.invoke_with_dollar_underscore(&sb, item.clone())?;
                    if !is_true(&result) {
                        let why = match &message {
                            Some(m) => {
                                crate::format::format_operator(m, std::slice::from_ref(&item))
                                    .unwrap_or_else(|_| m.clone())
                            }
                            None => format!(
                                "The \"{}\" validation script for the argument with value \"{}\" did not return a result of True. Determine why the validation script failed, and then try the command again.",
                                sb.text().trim(),
                                to_str(&item)
                            ),
                        };
                        return fail(why);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The bounds of `[ValidateRange('Positive')]` and its siblings.
fn range_kind(kind: &str) -> (Value, Value) {
    match kind.to_ascii_lowercase().as_str() {
        "positive" => (Value::Int(1), Value::Null),
        "nonnegative" => (Value::Int(0), Value::Null),
        "negative" => (Value::Null, Value::Int(-1)),
        "nonpositive" => (Value::Null, Value::Int(0)),
        _ => (Value::Null, Value::Null),
    }
}
