//! The text forms of primitive values in CLIXML: .NET's `XmlConvert` for doubles, dates and
//! durations, the invariant culture for the rest.

use crate::value::datetime::{
    Civil, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use crate::value::{DateKind, PsDateTime, PsTimeSpan};
use std::fmt::Write;

/// `XmlConvert.ToString(double)`: the shortest text that round-trips, in .NET's layout
/// (`1E+300`, `1E-05`, `0.1`, `-0`), and `INF`, `-INF`, `NaN`.
pub fn double_to_text(d: f64, out: &mut String) {
    if d.is_nan() {
        out.push_str("NaN");
        return;
    }
    if d.is_infinite() {
        out.push_str(if d > 0.0 { "INF" } else { "-INF" });
        return;
    }
    if d == 0.0 {
        out.push_str(if d.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{d:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        out.push_str(&sci);
        return;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if negative {
        out.push('-');
    }
    if !(-4..15).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "E{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
}

/// `XmlConvert.ToDouble`: numbers, `INF`, `-INF`, `NaN` (psrpcore writes `NAN`), with
/// surrounding white space.
pub fn parse_double(text: &str) -> Option<f64> {
    let t = text.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" => return Some(f64::NAN),
        "inf" | "infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Only the characters of a decimal number (Rust would also take "inf" spellings).
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    t.parse().ok()
}

/// Push the seven-digit fraction of a second with trailing zeros removed, after a `.`;
/// nothing when it is zero.
fn push_fraction(fraction: i64, out: &mut String) {
    if fraction == 0 {
        return;
    }
    let digits = format!("{fraction:07}");
    out.push('.');
    out.push_str(digits.trim_end_matches('0'));
}

/// `XmlConvert.ToString(dt, RoundtripKind)`: `yyyy-MM-ddTHH:mm:ss[.fffffff]` and `Z` (UTC),
/// the local offset (Local) or nothing (Unspecified).
pub fn datetime_to_text(d: PsDateTime, out: &mut String) {
    let c = d.civil();
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    );
    push_fraction(c.fraction, out);
    match d.kind() {
        DateKind::Utc => out.push('Z'),
        DateKind::Unspecified => {}
        DateKind::Local => {
            let offset = d.local_offset_ticks() / TICKS_PER_MINUTE;
            let sign = if offset < 0 { '-' } else { '+' };
            let m = offset.abs();
            let _ = write!(out, "{sign}{:02}:{:02}", m / 60, m % 60);
        }
    }
}

fn take_digits<'a>(s: &mut &'a str, min: usize, max: usize) -> Option<&'a str> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    let (d, rest) = s.split_at(n);
    *s = rest;
    Some(d)
}

fn expect(s: &mut &str, c: char) -> Option<()> {
    *s = s.strip_prefix(c)?;
    Some(())
}

/// `PsDateTime::from_civil` without a calendar library on the path (dates are common in
/// CLIXML): days from 0001-01-01 by the proleptic Gregorian calendar.
fn from_civil(c: Civil, kind: DateKind) -> Option<PsDateTime> {
    if !(1..=9999).contains(&c.year)
        || c.day < 1
        || c.day > crate::value::datetime::days_in_month(c.year, c.month)?
        || c.hour > 23
        || c.minute > 59
        || c.second > 59
    {
        return None;
    }
    let (y, m) = if c.month <= 2 {
        (i64::from(c.year) - 1, i64::from(c.month) + 9)
    } else {
        (i64::from(c.year), i64::from(c.month) - 3)
    };
    // Days since 0000-03-01, then moved to 0001-01-01 (306 days later).
    let era_days = 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400);
    let days = era_days + (153 * m + 2) / 5 + i64::from(c.day) - 1 - 306;
    let ticks = days * TICKS_PER_DAY
        + i64::from(c.hour) * TICKS_PER_HOUR
        + i64::from(c.minute) * TICKS_PER_MINUTE
        + i64::from(c.second) * TICKS_PER_SECOND
        + c.fraction;
    PsDateTime::from_ticks(ticks, kind)
}

/// `XmlConvert.ToDateTime(text, RoundtripKind)`: `Z` gives a UTC reading, an offset gives the
/// same instant as a local reading, and none an unspecified one.
pub fn parse_datetime(text: &str) -> Option<PsDateTime> {
    let mut s = text.trim();
    let year: i32 = take_digits(&mut s, 4, 4)?.parse().ok()?;
    expect(&mut s, '-')?;
    let month: u32 = take_digits(&mut s, 2, 2)?.parse().ok()?;
    expect(&mut s, '-')?;
    let day: u32 = take_digits(&mut s, 2, 2)?.parse().ok()?;
    let (mut hour, mut minute, mut second, mut fraction) = (0u32, 0u32, 0u32, 0i64);
    if expect(&mut s, 'T').is_some() {
        hour = take_digits(&mut s, 2, 2)?.parse().ok()?;
        expect(&mut s, ':')?;
        minute = take_digits(&mut s, 2, 2)?.parse().ok()?;
        expect(&mut s, ':')?;
        second = take_digits(&mut s, 2, 2)?.parse().ok()?;
        if expect(&mut s, '.').is_some() {
            let f = take_digits(&mut s, 1, 64)?;
            // Seven digits are ticks; further digits are below a tick (rounded down).
            let mut padded: String = f.chars().take(7).collect();
            while padded.len() < 7 {
                padded.push('0');
            }
            fraction = padded.parse().ok()?;
        }
    }
    let civil = Civil {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    };
    if s.is_empty() {
        return from_civil(civil, DateKind::Unspecified);
    }
    if s == "Z" {
        return from_civil(civil, DateKind::Utc);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    s = &s[1..];
    let oh: i64 = take_digits(&mut s, 2, 2)?.parse().ok()?;
    expect(&mut s, ':')?;
    let om: i64 = take_digits(&mut s, 2, 2)?.parse().ok()?;
    if !s.is_empty() || oh > 14 || om > 59 {
        return None;
    }
    let utc = from_civil(civil, DateKind::Utc)?;
    let utc = utc.add_ticks(-sign * (oh * TICKS_PER_HOUR + om * TICKS_PER_MINUTE))?;
    Some(utc.to_local())
}

/// `XmlConvert.ToString(TimeSpan)`: an ISO 8601 duration (`PT0S`, `P1DT2H3M4.5S`, `-PT1M30S`).
pub fn timespan_to_text(t: PsTimeSpan, out: &mut String) {
    let ticks = t.0.unsigned_abs();
    if t.0 < 0 {
        out.push('-');
    }
    out.push('P');
    let day = TICKS_PER_DAY as u64;
    let days = ticks / day;
    let rest = ticks % day;
    let hours = rest / TICKS_PER_HOUR as u64;
    let minutes = rest % TICKS_PER_HOUR as u64 / TICKS_PER_MINUTE as u64;
    let seconds = rest % TICKS_PER_MINUTE as u64 / TICKS_PER_SECOND as u64;
    let fraction = rest % TICKS_PER_SECOND as u64;
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if rest > 0 {
        out.push('T');
        if hours > 0 {
            let _ = write!(out, "{hours}H");
        }
        if minutes > 0 {
            let _ = write!(out, "{minutes}M");
        }
        if seconds > 0 || fraction > 0 {
            let _ = write!(out, "{seconds}");
            push_fraction(fraction as i64, out);
            out.push('S');
        }
    }
    if ticks == 0 {
        out.push_str("T0S");
    }
}

/// `XmlConvert.ToTimeSpan`: `[-]P[nY][nM][nD][T[nH][nM][n[.f]S]]` (a year is 365 days and a
/// month 30, as .NET counts them).
pub fn parse_timespan(text: &str) -> Option<PsTimeSpan> {
    let mut s = text.trim();
    let negative = expect(&mut s, '-').is_some();
    expect(&mut s, 'P')?;
    let mut ticks: i64 = 0;
    let mut any = false;
    let mut in_time = false;
    let add = |ticks: &mut i64, n: i64, unit: i64| -> Option<()> {
        *ticks = ticks.checked_add(n.checked_mul(unit)?)?;
        Some(())
    };
    while !s.is_empty() {
        if !in_time && expect(&mut s, 'T').is_some() {
            in_time = true;
            if s.is_empty() {
                return None;
            }
            continue;
        }
        let n: i64 = take_digits(&mut s, 1, 18)?.parse().ok()?;
        let mut fraction = 0i64;
        if in_time && expect(&mut s, '.').is_some() {
            let f = take_digits(&mut s, 1, 64)?;
            let mut padded: String = f.chars().take(7).collect();
            while padded.len() < 7 {
                padded.push('0');
            }
            fraction = padded.parse().ok()?;
            if !s.starts_with('S') {
                return None;
            }
        }
        let unit = s.chars().next()?;
        s = &s[1..];
        any = true;
        match (in_time, unit) {
            (false, 'Y') => add(&mut ticks, n, 365 * TICKS_PER_DAY)?,
            (false, 'M') => add(&mut ticks, n, 30 * TICKS_PER_DAY)?,
            (false, 'D') => add(&mut ticks, n, TICKS_PER_DAY)?,
            (true, 'H') => add(&mut ticks, n, TICKS_PER_HOUR)?,
            (true, 'M') => add(&mut ticks, n, TICKS_PER_MINUTE)?,
            (true, 'S') => {
                add(&mut ticks, n, TICKS_PER_SECOND)?;
                ticks = ticks.checked_add(fraction)?;
            }
            _ => return None,
        }
    }
    if !any {
        return None;
    }
    Some(PsTimeSpan(if negative { -ticks } else { ticks }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: f64) -> String {
        let mut s = String::new();
        double_to_text(v, &mut s);
        s
    }

    fn ts(ticks: i64) -> String {
        let mut s = String::new();
        timespan_to_text(PsTimeSpan(ticks), &mut s);
        s
    }

    #[test]
    fn doubles_as_xmlconvert_writes_them() {
        assert_eq!(d(3.25159), "3.25159");
        assert_eq!(d(1e300), "1E+300");
        assert_eq!(d(-0.0), "-0");
        assert_eq!(d(0.1), "0.1");
        assert_eq!(d(f64::INFINITY), "INF");
        assert_eq!(d(f64::NEG_INFINITY), "-INF");
        assert_eq!(d(f64::NAN), "NaN");
        assert_eq!(d(1e15), "1E+15");
        assert_eq!(d(123456789012345.0), "123456789012345");
        assert_eq!(d(0.0001), "0.0001");
        assert_eq!(d(0.00001), "1E-05");
        assert_eq!(d(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(d(-2.5), "-2.5");
        assert_eq!(d(1.0), "1");
        for v in [0.1 + 0.2, 1e-300, 5e-324, f64::MAX, -123.456e20] {
            assert_eq!(parse_double(&d(v)), Some(v));
        }
        assert!(parse_double("NAN").is_some_and(f64::is_nan));
        assert!(parse_double("infinity x").is_none());
        assert!(parse_double("0x10").is_none());
    }

    #[test]
    fn durations_as_xmlconvert_writes_them() {
        assert_eq!(ts(0), "PT0S");
        assert_eq!(ts(30 * TICKS_PER_SECOND), "PT30S");
        assert_eq!(ts(-90 * TICKS_PER_SECOND), "-PT1M30S");
        assert_eq!(ts(TICKS_PER_DAY), "P1D");
        let t =
            TICKS_PER_DAY + 2 * TICKS_PER_HOUR + 3 * TICKS_PER_MINUTE + 45 * TICKS_PER_SECOND / 10;
        assert_eq!(ts(t), "P1DT2H3M4.5S");
        assert_eq!(ts(1), "PT0.0000001S");
        for text in [
            "PT0S",
            "PT30S",
            "-PT1M30S",
            "P1D",
            "P1DT2H3M4.5S",
            "PT0.0000001S",
        ] {
            let parsed = parse_timespan(text).unwrap();
            assert_eq!(ts(parsed.0), text);
        }
        assert_eq!(parse_timespan("P1Y").unwrap().0, 365 * TICKS_PER_DAY);
        for bad in [
            "",
            "P",
            "PT",
            "1D",
            "P1H",
            "PT1D",
            "P99999999999999999D",
            "PT1.5M",
        ] {
            assert!(parse_timespan(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn fast_civil_agrees_with_the_calendar() {
        for (y, m, d) in [
            (1, 1, 1),
            (1600, 2, 29),
            (1900, 3, 1),
            (2000, 2, 29),
            (2024, 12, 31),
            (9999, 12, 31),
        ] {
            let c = Civil {
                year: y,
                month: m,
                day: d,
                hour: 13,
                minute: 5,
                second: 7,
                fraction: 9,
            };
            assert_eq!(
                from_civil(c, DateKind::Utc),
                PsDateTime::from_civil(c, DateKind::Utc),
                "{y}-{m}-{d}"
            );
        }
        let bad = Civil {
            year: 2023,
            month: 2,
            day: 29,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: 0,
        };
        assert!(from_civil(bad, DateKind::Utc).is_none());
    }

    #[test]
    fn dates_round_trip() {
        for text in [
            "2024-01-02T03:04:05.123456Z",
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05.1234567Z",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59.9999999Z",
        ] {
            let v = parse_datetime(text).unwrap();
            let mut s = String::new();
            datetime_to_text(v, &mut s);
            assert_eq!(s, text);
        }
        let local = parse_datetime("2024-01-02T03:04:05+05:30").unwrap();
        assert_eq!(local.kind(), DateKind::Local);
        assert_eq!(
            local.to_universal(),
            parse_datetime("2024-01-01T21:34:05Z").unwrap()
        );
        for bad in [
            "2024-13-01T00:00:00",
            "2024-01-02T03:04",
            "2024-01-02T03:04:05+5:00",
            "x",
        ] {
            assert!(parse_datetime(bad).is_none(), "{bad}");
        }
    }
}
