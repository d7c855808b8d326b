//! Command names and parameter names.

use super::{Candidate, CompletionKind, starts_with_ci};
use crate::interp::Runspace;
use crate::interp::binding::{COMMON, declared_signature};
use rosh_lang::Spanned;
use rosh_lang::token::Tok;

/// True when the tokens end where a new pipeline element starts (nothing yet, or after `|`,
/// `;`, a newline, `{`, `(`, `&&`, `||`).
pub(super) fn starts_element(tokens: &[Spanned]) -> bool {
    match tokens.last() {
        None => true,
        Some((_, t, _)) => is_element_boundary(t),
    }
}

fn is_element_boundary(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Pipe
            | Tok::Semi
            | Tok::Newline
            | Tok::LBrace
            | Tok::LParen
            | Tok::DollarParen
            | Tok::AtParen
            | Tok::AndAnd
            | Tok::OrOr
            | Tok::CallOp
            | Tok::DotSource
    )
}

/// The name of the command of the pipeline element the cursor is in, when the cursor is in
/// its arguments (not on the name itself). `current` is the token touching the cursor.
pub(super) fn element_command(
    text: &str,
    tokens: &[Spanned],
    current: Option<usize>,
) -> Option<String> {
    let last = match current {
        Some(i) => i,
        None => tokens.len(),
    };
    for (start, tok, end) in tokens[..last].iter().rev() {
        match tok {
            Tok::CommandName(_) => return Some(text[*start..*end].to_string()),
            t if is_element_boundary(t) => return None,
            _ => {}
        }
    }
    None
}

/// Aliases, functions, cmdlets and programs on `PATH` whose names start with `prefix`,
/// sorted by name, each once.
pub(super) fn command_names(rs: &Runspace, prefix: &str) -> Vec<Candidate> {
    let mut names: Vec<String> = Vec::new();
    names.extend(
        rs.alias_list()
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| starts_with_ci(a, prefix)),
    );
    names.extend(
        rs.function_names()
            .into_iter()
            .filter(|f| starts_with_ci(f, prefix)),
    );
    names.extend(
        rs.command_names()
            .into_iter()
            .filter(|c| starts_with_ci(c, prefix))
            .map(str::to_string),
    );
    // Programs only once something is typed: every program on PATH is not a useful list.
    if !prefix.is_empty() {
        names.extend(programs(rs, prefix));
    }
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
        .into_iter()
        .map(|text| Candidate {
            text,
            kind: CompletionKind::Command,
        })
        .collect()
}

fn programs(rs: &Runspace, prefix: &str) -> Vec<String> {
    let Some(path) = rs.env("PATH") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for dir in path.split(':').filter(|d| !d.is_empty()) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            // Programs match case-sensitively, as the file system does.
            if name.starts_with(prefix) && is_executable(&e.path()) {
                out.push(name);
            }
        }
    }
    out
}

fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The parameters of `command` (an alias is followed) whose names start with `prefix`, in
/// declaration order, then the common parameters, as `-Name`.
pub(super) fn parameters(rs: &Runspace, command: &str, prefix: &str) -> Vec<Candidate> {
    let mut name = command.to_string();
    for _ in 0..8 {
        match rs.alias(&name) {
            Some(target) => name = target.to_string(),
            None => break,
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut common = false;
    if let Some(f) = rs.function(&name) {
        let def = &f.def;
        let sig = declared_signature(def.parameters.as_deref(), &def.body);
        names.extend(sig.params.iter().map(|p| p.name.clone()));
        common = sig.advanced;
    } else if let Some(c) = rs.command(&name) {
        names.extend(c.parameters().iter().map(|p| p.name.to_string()));
        common = true;
    }
    if common {
        names.extend(COMMON.iter().map(|c| c.to_string()));
    }
    let mut seen: Vec<String> = Vec::new();
    names
        .into_iter()
        .filter(|n| starts_with_ci(n, prefix))
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            let fresh = !seen.contains(&lower);
            seen.push(lower);
            fresh
        })
        .map(|n| Candidate {
            text: format!("-{n}"),
            kind: CompletionKind::Parameter,
        })
        .collect()
}
