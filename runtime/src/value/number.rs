//! Number to text as PowerShell prints it: doubles with 15 significant digits (the precision
//! .NET used before .NET Core 3.0, which PowerShell kept), in the invariant culture.

/// Format a double as PowerShell converts it to a string (.NET `"G15"`-style, invariant).
pub fn format_double(d: f64) -> String {
    format_general(d, 15)
}

/// Format a single-precision float (`"G7"`-style).
pub fn format_single(f: f32) -> String {
    format_general(f64::from(f), 7)
}

/// A double as .NET Core's `Double.ToString()` gives it: the shortest text that reads back
/// as the same double (`3.3000000000000003`), scientific from an exponent of 15 up or
/// below -4 (`1E+15`, `1E-05`).
pub fn format_double_round_trip(d: f64) -> String {
    if let Some(special) = special_text(d) {
        return special;
    }
    // Rust's `{:e}` is the shortest round-trip form.
    layout(&format!("{d:e}"), 15)
}

fn special_text(d: f64) -> Option<String> {
    if d.is_nan() {
        return Some("NaN".into());
    }
    if d.is_infinite() {
        return Some(if d > 0.0 { "∞".into() } else { "-∞".into() });
    }
    if d == 0.0 {
        return Some(if d.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        });
    }
    None
}

fn format_general(d: f64, precision: usize) -> String {
    if let Some(special) = special_text(d) {
        return special;
    }
    // Round to `precision` significant digits using scientific formatting.
    layout(&format!("{:.*e}", precision - 1, d), precision)
}

/// Lay out a number given in Rust's scientific form (`-1.25e3`) as .NET's general format
/// does: fixed notation unless the exponent is `precision` or more, or below -4.
fn layout(sci: &str, precision: usize) -> String {
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci.to_string();
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let sign = if negative { "-" } else { "" };
    if exp <= -5 || exp >= precision as i32 {
        // Scientific: d.dddE+XX, exponent at least two digits.
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}E{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_with_fifteen_digits() {
        assert_eq!(format_double(0.1 + 0.2), "0.3");
        assert_eq!(format_double(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_double(2.5), "2.5");
        assert_eq!(format_double(1.0), "1");
        assert_eq!(format_double(11111.11 - 11110.01), "1.10000000000036");
        assert_eq!(format_double(0.4 - 0.3 - 0.1), "2.77555756156289E-17");
        assert_eq!(format_double(1e15), "1E+15");
        assert_eq!(format_double(123456789012345.0), "123456789012345");
        assert_eq!(format_double(-0.00001), "-1E-05");
        assert_eq!(format_double(0.0001), "0.0001");
        assert_eq!(format_double(f64::INFINITY), "∞");
    }

    #[test]
    fn round_trip_is_the_shortest_text() {
        assert_eq!(format_double_round_trip(1.1 * 3.0), "3.3000000000000003");
        assert_eq!(format_double_round_trip(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_double_round_trip(2.5), "2.5");
        assert_eq!(format_double_round_trip(1e15), "1E+15");
        assert_eq!(format_double_round_trip(1e14), "100000000000000");
        assert_eq!(
            format_double_round_trip(1234567890123456.7),
            "1.2345678901234568E+15"
        );
        assert_eq!(format_double_round_trip(0.0001), "0.0001");
        assert_eq!(format_double_round_trip(-0.00001), "-1E-05");
        assert_eq!(
            format_double_round_trip(f64::MAX),
            "1.7976931348623157E+308"
        );
    }
}
