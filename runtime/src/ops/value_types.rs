//! Operators on the value types that are not numbers: `DateTime ± TimeSpan`,
//! `DateTime - DateTime`, `TimeSpan` arithmetic, enum arithmetic (`[ConsoleColor]::Blue + 3`),
//! and equality and order for dates, spans, GUIDs, versions and enums.

use super::Arith;
use crate::convert::convert;
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::{PsTimeSpan, Value};
use std::cmp::Ordering;

fn out_of_range() -> Flow {
    Flow::error(
        "ArgumentOutOfRange",
        ErrorCategory::InvalidArgument,
        "The added or subtracted value results in an un-representable DateTime.",
    )
}

fn overflow() -> Flow {
    Flow::error(
        "OverflowException",
        ErrorCategory::InvalidOperation,
        "TimeSpan overflowed because the duration is too long.",
    )
}

fn as_timespan(v: &Value) -> Eval<PsTimeSpan> {
    match convert(v, &TypeInfo::of(KnownType::TimeSpan))? {
        Value::TimeSpan(t) => Ok(t),
        _ => Err(overflow()),
    }
}

/// Arithmetic with a DateTime or TimeSpan on the left; `None` when `l` is neither.
pub(super) fn arith(op: Arith, l: &Value, r: &Value) -> Option<Eval<Value>> {
    match (l, op) {
        (Value::DateTime(d), Arith::Sub) if matches!(r, Value::DateTime(_)) => {
            let Value::DateTime(e) = r else { return None };
            Some(Ok(Value::TimeSpan(PsTimeSpan(d.ticks() - e.ticks()))))
        }
        (Value::DateTime(d), Arith::Add | Arith::Sub) => Some(as_timespan(r).and_then(|t| {
            let delta = if op == Arith::Add { t.0 } else { -t.0 };
            d.add_ticks(delta)
                .map(Value::DateTime)
                .ok_or_else(out_of_range)
        })),
        (Value::TimeSpan(a), Arith::Add | Arith::Sub) => Some(as_timespan(r).and_then(|b| {
            let v = if op == Arith::Add {
                a.0.checked_add(b.0)
            } else {
                a.0.checked_sub(b.0)
            };
            v.map(|t| Value::TimeSpan(PsTimeSpan(t)))
                .ok_or_else(overflow)
        })),
        (Value::TimeSpan(a), Arith::Mul) => {
            let f = crate::convert::as_f64(&crate::convert::to_numeric(r)?)?;
            Some(
                PsTimeSpan::from_units(a.0 as f64 * f, 1)
                    .map(Value::TimeSpan)
                    .ok_or_else(overflow),
            )
        }
        (Value::Enum(a), Arith::Sub) if matches!(r, Value::Enum(b) if b.id == a.id) => {
            let Value::Enum(b) = r else { return None };
            Some(Ok(int_or_long(a.value - b.value)))
        }
        (Value::Enum(a), Arith::Add | Arith::Sub) => {
            let n = crate::convert::to_numeric(r).and_then(|n| crate::convert::as_i128(&n))?;
            let n = i64::try_from(n).ok()?;
            let v = if op == Arith::Add {
                a.value.checked_add(n)
            } else {
                a.value.checked_sub(n)
            }?;
            Some(Ok(Value::Enum(crate::value::EnumValue::new(a.id, v))))
        }
        (Value::TimeSpan(a), Arith::Div) => match r {
            Value::TimeSpan(b) if b.0 != 0 => Some(Ok(Value::Double(a.0 as f64 / b.0 as f64))),
            _ => {
                let f = crate::convert::as_f64(&crate::convert::to_numeric(r)?)?;
                Some(
                    PsTimeSpan::from_units(a.0 as f64 / f, 1)
                        .map(Value::TimeSpan)
                        .ok_or_else(overflow),
                )
            }
        },
        _ => None,
    }
}

/// Equality with a date, span, GUID or version on the left (the right converted to its type);
/// `None` when `l` is none of them.
pub(super) fn equals(l: &Value, r: &Value) -> Option<bool> {
    let same = |t: KnownType| convert(r, &TypeInfo::of(t)).ok();
    Some(match l {
        Value::DateTime(a) => {
            matches!(same(KnownType::DateTime), Some(Value::DateTime(b)) if a.ticks() == b.ticks())
        }
        Value::TimeSpan(a) => {
            matches!(same(KnownType::TimeSpan), Some(Value::TimeSpan(b)) if *a == b)
        }
        Value::Guid(a) => matches!(same(KnownType::Guid), Some(Value::Guid(b)) if *a == b),
        Value::Version(a) => matches!(same(KnownType::Version), Some(Value::Version(b)) if *a == b),
        Value::Enum(a) => {
            matches!(same(KnownType::Enum(a.id)), Some(Value::Enum(b)) if a.value == b.value)
        }
        _ => return None,
    })
}

/// Order with a date, span or version on the left; `None` when `l` is none of them.
pub(super) fn compare(l: &Value, r: &Value) -> Option<Eval<Ordering>> {
    let kind = match l {
        Value::DateTime(_) => KnownType::DateTime,
        Value::TimeSpan(_) => KnownType::TimeSpan,
        Value::Version(_) => KnownType::Version,
        Value::Guid(_) => KnownType::Guid,
        Value::Enum(e) => KnownType::Enum(e.id),
        _ => return None,
    };
    Some(convert(r, &TypeInfo::of(kind)).map(|rv| match (l, &rv) {
        (Value::DateTime(a), Value::DateTime(b)) => a.ticks().cmp(&b.ticks()),
        (Value::TimeSpan(a), Value::TimeSpan(b)) => a.cmp(b),
        (Value::Version(a), Value::Version(b)) => a.cmp(b),
        (Value::Guid(a), Value::Guid(b)) => a.cmp(b),
        (Value::Enum(a), Value::Enum(b)) => a.value.cmp(&b.value),
        _ => Ordering::Equal,
    }))
}

fn int_or_long(v: i64) -> Value {
    match i32::try_from(v) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Long(v),
    }
}
