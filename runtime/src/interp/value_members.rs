//! Members of the value types: DateTime, TimeSpan, Guid, Version and enums — their
//! properties, instance methods, and static members (`[datetime]::Now`, `[timespan]::FromHours`,
//! `[guid]::NewGuid()`, `[ConsoleColor]::Red`).

use crate::convert::{self, as_f64, to_numeric, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::{KnownType, TypeInfo};
use crate::value::datetime::{
    self, DateKind, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE,
    TICKS_PER_SECOND,
};
use crate::value::datetime_format::{self, EN_US};
use crate::value::{EnumId, EnumValue, PsDateTime, PsTimeSpan, PsVersion, Value};

fn enum_value(full_name: &str, value: i64) -> Value {
    Value::Enum(EnumValue::new(EnumId::named(full_name), value))
}

fn kind_value(k: DateKind) -> Value {
    let n = match k {
        DateKind::Unspecified => 0,
        DateKind::Utc => 1,
        DateKind::Local => 2,
    };
    enum_value("System.DateTimeKind", n)
}

fn int(v: i64) -> Value {
    match i32::try_from(v) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Long(v),
    }
}

/// A property of a date, span, GUID, version or enum; `None` when `v` is not one of them or
/// has no such property.
pub(crate) fn property(v: &Value, lower: &str) -> Option<Value> {
    Some(match v {
        Value::BigInt(i) => bigint_property(i, lower)?,
        Value::DateTime(d) => {
            let c = d.civil();
            match lower {
                "year" => Value::Int(c.year),
                "month" => Value::Int(c.month as i32),
                "day" => Value::Int(c.day as i32),
                "hour" => Value::Int(c.hour as i32),
                "minute" => Value::Int(c.minute as i32),
                "second" => Value::Int(c.second as i32),
                "millisecond" => Value::Int((c.fraction / TICKS_PER_MILLISECOND) as i32),
                "ticks" => Value::Long(d.ticks()),
                "kind" => kind_value(d.kind()),
                "dayofweek" => enum_value("System.DayOfWeek", i64::from(d.day_of_week())),
                "dayofyear" => Value::Int(d.day_of_year() as i32),
                "date" => Value::DateTime(d.date()),
                "timeofday" => Value::TimeSpan(d.time_of_day()),
                "datetime" => Value::from(datetime_format::format_datetime(*d, "F", &EN_US).ok()?),
                _ => return None,
            }
        }
        Value::TimeSpan(t) => match lower {
            "days" => int(t.days()),
            "hours" => int(t.hours()),
            "minutes" => int(t.minutes()),
            "seconds" => int(t.seconds()),
            "milliseconds" => int(t.milliseconds()),
            "ticks" => Value::Long(t.0),
            "totaldays" => Value::Double(t.total(TICKS_PER_DAY)),
            "totalhours" => Value::Double(t.total(TICKS_PER_HOUR)),
            "totalminutes" => Value::Double(t.total(TICKS_PER_MINUTE)),
            "totalseconds" => Value::Double(t.total(TICKS_PER_SECOND)),
            "totalmilliseconds" => Value::Double(t.total(TICKS_PER_MILLISECOND)),
            _ => return None,
        },
        Value::Version(ver) => match lower {
            "major" => Value::Int(ver.major),
            "minor" => Value::Int(ver.minor),
            "build" => Value::Int(ver.build),
            "revision" => Value::Int(ver.revision),
            _ => return None,
        },
        Value::Enum(e) if lower == "value__" => int(e.value),
        _ => return None,
    })
}

fn bad_format() -> Flow {
    Flow::error(
        "FormatException",
        ErrorCategory::InvalidOperation,
        "Input string was not in a correct format.",
    )
}

fn out_of_range() -> Flow {
    Flow::error(
        "ArgumentOutOfRangeException",
        ErrorCategory::InvalidArgument,
        "The added or subtracted value results in an un-representable DateTime.",
    )
}

fn num(args: &[Value], i: usize) -> f64 {
    args.get(i)
        .and_then(to_numeric)
        .and_then(|n| as_f64(&n))
        .unwrap_or(0.0)
}

fn long(args: &[Value], i: usize) -> Eval<i64> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    match convert::convert(&v, &TypeInfo::of(KnownType::Long))? {
        Value::Long(l) => Ok(l),
        _ => Ok(0),
    }
}

fn span_arg(args: &[Value], i: usize) -> Eval<PsTimeSpan> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    match convert::convert(&v, &TypeInfo::of(KnownType::TimeSpan))? {
        Value::TimeSpan(t) => Ok(t),
        _ => Ok(PsTimeSpan(0)),
    }
}

fn add_units(d: PsDateTime, amount: f64, unit: i64) -> Eval<Value> {
    let ticks = PsTimeSpan::from_units(amount, unit).ok_or_else(out_of_range)?;
    d.add_ticks(ticks.0)
        .map(Value::DateTime)
        .ok_or_else(out_of_range)
}

/// An instance method of a date, span, GUID, version or enum; `None` when there is none.
pub(crate) fn method(v: &Value, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let fmt_arg = || args.first().map(to_str).unwrap_or_default();
    Some(match (v, lower) {
        (Value::DateTime(d), "tostring") => {
            datetime_format::format_datetime(*d, &fmt_arg(), &EN_US)
                .map(Value::from)
                .map_err(|_| bad_format())
        }
        (Value::DateTime(d), "adddays") => add_units(*d, num(args, 0), TICKS_PER_DAY),
        (Value::DateTime(d), "addhours") => add_units(*d, num(args, 0), TICKS_PER_HOUR),
        (Value::DateTime(d), "addminutes") => add_units(*d, num(args, 0), TICKS_PER_MINUTE),
        (Value::DateTime(d), "addseconds") => add_units(*d, num(args, 0), TICKS_PER_SECOND),
        (Value::DateTime(d), "addmilliseconds") => {
            add_units(*d, num(args, 0), TICKS_PER_MILLISECOND)
        }
        (Value::DateTime(d), "addticks") => {
            long(args, 0).and_then(|t| d.add_ticks(t).map(Value::DateTime).ok_or_else(out_of_range))
        }
        (Value::DateTime(d), "addmonths") => long(args, 0).and_then(|m| {
            d.add_months(m)
                .map(Value::DateTime)
                .ok_or_else(out_of_range)
        }),
        (Value::DateTime(d), "addyears") => long(args, 0).and_then(|y| {
            d.add_months(y.saturating_mul(12))
                .map(Value::DateTime)
                .ok_or_else(out_of_range)
        }),
        (Value::DateTime(d), "add") => span_arg(args, 0).and_then(|t| {
            d.add_ticks(t.0)
                .map(Value::DateTime)
                .ok_or_else(out_of_range)
        }),
        (Value::DateTime(d), "subtract") => match args.first() {
            Some(Value::DateTime(e)) => Ok(Value::TimeSpan(PsTimeSpan(d.ticks() - e.ticks()))),
            _ => span_arg(args, 0).and_then(|t| {
                d.add_ticks(-t.0)
                    .map(Value::DateTime)
                    .ok_or_else(out_of_range)
            }),
        },
        (Value::DateTime(d), "touniversaltime") => Ok(Value::DateTime(d.to_universal())),
        (Value::DateTime(d), "tolocaltime") => Ok(Value::DateTime(d.to_local())),
        (Value::DateTime(d), "toshortdatestring") => format_en(*d, "d"),
        (Value::DateTime(d), "tolongdatestring") => format_en(*d, "D"),
        (Value::DateTime(d), "toshorttimestring") => format_en(*d, "t"),
        (Value::DateTime(d), "tolongtimestring") => format_en(*d, "T"),
        (Value::DateTime(d), "toiso8601") => format_en(*d, "o"),
        (Value::TimeSpan(t), "tostring") => datetime_format::format_timespan(*t, &fmt_arg())
            .map(Value::from)
            .map_err(|_| bad_format()),
        (Value::TimeSpan(t), "add") => {
            span_arg(args, 0).map(|u| Value::TimeSpan(PsTimeSpan(t.0.saturating_add(u.0))))
        }
        (Value::TimeSpan(t), "subtract") => {
            span_arg(args, 0).map(|u| Value::TimeSpan(PsTimeSpan(t.0.saturating_sub(u.0))))
        }
        (Value::TimeSpan(t), "negate") => Ok(Value::TimeSpan(PsTimeSpan(-t.0))),
        (Value::TimeSpan(t), "duration") => Ok(Value::TimeSpan(PsTimeSpan(t.0.abs()))),
        (Value::Guid(g), "tostring") => {
            let f = fmt_arg();
            Ok(Value::from(match f.as_str() {
                "" | "D" | "d" => g.hyphenated().to_string(),
                "N" | "n" => g.simple().to_string(),
                "B" | "b" => g.braced().to_string(),
                "P" | "p" => format!("({})", g.hyphenated()),
                _ => return Some(Err(bad_format())),
            }))
        }
        (Value::Version(ver), "tostring") if !args.is_empty() => {
            let n = match long(args, 0) {
                Ok(n) => n,
                Err(e) => return Some(Err(e)),
            };
            let parts = [ver.major, ver.minor, ver.build, ver.revision];
            let n = n.clamp(0, 4) as usize;
            Ok(Value::from(
                parts[..n]
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("."),
            ))
        }
        (Value::Enum(e), "hasflag") => {
            let other = args.first().cloned().unwrap_or(Value::Null);
            convert::convert(&other, &TypeInfo::of(KnownType::Enum(e.id))).map(|o| match o {
                Value::Enum(f) => Value::Bool(e.value & f.value == f.value),
                _ => Value::Bool(false),
            })
        }
        (
            Value::DateTime(_)
            | Value::TimeSpan(_)
            | Value::Version(_)
            | Value::Guid(_)
            | Value::Enum(_),
            "compareto",
        ) => crate::ops::compare(v, args.first().unwrap_or(&Value::Null), true).map(|o| {
            Value::Int(match o {
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => 1,
            })
        }),
        _ => return None,
    })
}

fn format_en(d: PsDateTime, f: &str) -> Eval<Value> {
    datetime_format::format_datetime(d, f, &EN_US)
        .map(Value::from)
        .map_err(|_| bad_format())
}

/// A static property of a value type (`[datetime]::Now`, `[ConsoleColor]::Red`); `None` when
/// there is none.
pub(crate) fn static_property(t: KnownType, lower: &str) -> Option<Value> {
    Some(match (t, lower) {
        (KnownType::DateTime, "now") => Value::DateTime(PsDateTime::now()),
        (KnownType::DateTime, "utcnow") => Value::DateTime(PsDateTime::utc_now()),
        (KnownType::DateTime, "today") => Value::DateTime(PsDateTime::now().date()),
        (KnownType::DateTime, "minvalue") => Value::DateTime(PsDateTime::MIN),
        (KnownType::DateTime, "maxvalue") => Value::DateTime(PsDateTime::MAX),
        (KnownType::DateTime, "unixepoch") => Value::DateTime(PsDateTime::from_ticks(
            datetime::UNIX_EPOCH_TICKS,
            DateKind::Utc,
        )?),
        (KnownType::TimeSpan, "zero") => Value::TimeSpan(PsTimeSpan(0)),
        (KnownType::TimeSpan, "maxvalue") => Value::TimeSpan(PsTimeSpan(i64::MAX)),
        (KnownType::TimeSpan, "minvalue") => Value::TimeSpan(PsTimeSpan(i64::MIN)),
        (KnownType::Guid, "empty") => Value::Guid(uuid::Uuid::nil()),
        (KnownType::Enum(id), name) => {
            let (_, v) = id
                .ty()
                .members
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))?;
            Value::Enum(EnumValue::new(id, *v))
        }
        _ => return None,
    })
}

fn cast(v: Option<&Value>, t: KnownType) -> Eval<Value> {
    convert::convert(v.unwrap_or(&Value::Null), &TypeInfo::of(t))
}

fn is_numeric(t: KnownType) -> bool {
    matches!(
        t,
        KnownType::Int
            | KnownType::Long
            | KnownType::Double
            | KnownType::Single
            | KnownType::Decimal
            | KnownType::Byte
            | KnownType::SByte
            | KnownType::Short
            | KnownType::UShort
            | KnownType::UInt
            | KnownType::ULong
    )
}

/// Store a value into a `[ref]` argument.
fn set_reference(r: Option<&Value>, v: Value) {
    if let Some(Value::Object(r)) = r
        && r.type_names()
            .first()
            .is_some_and(|n| n == "System.Management.Automation.PSReference")
    {
        r.set("Value", v);
    }
}

fn try_parse(args: &[Value], t: KnownType) -> Eval<Value> {
    // `[T]::TryParse($text, [ref]$result)`: the result goes into the reference. Only text
    // parses: `[int]::TryParse($null, ...)` fails.
    let parsed = match args.first() {
        Some(v @ Value::String(_)) => cast(Some(v), t),
        Some(v) if !v.is_null() => cast(Some(&Value::from(to_str(v))), t),
        _ => Err(bad_format()),
    };
    let ok = parsed.is_ok();
    let fallback = match t {
        KnownType::DateTime => Value::DateTime(PsDateTime::MIN),
        KnownType::TimeSpan => Value::TimeSpan(PsTimeSpan(0)),
        KnownType::Guid => Value::Guid(uuid::Uuid::nil()),
        KnownType::Version => Value::Null,
        other => cast(Some(&Value::Int(0)), other).unwrap_or(Value::Null),
    };
    set_reference(args.get(1), parsed.unwrap_or(fallback));
    Ok(Value::Bool(ok))
}

/// A static method of a value type (`[datetime]::Parse`, `[timespan]::FromHours`,
/// `[guid]::NewGuid()`, `[version]::new(1, 2)`); `None` when there is none.
pub(crate) fn static_method(t: KnownType, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let span_of = |unit: i64| -> Eval<Value> {
        PsTimeSpan::from_units(num(args, 0), unit)
            .map(Value::TimeSpan)
            .ok_or_else(|| {
                Flow::error(
                    "OverflowException",
                    ErrorCategory::InvalidOperation,
                    "TimeSpan overflowed because the duration is too long.",
                )
            })
    };
    Some(match (t, lower) {
        (KnownType::PsSerializer, _) => return ps_serializer(lower, args),
        (KnownType::Bool, "parse" | "tryparse") => {
            let text = args.first().map(to_str).unwrap_or_default();
            let parsed = match text.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            if lower == "tryparse" {
                set_reference(args.get(1), Value::Bool(parsed.unwrap_or(false)));
                return Some(Ok(Value::Bool(parsed.is_some())));
            }
            parsed.map(Value::Bool).ok_or_else(|| {
                Flow::error(
                    "FormatException",
                    ErrorCategory::InvalidOperation,
                    format!("String '{text}' was not recognized as a valid Boolean."),
                )
            })
        }
        (t, "parse") if is_numeric(t) => {
            let text = args.first().map(to_str).unwrap_or_default();
            cast(Some(&Value::from(text.clone())), t).map_err(|_| {
                Flow::error(
                    "FormatException",
                    ErrorCategory::InvalidOperation,
                    format!("The input string '{text}' was not in a correct format."),
                )
            })
        }
        (t, "tryparse") if is_numeric(t) => try_parse(args, t),
        (KnownType::DateTime, "parse") => cast(args.first(), KnownType::DateTime),
        (
            KnownType::DateTime | KnownType::TimeSpan | KnownType::Guid | KnownType::Version,
            "tryparse",
        ) => try_parse(args, t),
        (KnownType::DateTime, "daysinmonth") => {
            let (y, m) = (num(args, 0) as i32, num(args, 1) as u32);
            datetime::days_in_month(y, m)
                .map(|d| Value::Int(d as i32))
                .ok_or_else(out_of_range)
        }
        (KnownType::DateTime, "isleapyear") => {
            Ok(Value::Bool(datetime::is_leap_year(num(args, 0) as i32)))
        }
        (KnownType::DateTime, "specifykind") => match (args.first(), args.get(1)) {
            (Some(Value::DateTime(d)), Some(k)) => {
                let kind = match to_str(k).to_ascii_lowercase().as_str() {
                    "utc" | "1" => DateKind::Utc,
                    "local" | "2" => DateKind::Local,
                    _ => DateKind::Unspecified,
                };
                Ok(Value::DateTime(d.with_kind(kind)))
            }
            _ => Err(bad_format()),
        },
        (KnownType::DateTime, "new") => {
            let parts: Vec<i64> = match args
                .iter()
                .enumerate()
                .map(|(i, _)| long(args, i))
                .collect::<Eval<Vec<_>>>()
            {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            match parts.as_slice() {
                [ticks] => PsDateTime::from_ticks(*ticks, DateKind::Unspecified)
                    .map(Value::DateTime)
                    .ok_or_else(out_of_range),
                [y, mo, d, rest @ ..] if rest.len() <= 4 && rest.len() != 1 && rest.len() != 2 => {
                    let at = |i: usize| rest.get(i).copied().unwrap_or(0);
                    PsDateTime::from_civil(
                        datetime::Civil {
                            year: *y as i32,
                            month: *mo as u32,
                            day: *d as u32,
                            hour: at(0) as u32,
                            minute: at(1) as u32,
                            second: at(2) as u32,
                            fraction: at(3) * TICKS_PER_MILLISECOND,
                        },
                        DateKind::Unspecified,
                    )
                    .map(Value::DateTime)
                    .ok_or_else(|| {
                        Flow::error(
                            "ArgumentOutOfRangeException",
                            ErrorCategory::InvalidArgument,
                            "Year, Month, and Day parameters describe an un-representable DateTime.",
                        )
                    })
                }
                _ => Err(bad_format()),
            }
        }
        (KnownType::TimeSpan, "fromdays") => span_of(TICKS_PER_DAY),
        (KnownType::TimeSpan, "fromhours") => span_of(TICKS_PER_HOUR),
        (KnownType::TimeSpan, "fromminutes") => span_of(TICKS_PER_MINUTE),
        (KnownType::TimeSpan, "fromseconds") => span_of(TICKS_PER_SECOND),
        (KnownType::TimeSpan, "frommilliseconds") => span_of(TICKS_PER_MILLISECOND),
        (KnownType::TimeSpan, "fromticks") => long(args, 0).map(|t| Value::TimeSpan(PsTimeSpan(t))),
        (KnownType::TimeSpan, "parse") => cast(args.first(), KnownType::TimeSpan),
        (KnownType::TimeSpan, "new") => {
            let p: Vec<i64> = match (0..args.len()).map(|i| long(args, i)).collect() {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            let ticks = match p.as_slice() {
                [t] => Some(*t),
                [h, m, s] => Some(h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE + s * TICKS_PER_SECOND),
                [d, h, m, s] => Some(
                    d * TICKS_PER_DAY
                        + h * TICKS_PER_HOUR
                        + m * TICKS_PER_MINUTE
                        + s * TICKS_PER_SECOND,
                ),
                [d, h, m, s, ms] => Some(
                    d * TICKS_PER_DAY
                        + h * TICKS_PER_HOUR
                        + m * TICKS_PER_MINUTE
                        + s * TICKS_PER_SECOND
                        + ms * TICKS_PER_MILLISECOND,
                ),
                _ => None,
            };
            ticks
                .map(|t| Value::TimeSpan(PsTimeSpan(t)))
                .ok_or_else(bad_format)
        }
        (KnownType::Guid, "newguid") => Ok(Value::Guid(uuid::Uuid::new_v4())),
        (KnownType::Guid, "parse" | "new") => cast(args.first(), KnownType::Guid),
        (KnownType::Version, "parse") => cast(args.first(), KnownType::Version),
        (KnownType::Version, "new") => {
            if let [one] = args
                && matches!(one, Value::String(_))
            {
                return Some(cast(Some(one), KnownType::Version));
            }
            let p: Vec<i64> = match (0..args.len()).map(|i| long(args, i)).collect() {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            let at = |i: usize| p.get(i).map_or(-1, |v| *v as i32);
            match p.len() {
                2..=4 => Ok(Value::Version(PsVersion::new(at(0), at(1), at(2), at(3)))),
                0 => Ok(Value::Version(PsVersion::new(0, 0, -1, -1))),
                _ => Err(bad_format()),
            }
        }
        (KnownType::EnumBase, "getnames" | "getvalues" | "parse" | "tryparse") => {
            match args.first() {
                Some(Value::Type(t)) if matches!(t.known(), KnownType::Enum(_)) => {
                    return static_method(t.known(), lower, &args[1..]);
                }
                _ => Err(Flow::error(
                    "ArgumentException",
                    ErrorCategory::InvalidArgument,
                    "Type provided must be an Enum.",
                )),
            }
        }
        (KnownType::Enum(id), "tryparse") => try_parse(args, KnownType::Enum(id)),
        (KnownType::Enum(id), "parse") => cast(args.first(), KnownType::Enum(id)),
        (KnownType::Enum(id), "getnames") => Ok(Value::from(
            id.ty()
                .members
                .iter()
                .map(|(n, _)| Value::str(n))
                .collect::<Vec<_>>(),
        )),
        (KnownType::Enum(id), "getvalues") => Ok(Value::from(
            id.ty()
                .members
                .iter()
                .map(|(_, v)| Value::Enum(EnumValue::new(id, *v)))
                .collect::<Vec<_>>(),
        )),
        _ => return None,
    })
}

/// `[System.Management.Automation.PSSerializer]::Serialize(obj[, depth])` (depth 1 by
/// default), `::Deserialize(text)` (one object, or an array of several) and
/// `::DeserializeAsList(text)`.
fn ps_serializer(lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    use crate::serialization::{Limits, SerializeOptions, Serializer, deserialize_document};
    let failed =
        |message: String| Flow::error("XmlException", ErrorCategory::NotSpecified, message);
    Some(match (lower, args) {
        ("serialize", [obj]) | ("serialize", [obj, _]) => {
            let depth = match args.get(1) {
                None => 1,
                Some(d) => {
                    match crate::convert::to_numeric(d).and_then(|n| crate::convert::as_f64(&n)) {
                        Some(d) if d >= 1.0 => d as usize,
                        _ => {
                            return Some(Err(Flow::error(
                                "ArgumentException",
                                ErrorCategory::InvalidArgument,
                                "The depth must be at least 1.",
                            )));
                        }
                    }
                }
            };
            let mut s = Serializer::new(SerializeOptions {
                depth,
                ..SerializeOptions::EXPORT
            });
            s.write(obj);
            Ok(Value::from(s.finish()))
        }
        ("deserialize" | "deserializeaslist", [text]) => {
            let text = to_str(text);
            match deserialize_document(text.as_bytes(), &Limits::default()) {
                Ok(mut values) if lower == "deserialize" && values.len() == 1 => {
                    Ok(values.remove(0))
                }
                Ok(values) => Ok(Value::Array(crate::value::Array::new(values))),
                Err(e) => Err(failed(e.to_string())),
            }
        }
        _ => return None,
    })
}

/// A property of a `[bigint]`, by lower-case name.
pub(crate) fn bigint_property(i: &num_bigint::BigInt, lower: &str) -> Option<Value> {
    use num_bigint::Sign;
    let magnitude = i.magnitude();
    Some(match lower {
        "ispoweroftwo" => Value::Bool(i.sign() == Sign::Plus && magnitude.count_ones() == 1),
        "iszero" => Value::Bool(i.sign() == Sign::NoSign),
        "isone" => Value::Bool(*i == num_bigint::BigInt::from(1)),
        "iseven" => Value::Bool(!magnitude.bit(0)),
        "sign" => Value::Int(match i.sign() {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        }),
        _ => return None,
    })
}
