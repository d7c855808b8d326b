//! Helpers shared by the built-in commands.

use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::Value;

/// The items of a value: an array's elements, nothing for `$null`, else the value itself.
pub fn items(v: Option<&Value>) -> Vec<Value> {
    match v {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a.to_vec(),
        Some(other) => vec![other.clone()],
    }
}

/// A parameter's value as a list of strings.
pub fn strings(args: &BoundArgs, name: &str) -> Vec<String> {
    items(args.get(name)).iter().map(to_str).collect()
}

/// A parameter's value as a non-negative count.
pub fn count(args: &BoundArgs, name: &str) -> Option<usize> {
    args.get(name)
        .and_then(rosh_runtime::convert::to_numeric)
        .and_then(|n| rosh_runtime::convert::as_f64(&n))
        .map(|f| f.max(0.0) as usize)
}

/// Gather one call's input for a command that works on everything at the end: the piped
/// object, or (when nothing is piped) the value given to its `-InputObject`-style parameter.
pub fn gather(items: &mut Vec<Value>, input: Option<Value>, given: &mut Option<Value>) {
    if let Some(v) = input.or_else(|| given.take()) {
        items.push(v);
    }
}

/// A terminating error a command raises, shown with the command's name as PowerShell's
/// concise view shows errors from cmdlets (`Add-Member: message`).
pub fn command_error(
    command: &str,
    id: &str,
    category: rosh_runtime::error::ErrorCategory,
    exception: &str,
    message: impl Into<String>,
) -> rosh_runtime::Flow {
    let mut e = rosh_runtime::ErrorRecord::new(id, category, message).with_exception(exception);
    e.invocation = Some(rosh_runtime::error::InvocationInfo {
        command_name: Some(command.to_string()),
        ..Default::default()
    });
    rosh_runtime::Flow::Error(Box::new(e))
}

/// Whether `text` matches the wildcard `pattern` (`*`, `?`, `[a-z]`), case-insensitively.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    match rosh_runtime::ops::wildcard_regex(pattern, false) {
        Some(re) => re.is_match(text),
        None => pattern.eq_ignore_ascii_case(text),
    }
}
