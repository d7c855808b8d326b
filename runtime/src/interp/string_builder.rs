//! `[System.Text.StringBuilder]`: an object whose text grows with `Append`, `AppendLine`,
//! `Insert`, `Replace` and `Clear`; each returns the builder, as in .NET, so calls chain.

use crate::convert::to_str;
use crate::error::Eval;
use crate::value::{PsObject, Value};

const TYPE: &str = "System.Text.StringBuilder";

fn store(o: &PsObject, text: String) {
    o.set("Length", Value::Int(text.encode_utf16().count() as i32));
    o.set("Capacity", Value::Int(text.len().max(16) as i32));
    o.set_to_string(text);
}

/// A new StringBuilder holding `text`.
pub(crate) fn new(text: String) -> Value {
    let o = PsObject::with_type_names(vec![TYPE.into(), "System.Object".into()]);
    o.set("Capacity", Value::Int(16));
    o.set("MaxCapacity", Value::Int(i32::MAX));
    o.set("Length", Value::Int(0));
    store(&o, text);
    Value::Object(o)
}

/// A StringBuilder method; `None` when `o` is not a StringBuilder or has no such method.
pub(crate) fn method(
    target: &Value,
    o: &PsObject,
    lower: &str,
    args: &[Value],
) -> Option<Eval<Value>> {
    if o.type_names().first().map(String::as_str) != Some(TYPE) {
        return None;
    }
    let text = o.to_string_override().unwrap_or_default();
    let arg = |i: usize| args.get(i).map(to_str).unwrap_or_default();
    let updated = match lower {
        "append" => match args {
            // Append(char, repeatCount)
            [c, n] if to_str(c).chars().count() == 1 => {
                let count = to_str(n).parse::<usize>().unwrap_or(0).min(1 << 24);
                format!("{text}{}", to_str(c).repeat(count))
            }
            _ => format!("{text}{}", arg(0)),
        },
        "appendline" => format!("{text}{}\n", arg(0)),
        "appendformat" => match crate::format::format_operator(&arg(0), &args[1.min(args.len())..])
        {
            Ok(s) => format!("{text}{s}"),
            Err(e) => return Some(Err(e)),
        },
        "insert" => {
            let at = arg(0).parse::<usize>().unwrap_or(0);
            let units: Vec<u16> = text.encode_utf16().collect();
            let at = at.min(units.len());
            format!(
                "{}{}{}",
                String::from_utf16_lossy(&units[..at]),
                arg(1),
                String::from_utf16_lossy(&units[at..])
            )
        }
        "replace" => text.replace(&arg(0), &arg(1)),
        "clear" => String::new(),
        "remove" => {
            let start = arg(0).parse::<usize>().unwrap_or(0);
            let len = arg(1).parse::<usize>().unwrap_or(0);
            let units: Vec<u16> = text.encode_utf16().collect();
            let start = start.min(units.len());
            let end = (start + len).min(units.len());
            format!(
                "{}{}",
                String::from_utf16_lossy(&units[..start]),
                String::from_utf16_lossy(&units[end..])
            )
        }
        "tostring" => return Some(Ok(Value::from(text))),
        _ => return None,
    };
    store(o, updated);
    Some(Ok(target.clone()))
}
