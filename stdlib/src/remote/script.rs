//! A script block made ready to travel (psrp.md 9.1, shape 2): its text, its arguments
//! serialized, and the values of its `$using:` expressions evaluated here, now, and sent
//! as PowerShell 7 sends them (the `--%` parameter, keyed by base64 of the UTF-16LE text).

use std::sync::Arc;

use rosh_lang::ast::{Expr, ExprKind, ScriptBlock};
use rosh_lang::using::using_expressions;
use rosh_remoting::bodies::{ArgValue, CommandSpec, PipelineSpec};
use rosh_remoting::engine::request::encode_using_key;
use rosh_runtime::error::ErrorCategory;
use rosh_runtime::serialization;
use rosh_runtime::value::{Hashtable, ScriptBlockValue};
use rosh_runtime::{Eval, Runspace, Value};

/// The depth arguments and `$using:` values are serialized at, as remoting does.
const ARGUMENT_DEPTH: usize = 1;

/// True for `$using:x`, `$using:x.Prop` and `$using:x[0]` chains.
pub fn is_using_chain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Variable(v) => v.is_using(),
        ExprKind::Member { target, .. } | ExprKind::Index { target, .. } => is_using_chain(target),
        _ => false,
    }
}

/// How a script block travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// As commands when it is simple enough (Invoke-Command, as PowerShell's GetPowerShell
    /// makes them), else as script.
    CommandsWhenSimple,
    /// Always as script (Start-Job).
    Script,
}

/// The pipeline that runs `block` remotely with `arguments`; `has_input` when input follows.
/// Script goes with its `$using:` values.
pub fn remote_spec(
    rs: &mut Runspace,
    block: &ScriptBlock,
    arguments: &[Value],
    has_input: bool,
    shape: Shape,
) -> Eval<PipelineSpec> {
    if shape == Shape::CommandsWhenSimple
        && arguments.is_empty()
        && let Some(commands) = super::to_commands::as_commands(rs, block)?
    {
        let mut spec = PipelineSpec::new(commands);
        spec.no_input = !has_input;
        return Ok(spec);
    }
    let mut command = CommandSpec::script(block.text());
    for a in arguments {
        command = command.with_argument(ArgValue::Xml(serialization::serialize(a, ARGUMENT_DEPTH)));
    }
    if let Some(values) = using_values(rs, block)? {
        command = command.with_parameter("--%", ArgValue::Xml(values));
    }
    let mut spec = PipelineSpec::new(vec![command]);
    spec.no_input = !has_input;
    Ok(spec)
}

/// The serialized `$using:` dictionary of `block`, or `None` when it has none.
pub fn using_values(rs: &mut Runspace, block: &ScriptBlock) -> Eval<Option<String>> {
    let found = using_expressions(block, &block.source);
    if found.is_empty() {
        return Ok(None);
    }
    let table = Hashtable::new(false);
    for u in found {
        let key = Value::str(encode_using_key(&u.key_text()));
        if table.get(&key).is_some() {
            continue;
        }
        let value = rs.eval(&without_using(&u.expr))?;
        table.insert(key, value);
    }
    // One level more than an argument: the dictionary itself is the top.
    Ok(Some(serialization::serialize(
        &Value::Hashtable(table),
        ARGUMENT_DEPTH + 1,
    )))
}

/// The expression with its root `$using:name` turned into the local `$name` (or
/// `$env:name` for `$using:env:name`).
pub fn without_using(e: &Expr) -> Expr {
    let mut e = e.clone();
    strip_root(&mut e);
    e
}

fn strip_root(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::Member { target, .. }
        | ExprKind::InvokeMember { target, .. }
        | ExprKind::Index { target, .. } => strip_root(target),
        ExprKind::Variable(v) if v.is_using() => match v.name.split_once(':') {
            Some((q, n)) => {
                let (q, n) = (q.to_string(), n.to_string());
                v.qualifier = Some(q.into());
                v.name = n.into();
            }
            None => v.qualifier = None,
        },
        _ => {}
    }
}

/// The script block of a `-FilePath` script, read here (it is sent as script text) and held
/// to the runspace's language mode as any script text is; errors are `command`'s.
pub fn read_script_file(rs: &Runspace, command: &str, path: &str) -> Eval<ScriptBlockValue> {
    let text = std::fs::read_to_string(rs.resolve_path(path)).map_err(|e| {
        crate::util::command_error(
            command,
            "FileNotFound",
            ErrorCategory::ObjectNotFound,
            "System.Management.Automation.ItemNotFoundException",
            format!("Cannot find path '{path}' because it does not exist: {e}"),
        )
    })?;
    let parsed = rosh_lang::parse(&text);
    if let Some(e) = parsed.errors.first() {
        return Err(crate::util::command_error(
            command,
            e.id,
            ErrorCategory::ParserError,
            "System.Management.Automation.ParseException",
            format!("{path}: {}", e.message),
        ));
    }
    rs.admit_script(Arc::new(parsed.script))
}
