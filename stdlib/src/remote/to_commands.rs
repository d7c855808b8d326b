//! PowerShell's `ScriptBlock.GetPowerShell` (psrp.md 9.1, shape 1): a simple script block
//! (one pipeline of commands with literal names whose arguments are constants or `$using:`
//! expressions) travels as commands rather than as script, with the `$using:` values
//! evaluated here and inlined as argument values. That is what lets Invoke-Command reach
//! NoLanguage endpoints (JEA), which refuse any script text.

use rosh_lang::ast::{
    CommandElement, Expr, ExprKind, InvocationKind, PipelineElement, ScriptBlock, ScriptBody,
    StatementKind,
};
use rosh_remoting::bodies::{ArgValue, CommandSpec};
use rosh_runtime::serialization;
use rosh_runtime::{Eval, Runspace};

/// The depth argument values are serialized at.
const ARGUMENT_DEPTH: usize = 1;

/// The commands `block` converts to, or `None` when it is not simple enough (then it goes
/// as script). Blocks with a `param()` block or `-ArgumentList` values go as script.
pub fn as_commands(rs: &mut Runspace, block: &ScriptBlock) -> Eval<Option<Vec<CommandSpec>>> {
    if block.param_block.is_some() {
        return Ok(None);
    }
    let ScriptBody::Statements(statements) = &block.body else {
        return Ok(None);
    };
    let [statement] = statements.as_slice() else {
        return Ok(None);
    };
    let StatementKind::Pipeline(chain) = statement.kind.as_ref() else {
        return Ok(None);
    };
    if !chain.rest.is_empty() || chain.background {
        return Ok(None);
    }
    // Check every element first, so nothing is evaluated for a block that goes as script.
    let mut commands = Vec::new();
    for element in &chain.first.elements {
        let PipelineElement::Command(c) = element else {
            return Ok(None);
        };
        let ExprKind::String {
            value: name,
            kind: rosh_lang::token::StringKind::Bare,
        } = &c.name.kind
        else {
            return Ok(None);
        };
        if c.invocation != InvocationKind::Plain || !c.redirections.is_empty() {
            return Ok(None);
        }
        for e in &c.elements {
            let simple = match e {
                CommandElement::Parameter { argument, .. } => {
                    argument.as_ref().is_none_or(is_constant)
                }
                CommandElement::Argument(a) => is_constant(a),
                _ => false,
            };
            if !simple {
                return Ok(None);
            }
        }
        commands.push((name.clone(), &c.elements));
    }
    let mut specs = Vec::with_capacity(commands.len());
    for (name, elements) in commands {
        let mut spec = CommandSpec::command(name);
        for e in elements {
            spec = match e {
                // `-Name` alone: a switch, or a parameter whose value is the next argument;
                // the server's binder tells which (a parameter with no value).
                CommandElement::Parameter {
                    name,
                    argument: None,
                    ..
                } => spec.with_parameter(name.clone(), ArgValue::Null),
                CommandElement::Parameter {
                    name,
                    argument: Some(a),
                    ..
                } => spec.with_parameter(name.clone(), value_of(rs, a)?),
                CommandElement::Argument(a) => spec.with_argument(value_of(rs, a)?),
                _ => spec,
            };
        }
        specs.push(spec);
    }
    Ok(Some(specs))
}

/// Constants, `$true`/`$false`/`$null`, `$using:` expressions and arrays of them.
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String { .. } => true,
        ExprKind::Variable(v) => {
            v.is_using()
                || (v.qualifier.is_none()
                    && ["true", "false", "null"]
                        .iter()
                        .any(|c| v.name.eq_ignore_ascii_case(c)))
        }
        ExprKind::Member { target, .. } | ExprKind::Index { target, .. } => {
            super::script::is_using_chain(e) && is_constant(target)
        }
        ExprKind::Array(items) => items.iter().all(is_constant),
        _ => false,
    }
}

/// An argument evaluated here (a `$using:` expression reads the local variable).
fn value_of(rs: &mut Runspace, e: &Expr) -> Eval<ArgValue> {
    let v = rs.eval(&super::script::without_using(e))?;
    Ok(ArgValue::Xml(serialization::serialize(&v, ARGUMENT_DEPTH)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rosh_runtime::host::CaptureHost;

    fn convert(script: &str, block: &str) -> Option<Vec<CommandSpec>> {
        let mut rs = Runspace::new(Box::new(CaptureHost::default()));
        crate::register(&mut rs);
        let setup = rosh_lang::parse(script);
        let _ = rs.run_script(
            &setup.script,
            rosh_runtime::interp::SourceInfo {
                path: None,
                lines: std::sync::Arc::new(rosh_lang::LineIndex::new(script)),
                text: std::sync::Arc::from(script),
            },
        );
        let parsed = rosh_lang::parse(block);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        as_commands(&mut rs, &parsed.script).unwrap()
    }

    #[test]
    fn simple_pipelines_become_commands_with_using_values_inlined() {
        let specs = convert(
            "$p = '/tmp'",
            "Get-ChildItem -Path $using:p -Force | Select-Object -First 2",
        )
        .unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].command, "Get-ChildItem");
        assert!(!specs[0].is_script);
        let args: Vec<(Option<&str>, &ArgValue)> = specs[0]
            .args
            .iter()
            .map(|a| (a.name.as_deref(), &a.value))
            .collect();
        assert_eq!(args[0], (Some("Path"), &ArgValue::Null));
        assert!(matches!(args[1], (None, ArgValue::Xml(x)) if x.contains("/tmp")));
        assert_eq!(args[2], (Some("Force"), &ArgValue::Null));
        assert_eq!(specs[1].command, "Select-Object");
    }

    #[test]
    fn anything_else_goes_as_script() {
        for block in [
            "$x = 1",
            "Get-Item $env:HOME",
            "Get-Item (Get-Location)",
            "1 | Get-Item",
            "Get-Item a; Get-Item b",
            "& Get-Item a",
            "ForEach-Object { $_ }",
            "param($a) Get-Item $a",
            "Get-Item a > out.txt",
            "Get-Item a && Get-Item b",
        ] {
            assert!(convert("", block).is_none(), "{block}");
        }
    }
}
