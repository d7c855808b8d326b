//! The session-state drives beside the file system: `env:`, `variable:`, `function:` and
//! `alias:`. Get-Item, Get-ChildItem and Test-Path read their items by name (wildcards
//! allowed): environment variables as `DictionaryEntry`s (Name/Value), variables as
//! `PSVariable`s, functions and aliases as Get-Command shows them.

use rosh_runtime::value::PsObject;
use rosh_runtime::{Runspace, Value};

use crate::command_info::{alias_info, function_info};
use crate::util::wildcard_match;

/// A session-state drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drive {
    /// `env:`
    Env,
    /// `variable:`
    Variable,
    /// `function:`
    Function,
    /// `alias:`
    Alias,
}

/// The drive a path is on and the name part (`*` for the drive itself), or `None` for a
/// file-system path.
pub fn split(path: &str) -> Option<(Drive, String)> {
    let (drive, rest) = path.split_once(':')?;
    let drive = match drive.to_ascii_lowercase().as_str() {
        "env" => Drive::Env,
        "variable" => Drive::Variable,
        "function" => Drive::Function,
        "alias" => Drive::Alias,
        _ => return None,
    };
    let name = rest.trim_start_matches(['/', '\\']);
    Some((
        drive,
        if name.is_empty() {
            "*".into()
        } else {
            name.into()
        },
    ))
}

/// The items of `drive` whose names match `pattern`, sorted by name.
pub fn items(rs: &mut Runspace, drive: Drive, pattern: &str) -> Vec<Value> {
    let matches = |name: &str| {
        if crate::fs_items::has_wildcard(pattern) {
            wildcard_match(pattern, name)
        } else {
            name.eq_ignore_ascii_case(pattern)
        }
    };
    let mut found: Vec<(String, Value)> = match drive {
        Drive::Env => {
            let mut names: Vec<String> = std::env::vars_os()
                .map(|(k, _)| k.to_string_lossy().into_owned())
                .chain(rs.env_overrides().keys().cloned())
                .collect();
            names.sort();
            names.dedup();
            names
                .into_iter()
                .filter(|n| matches(n))
                .filter_map(|n| rs.env(&n).map(|v| (n.clone(), entry(&n, v))))
                .collect()
        }
        Drive::Variable => rs
            .scopes
            .visible()
            .into_iter()
            .filter(|v| matches(&v.name))
            .map(|v| (v.name.clone(), variable(&v.name, v.value)))
            .collect(),
        // Only the functions the running code may see (session configurations).
        Drive::Function => {
            let names: Vec<String> = rs
                .function_names()
                .into_iter()
                .map(|f| {
                    f.rsplit_once(':')
                        .map_or(f.as_str(), |(_, n)| n)
                        .to_string()
                })
                .filter(|f| matches(f))
                .collect();
            names
                .into_iter()
                .filter_map(|n| {
                    let text = rs.function(&n)?.def.body.text().to_string();
                    Some((n.clone(), function_info(&n, &text)))
                })
                .collect()
        }
        Drive::Alias => rs
            .alias_list()
            .into_iter()
            .filter(|(a, _)| matches(a))
            .map(|(a, t)| (a.clone(), alias_info(&a, &t)))
            .collect(),
    };
    found.sort_by_key(|(n, _)| n.to_ascii_lowercase());
    found.into_iter().map(|(_, v)| v).collect()
}

/// An environment variable as PowerShell's env: drive gives it.
fn entry(name: &str, value: String) -> Value {
    let e = PsObject::with_type_names(vec![
        "System.Collections.DictionaryEntry".into(),
        "System.ValueType".into(),
        "System.Object".into(),
    ]);
    e.set("Name", Value::from(name.to_string()));
    e.set("Key", Value::from(name.to_string()));
    e.set("Value", Value::from(value));
    Value::Object(e)
}

/// A variable as the variable: drive gives it.
fn variable(name: &str, value: Value) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.PSVariable".into(),
        "System.Object".into(),
    ]);
    o.set("Name", Value::from(name.to_string()));
    o.set("Value", value);
    o.set("Description", Value::str(""));
    o.set("Options", Value::str("None"));
    Value::Object(o)
}
