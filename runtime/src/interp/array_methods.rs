//! Methods of arrays: the `.Where()` and `.ForEach()` intrinsics with their modes, the
//! `System.Array` instance methods scripts use, `[array]::` static helpers, and
//! member-access enumeration of methods (`('a','b').ToUpper()` calls each element's).

use super::Runspace;
use crate::convert::{is_true, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::value::{Array, CollectionKind, Value};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

fn index_arg(args: &[Value], i: usize) -> Eval<usize> {
    let v = arg(args, i);
    match crate::convert::convert(
        &v,
        &crate::types::TypeInfo::of(crate::types::KnownType::Int),
    )? {
        Value::Int(n) if n >= 0 => Ok(n as usize),
        _ => Err(out_of_range()),
    }
}

fn out_of_range() -> Flow {
    Flow::error(
        "IndexOutOfRangeException",
        ErrorCategory::InvalidOperation,
        "Index was outside the bounds of the array.",
    )
}

/// The `.Where()` selection modes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WhereMode {
    Default,
    First,
    Last,
    SkipUntil,
    Until,
    Split,
}

impl WhereMode {
    fn parse(v: &Value) -> Eval<WhereMode> {
        Ok(match to_str(v).to_ascii_lowercase().as_str() {
            "" | "default" => WhereMode::Default,
            "first" => WhereMode::First,
            "last" => WhereMode::Last,
            "skipuntil" => WhereMode::SkipUntil,
            "until" => WhereMode::Until,
            "split" => WhereMode::Split,
            other => {
                return Err(Flow::error(
                    "InvalidCastFromStringToEnum",
                    ErrorCategory::InvalidArgument,
                    format!(
                        "Cannot convert value \"{other}\" to type \"System.Management.Automation.WhereOperatorSelectionMode\". Error: \"Unable to match the identifier name {other} to a valid enumerator name. Specify one of the following enumerator names and try again:\nDefault, First, Last, SkipUntil, Until, Split\""
                    ),
                ));
            }
        })
    }
}

/// Convert a value for a list's element type (`List[int]`).
fn for_list(a: &Array, v: Value) -> Eval<Value> {
    match a.element_type() {
        Some(t) => crate::convert::convert(&v, t),
        None => Ok(v),
    }
}

/// The methods of a `Stack` (Push, Pop, Peek) or a `Queue` (Enqueue, Dequeue, Peek), and
/// ToArray; both keep their items in the order they enumerate them.
fn stack_queue_method(a: &Array, lower: &str, name: &str, args: &[Value]) -> Option<Eval<Value>> {
    let stack = a.kind() == CollectionKind::Stack;
    let empty = || {
        Flow::error(
            "InvalidOperation",
            ErrorCategory::NotSpecified,
            format!(
                "Exception calling \"{}\" with \"0\" argument(s): \"{} empty.\"",
                name,
                if stack { "Stack" } else { "Queue" }
            ),
        )
    };
    Some(match lower {
        "push" if stack => {
            a.insert(0, arg(args, 0));
            Ok(Value::Null)
        }
        "enqueue" if !stack => {
            a.push(arg(args, 0));
            Ok(Value::Null)
        }
        "pop" | "dequeue" if (lower == "pop") == stack => {
            if a.is_empty() {
                Err(empty())
            } else {
                let first = a.get(0).unwrap_or(Value::Null);
                a.remove_at(0);
                Ok(first)
            }
        }
        "peek" => a.get(0).ok_or_else(empty),
        "toarray" => Ok(Value::Array(Array::new(a.to_vec()))),
        _ => return None,
    })
}

impl Runspace {
    /// Methods only `ArrayList` and `List[T]` have: they grow and shrink.
    fn list_method(&mut self, a: &Array, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
        Some(match lower {
            "add" => for_list(a, arg(args, 0)).map(|v| {
                let i = a.push(v);
                if a.kind() == CollectionKind::ArrayList {
                    Value::Int(i as i32)
                } else {
                    Value::Null
                }
            }),
            "addrange" => {
                let items = match arg(args, 0) {
                    Value::Array(x) => x.to_vec(),
                    Value::Null => vec![],
                    other => vec![other],
                };
                items
                    .into_iter()
                    .try_for_each(|v| {
                        for_list(a, v).map(|v| {
                            a.push(v);
                        })
                    })
                    .map(|()| Value::Null)
            }
            "insert" => index_arg(args, 0).and_then(|i| {
                let v = for_list(a, arg(args, 1))?;
                if a.insert(i, v) {
                    Ok(Value::Null)
                } else {
                    Err(out_of_range())
                }
            }),
            "remove" => {
                let i = index_of(a, &arg(args, 0), false);
                if i >= 0 {
                    a.remove_at(i as usize);
                }
                // List[T].Remove says whether it removed; ArrayList.Remove returns nothing.
                Ok(if a.kind() == CollectionKind::List {
                    Value::Bool(i >= 0)
                } else {
                    Value::Null
                })
            }
            "removeat" => index_arg(args, 0).and_then(|i| {
                if a.remove_at(i) {
                    Ok(Value::Null)
                } else {
                    Err(out_of_range())
                }
            }),
            "toarray" => Ok(Value::Array(match a.element_type() {
                Some(t) => Array::typed(t.clone(), a.to_vec()),
                None => Array::new(a.to_vec()),
            })),
            "sort" | "reverse" => {
                static_method(lower, &[Value::Array(a.clone())]).unwrap_or(Ok(Value::Null))
            }
            _ => return None,
        })
    }

    /// A method call on an array; `None` when the array has no such method and no element
    /// does either.
    pub(crate) fn array_method(
        &mut self,
        a: &Array,
        lower: &str,
        name: &str,
        args: &[Value],
    ) -> Option<Eval<Value>> {
        Some(match lower {
            "where" => self.where_method(a, args),
            "foreach" => self.foreach_method(a, args),
            "contains" => Ok(Value::Bool(
                a.to_vec()
                    .iter()
                    .any(|e| crate::ops::equals(e, &arg(args, 0), true)),
            )),
            "indexof" => Ok(Value::Int(index_of(a, &arg(args, 0), false))),
            "lastindexof" => Ok(Value::Int(index_of(a, &arg(args, 0), true))),
            "clone" => Ok(Value::Array(match a.element_type() {
                Some(t) => Array::typed(t.clone(), a.to_vec()),
                None => Array::new(a.to_vec()),
            })),
            "clear" => {
                a.clear();
                Ok(Value::Null)
            }
            "getvalue" => index_arg(args, 0).and_then(|i| a.get(i).ok_or_else(out_of_range)),
            "setvalue" => index_arg(args, 1).and_then(|i| {
                let v = match a.element_type() {
                    Some(t) => crate::convert::convert(&arg(args, 0), t)?,
                    None => arg(args, 0),
                };
                if a.set(i, v) {
                    Ok(Value::Null)
                } else {
                    Err(out_of_range())
                }
            }),
            _ if matches!(a.kind(), CollectionKind::Stack | CollectionKind::Queue) => {
                match stack_queue_method(a, lower, name, args) {
                    Some(r) => r,
                    None => return self.enumerate_method(a, name, args).or_else(|| {
                        Some(Err(Flow::error(
                            "MethodNotFound",
                            ErrorCategory::InvalidOperation,
                            format!(
                                "Method invocation failed because [{}] does not contain a method named '{name}'.",
                                a.type_name()
                            ),
                        )))
                    }),
                }
            }
            _ if a.kind() != CollectionKind::Array
                && let Some(r) = self.list_method(a, lower, args) =>
            {
                r
            }
            "add" | "remove" | "insert" | "removeat" => Err(Flow::error(
                "NotSupported",
                ErrorCategory::NotSpecified,
                format!(
                    "Exception calling \"{name}\" with \"{}\" argument(s): \"Collection was of a fixed size.\"",
                    args.len()
                ),
            )),
            _ => return self.enumerate_method(a, name, args),
        })
    }

    /// `('a','b').ToUpper()`: the method of each element, results flattened.
    fn enumerate_method(&mut self, a: &Array, name: &str, args: &[Value]) -> Option<Eval<Value>> {
        let items = a.to_vec();
        if items.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for item in items {
            match self.call_method(&item, name, args.to_vec(), rosh_lang::span::Span::default()) {
                Ok(Value::Array(x)) => out.extend(x.to_vec()),
                Ok(Value::Null) => {}
                Ok(v) => out.push(v),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(Value::Array(Array::new(out))))
    }

    /// `.Where({ condition } [, mode [, count]])`.
    fn where_method(&mut self, a: &Array, args: &[Value]) -> Eval<Value> {
        let Some(Value::ScriptBlock(sb)) = args.first() else {
            return Err(Flow::error(
                "MethodCountCouldNotFindBest",
                ErrorCategory::InvalidOperation,
                "Cannot find an overload for \"Where\" and the argument count: \"0\".",
            ));
        };
        let mode = match args.get(1) {
            Some(m) => WhereMode::parse(m)?,
            None => WhereMode::Default,
        };
        let limit = match args.get(2) {
            Some(_) => index_arg(args, 2)?,
            None => 0,
        };
        let items = a.to_vec();
        let mut hits = Vec::new();
        let mut misses = Vec::new();
        let mut matched_once = false;
        for item in &items {
            let test = |rs: &mut Runspace| -> Eval<bool> {
                Ok(is_true(
                    &rs.invoke_with_dollar_underscore(sb, item.clone())?,
                ))
            };
            match mode {
                WhereMode::Default | WhereMode::First => {
                    if test(self)? {
                        hits.push(item.clone());
                        let cap = if mode == WhereMode::First {
                            limit.max(1)
                        } else {
                            limit
                        };
                        if cap > 0 && hits.len() >= cap {
                            break;
                        }
                    }
                }
                WhereMode::Last => {
                    if test(self)? {
                        hits.push(item.clone());
                    }
                }
                WhereMode::SkipUntil => {
                    if matched_once || test(self)? {
                        matched_once = true;
                        hits.push(item.clone());
                        if limit > 0 && hits.len() >= limit {
                            break;
                        }
                    }
                }
                WhereMode::Until => {
                    if test(self)? {
                        break;
                    }
                    hits.push(item.clone());
                    if limit > 0 && hits.len() >= limit {
                        break;
                    }
                }
                WhereMode::Split => {
                    if (limit == 0 || hits.len() < limit) && test(self)? {
                        hits.push(item.clone());
                    } else {
                        misses.push(item.clone());
                    }
                }
            }
        }
        if mode == WhereMode::Last {
            let keep = limit.max(1);
            let skip = hits.len().saturating_sub(keep);
            hits.drain(..skip);
        }
        if mode == WhereMode::Split {
            return Ok(Value::Array(Array::new(vec![
                Value::Array(Array::new(hits)),
                Value::Array(Array::new(misses)),
            ])));
        }
        Ok(Value::Array(Array::new(hits)))
    }

    /// `.ForEach({ ... })`, `.ForEach('Property')`, `.ForEach('Method', args...)`,
    /// `.ForEach([type])`.
    fn foreach_method(&mut self, a: &Array, args: &[Value]) -> Eval<Value> {
        let mut out = Vec::new();
        let mut push = |v: Value| match v {
            Value::Null => {}
            Value::Array(x) => out.extend(x.to_vec()),
            other => out.push(other),
        };
        match args.first() {
            Some(Value::ScriptBlock(sb)) => {
                for item in a.to_vec() {
                    push(self.invoke_with_dollar_underscore(sb, item)?);
                }
            }
            Some(Value::Type(t)) => {
                for item in a.to_vec() {
                    push(self.convert_checked(&item, t)?);
                }
            }
            Some(name) => {
                let name = to_str(name);
                for item in a.to_vec() {
                    push(self.property_or_method(&item, &name, args[1..].to_vec())?);
                }
            }
            None => {
                return Err(Flow::error(
                    "MethodCountCouldNotFindBest",
                    ErrorCategory::InvalidOperation,
                    "Cannot find an overload for \"ForEach\" and the argument count: \"0\".",
                ));
            }
        }
        Ok(Value::Array(Array::new(out)))
    }
}

fn index_of(a: &Array, needle: &Value, last: bool) -> i32 {
    let items = a.to_vec();
    let hit = |e: &Value| crate::ops::equals(e, needle, true);
    let found = if last {
        items.iter().rposition(hit)
    } else {
        items.iter().position(hit)
    };
    found.map_or(-1, |i| i as i32)
}

/// `[array]::IndexOf`, `LastIndexOf`, `Reverse` (in place), `Clear`, `Exists`... the static
/// helpers of `System.Array` that take no script block.
pub(crate) fn static_method(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let Some(Value::Array(a)) = args.first() else {
        return None;
    };
    Some(match lower {
        "indexof" => Ok(Value::Int(index_of(a, &arg(args, 1), false))),
        "lastindexof" => Ok(Value::Int(index_of(a, &arg(args, 1), true))),
        "reverse" => {
            let items = a.to_vec();
            for (i, v) in items.into_iter().rev().enumerate() {
                a.set(i, v);
            }
            Ok(Value::Null)
        }
        "sort" => {
            let mut items = a.to_vec();
            let mut failure = None;
            items.sort_by(|x, y| {
                crate::ops::compare(x, y, false).unwrap_or_else(|e| {
                    failure.get_or_insert(e);
                    std::cmp::Ordering::Equal
                })
            });
            if let Some(e) = failure {
                return Some(Err(e));
            }
            for (i, v) in items.into_iter().enumerate() {
                a.set(i, v);
            }
            Ok(Value::Null)
        }
        _ => return None,
    })
}
