//! `[datetime]` and `[timespan]` as .NET has them: a count of 100-nanosecond ticks since
//! 0001-01-01 with a *kind* (UTC, local or unspecified), and a signed tick count. Calendar
//! arithmetic and time zones come from `jiff`; the tick model is .NET's, because scripts and
//! CLIXML (`<DT>`, `<TS>`) depend on it.

use jiff::civil;
use jiff::tz::TimeZone;

/// Ticks in one millisecond.
pub const TICKS_PER_MILLISECOND: i64 = 10_000;
/// Ticks in one second.
pub const TICKS_PER_SECOND: i64 = 10_000_000;
/// Ticks in one minute.
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
/// Ticks in one hour.
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
/// Ticks in one day.
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;
/// The largest tick count a DateTime holds (9999-12-31T23:59:59.9999999).
pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// Ticks at the Unix epoch (1970-01-01T00:00:00Z).
pub const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

/// What a DateTime's clock reading is relative to (`DateTimeKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// Neither UTC nor local: a plain calendar reading.
    Unspecified,
    /// Coordinated Universal Time.
    Utc,
    /// The machine's time zone.
    Local,
}

impl DateKind {
    /// The name .NET gives the kind.
    pub fn name(self) -> &'static str {
        match self {
            DateKind::Unspecified => "Unspecified",
            DateKind::Utc => "Utc",
            DateKind::Local => "Local",
        }
    }
}

/// A `System.DateTime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PsDateTime {
    ticks: i64,
    kind: DateKind,
}

/// A `System.TimeSpan`: a signed count of ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PsTimeSpan(pub i64);

/// The calendar fields of a DateTime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// 1 to 9999.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
    /// Ticks within the second, 0 to 9,999,999.
    pub fraction: i64,
}

fn epoch_date() -> civil::Date {
    civil::date(1, 1, 1)
}

impl PsDateTime {
    /// A DateTime from ticks and kind; `None` outside 0001-01-01 .. 9999-12-31.
    pub fn from_ticks(ticks: i64, kind: DateKind) -> Option<PsDateTime> {
        (0..=MAX_TICKS)
            .contains(&ticks)
            .then_some(PsDateTime { ticks, kind })
    }

    /// The earliest DateTime.
    pub const MIN: PsDateTime = PsDateTime {
        ticks: 0,
        kind: DateKind::Unspecified,
    };

    /// The latest DateTime.
    pub const MAX: PsDateTime = PsDateTime {
        ticks: MAX_TICKS,
        kind: DateKind::Unspecified,
    };

    /// A DateTime from calendar fields; `None` when they do not name a real date.
    pub fn from_civil(c: Civil, kind: DateKind) -> Option<PsDateTime> {
        let year = i16::try_from(c.year).ok()?;
        let date =
            civil::Date::new(year, i8::try_from(c.month).ok()?, i8::try_from(c.day).ok()?).ok()?;
        if c.hour > 23
            || c.minute > 59
            || c.second > 59
            || !(0..TICKS_PER_SECOND).contains(&c.fraction)
        {
            return None;
        }
        let days = epoch_date().until(date).ok()?.get_days();
        let ticks = i64::from(days) * TICKS_PER_DAY
            + i64::from(c.hour) * TICKS_PER_HOUR
            + i64::from(c.minute) * TICKS_PER_MINUTE
            + i64::from(c.second) * TICKS_PER_SECOND
            + c.fraction;
        PsDateTime::from_ticks(ticks, kind)
    }

    /// Ticks since 0001-01-01T00:00:00.
    pub fn ticks(self) -> i64 {
        self.ticks
    }

    /// Its kind.
    pub fn kind(self) -> DateKind {
        self.kind
    }

    /// The same clock reading with another kind (`[datetime]::SpecifyKind`).
    pub fn with_kind(self, kind: DateKind) -> PsDateTime {
        PsDateTime { kind, ..self }
    }

    /// The calendar fields.
    pub fn civil(self) -> Civil {
        let days = self.ticks.div_euclid(TICKS_PER_DAY);
        let time = self.ticks.rem_euclid(TICKS_PER_DAY);
        let date = epoch_date()
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(epoch_date());
        Civil {
            year: i32::from(date.year()),
            month: date.month() as u32,
            day: date.day() as u32,
            hour: (time / TICKS_PER_HOUR) as u32,
            minute: (time % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32,
            second: (time % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32,
            fraction: time % TICKS_PER_SECOND,
        }
    }

    /// The day of the week, 0 for Sunday (`DayOfWeek`).
    pub fn day_of_week(self) -> u32 {
        // 0001-01-01 was a Monday.
        ((self.ticks / TICKS_PER_DAY + 1) % 7) as u32
    }

    /// The day of the year, from 1.
    pub fn day_of_year(self) -> u32 {
        let c = self.civil();
        let start = PsDateTime::from_civil(
            Civil {
                year: c.year,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0,
                fraction: 0,
            },
            self.kind,
        )
        .unwrap_or(self);
        ((self.ticks - start.ticks) / TICKS_PER_DAY + 1) as u32
    }

    /// The date at midnight, same kind (`.Date`).
    pub fn date(self) -> PsDateTime {
        PsDateTime {
            ticks: self.ticks - self.ticks.rem_euclid(TICKS_PER_DAY),
            kind: self.kind,
        }
    }

    /// The time since midnight (`.TimeOfDay`).
    pub fn time_of_day(self) -> PsTimeSpan {
        PsTimeSpan(self.ticks.rem_euclid(TICKS_PER_DAY))
    }

    /// Add ticks; `None` when the result leaves the DateTime range.
    pub fn add_ticks(self, ticks: i64) -> Option<PsDateTime> {
        PsDateTime::from_ticks(self.ticks.checked_add(ticks)?, self.kind)
    }

    /// Add calendar months, clamping the day to the month's length (`AddMonths`).
    pub fn add_months(self, months: i64) -> Option<PsDateTime> {
        let c = self.civil();
        let total = i64::from(c.year) * 12 + i64::from(c.month) - 1 + months;
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = total.rem_euclid(12) as u32 + 1;
        let day = c.day.min(days_in_month(year, month)?);
        PsDateTime::from_civil(
            Civil {
                year,
                month,
                day,
                ..c
            },
            self.kind,
        )
    }

    /// The current time in the machine's time zone (`Get-Date`, `[datetime]::Now`).
    pub fn now() -> PsDateTime {
        let now = TimeZone::system().to_datetime(jiff::Timestamp::now());
        PsDateTime::from_jiff(now, DateKind::Local).unwrap_or(PsDateTime::MIN)
    }

    /// The current UTC time (`[datetime]::UtcNow`).
    pub fn utc_now() -> PsDateTime {
        PsDateTime::from_timestamp(jiff::Timestamp::now()).unwrap_or(PsDateTime::MIN)
    }

    /// A UTC DateTime at an instant.
    pub fn from_timestamp(ts: jiff::Timestamp) -> Option<PsDateTime> {
        let ticks = ts
            .as_second()
            .checked_mul(TICKS_PER_SECOND)?
            .checked_add(i64::from(ts.subsec_nanosecond()) / 100)?
            .checked_add(UNIX_EPOCH_TICKS)?;
        PsDateTime::from_ticks(ticks, DateKind::Utc)
    }

    /// A UTC DateTime some seconds after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Option<PsDateTime> {
        let ticks = seconds
            .checked_mul(TICKS_PER_SECOND)?
            .checked_add(UNIX_EPOCH_TICKS)?;
        PsDateTime::from_ticks(ticks, DateKind::Utc)
    }

    /// A local DateTime for a file time or other system time.
    pub fn from_system_time(t: std::time::SystemTime) -> Option<PsDateTime> {
        let ts = jiff::Timestamp::try_from(t).ok()?;
        PsDateTime::from_timestamp(ts).map(PsDateTime::to_local)
    }

    fn from_jiff(dt: civil::DateTime, kind: DateKind) -> Option<PsDateTime> {
        PsDateTime::from_civil(
            Civil {
                year: i32::from(dt.year()),
                month: dt.month() as u32,
                day: dt.day() as u32,
                hour: dt.hour() as u32,
                minute: dt.minute() as u32,
                second: dt.second() as u32,
                fraction: i64::from(dt.subsec_nanosecond()) / 100,
            },
            kind,
        )
    }

    fn to_jiff(self) -> Option<civil::DateTime> {
        let c = self.civil();
        civil::DateTime::new(
            i16::try_from(c.year).ok()?,
            c.month as i8,
            c.day as i8,
            c.hour as i8,
            c.minute as i8,
            c.second as i8,
            (c.fraction * 100) as i32,
        )
        .ok()
    }

    /// The instant this DateTime names: local and unspecified readings are taken as local.
    pub fn timestamp(self) -> Option<jiff::Timestamp> {
        let civil = self.to_jiff()?;
        let tz = match self.kind {
            DateKind::Utc => TimeZone::UTC,
            _ => TimeZone::system(),
        };
        tz.to_timestamp(civil).ok()
    }

    /// The same instant in UTC (`ToUniversalTime`).
    pub fn to_universal(self) -> PsDateTime {
        if self.kind == DateKind::Utc {
            return self;
        }
        self.timestamp()
            .and_then(PsDateTime::from_timestamp)
            .unwrap_or(self.with_kind(DateKind::Utc))
    }

    /// The same instant in the machine's time zone (`ToLocalTime`); unspecified readings are
    /// taken as UTC, as .NET does.
    pub fn to_local(self) -> PsDateTime {
        if self.kind == DateKind::Local {
            return self;
        }
        let Some(ts) = self.with_kind(DateKind::Utc).timestamp() else {
            return self.with_kind(DateKind::Local);
        };
        let local = TimeZone::system().to_datetime(ts);
        PsDateTime::from_jiff(local, DateKind::Local).unwrap_or(self.with_kind(DateKind::Local))
    }

    /// The offset from UTC of the machine's time zone at this reading, in ticks.
    pub fn local_offset_ticks(self) -> i64 {
        match self.kind {
            DateKind::Utc => 0,
            _ => self
                .timestamp()
                .map(|ts| i64::from(TimeZone::system().to_offset(ts).seconds()) * TICKS_PER_SECOND)
                .unwrap_or(0),
        }
    }

    /// Seconds since the Unix epoch (`[DateTimeOffset]::ToUnixTimeSeconds`, `Get-Date -UFormat %s`).
    pub fn unix_seconds(self) -> i64 {
        (self.to_universal().ticks - UNIX_EPOCH_TICKS).div_euclid(TICKS_PER_SECOND)
    }
}

/// The number of days in a month, `None` for a bad month or year.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let d = civil::Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, 1).ok()?;
    Some(d.days_in_month() as u32)
}

/// Whether a year is a leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl PsTimeSpan {
    /// The whole days.
    pub fn days(self) -> i64 {
        self.0 / TICKS_PER_DAY
    }
    /// The hours component, -23 to 23.
    pub fn hours(self) -> i64 {
        self.0 / TICKS_PER_HOUR % 24
    }
    /// The minutes component.
    pub fn minutes(self) -> i64 {
        self.0 / TICKS_PER_MINUTE % 60
    }
    /// The seconds component.
    pub fn seconds(self) -> i64 {
        self.0 / TICKS_PER_SECOND % 60
    }
    /// The milliseconds component.
    pub fn milliseconds(self) -> i64 {
        self.0 / TICKS_PER_MILLISECOND % 1000
    }
    /// The span in whole and fractional units of `unit` ticks (`TotalHours` and friends).
    pub fn total(self, unit: i64) -> f64 {
        self.0 as f64 / unit as f64
    }

    /// A span from a count of `unit` ticks, rounded to the nearest millisecond for fractions
    /// as .NET's `TimeSpan.FromX(double)` does; `None` on overflow.
    pub fn from_units(value: f64, unit: i64) -> Option<PsTimeSpan> {
        let ticks = value * unit as f64;
        if !ticks.is_finite() || ticks.abs() >= i64::MAX as f64 {
            return None;
        }
        Some(PsTimeSpan(ticks.round() as i64))
    }

    /// The constant format (`c`): `[-][d.]hh:mm:ss[.fffffff]`.
    pub fn constant_format(self) -> String {
        let neg = self.0 < 0;
        let t = self.0.unsigned_abs();
        let day = TICKS_PER_DAY as u64;
        let days = t / day;
        let rest = t % day;
        let (h, m, s, f) = (
            rest / TICKS_PER_HOUR as u64,
            rest % TICKS_PER_HOUR as u64 / TICKS_PER_MINUTE as u64,
            rest % TICKS_PER_MINUTE as u64 / TICKS_PER_SECOND as u64,
            rest % TICKS_PER_SECOND as u64,
        );
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        if days > 0 {
            out.push_str(&format!("{days}."));
        }
        out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
        if f > 0 {
            out.push_str(&format!(".{f:07}"));
        }
        out
    }

    /// Parse the forms `TimeSpan.Parse` takes with the invariant culture:
    /// `d`, `hh:mm`, `hh:mm:ss`, `d.hh:mm[:ss[.f]]`, `d:hh:mm[:ss[.f]]`, with an optional `-`.
    pub fn parse(text: &str) -> Option<PsTimeSpan> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let num = |s: &str| -> Option<i64> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (main, fraction) = match t.rsplit_once('.') {
            Some((a, f)) if a.contains(':') && !f.contains(':') => (a, Some(f)),
            _ => (t, None),
        };
        let frac_ticks = match fraction {
            Some(f) if f.len() <= 7 => num(f)? * 10_i64.pow(7 - f.len() as u32),
            Some(_) => return None,
            None => 0,
        };
        let (days, clock) = match main.split_once('.') {
            Some((d, rest)) => (num(d)?, rest),
            None if !main.contains(':') => (num(main)?, ""),
            None => (0, main),
        };
        let parts: Vec<&str> = if clock.is_empty() {
            vec![]
        } else {
            clock.split(':').collect()
        };
        let (days, h, m, s) = match parts.as_slice() {
            [] => (days, 0, 0, 0),
            [h, m] => (days, num(h)?, num(m)?, 0),
            [h, m, s] => (days, num(h)?, num(m)?, num(s)?),
            [d, h, m, s] if days == 0 => (num(d)?, num(h)?, num(m)?, num(s)?),
            _ => return None,
        };
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        let ticks = days
            .checked_mul(TICKS_PER_DAY)?
            .checked_add(h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE + s * TICKS_PER_SECOND)?
            .checked_add(frac_ticks)?;
        Some(PsTimeSpan(if neg { -ticks } else { ticks }))
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1 to 12) a full or three-letter English name names.
fn month_from_name(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == l || (l.len() == 3 && m.starts_with(&l)))
        .map(|i| i as u32 + 1)
}

/// Parse a date and time as `DateTime.Parse` does with the invariant culture, for the forms
/// scripts write: ISO 8601 (`2024-01-15`, `2024-01-15T10:30:00.5Z`, `2024-01-15 10:30`),
/// `M/d/yyyy [h:mm[:ss] [AM|PM]]`, `yyyy/M/d`, `d MMMM yyyy`, `MMMM d, yyyy`, and a time alone
/// (today's date). A `Z` or offset gives a local time, as .NET does.
pub fn parse_datetime(text: &str) -> Option<PsDateTime> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Split off a trailing zone designator.
    let (body, zone) = split_zone(t);
    let (date_part, time_part) = split_date_time(body);
    let (year, month, day) = match date_part {
        Some(d) => parse_date_part(d)?,
        None => {
            let today = PsDateTime::now().civil();
            (today.year, today.month, today.day)
        }
    };
    let (hour, minute, second, fraction) = match time_part {
        Some(tp) => parse_time_part(tp)?,
        None => (0, 0, 0, 0),
    };
    let civil = Civil {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    };
    match zone {
        None => PsDateTime::from_civil(civil, DateKind::Unspecified),
        Some(offset_seconds) => {
            let utc = PsDateTime::from_civil(civil, DateKind::Utc)?
                .add_ticks(-offset_seconds * TICKS_PER_SECOND)?;
            Some(utc.to_local())
        }
    }
}

fn split_zone(t: &str) -> (&str, Option<i64>) {
    if let Some(rest) = t.strip_suffix('Z').or_else(|| t.strip_suffix('z'))
        && rest.contains(':')
    {
        return (rest.trim_end(), Some(0));
    }
    let bytes = t.as_bytes();
    if bytes.len() > 6 {
        let tail = &t[t.len() - 6..];
        let tb = tail.as_bytes();
        if (tb[0] == b'+' || tb[0] == b'-')
            && tb[3] == b':'
            && t[..t.len() - 6].contains(':')
            && let (Ok(h), Ok(m)) = (tail[1..3].parse::<i64>(), tail[4..6].parse::<i64>())
        {
            let sign = if tb[0] == b'-' { -1 } else { 1 };
            return (&t[..t.len() - 6], Some(sign * (h * 3600 + m * 60)));
        }
    }
    (t, None)
}

fn split_date_time(body: &str) -> (Option<&str>, Option<&str>) {
    if let Some((d, tm)) = body.split_once('T')
        && d.contains('-')
        && tm.contains(':')
    {
        return (Some(d), Some(tm));
    }
    // The time begins at the first token with a colon.
    let tokens: Vec<&str> = body.split(' ').filter(|s| !s.is_empty()).collect();
    match tokens.iter().position(|t| t.contains(':')) {
        Some(0) => (None, Some(body)),
        Some(i) => {
            let date_len: usize = body.find(tokens[i]).unwrap_or(body.len());
            let _ = i;
            (Some(body[..date_len].trim()), Some(body[date_len..].trim()))
        }
        None => (Some(body), None),
    }
}

fn parse_date_part(d: &str) -> Option<(i32, u32, u32)> {
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let dashed: Vec<&str> = d.split('-').collect();
    if dashed.len() == 3 && dashed[0].len() == 4 {
        return Some((
            num(dashed[0])? as i32,
            num(dashed[1])? as u32,
            num(dashed[2])? as u32,
        ));
    }
    let slashed: Vec<&str> = d.split('/').collect();
    if slashed.len() == 3 {
        if slashed[0].len() == 4 {
            return Some((
                num(slashed[0])? as i32,
                num(slashed[1])? as u32,
                num(slashed[2])? as u32,
            ));
        }
        let year = num(slashed[2])?;
        let year = if slashed[2].len() <= 2 {
            2000 + year
        } else {
            year
        };
        return Some((
            year as i32,
            num(slashed[0])? as u32,
            num(slashed[1])? as u32,
        ));
    }
    // Month names: `15 January 2024`, `January 15, 2024`, `Monday, January 15, 2024`.
    let words: Vec<&str> = d
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .filter(|w| !is_day_name(w))
        .collect();
    match words.as_slice() {
        [a, b, c] => {
            if let Some(m) = month_from_name(a) {
                Some((num(c)? as i32, m, num(b)? as u32))
            } else {
                Some((num(c)? as i32, month_from_name(b)?, num(a)? as u32))
            }
        }
        _ => None,
    }
}

fn is_day_name(w: &str) -> bool {
    const DAYS: [&str; 7] = [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];
    let l = w.to_ascii_lowercase();
    DAYS.iter()
        .any(|d| *d == l || (l.len() == 3 && d.starts_with(&l)))
}

fn parse_time_part(t: &str) -> Option<(u32, u32, u32, i64)> {
    let lower = t.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim().to_string(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim().to_string(), Some(false))
    } else {
        (lower.trim().to_string(), None)
    };
    let (clock, fraction) = match clock.split_once('.') {
        Some((c, f)) => {
            if f.is_empty() || f.len() > 7 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let v: i64 = f.parse().ok()?;
            (c.to_string(), v * 10_i64.pow(7 - f.len() as u32))
        }
        None => (clock, 0),
    };
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<Vec<_>>>()?;
    let (mut h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Some((h, m, s, fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        let c = Civil {
            year: 2024,
            month: 2,
            day: 29,
            hour: 13,
            minute: 5,
            second: 9,
            fraction: 1_234_567,
        };
        let d = PsDateTime::from_civil(c, DateKind::Unspecified).unwrap();
        assert_eq!(d.civil(), c);
        assert_eq!(d.day_of_week(), 4); // Thursday
        assert_eq!(d.day_of_year(), 60);
    }

    #[test]
    fn unix_epoch_ticks() {
        let c = Civil {
            year: 1970,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: 0,
        };
        assert_eq!(
            PsDateTime::from_civil(c, DateKind::Utc).unwrap().ticks(),
            UNIX_EPOCH_TICKS
        );
    }

    #[test]
    fn parses_common_forms() {
        let d = parse_datetime("2024-01-15").unwrap().civil();
        assert_eq!((d.year, d.month, d.day), (2024, 1, 15));
        let d = parse_datetime("1/15/2024 3:04:05 PM").unwrap().civil();
        assert_eq!(
            (d.month, d.day, d.hour, d.minute, d.second),
            (1, 15, 15, 4, 5)
        );
        let d = parse_datetime("2024-01-15T10:30:00.5").unwrap().civil();
        assert_eq!((d.hour, d.minute, d.fraction), (10, 30, 5_000_000));
        let d = parse_datetime("January 15, 2024").unwrap().civil();
        assert_eq!((d.year, d.month, d.day), (2024, 1, 15));
        assert!(parse_datetime("2024-02-30").is_none());
        assert!(parse_datetime("nonsense").is_none());
    }

    #[test]
    fn add_months_clamps() {
        let d = parse_datetime("2024-01-31").unwrap().add_months(1).unwrap();
        assert_eq!(d.civil().day, 29);
    }

    #[test]
    fn timespan_parse_and_format() {
        assert_eq!(PsTimeSpan::parse("1:30").unwrap().0, 90 * TICKS_PER_MINUTE);
        assert_eq!(
            PsTimeSpan::parse("2.03:04:05.5").unwrap().constant_format(),
            "2.03:04:05.5000000"
        );
        assert_eq!(PsTimeSpan::parse("-00:00:01").unwrap().0, -TICKS_PER_SECOND);
        assert_eq!(PsTimeSpan::parse("3").unwrap().days(), 3);
        assert!(PsTimeSpan::parse("25:00").is_none());
    }
}
