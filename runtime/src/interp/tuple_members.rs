//! `[Tuple]::Create(...)`: tuples as objects with `Item1`..`ItemN`, indexed as PowerShell
//! indexes an `ITuple` (`$t[0]`, `$t[-1]`).

use crate::error::{ErrorCategory, Eval, Flow};
use crate::value::{PsObject, Value};

const TUPLE_PREFIX: &str = "System.Tuple`";

use crate::types::qualified;

/// `[Tuple]::Create(a, b, ...)`, for one to seven items.
pub(crate) fn create(args: &[Value]) -> Eval<Value> {
    if args.is_empty() || args.len() > 7 {
        return Err(Flow::error(
            "MethodCountCouldNotFindBest",
            ErrorCategory::InvalidOperation,
            format!(
                "Cannot find an overload for \"Create\" and the argument count: \"{}\".",
                args.len()
            ),
        ));
    }
    let arguments: Vec<String> = args
        .iter()
        .map(|a| {
            qualified(&if a.is_null() {
                "System.Object".to_string()
            } else {
                a.type_name()
            })
        })
        .collect();
    let name = format!("{TUPLE_PREFIX}{}[{}]", args.len(), arguments.join(","));
    let o = PsObject::with_type_names(vec![name, "System.Object".into()]);
    for (i, a) in args.iter().enumerate() {
        o.set(&format!("Item{}", i + 1), a.clone());
    }
    let texts: Vec<String> = args.iter().map(crate::convert::to_str).collect();
    o.set_to_string(format!("({})", texts.join(", ")));
    Ok(Value::Object(o))
}

/// The items of a tuple, in order; `None` for any other object.
pub(crate) fn items(o: &PsObject) -> Option<Vec<Value>> {
    let first = o.type_names().into_iter().next()?;
    let n: usize = first
        .strip_prefix(TUPLE_PREFIX)?
        .split('[')
        .next()?
        .parse()
        .ok()?;
    (1..=n)
        .map(|i| o.get(&format!("Item{i}")))
        .collect::<Option<Vec<_>>>()
}
