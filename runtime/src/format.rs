//! .NET composite formatting for `-f` (`'{0,-10:N2}' -f $x`), in the invariant culture.

use crate::convert::{as_f64, as_i128, to_numeric, to_str};
use crate::error::{ErrorCategory, Eval, Flow};
use crate::value::Value;

fn format_error() -> Flow {
    Flow::error(
        "FormatError",
        ErrorCategory::InvalidOperation,
        "Error formatting a string: Input string was not in a correct format..",
    )
}

/// Apply `-f`: `template` with `{index[,alignment][:format]}` items filled from `args`.
pub fn format_operator(template: &str, args: &[Value]) -> Eval<String> {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(format_error()),
            '{' => {
                let mut item = String::new();
                let mut closed = false;
                for n in chars.by_ref() {
                    if n == '}' {
                        closed = true;
                        break;
                    }
                    item.push(n);
                }
                if !closed {
                    return Err(format_error());
                }
                let (head, spec) = match item.split_once(':') {
                    Some((h, s)) => (h, Some(s)),
                    None => (item.as_str(), None),
                };
                let (index, align) = match head.split_once(',') {
                    Some((i, a)) => (i.trim(), Some(a.trim())),
                    None => (head.trim(), None),
                };
                let index: usize = index.parse().map_err(|_| format_error())?;
                let value = args.get(index).ok_or_else(|| {
                    Flow::error(
                        "FormatError",
                        ErrorCategory::InvalidOperation,
                        "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..",
                    )
                })?;
                let text = format_value(value, spec)?;
                match align.map(|a| a.parse::<i64>()) {
                    Some(Ok(w)) if w < 0 => out.push_str(&format!(
                        "{text:<width$}",
                        width = w.unsigned_abs() as usize
                    )),
                    Some(Ok(w)) => out.push_str(&format!("{text:>width$}", width = w as usize)),
                    Some(Err(_)) => return Err(format_error()),
                    None => out.push_str(&text),
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Format one value with a .NET format string.
pub fn format_value(v: &Value, spec: Option<&str>) -> Eval<String> {
    let Some(spec) = spec.filter(|s| !s.is_empty()) else {
        return Ok(to_str(v));
    };
    use crate::value::datetime_format::{INVARIANT, format_datetime, format_timespan};
    match v {
        Value::DateTime(d) => {
            return format_datetime(*d, spec, &INVARIANT).map_err(|_| format_error());
        }
        Value::TimeSpan(t) => return format_timespan(*t, spec).map_err(|_| format_error()),
        _ => {}
    }
    let numeric = match v {
        Value::String(_) | Value::Null | Value::Bool(_) => None,
        other => to_numeric(other),
    };
    let Some(n) = numeric else {
        return Ok(to_str(v));
    };
    let mut chars = spec.chars();
    let kind = chars.next().unwrap_or('G');
    let rest: String = chars.collect();
    let precision: Option<usize> = if rest.is_empty() {
        None
    } else {
        rest.parse().ok()
    };
    let standard = precision.is_some() || rest.is_empty();
    if standard {
        let f = as_f64(&n).unwrap_or(0.0);
        match kind {
            'N' | 'n' => {
                return Ok(group_thousands(&format!(
                    "{:.*}",
                    precision.unwrap_or(2),
                    f
                )));
            }
            'F' | 'f' => return Ok(format!("{:.*}", precision.unwrap_or(2), f)),
            'P' | 'p' => {
                return Ok(format!(
                    "{} %",
                    group_thousands(&format!("{:.*}", precision.unwrap_or(2), f * 100.0))
                ));
            }
            'C' | 'c' => {
                let s = group_thousands(&format!("{:.*}", precision.unwrap_or(2), f.abs()));
                return Ok(if f < 0.0 {
                    format!("-¤{s}")
                } else {
                    format!("¤{s}")
                });
            }
            'E' | 'e' => {
                let s = format!("{:.*e}", precision.unwrap_or(6), f);
                let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                let exp: i32 = e.parse().unwrap_or(0);
                let sign = if exp < 0 { '-' } else { '+' };
                return Ok(format!(
                    "{m}{}{sign}{:03}",
                    if kind == 'E' { 'E' } else { 'e' },
                    exp.abs()
                ));
            }
            'D' | 'd' => {
                let i = as_i128(&n).ok_or_else(format_error)?;
                let digits = format!("{:0width$}", i.abs(), width = precision.unwrap_or(1));
                return Ok(if i < 0 { format!("-{digits}") } else { digits });
            }
            'X' | 'x' => {
                let i = as_i128(&n).ok_or_else(format_error)?;
                let bits = match n {
                    Value::Int(_) => i & 0xFFFF_FFFF,
                    Value::Long(_) => i & 0xFFFF_FFFF_FFFF_FFFF,
                    _ => i,
                };
                let s = format!("{:0width$x}", bits, width = precision.unwrap_or(1));
                return Ok(if kind == 'X' { s.to_uppercase() } else { s });
            }
            'G' | 'g' if precision.is_some_and(|p| p > 0) => {
                return Ok(general(f, precision.unwrap_or(1), kind == 'G'));
            }
            'G' | 'g' | 'R' | 'r' => return Ok(to_str(&n)),
            _ => {}
        }
    }
    Ok(custom_number(as_f64(&n).unwrap_or(0.0), spec))
}

/// .NET's `G<precision>`: `precision` significant digits, in fixed notation unless the
/// exponent is at least the precision or below -5, then `d.dddE+dd`; trailing zeros go.
fn general(f: f64, precision: usize, upper: bool) -> String {
    let sci = format!("{:.*e}", precision - 1, f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |t: &str| -> String {
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t.to_string()
        }
    };
    if exp >= precision as i32 || exp < -5 {
        let sign = if exp < 0 { '-' } else { '+' };
        format!(
            "{}{}{sign}{:02}",
            trim(mantissa),
            if upper { 'E' } else { 'e' },
            exp.abs()
        )
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        trim(&format!("{f:.decimals$}"))
    }
}

fn group_thousands(fixed: &str) -> String {
    let (sign, body) = fixed.strip_prefix('-').map_or(("", fixed), |b| ("-", b));
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Custom numeric formats: `0.00`, `#,##0.0`, `000`, `#.##`, `0%`.
fn custom_number(f: f64, spec: &str) -> String {
    let percent = spec.contains('%');
    let f = if percent { f * 100.0 } else { f };
    let (int_spec, frac_spec) = spec.split_once('.').map_or((spec, ""), |(a, b)| (a, b));
    let frac_digits_min = frac_spec.chars().filter(|c| *c == '0').count();
    let frac_digits_max = frac_spec.chars().filter(|c| *c == '0' || *c == '#').count();
    let int_min = int_spec.chars().filter(|c| *c == '0').count();
    let group = int_spec.contains(',');
    let rounded = format!("{:.*}", frac_digits_max, f.abs());
    let (int_part, frac_part) = rounded
        .split_once('.')
        .map_or((rounded.as_str(), ""), |(a, b)| (a, b));
    let mut frac = frac_part.to_string();
    while frac.len() > frac_digits_min && frac.ends_with('0') {
        frac.pop();
    }
    let mut int = int_part.trim_start_matches('0').to_string();
    while int.len() < int_min {
        int.insert(0, '0');
    }
    if group {
        int = group_thousands(&int);
    }
    let mut s = int;
    if !frac.is_empty() {
        s.push('.');
        s.push_str(&frac);
    }
    if f < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        s.insert(0, '-');
    }
    if percent {
        s.push('%');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(t: &str, args: &[Value]) -> String {
        format_operator(t, args).unwrap_or_else(|_| "ERR".into())
    }

    #[test]
    fn composite_formatting() {
        assert_eq!(
            f("{0} and {1}", &[Value::Int(1), Value::str("x")]),
            "1 and x"
        );
        assert_eq!(f("[{0,5}]", &[Value::Int(42)]), "[   42]");
        assert_eq!(f("[{0,-5}]", &[Value::Int(42)]), "[42   ]");
        assert_eq!(f("{0:N2}", &[Value::Double(1234.5)]), "1,234.50");
        assert_eq!(f("{0:D4}", &[Value::Int(42)]), "0042");
        assert_eq!(f("{0:X}", &[Value::Int(255)]), "FF");
        assert_eq!(f("{0:x4}", &[Value::Int(255)]), "00ff");
        assert_eq!(f("{0:F1}", &[Value::Double(2.25)]), "2.2");
        assert_eq!(f("{0:P1}", &[Value::Double(0.125)]), "12.5 %");
        assert_eq!(f("{0:0.00}", &[Value::Double(1.23456)]), "1.23");
        assert_eq!(f("{0:#,##0}", &[Value::Int(1234567)]), "1,234,567");
        assert_eq!(f("{{{0}}}", &[Value::Int(1)]), "{1}");
        assert_eq!(f("{0:E2}", &[Value::Double(1234.5)]), "1.23E+003");
    }
}
