//! Static members of `[char]` and `[string]` that need more than a one-liner: the `[char]`
//! classification and case methods, `[string]::new`, `[string]::Equals`/`Compare` with a
//! `StringComparison`, and `[string]::Concat`.

use crate::convert::to_str;
use crate::error::Eval;
use crate::types::KnownType;
use crate::value::Value;
use std::cmp::Ordering;

fn first_char(args: &[Value], i: usize) -> Option<char> {
    match args.get(i)? {
        Value::Char(c) => Some(*c),
        other => to_str(other).chars().next(),
    }
}

/// Whether a `StringComparison` (or `ignoreCase` Boolean) argument ignores case.
fn ignores_case(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(v) => to_str(v).to_ascii_lowercase().ends_with("ignorecase"),
        None => false,
    }
}

fn compare(a: &str, b: &str, ignore_case: bool) -> Ordering {
    if ignore_case {
        a.to_lowercase().cmp(&b.to_lowercase())
    } else {
        a.cmp(b)
    }
}

/// `[char]::IsUpper('a')`, `[string]::new('=', 5)` and the other static members here.
pub(crate) fn static_method(t: KnownType, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let class = |f: fn(char) -> bool| Value::Bool(first_char(args, 0).is_some_and(f));
    Some(Ok(match (t, lower) {
        (KnownType::Char, "isdigit") => class(|c| c.is_ascii_digit()),
        (KnownType::Char, "isnumber") => class(char::is_numeric),
        (KnownType::Char, "isletter") => class(char::is_alphabetic),
        (KnownType::Char, "isletterordigit") => class(char::is_alphanumeric),
        (KnownType::Char, "iswhitespace") => class(char::is_whitespace),
        (KnownType::Char, "isupper") => class(char::is_uppercase),
        (KnownType::Char, "islower") => class(char::is_lowercase),
        (KnownType::Char, "ispunctuation") => class(|c| c.is_ascii_punctuation()),
        (KnownType::Char, "iscontrol") => class(char::is_control),
        (KnownType::Char, "toupper") => {
            Value::Char(first_char(args, 0).map_or('\0', |c| c.to_uppercase().next().unwrap_or(c)))
        }
        (KnownType::Char, "tolower") => {
            Value::Char(first_char(args, 0).map_or('\0', |c| c.to_lowercase().next().unwrap_or(c)))
        }
        (KnownType::String, "new") => match args {
            // new(char, count)
            [_, n] => {
                let count = to_str(n).parse::<usize>().unwrap_or(0).min(1 << 24);
                let c = first_char(args, 0).unwrap_or_default();
                Value::from(c.to_string().repeat(count))
            }
            // new(char[])
            [Value::Array(a)] => Value::from(a.to_vec().iter().map(to_str).collect::<String>()),
            [other] => Value::from(to_str(other)),
            _ => Value::str(""),
        },
        (KnownType::String, "equals") => {
            let (a, b) = (
                args.first().map(to_str).unwrap_or_default(),
                args.get(1).map(to_str).unwrap_or_default(),
            );
            Value::Bool(compare(&a, &b, ignores_case(args.get(2))) == Ordering::Equal)
        }
        (KnownType::String, "compare") => {
            let (a, b) = (
                args.first().map(to_str).unwrap_or_default(),
                args.get(1).map(to_str).unwrap_or_default(),
            );
            Value::Int(match compare(&a, &b, ignores_case(args.get(2))) {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            })
        }
        (KnownType::String, "concat") => Value::from(
            args.iter()
                .flat_map(|v| match v {
                    Value::Array(a) => a.to_vec(),
                    other => vec![other.clone()],
                })
                .map(|v| to_str(&v))
                .collect::<String>(),
        ),
        _ => return None,
    }))
}
