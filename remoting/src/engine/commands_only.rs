//! Script text a NoLanguage session still runs: one pipeline of plain commands whose
//! arguments are constants or `$using:` values (what PowerShell's client makes into command
//! objects with `ScriptBlock.GetPowerShell` before sending it to such a session). The text
//! becomes the same stages command objects would; anything else stays script, which the
//! session refuses.

use rosh_lang::ast::{
    CommandElement, Expr, ExprKind, InvocationKind, PipelineElement, ScriptBlock, ScriptBody,
    StatementKind, StringKind, StringPart,
};
use rosh_lang::token::UnaryOp;
use rosh_runtime::interp::binding::Arg;
use rosh_runtime::interp::{StageCommand, StageSpec};
use rosh_runtime::{Eval, Runspace};

/// The stages `block` stands for, or `None` when it is more than commands.
pub(crate) fn stages(rs: &mut Runspace, block: &ScriptBlock) -> Eval<Option<Vec<StageSpec>>> {
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
    // Check everything before evaluating anything.
    for element in &chain.first.elements {
        let PipelineElement::Command(c) = element else {
            return Ok(None);
        };
        let plain_name = matches!(
            &c.name.kind,
            ExprKind::String {
                kind: StringKind::Bare,
                ..
            }
        );
        if c.invocation != InvocationKind::Plain || !c.redirections.is_empty() || !plain_name {
            return Ok(None);
        }
        let constant_elements = c.elements.iter().all(|e| match e {
            CommandElement::Parameter { argument, .. } => {
                argument.as_ref().is_none_or(|a| is_constant(a, 0))
            }
            CommandElement::Argument(a) => is_constant(a, 0),
            CommandElement::StopParsing { .. } | CommandElement::EndOfParameters(_) => false,
        });
        if !constant_elements {
            return Ok(None);
        }
    }
    let mut out = Vec::with_capacity(chain.first.elements.len());
    for element in &chain.first.elements {
        let PipelineElement::Command(c) = element else {
            return Ok(None);
        };
        let ExprKind::String { value: name, .. } = &c.name.kind else {
            return Ok(None);
        };
        let mut args = Vec::with_capacity(c.elements.len());
        for e in &c.elements {
            match e {
                CommandElement::Parameter { name, argument, .. } => args.push(Arg::Named {
                    name: name.clone(),
                    value: match argument {
                        Some(a) => Some(rs.eval(a)?),
                        None => None,
                    },
                }),
                CommandElement::Argument(a) => args.push(Arg::Positional(rs.eval(a)?)),
                _ => return Ok(None),
            }
        }
        out.push(StageSpec {
            command: StageCommand::Named(name.clone()),
            args,
            merge_errors: false,
        });
    }
    Ok(Some(out))
}

/// Whether an argument is a constant: a literal, an array of them, `$true`, `$false`,
/// `$null`, or a `$using:` value (with constant member names and indexes).
fn is_constant(e: &Expr, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String { .. } => true,
        ExprKind::Expandable { parts, .. } => {
            parts.iter().all(|p| matches!(p, StringPart::Literal(_)))
        }
        ExprKind::Variable(v) => {
            v.is_using()
                || (v.qualifier.is_none()
                    && ["true", "false", "null"]
                        .iter()
                        .any(|n| v.name.eq_ignore_ascii_case(n)))
        }
        ExprKind::Member {
            target,
            is_static: false,
            null_conditional: false,
            ..
        } => using_chain(target),
        ExprKind::Index {
            target,
            index,
            null_conditional: false,
        } => using_chain(target) && is_constant(index, depth + 1),
        ExprKind::Array(items) => items.iter().all(|i| is_constant(i, depth + 1)),
        ExprKind::Unary {
            op: UnaryOp::Negate | UnaryOp::Plus | UnaryOp::Comma,
            operand,
        } => is_constant(operand, depth + 1),
        _ => false,
    }
}

/// Whether a member or index chain starts at a `$using:` variable (`$using:h.Key`).
fn using_chain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Variable(v) => v.is_using(),
        ExprKind::Member {
            target,
            is_static: false,
            null_conditional: false,
            ..
        } => using_chain(target),
        ExprKind::Index {
            target,
            null_conditional: false,
            ..
        } => using_chain(target),
        _ => false,
    }
}
