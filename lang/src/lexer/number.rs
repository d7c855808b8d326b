//! Numeric literals: decimal, `0x` hex and `0b` binary integers, fractions and exponents,
//! the type suffixes (`y uy s us l u ul n d`) and the multipliers (`kb mb gb tb pb`), with
//! PowerShell's int -> long -> decimal -> double promotion.

use super::chars::char_at;
use crate::token::NumberValue;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The outcome of scanning a number at some offset.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberScan {
    /// A well-formed literal ending at `end` (exclusive, absolute).
    Ok(usize, NumberValue),
    /// Looks like a number but the value does not fit its type (`300y`): BadNumericConstant.
    BadValue(usize),
    /// Not a number at all.
    NotNumber,
}

#[derive(Clone, Copy, PartialEq)]
enum Suffix {
    None,
    SByte,
    Byte,
    Short,
    UShort,
    Long,
    UInt,
    ULong,
    BigInt,
    Decimal,
}

enum Radix {
    Dec,
    Hex,
    Bin,
}

/// Scan a numeric literal in `src` starting at byte `start` (a digit, or `.` then a digit).
/// The number must not run into a letter, digit or `_`: `7z` and `10.txt` are not numbers.
pub fn scan_number(src: &str, start: usize) -> NumberScan {
    let b = src.as_bytes();
    let mut i = start;
    let radix = if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        Radix::Hex
    } else if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'b' | b'B')) {
        i += 2;
        Radix::Bin
    } else {
        Radix::Dec
    };
    let digits_start = i;
    let mut is_real = false;
    match radix {
        Radix::Hex => {
            while b.get(i).is_some_and(|c| c.is_ascii_hexdigit()) {
                i += 1;
            }
        }
        Radix::Bin => {
            while matches!(b.get(i), Some(b'0' | b'1')) {
                i += 1;
            }
        }
        Radix::Dec => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                is_real = true;
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            if matches!(b.get(i), Some(b'e' | b'E')) {
                let mut j = i + 1;
                if matches!(b.get(j), Some(b'+' | b'-')) {
                    j += 1;
                }
                if b.get(j).is_some_and(u8::is_ascii_digit) {
                    while b.get(j).is_some_and(u8::is_ascii_digit) {
                        j += 1;
                    }
                    is_real = true;
                    i = j;
                }
            }
        }
    }
    if i == digits_start {
        return NumberScan::NotNumber;
    }
    let digits = &src[digits_start..i];
    let mantissa_text = &src[start..i];
    let (suffix, after_suffix) = scan_suffix(b, i);
    i = after_suffix;
    let (multiplier, after_mult) = scan_multiplier(b, i);
    i = after_mult;
    if char_at(src, i).is_some_and(|c| c.is_alphanumeric() || c == '_')
        || (char_at(src, i) == Some('.')
            && char_at(src, i + 1).is_some_and(|c| c.is_alphabetic() || c == '_'))
    {
        return NumberScan::NotNumber;
    }
    let value = match radix {
        Radix::Dec if is_real => real_value(mantissa_text, suffix, multiplier),
        Radix::Dec => integer_value(u128::from_str(digits).ok(), digits, suffix, multiplier),
        Radix::Hex => bits_value(u128::from_str_radix(digits, 16).ok(), suffix, multiplier),
        Radix::Bin => bits_value(u128::from_str_radix(digits, 2).ok(), suffix, multiplier),
    };
    match value {
        Some(v) => NumberScan::Ok(i, v),
        None => NumberScan::BadValue(i),
    }
}

fn scan_suffix(b: &[u8], i: usize) -> (Suffix, usize) {
    let lower = |k: usize| b.get(i + k).map(u8::to_ascii_lowercase);
    match (lower(0), lower(1)) {
        (Some(b'u'), Some(b'l')) => (Suffix::ULong, i + 2),
        (Some(b'u'), Some(b's')) => (Suffix::UShort, i + 2),
        (Some(b'u'), Some(b'y')) => (Suffix::Byte, i + 2),
        (Some(b'u'), _) => (Suffix::UInt, i + 1),
        (Some(b'l'), _) => (Suffix::Long, i + 1),
        (Some(b's'), _) => (Suffix::Short, i + 1),
        (Some(b'y'), _) => (Suffix::SByte, i + 1),
        (Some(b'n'), _) => (Suffix::BigInt, i + 1),
        (Some(b'd'), _) => (Suffix::Decimal, i + 1),
        _ => (Suffix::None, i),
    }
}

fn scan_multiplier(b: &[u8], i: usize) -> (u128, usize) {
    let lower = |k: usize| b.get(i + k).map(u8::to_ascii_lowercase);
    if lower(1) != Some(b'b') {
        return (1, i);
    }
    let m: u128 = match lower(0) {
        Some(b'k') => 1 << 10,
        Some(b'm') => 1 << 20,
        Some(b'g') => 1 << 30,
        Some(b't') => 1 << 40,
        Some(b'p') => 1 << 50,
        _ => return (1, i),
    };
    (m, i + 2)
}

fn real_value(text: &str, suffix: Suffix, multiplier: u128) -> Option<NumberValue> {
    match suffix {
        Suffix::Decimal => {
            let d = Decimal::from_str(text)
                .or_else(|_| Decimal::from_scientific(text))
                .ok()?;
            let m = Decimal::from_str(&multiplier.to_string()).ok()?;
            Some(NumberValue::Decimal(d.checked_mul(m)?))
        }
        Suffix::None => {
            let v: f64 = text.parse().ok()?;
            Some(NumberValue::Double(v * multiplier as f64))
        }
        _ => {
            // A real with an integer suffix converts when the value is integral.
            let v: f64 = text.parse::<f64>().ok()? * multiplier as f64;
            if v.fract() != 0.0 || !v.is_finite() || v.abs() > 1e38 {
                return None;
            }
            typed_integer(v as i128, suffix)
        }
    }
}

fn integer_value(
    v: Option<u128>,
    digits: &str,
    suffix: Suffix,
    multiplier: u128,
) -> Option<NumberValue> {
    let Some(v) = v.and_then(|v| v.checked_mul(multiplier)) else {
        // Too large for 128 bits: only a double (or bigint) can hold it.
        return match suffix {
            Suffix::None => {
                let f: f64 = digits.parse().ok()?;
                Some(NumberValue::Double(f * multiplier as f64))
            }
            Suffix::BigInt => Some(NumberValue::BigInt(big_decimal_product(digits, multiplier))),
            _ => None,
        };
    };
    if suffix == Suffix::None {
        if let Ok(x) = i32::try_from(v) {
            return Some(NumberValue::Int32(x));
        }
        if let Ok(x) = i64::try_from(v) {
            return Some(NumberValue::Int64(x));
        }
        if let Some(d) = decimal_from_u128(v) {
            return Some(NumberValue::Decimal(d));
        }
        return Some(NumberValue::Double(v as f64));
    }
    typed_integer(i128::try_from(v).ok()?, suffix)
}

fn decimal_from_u128(v: u128) -> Option<Decimal> {
    // Decimal holds 96-bit mantissas.
    if v >= 1u128 << 96 {
        return None;
    }
    Decimal::from_str(&v.to_string()).ok()
}

fn big_decimal_product(digits: &str, multiplier: u128) -> String {
    // Schoolbook multiplication of a decimal digit string by a small multiplier.
    let mut out: Vec<u32> = Vec::new();
    let mut carry: u128 = 0;
    for d in digits.bytes().rev() {
        let x = u128::from(d - b'0') * multiplier + carry;
        out.push((x % 10) as u32);
        carry = x / 10;
    }
    while carry > 0 {
        out.push((carry % 10) as u32);
        carry /= 10;
    }
    while out.len() > 1 && out.last() == Some(&0) {
        out.pop();
    }
    out.iter()
        .rev()
        .map(|d| char::from(b'0' + *d as u8))
        .collect()
}

/// Hex and binary literals are signed by their width: `0xFFFFFFFF` is `-1` as an int.
fn bits_value(v: Option<u128>, suffix: Suffix, multiplier: u128) -> Option<NumberValue> {
    let v = v?;
    let bits = 128 - v.leading_zeros() as usize;
    if bits > 64 && suffix != Suffix::BigInt {
        return None;
    }
    let signed: i128 = match suffix {
        Suffix::None if bits <= 32 => i128::from(v as u32 as i32),
        Suffix::None | Suffix::Long if bits <= 64 => i128::from(v as u64 as i64),
        Suffix::SByte if bits <= 8 => i128::from(v as u8 as i8),
        Suffix::Short if bits <= 16 => i128::from(v as u16 as i16),
        _ => i128::try_from(v).ok()?,
    };
    let value = signed.checked_mul(i128::try_from(multiplier).ok()?)?;
    match suffix {
        Suffix::None => {
            if let Ok(x) = i32::try_from(value) {
                Some(NumberValue::Int32(x))
            } else if let Ok(x) = i64::try_from(value) {
                Some(NumberValue::Int64(x))
            } else {
                Some(NumberValue::Double(value as f64))
            }
        }
        _ => typed_integer(value, suffix),
    }
}

fn typed_integer(v: i128, suffix: Suffix) -> Option<NumberValue> {
    Some(match suffix {
        Suffix::None => {
            if let Ok(x) = i32::try_from(v) {
                NumberValue::Int32(x)
            } else {
                NumberValue::Int64(i64::try_from(v).ok()?)
            }
        }
        Suffix::SByte => NumberValue::SByte(i8::try_from(v).ok()?),
        Suffix::Byte => NumberValue::Byte(u8::try_from(v).ok()?),
        Suffix::Short => NumberValue::Int16(i16::try_from(v).ok()?),
        Suffix::UShort => NumberValue::UInt16(u16::try_from(v).ok()?),
        Suffix::Long => NumberValue::Int64(i64::try_from(v).ok()?),
        Suffix::UInt => match u32::try_from(v) {
            Ok(x) => NumberValue::UInt32(x),
            Err(_) => NumberValue::UInt64(u64::try_from(v).ok()?),
        },
        Suffix::ULong => NumberValue::UInt64(u64::try_from(v).ok()?),
        Suffix::BigInt => NumberValue::BigInt(v.to_string()),
        Suffix::Decimal => NumberValue::Decimal(Decimal::from_i128_with_scale(v, 0)),
    })
}

/// Parse a whole argument-mode word as a number (`-5`, `10kb`, `0x10`), as PowerShell does when
/// a command argument is entirely numeric.
pub fn parse_argument_number(text: &str) -> Option<NumberValue> {
    let (negative, body) = match text.chars().next()? {
        c if super::chars::is_dash(c) => (true, &text[c.len_utf8()..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    let first = body.chars().next()?;
    if !(first.is_ascii_digit()
        || (first == '.' && body[1..].starts_with(|c: char| c.is_ascii_digit())))
    {
        return None;
    }
    match scan_number(body, 0) {
        NumberScan::Ok(end, v) if end == body.len() => Some(if negative { negate(v)? } else { v }),
        _ => None,
    }
}

/// The negation of a literal, keeping its type where the negated value fits.
pub fn negate(v: NumberValue) -> Option<NumberValue> {
    Some(match v {
        NumberValue::Int32(x) => match x.checked_neg() {
            Some(n) => NumberValue::Int32(n),
            None => NumberValue::Int64(-i64::from(x)),
        },
        NumberValue::Int64(x) => NumberValue::Int64(x.checked_neg()?),
        NumberValue::Double(x) => NumberValue::Double(-x),
        NumberValue::Decimal(x) => NumberValue::Decimal(-x),
        NumberValue::SByte(x) => NumberValue::SByte(x.checked_neg()?),
        NumberValue::Int16(x) => NumberValue::Int16(x.checked_neg()?),
        NumberValue::BigInt(s) => NumberValue::BigInt(if s == "0" { s } else { format!("-{s}") }),
        NumberValue::Byte(_)
        | NumberValue::UInt16(_)
        | NumberValue::UInt32(_)
        | NumberValue::UInt64(_) => {
            return None;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> NumberValue {
        match scan_number(s, 0) {
            NumberScan::Ok(end, v) if end == s.len() => v,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn integers_promote_int_long_decimal_double() {
        assert_eq!(num("42"), NumberValue::Int32(42));
        assert_eq!(num("2147483648"), NumberValue::Int64(2147483648));
        assert_eq!(
            num("9223372036854775808"),
            NumberValue::Decimal(Decimal::from_str("9223372036854775808").unwrap())
        );
        assert!(matches!(
            num("99999999999999999999999999999999"),
            NumberValue::Double(_)
        ));
    }

    #[test]
    fn suffixes_and_multipliers() {
        assert_eq!(num("10kb"), NumberValue::Int32(10240));
        assert_eq!(num("2gb"), NumberValue::Int64(2147483648));
        assert_eq!(num("1.5kb"), NumberValue::Double(1536.0));
        assert_eq!(num("5l"), NumberValue::Int64(5));
        assert_eq!(num("5u"), NumberValue::UInt32(5));
        assert_eq!(num("5ul"), NumberValue::UInt64(5));
        assert_eq!(num("5s"), NumberValue::Int16(5));
        assert_eq!(num("5us"), NumberValue::UInt16(5));
        assert_eq!(num("5y"), NumberValue::SByte(5));
        assert_eq!(num("5uy"), NumberValue::Byte(5));
        assert_eq!(num("5n"), NumberValue::BigInt("5".into()));
        assert_eq!(
            num("2.5d"),
            NumberValue::Decimal(Decimal::from_str("2.5").unwrap())
        );
        assert_eq!(num("1e3"), NumberValue::Double(1000.0));
        assert_eq!(num(".5"), NumberValue::Double(0.5));
    }

    #[test]
    fn hex_and_binary_are_signed_by_width() {
        assert_eq!(num("0x1F"), NumberValue::Int32(31));
        assert_eq!(num("0xFFFFFFFF"), NumberValue::Int32(-1));
        assert_eq!(num("0x80000000"), NumberValue::Int32(i32::MIN));
        assert_eq!(num("0x100000000"), NumberValue::Int64(4294967296));
        assert_eq!(num("0b1010"), NumberValue::Int32(10));
        assert_eq!(num("0x10kb"), NumberValue::Int32(16384));
    }

    #[test]
    fn out_of_range_and_non_numbers() {
        assert_eq!(scan_number("300y", 0), NumberScan::BadValue(4));
        assert_eq!(scan_number("7z", 0), NumberScan::NotNumber);
        assert_eq!(scan_number("10.txt", 0), NumberScan::NotNumber);
        assert!(matches!(
            scan_number("1..5", 0),
            NumberScan::Ok(1, NumberValue::Int32(1))
        ));
    }

    #[test]
    fn argument_numbers() {
        assert_eq!(parse_argument_number("-5"), Some(NumberValue::Int32(-5)));
        assert_eq!(
            parse_argument_number("10kb"),
            Some(NumberValue::Int32(10240))
        );
        assert_eq!(parse_argument_number("1.2.3"), None);
        assert_eq!(parse_argument_number("-"), None);
    }
}
