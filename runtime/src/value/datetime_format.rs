//! .NET date and time format strings: standard (`d`, `D`, `g`, `o`, `s`, `u`, ...) and custom
//! (`yyyy-MM-dd HH:mm:ss.fff`, quoted literals, `\` escapes), for the two cultures rosh uses:
//! the invariant culture (string conversion, `-f`) and en-US, rosh's current culture
//! (`ToString()`, Out-Default, `Get-Date -Format`).

use super::datetime::{
    PsDateTime, PsTimeSpan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};

/// A culture's date and time patterns.
pub struct Culture {
    short_date: &'static str,
    long_date: &'static str,
    short_time: &'static str,
    long_time: &'static str,
    month_day: &'static str,
    year_month: &'static str,
}

/// The invariant culture.
pub const INVARIANT: Culture = Culture {
    short_date: "MM/dd/yyyy",
    long_date: "dddd, dd MMMM yyyy",
    short_time: "HH:mm",
    long_time: "HH:mm:ss",
    month_day: "MMMM dd",
    year_month: "yyyy MMMM",
};

/// en-US, rosh's current culture.
pub const EN_US: Culture = Culture {
    short_date: "M/d/yyyy",
    long_date: "dddd, MMMM d, yyyy",
    short_time: "h:mm tt",
    long_time: "h:mm:ss tt",
    month_day: "MMMM d",
    year_month: "MMMM yyyy",
};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English day names, Sunday first.
pub const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Why a format string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFormat;

/// Format a DateTime with a .NET format string (empty: the general `G` format).
pub fn format_datetime(
    d: PsDateTime,
    format: &str,
    culture: &Culture,
) -> Result<String, BadFormat> {
    let owned;
    let pattern: &str = if format.chars().count() == 1 {
        owned = match format {
            "d" => culture.short_date.to_string(),
            "D" => culture.long_date.to_string(),
            "t" => culture.short_time.to_string(),
            "T" => culture.long_time.to_string(),
            "f" => format!("{} {}", culture.long_date, culture.short_time),
            "F" => format!("{} {}", culture.long_date, culture.long_time),
            "g" => format!("{} {}", culture.short_date, culture.short_time),
            "G" => format!("{} {}", culture.short_date, culture.long_time),
            "M" | "m" => culture.month_day.to_string(),
            "Y" | "y" => culture.year_month.to_string(),
            "s" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss".to_string(),
            "u" => {
                return custom(d.to_universal(), "yyyy'-'MM'-'dd HH':'mm':'ss'Z'");
            }
            "U" => {
                let f = format!("{} {}", culture.long_date, culture.long_time);
                return custom(d.to_universal(), &f);
            }
            "o" | "O" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK".to_string(),
            "r" | "R" => {
                return custom(d.to_universal(), "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'");
            }
            _ => return Err(BadFormat),
        };
        &owned
    } else if format.is_empty() {
        owned = format!("{} {}", culture.short_date, culture.long_time);
        &owned
    } else {
        format
    };
    custom(d, pattern)
}

fn run_len(chars: &[char], i: usize) -> usize {
    let c = chars[i];
    chars[i..].iter().take_while(|&&x| x == c).count()
}

fn custom(d: PsDateTime, pattern: &str) -> Result<String, BadFormat> {
    let c = d.civil();
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let n = run_len(&chars, i);
        match ch {
            'y' => {
                let y = c.year;
                match n {
                    1 => out.push_str(&(y % 100).to_string()),
                    2 => out.push_str(&format!("{:02}", y % 100)),
                    _ => out.push_str(&format!("{y:0n$}")),
                }
                i += n;
            }
            'M' => {
                match n {
                    1 => out.push_str(&c.month.to_string()),
                    2 => out.push_str(&format!("{:02}", c.month)),
                    3 => out.push_str(&MONTH_NAMES[c.month as usize - 1][..3]),
                    _ => out.push_str(MONTH_NAMES[c.month as usize - 1]),
                }
                i += n;
            }
            'd' => {
                match n {
                    1 => out.push_str(&c.day.to_string()),
                    2 => out.push_str(&format!("{:02}", c.day)),
                    3 => out.push_str(&DAY_NAMES[d.day_of_week() as usize][..3]),
                    _ => out.push_str(DAY_NAMES[d.day_of_week() as usize]),
                }
                i += n;
            }
            'H' => {
                push_num(&mut out, c.hour, n);
                i += n;
            }
            'h' => {
                let h = match c.hour % 12 {
                    0 => 12,
                    h => h,
                };
                push_num(&mut out, h, n);
                i += n;
            }
            'm' => {
                push_num(&mut out, c.minute, n);
                i += n;
            }
            's' => {
                push_num(&mut out, c.second, n);
                i += n;
            }
            'f' | 'F' => {
                push_fraction(&mut out, c.fraction, n, ch == 'F')?;
                i += n;
            }
            't' => {
                let ampm = if c.hour < 12 { "AM" } else { "PM" };
                out.push_str(if n == 1 { &ampm[..1] } else { ampm });
                i += n;
            }
            'z' => {
                let (sign, h, m) = utc_offset(d);
                match n {
                    1 => out.push_str(&format!("{sign}{h}")),
                    2 => out.push_str(&format!("{sign}{h:02}")),
                    _ => out.push_str(&format!("{sign}{h:02}:{m:02}")),
                }
                i += n;
            }
            'K' => {
                match d.kind() {
                    super::datetime::DateKind::Utc => out.push('Z'),
                    super::datetime::DateKind::Local => {
                        let (sign, h, m) = utc_offset(d);
                        out.push_str(&format!("{sign}{h:02}:{m:02}"));
                    }
                    super::datetime::DateKind::Unspecified => {}
                }
                i += 1;
            }
            'g' => {
                out.push_str("A.D.");
                i += n;
            }
            ':' | '/' => {
                out.push(ch);
                i += 1;
            }
            '\'' | '"' | '\\' => i = push_literal(&mut out, &chars, i)?,
            '%' => {
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// The machine's UTC offset at `d` as a sign, hours and minutes.
fn utc_offset(d: PsDateTime) -> (char, i64, i64) {
    let off = d.local_offset_ticks() / TICKS_PER_MINUTE;
    let sign = if off < 0 { '-' } else { '+' };
    (sign, off.abs() / 60, off.abs() % 60)
}

/// `f`..`fffffff` (all digits) or `F`..`FFFFFFF` (trailing zeros dropped) of a fraction of a
/// second in ticks.
fn push_fraction(out: &mut String, ticks: i64, n: usize, trim: bool) -> Result<(), BadFormat> {
    if n > 7 {
        return Err(BadFormat);
    }
    let digits = format!("{ticks:07}");
    let part = &digits[..n];
    out.push_str(if trim {
        part.trim_end_matches('0')
    } else {
        part
    });
    Ok(())
}

/// A quoted literal (`'text'`, `"text"`) or an escaped character (`\x`) at `i`; returns the
/// index after it.
fn push_literal(out: &mut String, chars: &[char], i: usize) -> Result<usize, BadFormat> {
    let ch = chars[i];
    if ch == '\\' {
        out.push(*chars.get(i + 1).ok_or(BadFormat)?);
        return Ok(i + 2);
    }
    let close = chars[i + 1..]
        .iter()
        .position(|&x| x == ch)
        .ok_or(BadFormat)?;
    out.extend(&chars[i + 1..i + 1 + close]);
    Ok(i + close + 2)
}

fn push_num(out: &mut String, v: u32, width: usize) {
    if width >= 2 {
        out.push_str(&format!("{v:02}"));
    } else {
        out.push_str(&v.to_string());
    }
}

/// Format a TimeSpan: `c`/`t`/`T` or empty (constant), `g` (general short), `G` (general long),
/// or a custom format (`hh\:mm`, `d\.hh`, quoted literals).
pub fn format_timespan(t: PsTimeSpan, format: &str) -> Result<String, BadFormat> {
    match format {
        "" | "c" | "t" | "T" => return Ok(t.constant_format()),
        "g" | "G" => {
            let neg = if t.0 < 0 { "-" } else { "" };
            let a = PsTimeSpan(t.0.abs());
            let frac = a.0 % TICKS_PER_SECOND;
            let mut s = if format == "G" || a.days() > 0 {
                format!(
                    "{neg}{}:{:02}:{:02}:{:02}",
                    a.days(),
                    a.hours(),
                    a.minutes(),
                    a.seconds()
                )
            } else {
                format!("{neg}{}:{:02}:{:02}", a.hours(), a.minutes(), a.seconds())
            };
            if format == "G" {
                s.push_str(&format!(".{frac:07}"));
            } else if frac > 0 {
                s.push_str(&format!(".{}", format!("{frac:07}").trim_end_matches('0')));
            }
            return Ok(s);
        }
        _ => {}
    }
    let a = t.0.abs();
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let n = run_len(&chars, i);
        match ch {
            'd' => {
                out.push_str(&format!("{:0n$}", a / TICKS_PER_DAY));
                i += n;
            }
            'h' => {
                push_num(&mut out, (a % TICKS_PER_DAY / TICKS_PER_HOUR) as u32, n);
                i += n;
            }
            'm' => {
                push_num(&mut out, (a % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32, n);
                i += n;
            }
            's' => {
                push_num(
                    &mut out,
                    (a % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32,
                    n,
                );
                i += n;
            }
            'f' | 'F' => {
                push_fraction(&mut out, a % TICKS_PER_SECOND, n, ch == 'F')?;
                i += n;
            }
            '\'' | '"' | '\\' => i = push_literal(&mut out, &chars, i)?,
            '%' => i += 1,
            _ => return Err(BadFormat),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::datetime::parse_datetime;
    use super::*;

    #[test]
    fn standard_and_custom() {
        let d = parse_datetime("2024-01-05T09:03:07.25").unwrap();
        assert_eq!(
            format_datetime(d, "", &INVARIANT).unwrap(),
            "01/05/2024 09:03:07"
        );
        assert_eq!(
            format_datetime(d, "", &EN_US).unwrap(),
            "1/5/2024 9:03:07 AM"
        );
        assert_eq!(
            format_datetime(d, "D", &EN_US).unwrap(),
            "Friday, January 5, 2024"
        );
        assert_eq!(
            format_datetime(d, "yyyy-MM-dd HH:mm:ss.fff", &INVARIANT).unwrap(),
            "2024-01-05 09:03:07.250"
        );
        assert_eq!(
            format_datetime(d, "s", &INVARIANT).unwrap(),
            "2024-01-05T09:03:07"
        );
        assert_eq!(
            format_datetime(d, "o", &INVARIANT).unwrap(),
            "2024-01-05T09:03:07.2500000"
        );
        assert_eq!(
            format_datetime(d, "dddd 'the' d\\t\\h", &INVARIANT).unwrap(),
            "Friday the 5th"
        );
    }

    #[test]
    fn timespan_formats() {
        let t = PsTimeSpan::parse("1.02:03:04.5").unwrap();
        assert_eq!(format_timespan(t, "c").unwrap(), "1.02:03:04.5000000");
        assert_eq!(format_timespan(t, "g").unwrap(), "1:02:03:04.5");
        assert_eq!(format_timespan(t, "hh\\:mm").unwrap(), "02:03");
        assert!(format_timespan(t, "hh:mm").is_err());
    }
}
