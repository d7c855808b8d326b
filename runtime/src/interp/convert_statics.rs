//! `[System.Convert]` conversions: `ToInt32`/`ToInt64`/`ToByte`/... (with a base for the
//! integer ones), `ToString(n, base)`, `ToBoolean`, `ToChar`, `ToDateTime` and the rest. The
//! byte conversions (`ToBase64String`, `ToHexString`) are in `bytes_members.rs`.

use super::dotnet_io::exception;
use crate::convert::{as_i128, to_numeric, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::Value;

/// The target of a `To...` method and the bits of its integer type (0 for the others).
fn target(lower: &str) -> Option<(KnownType, u32, bool)> {
    Some(match lower {
        "tobyte" => (KnownType::Byte, 8, false),
        "tosbyte" => (KnownType::SByte, 8, true),
        "toint16" => (KnownType::Short, 16, true),
        "touint16" => (KnownType::UShort, 16, false),
        "toint32" => (KnownType::Int, 32, true),
        "touint32" => (KnownType::UInt, 32, false),
        "toint64" => (KnownType::Long, 64, true),
        "touint64" => (KnownType::ULong, 64, false),
        "todouble" => (KnownType::Double, 0, false),
        "tosingle" => (KnownType::Single, 0, false),
        "todecimal" => (KnownType::Decimal, 0, false),
        "tochar" => (KnownType::Char, 0, false),
        "todatetime" => (KnownType::DateTime, 0, false),
        _ => return None,
    })
}

fn argument(message: &str) -> Flow {
    exception(
        "System.ArgumentException",
        ErrorCategory::InvalidArgument,
        message.into(),
    )
}

fn format_error(message: String) -> Flow {
    exception(
        "System.FormatException",
        ErrorCategory::InvalidArgument,
        message,
    )
}

/// `Convert.ToInt32("ff", 16)` and the like: digits in base 2, 8, 10 or 16 (a `0x` prefix
/// allowed in 16); in the other bases the bits are the type's two's complement.
fn parse_in_base(text: &str, base: i64, bits: u32, signed: bool) -> Eval<i128> {
    if ![2, 8, 10, 16].contains(&base) {
        return Err(argument("Invalid Base. (Parameter 'fromBase')"));
    }
    let mut digits = text;
    let negative = base == 10 && digits.starts_with('-');
    if negative {
        digits = &digits[1..];
    }
    if base == 16 {
        digits = digits
            .strip_prefix("0x")
            .or_else(|| digits.strip_prefix("0X"))
            .unwrap_or(digits);
    }
    if digits.is_empty() {
        return Err(argument("String cannot be empty. (Parameter 'value')"));
    }
    let raw = u128::from_str_radix(digits, base as u32).map_err(|_| {
        if digits
            .chars()
            .next()
            .is_some_and(|c| c.is_digit(base as u32))
        {
            format_error("Additional non-parsable characters are at the end of the string.".into())
        } else {
            format_error("Could not find any recognizable digits.".into())
        }
    })?;
    let limit = 1u128 << bits;
    let overflow = || {
        exception(
            "System.OverflowException",
            ErrorCategory::NotSpecified,
            "Value was either too large or too small for a".to_string()
                + &match (bits, signed) {
                    (8, false) => "n unsigned byte.".into(),
                    (8, true) => " signed byte.".into(),
                    (16, false) => " UInt16.".into(),
                    (16, true) => "n Int16.".into(),
                    (32, false) => " UInt32.".into(),
                    (32, true) => "n Int32.".into(),
                    (64, false) => " UInt64.".into(),
                    _ => "n Int64.".to_string(),
                },
        )
    };
    if raw >= limit {
        return Err(overflow());
    }
    let raw = raw as i128;
    Ok(if negative {
        if signed && raw <= (limit / 2) as i128 {
            -raw
        } else {
            return Err(overflow());
        }
    } else if signed && base != 10 && raw >= (limit / 2) as i128 {
        raw - limit as i128
    } else if signed && base == 10 && raw >= (limit / 2) as i128 {
        return Err(overflow());
    } else {
        raw
    })
}

/// `Convert.ToString(n, base)`: base 10 with a sign, else the two's complement bits of the
/// integer's own size.
fn to_string_in_base(n: &Value, base: i64) -> Eval<String> {
    if ![2, 8, 10, 16].contains(&base) {
        return Err(argument("Invalid Base. (Parameter 'toBase')"));
    }
    let numeric = to_numeric(n).unwrap_or(Value::Int(0));
    let value = as_i128(&numeric).unwrap_or(0);
    if base == 10 {
        return Ok(value.to_string());
    }
    let bits: u128 = match numeric {
        Value::Byte(b) => u128::from(b),
        Value::Short(s) => u128::from(s as u16),
        Value::Int(i) => u128::from(i as u32),
        _ => u128::from(value as i64 as u64),
    };
    Ok(match base {
        2 => format!("{bits:b}"),
        8 => format!("{bits:o}"),
        _ => format!("{bits:x}"),
    })
}

/// `Convert.ToBoolean`: `True`/`False` text (any case, trimmed), numbers by non-zero.
fn to_boolean(v: &Value) -> Eval<Value> {
    match v {
        Value::Null => Ok(Value::Bool(false)),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(_) | Value::Char(_) => {
            let text = to_str(v);
            match text.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format_error(format!(
                    "String '{text}' was not recognized as a valid Boolean."
                ))),
            }
        }
        other => Ok(Value::Bool(
            to_numeric(other)
                .and_then(|n| crate::convert::as_f64(&n))
                .is_some_and(|f| f != 0.0),
        )),
    }
}

/// A `[System.Convert]` conversion handled here; `None` for the others.
pub(crate) fn static_method(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let first = args.first().cloned().unwrap_or(Value::Null);
    match lower {
        "toboolean" => Some(to_boolean(&first)),
        "tostring" if args.len() == 2 => {
            let base = args.get(1).and_then(to_numeric).and_then(|n| as_i128(&n));
            Some(to_string_in_base(&first, base.unwrap_or(10) as i64).map(Value::from))
        }
        "tostring" if args.len() == 1 => Some(Ok(match first {
            Value::Null => Value::str(""),
            v => Value::from(to_str(&v)),
        })),
        _ => {
            let (ty, bits, signed) = target(lower)?;
            let ty_info = TypeInfo::of(ty);
            if bits > 0 && args.len() == 2 {
                let base = args.get(1).and_then(to_numeric).and_then(|n| as_i128(&n));
                let text = to_str(&first);
                return Some(
                    parse_in_base(&text, base.unwrap_or(10) as i64, bits, signed).and_then(|n| {
                        crate::convert::convert(&Value::from(n as i64), &ty_info).or_else(|_| {
                            crate::convert::convert(&Value::Double(n as f64), &ty_info)
                        })
                    }),
                );
            }
            if first.is_null() {
                // Convert.ToInt32(null) is 0; ToChar/ToDateTime of null are their defaults too.
                return Some(Ok(super::members::default_of(&ty_info)));
            }
            Some(crate::convert::convert(&first, &ty_info))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_parse_twos_complement() {
        assert_eq!(parse_in_base("ff", 16, 32, true).unwrap(), 255);
        assert_eq!(parse_in_base("ffffffff", 16, 32, true).unwrap(), -1);
        assert_eq!(parse_in_base("0x1A", 16, 32, true).unwrap(), 26);
        assert_eq!(parse_in_base("-12", 10, 32, true).unwrap(), -12);
        assert!(parse_in_base("100000000", 16, 32, true).is_err());
        assert!(parse_in_base("12", 3, 32, true).is_err());
    }

    #[test]
    fn to_string_uses_the_size_of_the_integer() {
        assert_eq!(to_string_in_base(&Value::Int(-1), 16).unwrap(), "ffffffff");
        assert_eq!(to_string_in_base(&Value::Int(5), 2).unwrap(), "101");
        assert_eq!(
            to_string_in_base(&Value::Long(-1), 16).unwrap(),
            "ffffffffffffffff"
        );
    }
}
