//! Conversions, as PowerShell's `LanguagePrimitives` does them: truth, text, numbers, and
//! conversion to a type (`[int]'5'`, casts of parameters and typed variables).

use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::datetime_format;
use crate::value::{
    Array, Hashtable, PsDateTime, PsObject, PsTimeSpan, PsVersion, Value, datetime, format_double,
    format_single,
};
use num_bigint::BigInt;
use rosh_lang::lexer::number::parse_argument_number;
use rosh_lang::token::NumberValue;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// PowerShell's truth: `$null`, `0`, `''`, `$false` and an empty array are false; a one-element
/// array has its element's truth; anything else is true.
pub fn is_true(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Long(i) => *i != 0,
        Value::Double(d) => *d != 0.0,
        Value::Decimal(d) => !d.is_zero(),
        Value::Byte(i) => *i != 0,
        Value::SByte(i) => *i != 0,
        Value::Short(i) => *i != 0,
        Value::UShort(i) => *i != 0,
        Value::UInt(i) => *i != 0,
        Value::ULong(i) => *i != 0,
        Value::BigInt(i) => i.sign() != num_bigint::Sign::NoSign,
        Value::Char(c) => *c != '\0',
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => match a.len() {
            0 => false,
            1 => a.get(0).is_some_and(|v| is_true(&v)),
            _ => true,
        },
        Value::Hashtable(_)
        | Value::Object(_)
        | Value::ScriptBlock(_)
        | Value::Type(_)
        | Value::DateTime(_)
        | Value::TimeSpan(_)
        | Value::Guid(_)
        | Value::Version(_) => true,
        Value::Enum(e) => e.value != 0,
    }
}

/// The text of a value as PowerShell converts it to `[string]` (arrays joined with a space,
/// the default `$OFS`).
pub fn to_str(v: &Value) -> String {
    to_str_with(v, " ")
}

/// The text of a value, joining array elements with `ofs`.
pub fn to_str_with(v: &Value, ofs: &str) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => format_double(*d),
        Value::Decimal(d) => d.to_string(),
        Value::Byte(i) => i.to_string(),
        Value::SByte(i) => i.to_string(),
        Value::Short(i) => i.to_string(),
        Value::UShort(i) => i.to_string(),
        Value::UInt(i) => i.to_string(),
        Value::ULong(i) => i.to_string(),
        Value::BigInt(i) => i.to_string(),
        Value::Char(c) => c.to_string(),
        Value::String(s) => s.to_string(),
        Value::Array(a) => a
            .to_vec()
            .iter()
            .map(|e| to_str_with(e, ofs))
            .collect::<Vec<_>>()
            .join(ofs),
        Value::Hashtable(h) => {
            if h.is_ordered() {
                "System.Collections.Specialized.OrderedDictionary".into()
            } else {
                "System.Collections.Hashtable".into()
            }
        }
        Value::Object(o) => object_to_string(o),
        Value::ScriptBlock(sb) => sb.text().to_string(),
        Value::Type(t) => t.full_name(),
        Value::DateTime(d) => datetime_format::format_datetime(*d, "", &datetime_format::INVARIANT)
            .unwrap_or_default(),
        Value::TimeSpan(t) => t.constant_format(),
        Value::Guid(g) => g.to_string(),
        Value::Version(v) => v.to_string(),
        Value::Enum(e) => e.name(),
    }
}

/// What `ToString()` returns: like [`to_str`], but dates use the current culture (en-US in
/// rosh) as .NET's `ToString()` does, where string conversion uses the invariant culture.
pub fn to_display_string(v: &Value) -> String {
    match v {
        Value::DateTime(d) => {
            datetime_format::format_datetime(*d, "", &datetime_format::EN_US).unwrap_or_default()
        }
        other => to_str(other),
    }
}

fn object_to_string(o: &PsObject) -> String {
    if let Some(s) = o.to_string_override() {
        return s;
    }
    if let Some(scalar) = Value::Object(o.clone()).wrapped_scalar() {
        return to_str(&scalar);
    }
    let names = o.type_names();
    if names
        .first()
        .is_some_and(|n| n == "System.Management.Automation.PSCustomObject")
    {
        // `"$obj"` of a custom object shows its properties as a hashtable literal.
        let props: Vec<String> = o
            .properties()
            .iter()
            .map(|p| format!("{}={}", p.name, to_str(&p.value)))
            .collect();
        return format!("@{{{}}}", props.join("; "));
    }
    names.first().cloned().unwrap_or_default()
}

/// Parse text as PowerShell parses numbers in conversions: blanks around it allowed, hex,
/// suffixes and multipliers as in the language.
pub fn parse_number(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Value::Int(0));
    }
    if let Some(n) = parse_argument_number(t) {
        return Some(number_value(n));
    }
    // Forms the literal grammar does not have: a leading '+', "1.", "Infinity".
    t.parse::<f64>().ok().map(Value::Double)
}

/// A literal's value.
pub fn number_value(n: NumberValue) -> Value {
    match n {
        NumberValue::Int32(v) => Value::Int(v),
        NumberValue::Int64(v) => Value::Long(v),
        NumberValue::Double(v) => Value::Double(v),
        NumberValue::Decimal(v) => Value::Decimal(v),
        NumberValue::SByte(v) => Value::SByte(v),
        NumberValue::Byte(v) => Value::Byte(v),
        NumberValue::Int16(v) => Value::Short(v),
        NumberValue::UInt16(v) => Value::UShort(v),
        NumberValue::UInt32(v) => Value::UInt(v),
        NumberValue::UInt64(v) => Value::ULong(v),
        NumberValue::BigInt(s) => s
            .parse::<BigInt>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::Double(f64::NAN)),
    }
}

/// A value as a number for arithmetic, or `None` when it is not numeric.
pub fn to_numeric(v: &Value) -> Option<Value> {
    match v {
        Value::Null => Some(Value::Int(0)),
        Value::Bool(b) => Some(Value::Int(i32::from(*b))),
        Value::Char(c) => Some(Value::Int(*c as i32)),
        Value::String(s) => parse_number(s),
        v if v.is_number() => Some(v.clone()),
        Value::Enum(e) => Some(match i32::try_from(e.value) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Long(e.value),
        }),
        Value::Array(a) if a.len() == 1 => a.get(0).and_then(|e| to_numeric(&e)),
        // A number an object wraps (a deserialized enum, output stamped with its computer).
        Value::Object(_) => v.wrapped_scalar().and_then(|s| to_numeric(&s)),
        _ => None,
    }
}

/// A numeric value as `f64`.
pub fn as_f64(v: &Value) -> Option<f64> {
    Some(match v {
        Value::Int(i) => f64::from(*i),
        Value::Long(i) => *i as f64,
        Value::Double(d) => *d,
        Value::Decimal(d) => d.to_f64()?,
        Value::Byte(i) => f64::from(*i),
        Value::SByte(i) => f64::from(*i),
        Value::Short(i) => f64::from(*i),
        Value::UShort(i) => f64::from(*i),
        Value::UInt(i) => f64::from(*i),
        Value::ULong(i) => *i as f64,
        Value::BigInt(i) => i.to_f64()?,
        other => {
            return to_numeric(other)
                .filter(|n| n.is_number())
                .and_then(|n| as_f64(&n));
        }
    })
}

/// A numeric value as `i128` when it is integral (no rounding).
pub fn as_i128(v: &Value) -> Option<i128> {
    Some(match v {
        Value::Int(i) => i128::from(*i),
        Value::Long(i) => i128::from(*i),
        Value::Byte(i) => i128::from(*i),
        Value::SByte(i) => i128::from(*i),
        Value::Short(i) => i128::from(*i),
        Value::UShort(i) => i128::from(*i),
        Value::UInt(i) => i128::from(*i),
        Value::ULong(i) => i128::from(*i),
        Value::BigInt(i) => i128::try_from(i.as_ref()).ok()?,
        _ => return None,
    })
}

/// An integral numeric value (an integer type or a `[bigint]`) as a big integer.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::BigInt(i) => Some(i.as_ref().clone()),
        other => as_i128(other).map(BigInt::from),
    }
}

/// A number as .NET's explicit conversion to `BigInteger` gives it: integers exactly,
/// doubles and decimals truncated toward zero; `None` for NaN, infinities and non-numbers.
pub fn to_bigint_truncating(v: &Value) -> Option<BigInt> {
    match v {
        Value::Double(d) => BigInt::from_f64(d.trunc()),
        Value::Decimal(d) => d.trunc().to_string().parse().ok(),
        other => as_bigint(other),
    }
}

/// A numeric value as a decimal.
pub fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Decimal(d) => Some(*d),
        Value::Double(d) => Decimal::from_f64(*d),
        Value::BigInt(i) => Decimal::from_str_exact(&i.to_string()).ok(),
        other => as_i128(other).and_then(Decimal::from_i128),
    }
}

fn cannot_convert(v: &Value, t: &str, why: &str) -> Flow {
    let shown = match v {
        Value::String(s) => format!("\"{s}\""),
        other => format!("\"{}\"", to_str(other)),
    };
    let mut message = format!("Cannot convert value {shown} to type \"{t}\".");
    if !why.is_empty() {
        message.push_str(&format!(" Error: \"{why}\""));
    }
    Flow::error(
        "InvalidCastFromStringToInteger",
        ErrorCategory::InvalidArgument,
        message,
    )
}

/// Round half to even, as .NET converts doubles to integers.
fn round_even(d: f64) -> f64 {
    d.round_ties_even()
}

fn to_integer(v: &Value, t: &str, min: i128, max: i128) -> Eval<i128> {
    let n = match v {
        Value::String(s) => parse_number(s).ok_or_else(|| {
            cannot_convert(
                v,
                t,
                &format!("The input string '{s}' was not in a correct format."),
            )
        })?,
        Value::Null => Value::Int(0),
        other => to_numeric(other).ok_or_else(|| cannot_convert(v, t, ""))?,
    };
    let i = match &n {
        Value::Double(d) => {
            if !d.is_finite() {
                return Err(cannot_convert(
                    v,
                    t,
                    "Value was either too large or too small for the target type.",
                ));
            }
            let r = round_even(*d);
            if r < min as f64 || r > max as f64 {
                return Err(cannot_convert(
                    v,
                    t,
                    "Value was either too large or too small for the target type.",
                ));
            }
            r as i128
        }
        Value::Decimal(d) => d
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven)
            .to_i128()
            .unwrap_or(i128::MAX),
        other => as_i128(other).ok_or_else(|| cannot_convert(v, t, ""))?,
    };
    if i < min || i > max {
        return Err(cannot_convert(
            v,
            t,
            "Value was either too large or too small for the target type.",
        ));
    }
    Ok(i)
}

/// Convert a value to a type, as a cast does.
pub fn convert(v: &Value, t: &TypeInfo) -> Eval<Value> {
    // A wrapped scalar converts as the scalar, except to `[psobject]`/`[object]`.
    if let Some(scalar) = v.wrapped_scalar()
        && !matches!(t.known(), KnownType::Object | KnownType::PsObject)
    {
        return convert(&scalar, t);
    }
    if t.array_depth() > 0 {
        let elem = t
            .element()
            .unwrap_or_else(|| TypeInfo::of(KnownType::Object));
        let items = match v {
            Value::Null => return Ok(Value::Null),
            Value::Array(a) => a.to_vec(),
            // `[char[]]'abc'`: a string converts to its characters.
            Value::String(s) if elem.known() == KnownType::Char && elem.array_depth() == 0 => {
                s.chars().map(Value::Char).collect()
            }
            other => vec![other.clone()],
        };
        let converted = items
            .iter()
            .map(|i| convert(i, &elem))
            .collect::<Eval<Vec<_>>>()?;
        return Ok(Value::Array(Array::typed(elem, converted)));
    }
    let name = t.full_name();
    Ok(match t.known() {
        KnownType::Object | KnownType::PsObject => v.clone(),
        KnownType::Int => {
            Value::Int(to_integer(v, &name, i128::from(i32::MIN), i128::from(i32::MAX))? as i32)
        }
        KnownType::Long => {
            Value::Long(to_integer(v, &name, i128::from(i64::MIN), i128::from(i64::MAX))? as i64)
        }
        KnownType::Short => {
            Value::Short(to_integer(v, &name, i128::from(i16::MIN), i128::from(i16::MAX))? as i16)
        }
        KnownType::UShort => Value::UShort(to_integer(v, &name, 0, i128::from(u16::MAX))? as u16),
        KnownType::UInt => Value::UInt(to_integer(v, &name, 0, i128::from(u32::MAX))? as u32),
        KnownType::ULong => Value::ULong(to_integer(v, &name, 0, i128::from(u64::MAX))? as u64),
        KnownType::Byte => Value::Byte(to_integer(v, &name, 0, 255)? as u8),
        KnownType::SByte => Value::SByte(to_integer(v, &name, -128, 127)? as i8),
        KnownType::BigInt => {
            let n = match v {
                Value::String(s) => match s.trim().parse::<BigInt>() {
                    Ok(i) => return Ok(Value::from(i)),
                    Err(_) => parse_number(s).ok_or_else(|| {
                        cannot_convert(v, &name, "The value could not be parsed.")
                    })?,
                },
                other => to_numeric(other).ok_or_else(|| cannot_convert(v, &name, ""))?,
            };
            Value::from(to_bigint_truncating(&n).ok_or_else(|| {
                cannot_convert(v, &name, "Value was either too large or too small for a BigInteger.")
            })?)
        }
        KnownType::Double | KnownType::Single => {
            let n = match v {
                Value::String(s) => parse_number(s).ok_or_else(|| {
                    cannot_convert(v, &name, "The input string was not in a correct format.")
                })?,
                other => to_numeric(other).ok_or_else(|| cannot_convert(v, &name, ""))?,
            };
            let d = as_f64(&n).ok_or_else(|| cannot_convert(v, &name, ""))?;
            if t.known() == KnownType::Single {
                Value::Double(f64::from(d as f32))
            } else {
                Value::Double(d)
            }
        }
        KnownType::Decimal => {
            let n = match v {
                // Decimal.Parse keeps the digits as written: `[decimal]'1.10'` is 1.10.
                Value::String(s) if let Some(d) = parse_decimal_text(s) => Value::Decimal(d),
                Value::String(s) => parse_number(s).ok_or_else(|| {
                    cannot_convert(v, &name, "The input string was not in a correct format.")
                })?,
                other => to_numeric(other).ok_or_else(|| cannot_convert(v, &name, ""))?,
            };
            Value::Decimal(as_decimal(&n).ok_or_else(|| cannot_convert(v, &name, ""))?)
        }
        KnownType::String => match v {
            Value::Null => Value::str(""),
            other => Value::from(to_str(other)),
        },
        KnownType::Char => match v {
            Value::Char(c) => Value::Char(*c),
            Value::String(s) if s.chars().count() == 1 => {
                Value::Char(s.chars().next().unwrap_or('\0'))
            }
            other => {
                let i = to_integer(other, &name, 0, 0xFFFF)?;
                Value::Char(char::from_u32(i as u32).unwrap_or('\u{FFFD}'))
            }
        },
        KnownType::Bool | KnownType::Switch => Value::Bool(is_true(v)),
        KnownType::Array => match v {
            Value::Array(_) => v.clone(),
            Value::Null => Value::Null,
            other => Value::Array(Array::new(vec![other.clone()])),
        },
        KnownType::Hashtable => match v {
            Value::Hashtable(_) => v.clone(),
            Value::Object(o) => {
                let h = Hashtable::new(false);
                for p in o.properties() {
                    h.insert(Value::from(p.name), p.value);
                }
                Value::Hashtable(h)
            }
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::Ordered => match v {
            Value::Hashtable(h) => {
                let o = Hashtable::new(true);
                for (k, val) in h.entries() {
                    o.insert(k, val);
                }
                Value::Hashtable(o)
            }
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::PsCustomObject => match v {
            Value::Hashtable(h) => {
                let o = PsObject::custom();
                for (k, val) in h.entries() {
                    o.set(&to_str(&k), val);
                }
                Value::Object(o)
            }
            other => other.clone(),
        },
        KnownType::ScriptBlock => match v {
            Value::ScriptBlock(_) => v.clone(),
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::Type => match v {
            Value::Type(_) => v.clone(),
            // `[type]'int'`: a type name, resolved as a type literal is.
            Value::String(s) => match TypeInfo::resolve(&rosh_lang::token::TypeName::simple(s.trim())) {
                Some(t) => Value::Type(t),
                None => return Err(cannot_convert(v, &name, "")),
            },
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::Void => Value::Null,
        KnownType::Enum(id) => match v {
            Value::Enum(e) if e.id == id => v.clone(),
            Value::String(s) => Value::Enum(id.parse(s).ok_or_else(|| {
                cannot_convert(
                    v,
                    &name,
                    &format!(
                        "Unable to match the identifier name {s} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}",
                        id.names()
                    ),
                )
            })?),
            other => {
                let n = to_integer(other, &name, i128::from(i64::MIN), i128::from(i64::MAX))?;
                Value::Enum(crate::value::EnumValue::new(id, n as i64))
            }
        },
        KnownType::DateTime => match v {
            Value::DateTime(_) => v.clone(),
            Value::String(s) => Value::DateTime(datetime::parse_datetime(s).ok_or_else(|| {
                cannot_convert(
                    v,
                    &name,
                    &format!("The string '{s}' was not recognized as a valid DateTime."),
                )
            })?),
            Value::Long(_) | Value::Int(_) => {
                let ticks = to_integer(v, &name, 0, i128::from(datetime::MAX_TICKS))? as i64;
                Value::DateTime(
                    PsDateTime::from_ticks(ticks, datetime::DateKind::Unspecified)
                        .ok_or_else(|| cannot_convert(v, &name, ""))?,
                )
            }
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::TimeSpan => match v {
            Value::TimeSpan(_) => v.clone(),
            Value::String(s) => Value::TimeSpan(PsTimeSpan::parse(s).ok_or_else(|| {
                cannot_convert(
                    v,
                    &name,
                    &format!("String '{s}' was not recognized as a valid TimeSpan."),
                )
            })?),
            other if other.is_number() => Value::TimeSpan(PsTimeSpan(
                to_integer(other, &name, i128::from(i64::MIN), i128::from(i64::MAX))? as i64,
            )),
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::Guid => match v {
            Value::Guid(_) => v.clone(),
            Value::String(s) => Value::Guid(uuid::Uuid::parse_str(s.trim()).map_err(|_| {
                cannot_convert(
                    v,
                    &name,
                    "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
                )
            })?),
            _ => return Err(cannot_convert(v, &name, "")),
        },
        KnownType::Version => match v {
            Value::Version(_) => v.clone(),
            Value::String(s) => Value::Version(PsVersion::parse(s).ok_or_else(|| {
                cannot_convert(v, &name, "Version string portion was too short or too long.")
            })?),
            other if other.is_number() => Value::Version(PsVersion::new(
                to_integer(other, &name, 0, i128::from(i32::MAX))? as i32,
                0,
                -1,
                -1,
            )),
            _ => return Err(cannot_convert(v, &name, "")),
        },
        // `[System.Collections.Generic.List[int]]@(1, 2)`, `[System.Collections.ArrayList]$a`.
        KnownType::List | KnownType::ArrayList => {
            let items = match v {
                Value::Null => vec![],
                Value::Array(a) => a.to_vec(),
                other => vec![other.clone()],
            };
            match t.generic_argument() {
                Some(element) if t.known() == KnownType::List => Value::Array(Array::list(
                    element.clone(),
                    items
                        .iter()
                        .map(|i| convert(i, element))
                        .collect::<Eval<Vec<_>>>()?,
                )),
                _ => Value::Array(Array::array_list(items)),
            }
        }
        // `[regex]'\d+'`: a regex object (an existing one stays as it is).
        KnownType::Regex => match v {
            Value::Object(o) if o.type_names().first().is_some_and(|n| n == &name) => v.clone(),
            Value::Null => return Err(cannot_convert(v, &name, "")),
            other => crate::interp::regex_object(&to_str(other), 0)?,
        },
        // A base type or interface the value already has: the value as it is.
        _ if crate::ops::is_type(v, t) => v.clone(),
        _ => return Err(cannot_convert(v, &name, "")),
    })
}

/// Text as .NET's `Decimal.Parse` reads it (invariant culture, optional exponent), with
/// its scale kept; `None` for text it would not take.
fn parse_decimal_text(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    if t.contains(['e', 'E']) {
        return Decimal::from_scientific(t).ok();
    }
    Decimal::from_str_exact(t).ok()
}

/// Format a single for display.
pub fn single_to_str(f: f32) -> String {
    format_single(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth() {
        assert!(!is_true(&Value::Null));
        assert!(is_true(&Value::str("False")));
        assert!(!is_true(&Value::str("")));
        assert!(!is_true(&Value::Array(Array::new(vec![]))));
        assert!(!is_true(&Value::Array(Array::new(vec![Value::Int(0)]))));
        assert!(is_true(&Value::Array(Array::new(vec![
            Value::Int(0),
            Value::Int(0)
        ]))));
    }

    #[test]
    fn casts_round_half_to_even() {
        let int = TypeInfo::of(KnownType::Int);
        assert!(matches!(
            convert(&Value::Double(2.5), &int),
            Ok(Value::Int(2))
        ));
        assert!(matches!(
            convert(&Value::Double(3.5), &int),
            Ok(Value::Int(4))
        ));
        assert!(matches!(
            convert(&Value::str(" 0x1F "), &int),
            Ok(Value::Int(31))
        ));
        assert!(convert(&Value::str("abc"), &int).is_err());
    }
}
