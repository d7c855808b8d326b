//! Variables, members of a variable's value (`$x.Le`, `[math]::Ro`) and type names (`[Sys`).

use super::{Candidate, CompletionKind, Completions, starts_with_ci};
use crate::interp::Runspace;
use crate::member_info::{MemberKind, instance_members, static_members};
use crate::value::Value;

/// Variables whose names start with `prefix`, as `$Name`. A scope or drive prefix
/// (`$global:`, `$env:`) is kept.
pub(super) fn variables(rs: &Runspace, prefix: &str) -> Vec<Candidate> {
    if let Some(name) = strip_ci(prefix, "env:") {
        let mut names: Vec<String> = std::env::vars_os()
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .filter(|k| starts_with_ci(k, name))
            .collect();
        names.sort_by_key(|n| n.to_ascii_lowercase());
        return names
            .into_iter()
            .map(|n| Candidate {
                text: format!("$env:{n}"),
                kind: CompletionKind::Variable,
            })
            .collect();
    }
    let (scope, name) = ["global:", "script:", "local:", "private:", "using:"]
        .iter()
        .find_map(|s| strip_ci(prefix, s).map(|rest| (&prefix[..s.len()], rest)))
        .unwrap_or(("", prefix));
    rs.scopes
        .visible()
        .into_iter()
        .filter(|v| starts_with_ci(&v.name, name))
        .map(|v| Candidate {
            text: format!("${scope}{}", v.name),
            kind: CompletionKind::Variable,
        })
        .collect()
}

fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    starts_with_ci(s, prefix).then(|| &s[prefix.len()..])
}

/// `$name.Partial` or `$name.Prop.Partial` (instance members) or `[Type]::Partial` (static
/// members) ending the text.
pub(super) fn complete_member(rs: &Runspace, before: &str) -> Option<Completions> {
    let partial_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let partial = &before[partial_start..];
    let head = &before[..partial_start];
    if let Some(type_text) = head.strip_suffix("::") {
        let open = type_text.rfind('[')?;
        let name = type_text[open..].strip_prefix('[')?.strip_suffix(']')?;
        let info = crate::types::TypeInfo::resolve(&rosh_lang::token::TypeName::simple(name))?;
        let candidates = member_candidates(static_members(info.known()), &[], partial);
        return Some(Completions {
            start: partial_start,
            candidates,
        });
    }
    let chain_text = head.strip_suffix('.')?;
    let value = evaluate_chain(rs, chain_text)?;
    let properties = property_names(&value);
    let candidates = member_candidates(instance_members(&value), &properties, partial);
    Some(Completions {
        start: partial_start,
        candidates,
    })
}

/// The value of `$name(.Prop)*` at the end of `text`, reading variables and properties only
/// (completion never runs code).
fn evaluate_chain(rs: &Runspace, text: &str) -> Option<Value> {
    let dollar = text.rfind('$')?;
    let chain = &text[dollar + 1..];
    let mut parts = chain.split('.');
    let var = parts.next()?;
    if var.is_empty()
        || !var
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
    {
        return None;
    }
    let var = var
        .strip_prefix("global:")
        .or_else(|| var.strip_prefix("script:"))
        .unwrap_or(var);
    let mut value = rs.scopes.get(var)?.value.clone();
    for name in parts {
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        value = property(&value, name)?;
    }
    Some(value)
}

fn property(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o.get(name),
        Value::Hashtable(h) => h.get(&Value::from(name.to_string())),
        other => crate::interp::value_property(other, &name.to_ascii_lowercase()),
    }
}

/// The property names an object carries itself (note properties, hashtable keys).
fn property_names(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o.properties().into_iter().map(|p| p.name).collect(),
        Value::Hashtable(h) => h
            .keys()
            .iter()
            .map(crate::convert::to_str)
            .filter(|k| k.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .collect(),
        _ => Vec::new(),
    }
}

/// Properties first (the value's own, then its type's), then methods with `(`, each once,
/// filtered by `partial`.
fn member_candidates(
    table: &[crate::member_info::Member],
    own: &[String],
    partial: &str,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |text: String, kind| {
        if !out
            .iter()
            .any(|c: &Candidate| c.text.eq_ignore_ascii_case(&text))
        {
            out.push(Candidate { text, kind });
        }
    };
    for p in own.iter().filter(|p| starts_with_ci(p, partial)) {
        push(p.clone(), CompletionKind::Property);
    }
    let mut props: Vec<&str> = table
        .iter()
        .filter(|m| m.kind != MemberKind::Method && starts_with_ci(m.name, partial))
        .map(|m| m.name)
        .collect();
    props.sort_by_key(|n| n.to_ascii_lowercase());
    for p in props {
        push(p.to_string(), CompletionKind::Property);
    }
    let mut methods: Vec<&str> = table
        .iter()
        .filter(|m| m.kind == MemberKind::Method && starts_with_ci(m.name, partial))
        .map(|m| m.name)
        .collect();
    methods.sort_by_key(|n| n.to_ascii_lowercase());
    for m in methods {
        push(format!("{m}("), CompletionKind::Method);
    }
    out
}

/// `[Partial` ending the text (an unclosed type literal): the type names rosh knows.
pub(super) fn complete_type(before: &str) -> Option<Completions> {
    let open = before.rfind('[')?;
    let partial = &before[open + 1..];
    if !partial
        .chars()
        .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
    {
        return None;
    }
    // `$a[0` indexes; a type literal follows a blank, an operator or the start.
    if before[..open]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ')' || c == ']' || c == '_')
    {
        return None;
    }
    let mut names: Vec<&str> = crate::types::completion_names()
        .into_iter()
        .filter(|n| {
            starts_with_ci(n, partial)
                || n.strip_prefix("System.")
                    .is_some_and(|bare| starts_with_ci(bare, partial))
        })
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup();
    Some(Completions {
        start: open + 1,
        candidates: names
            .into_iter()
            .map(|n| Candidate {
                text: n.to_string(),
                kind: CompletionKind::Type,
            })
            .collect(),
    })
}
