//! Reading `.pssc` and `.psrc` files: PowerShell data files holding one hashtable literal.
//!
//! The file is parsed, never run as a script: a strict checker accepts only a hashtable
//! literal whose values are literals (numbers, strings, `$true`, `$false`, `$null`,
//! `$PSScriptRoot` and strings made of those), arrays, nested hashtables and script block
//! literals (which stay data: `FunctionDefinitions` bodies, dynamic variable values). Only
//! then is the literal evaluated, in a scratch runspace without commands.
//!
//! This checker is stricter than PowerShell's RestrictedLanguage (no commands, operators or
//! type conversions at all); it should give way to the runtime's shared RestrictedLanguage
//! checker once that exists.

use std::path::Path;
use std::sync::Arc;

use rosh_lang::ast::{
    Expr, ExprKind, PipelineElement, ScriptBody, Statement, StatementKind, StringPart,
};
use rosh_lang::token::UnaryOp;
use rosh_runtime::host::CaptureHost;
use rosh_runtime::interp::scope::Target;
use rosh_runtime::value::Hashtable;
use rosh_runtime::{Runspace, Value};

/// The variables a data file may refer to.
const ALLOWED_VARIABLES: &[&str] = &[
    "true",
    "false",
    "null",
    "PSScriptRoot",
    "PSCulture",
    "PSUICulture",
];

/// How deeply values may nest.
const MAX_DEPTH: usize = 64;

/// Reads the data file at `path` into its hashtable; the error says what is wrong.
pub fn read(path: &Path) -> Result<Hashtable, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = decode(&bytes).ok_or("The file is not valid UTF-8 or UTF-16 text.")?;
    let root = path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_text(&text, &root)
}

/// The file's text: UTF-8, or UTF-16 with its byte order mark (New-PSSessionConfigurationFile
/// in PowerShell writes UTF-16LE).
fn decode(bytes: &[u8]) -> Option<String> {
    let utf16 = |rest: &[u8], little: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if little {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => String::from_utf8(bytes.to_vec()).ok(),
    }
}

/// Reads data-file `text`; `$PSScriptRoot` is `root`.
pub fn parse_text(text: &str, root: &str) -> Result<Hashtable, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = rosh_lang::parse(text);
    if let Some(e) = parsed.errors.first() {
        let lines = rosh_lang::LineIndex::new(text);
        let at = lines.line_col(text, e.span.start);
        return Err(format!(
            "At line:{} char:{}: {}",
            at.line, at.column, e.message
        ));
    }
    if parsed.script.param_block.is_some() {
        return Err(not_allowed("A param block"));
    }
    let statements = match &parsed.script.body {
        ScriptBody::Statements(s) => s,
        ScriptBody::Named(_) => return Err(not_allowed("A named block")),
    };
    let expr = match statements.as_slice() {
        [one] => pure_expression(one).ok_or_else(|| not_allowed("A command or statement"))?,
        _ => {
            return Err(
                "The file must contain exactly one hashtable literal, @{ ... }.".to_string(),
            );
        }
    };
    if !matches!(expr.kind, ExprKind::Hashtable(_)) {
        return Err("The file must contain exactly one hashtable literal, @{ ... }.".to_string());
    }
    check(expr, 0)?;
    let mut scratch = Runspace::new(Box::new(CaptureHost::default()));
    scratch
        .scopes
        .set(Target::Global, "PSScriptRoot", Value::str(root));
    match scratch.eval(expr) {
        Ok(Value::Hashtable(h)) => Ok(h),
        Ok(_) => Err("The file must contain exactly one hashtable literal, @{ ... }.".to_string()),
        Err(rosh_runtime::Flow::Error(e)) => Err(e.message.clone()),
        Err(_) => Err("The file could not be evaluated.".to_string()),
    }
}

/// The expression a statement consists of, when it is nothing else (no command, no
/// redirection, no chain).
fn pure_expression(s: &Statement) -> Option<&Expr> {
    let StatementKind::Pipeline(chain) = s.kind.as_ref() else {
        return None;
    };
    if !chain.rest.is_empty() || chain.background {
        return None;
    }
    match chain.first.elements.as_slice() {
        [PipelineElement::Expression { expr, redirections }] if redirections.is_empty() => {
            Some(expr)
        }
        _ => None,
    }
}

fn not_allowed(what: &str) -> String {
    format!("{what} is not allowed in restricted language mode or a Data section.")
}

fn variable_allowed(name: &str, qualifier: Option<&str>) -> bool {
    qualifier.is_none()
        && ALLOWED_VARIABLES
            .iter()
            .any(|v| v.eq_ignore_ascii_case(name))
}

fn variable_error() -> String {
    "A variable that cannot be referenced in restricted language mode or a Data section is being referenced. Variables that can be referenced include the following: $PSCulture, $PSUICulture, $true, $false, $null and $PSScriptRoot.".to_string()
}

/// Checks that `e` is data only.
fn check(e: &Expr, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("The data nests too deeply.".to_string());
    }
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String { .. } | ExprKind::ScriptBlock(_) => Ok(()),
        ExprKind::Expandable { parts, .. } => {
            for p in parts {
                match p {
                    StringPart::Literal(_) => {}
                    StringPart::Variable(v, _) => {
                        if !variable_allowed(&v.name, v.qualifier.as_deref()) {
                            return Err(variable_error());
                        }
                    }
                    StringPart::Subexpression(..) => {
                        return Err(not_allowed("A subexpression in a string"));
                    }
                }
            }
            Ok(())
        }
        ExprKind::Variable(v) => {
            if variable_allowed(&v.name, v.qualifier.as_deref()) {
                Ok(())
            } else {
                Err(variable_error())
            }
        }
        ExprKind::Array(items) => items.iter().try_for_each(|i| check(i, depth + 1)),
        ExprKind::ArraySubexpression(statements) => statements.iter().try_for_each(|s| {
            let e = pure_expression(s).ok_or_else(|| not_allowed("A command or statement"))?;
            check(e, depth + 1)
        }),
        ExprKind::Paren(s) => {
            let e = pure_expression(s).ok_or_else(|| not_allowed("A command or statement"))?;
            check(e, depth + 1)
        }
        ExprKind::Hashtable(entries) => {
            for (key, value) in entries {
                match &key.kind {
                    ExprKind::String { .. } | ExprKind::Number(_) => {}
                    _ => return Err(not_allowed("A computed hashtable key")),
                }
                let v =
                    pure_expression(value).ok_or_else(|| not_allowed("A command or statement"))?;
                check(v, depth + 1)?;
            }
            Ok(())
        }
        ExprKind::Unary {
            op: UnaryOp::Negate | UnaryOp::Plus | UnaryOp::Comma,
            operand,
        } => check(operand, depth + 1),
        ExprKind::Splat(_) => Err(not_allowed("Splatting")),
        ExprKind::Subexpression(_) => Err(not_allowed("A subexpression")),
        ExprKind::Type(_) | ExprKind::Convert { .. } | ExprKind::Attributed { .. } => {
            Err(not_allowed("A type literal or conversion"))
        }
        ExprKind::Member { .. } | ExprKind::InvokeMember { .. } => {
            Err(not_allowed("A property reference or method call"))
        }
        ExprKind::Index { .. } => Err(not_allowed("An array reference")),
        ExprKind::Unary { .. } | ExprKind::Binary { .. } | ExprKind::Ternary { .. } => {
            Err(not_allowed("An operator"))
        }
        ExprKind::Error => Err("The file does not parse.".to_string()),
    }
}

/// A script block value's text (what `FunctionDefinitions` bodies are made of).
pub fn script_text(v: &Value) -> Option<Arc<str>> {
    match v {
        Value::ScriptBlock(sb) => Some(Arc::from(sb.text())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_data() {
        let h = parse_text(
            "@{ SchemaVersion = '2.0.0.0'; N = -1; A = 'x', \"y$PSScriptRoot\"; H = @{ Z = $true }; F = @{ Name = 'f'; ScriptBlock = { Remove-Item x } } }",
            "/r",
        )
        .unwrap();
        assert_eq!(
            rosh_runtime::convert::to_str(&h.get(&Value::str("A")).unwrap()),
            "x y/r"
        );
    }

    #[test]
    fn reads_utf16() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "@{ A = 'é' }".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let text = decode(&bytes).unwrap();
        let h = parse_text(&text, "/").unwrap();
        assert_eq!(
            rosh_runtime::convert::to_str(&h.get(&Value::str("A")).unwrap()),
            "é"
        );
    }

    #[test]
    fn refuses_code() {
        for bad in [
            "@{ A = (Remove-Item x) }",
            "@{ A = $(1) }",
            "@{ A = \"$(whoami)\" }",
            "@{ A = $env:HOME }",
            "@{ A = [IO.File]::ReadAllText('x') }",
            "@{ A = 1 + 1 }",
            "@{ A = 'x'.Length }",
            "Remove-Item x; @{}",
            "@{ (Get-Date) = 1 }",
            "@{ A = 1 } > /tmp/x",
        ] {
            assert!(parse_text(bad, "/").is_err(), "{bad}");
        }
    }
}
