//! `[System.Math]` statics beyond the ones in `members.rs`: trigonometry and hyperbolics,
//! `Log2`, `Cbrt`, `Clamp`, `DivRem`, `BigMul`, `CopySign`, `FusedMultiplyAdd`,
//! `IEEERemainder`, `ScaleB` and the magnitudes, and the `Tau` constant.

use super::dotnet_io::exception;
use crate::convert::{as_f64, to_numeric, to_str};
use crate::error::{ErrorCategory, Eval};
use crate::types::qualified;
use crate::value::{PsObject, Value};

fn f(args: &[Value], i: usize) -> f64 {
    args.get(i)
        .and_then(to_numeric)
        .and_then(|n| as_f64(&n))
        .unwrap_or(0.0)
}

/// The numeric kind the overload PowerShell picks works in: `int` when every argument is one,
/// `long` for integers that need it, `decimal`, else `double`.
#[derive(PartialEq, PartialOrd, Clone, Copy)]
enum Kind {
    Int,
    Long,
    Decimal,
    Double,
}

fn kind_of(args: &[Value]) -> Kind {
    args.iter()
        .map(|a| match to_numeric(a) {
            Some(Value::Int(_) | Value::Short(_) | Value::Byte(_) | Value::SByte(_)) => Kind::Int,
            Some(Value::UShort(_)) => Kind::Int,
            Some(Value::Long(_) | Value::UInt(_)) => Kind::Long,
            Some(Value::Decimal(_)) => Kind::Decimal,
            _ => Kind::Double,
        })
        .fold(Kind::Int, |a, b| if b > a { b } else { a })
}

fn long(args: &[Value], i: usize) -> i64 {
    args.get(i)
        .and_then(to_numeric)
        .and_then(|n| crate::convert::as_i128(&n))
        .and_then(|n| i64::try_from(n).ok())
        .unwrap_or(0)
}

/// A value of a kind from a double (integers come out of integer arithmetic unchanged).
fn of_kind(kind: Kind, args: &[Value], i: usize) -> Value {
    match kind {
        Kind::Int => Value::Int(long(args, i) as i32),
        Kind::Long => Value::Long(long(args, i)),
        Kind::Decimal => match args.get(i).and_then(to_numeric) {
            Some(Value::Decimal(d)) => Value::Decimal(d),
            _ => Value::Decimal(rust_decimal::Decimal::from(long(args, i))),
        },
        Kind::Double => Value::Double(f(args, i)),
    }
}

/// `Math.Clamp(value, min, max)`.
fn clamp(args: &[Value]) -> Eval<Value> {
    let kind = kind_of(args);
    let (v, lo, hi) = (
        of_kind(kind, args, 0),
        of_kind(kind, args, 1),
        of_kind(kind, args, 2),
    );
    if crate::ops::compare(&lo, &hi, false)? == std::cmp::Ordering::Greater {
        return Err(exception(
            "System.ArgumentException",
            ErrorCategory::InvalidArgument,
            format!("'{}' cannot be greater than {}.", to_str(&lo), to_str(&hi)),
        ));
    }
    Ok(
        if crate::ops::compare(&v, &lo, false)? == std::cmp::Ordering::Less {
            lo
        } else if crate::ops::compare(&v, &hi, false)? == std::cmp::Ordering::Greater {
            hi
        } else {
            v
        },
    )
}

/// A `System.ValueTuple` of two values.
fn value_tuple(a: Value, b: Value) -> Value {
    let name = format!(
        "System.ValueTuple`2[{},{}]",
        qualified(&a.type_name()),
        qualified(&b.type_name())
    );
    let o = PsObject::with_type_names(vec![
        name,
        "System.ValueType".into(),
        "System.Object".into(),
    ]);
    o.set_to_string(format!("({}, {})", to_str(&a), to_str(&b)));
    o.set("Item1", a);
    o.set("Item2", b);
    Value::Object(o)
}

fn divide_by_zero() -> crate::error::Flow {
    exception(
        "System.DivideByZeroException",
        ErrorCategory::NotSpecified,
        "Attempted to divide by zero.".into(),
    )
}

/// `Math.DivRem(a, b)`: the quotient and remainder as a tuple.
fn div_rem(args: &[Value]) -> Eval<Value> {
    let (a, b) = (long(args, 0), long(args, 1));
    if b == 0 {
        return Err(divide_by_zero());
    }
    Ok(match kind_of(args) {
        Kind::Int => {
            let (a, b) = (a as i32, b as i32);
            value_tuple(Value::Int(a.wrapping_div(b)), Value::Int(a.wrapping_rem(b)))
        }
        _ => value_tuple(
            Value::Long(a.wrapping_div(b)),
            Value::Long(a.wrapping_rem(b)),
        ),
    })
}

/// A `[System.Math]` method handled here; `None` for the others.
pub(crate) fn static_method(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let x = f(args, 0);
    let d = |v: f64| Some(Ok(Value::Double(v)));
    match lower {
        "sin" => d(x.sin()),
        "cos" => d(x.cos()),
        "tan" => d(x.tan()),
        "asin" => d(x.asin()),
        "acos" => d(x.acos()),
        "atan" => d(x.atan()),
        "atan2" => d(x.atan2(f(args, 1))),
        "sinh" => d(x.sinh()),
        "cosh" => d(x.cosh()),
        "tanh" => d(x.tanh()),
        "asinh" => d(x.asinh()),
        "acosh" => d(x.acosh()),
        "atanh" => d(x.atanh()),
        "log2" => d(x.log2()),
        "cbrt" => d(x.cbrt()),
        "copysign" => d(x.copysign(f(args, 1))),
        "fusedmultiplyadd" => d(x.mul_add(f(args, 1), f(args, 2))),
        "ieeeremainder" => {
            let y = f(args, 1);
            d(x - y * (x / y).round_ties_even())
        }
        "scaleb" => d(x * 2f64.powi(long(args, 1) as i32)),
        "ilogb" => Some(Ok(Value::Int(if x == 0.0 {
            i32::MIN
        } else if !x.is_finite() {
            i32::MAX
        } else {
            x.abs().log2().floor() as i32
        }))),
        "reciprocalestimate" => d(1.0 / x),
        "reciprocalsqrtestimate" => d(1.0 / x.sqrt()),
        "bitincrement" => d(if x.is_nan() || x == f64::INFINITY {
            x
        } else if x == 0.0 {
            f64::from_bits(1)
        } else if x > 0.0 {
            f64::from_bits(x.to_bits() + 1)
        } else {
            f64::from_bits(x.to_bits() - 1)
        }),
        "bitdecrement" => d(if x.is_nan() || x == f64::NEG_INFINITY {
            x
        } else if x == 0.0 {
            -f64::from_bits(1)
        } else if x > 0.0 {
            f64::from_bits(x.to_bits() - 1)
        } else {
            f64::from_bits(x.to_bits() + 1)
        }),
        "maxmagnitude" | "minmagnitude" => {
            let y = f(args, 1);
            let pick_x = if lower == "maxmagnitude" {
                x.abs() > y.abs() || (x.abs() == y.abs() && x > y)
            } else {
                x.abs() < y.abs() || (x.abs() == y.abs() && x < y)
            };
            d(if pick_x { x } else { y })
        }
        "sincos" => Some(Ok(value_tuple(
            Value::Double(x.sin()),
            Value::Double(x.cos()),
        ))),
        "clamp" => Some(clamp(args)),
        "divrem" if args.len() == 2 => Some(div_rem(args)),
        "bigmul" if args.len() == 2 => {
            let (a, b) = (long(args, 0), long(args, 1));
            Some(Ok(Value::Long(a.wrapping_mul(b))))
        }
        _ => None,
    }
}
