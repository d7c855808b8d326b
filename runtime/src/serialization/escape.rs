//! CLIXML string escaping: PowerShell's `_xHHHH_` encoding of characters XML cannot carry,
//! then XML's own escaping.
//!
//! Encoding (`InternalSerializer.EncodeString`): every UTF-16 code unit at or below U+001F,
//! from U+007F to U+009F, and every surrogate (so a character outside the BMP becomes two
//! escapes) is written `_xHHHH_` with four upper-case hex digits; a `_` followed by `x` or
//! `X` is written `_x005F_`. Everything else is written as is, then `&`, `<` and `>` (and `"`
//! in attribute values) become XML entities.
//!
//! Decoding (`XmlConvert.DecodeName`): `_xHHHH_` (hex in either case, `_X` too) becomes the
//! code unit, surrogate pairs join, and the eight-digit form `_xHHHHHHHH_` is a code point.
//! Anything else that starts `_x` is an error: PowerShell never writes one.

use super::error::SerializationError;
use std::borrow::Cow;

/// True when a character must be written as `_xHHHH_` (as one code unit or, outside the BMP,
/// as two surrogates).
#[inline]
fn needs_escape(c: char) -> bool {
    let u = c as u32;
    u <= 0x1F || (0x7F..=0x9F).contains(&u) || u > 0xFFFF
}

fn push_unit(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("_x");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xF)]));
    }
    out.push('_');
}

/// Append `s` to `out` encoded for an XML text node (`attribute` also escapes `"`).
pub fn encode_into(s: &str, attribute: bool, out: &mut String) {
    // Fast path: nothing to escape (the usual case for names and plain text).
    if !s
        .bytes()
        .any(|b| !(0x20..0x7F).contains(&b) || matches!(b, b'&' | b'<' | b'>' | b'"' | b'_'))
    {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '_' if matches!(chars.peek(), Some('x' | 'X')) => push_unit(out, 0x5F),
            c if needs_escape(c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    push_unit(out, *unit);
                }
            }
            c => out.push(c),
        }
    }
}

/// `s` encoded for an XML text node.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(s, false, &mut out);
    out
}

fn hex_value(bytes: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for b in bytes {
        v = v * 16 + char::from(*b).to_digit(16)?;
    }
    Some(v)
}

/// Decode `_xHHHH_` escapes (the text has already been XML-unescaped). `offset` is the byte
/// offset of the text in the document, for errors.
pub fn decode(s: &str, offset: u64) -> Result<Cow<'_, str>, SerializationError> {
    // Most text has no `_` at all: one byte search decides.
    let raw = s.as_bytes();
    if !raw.contains(&b'_')
        || !raw
            .windows(2)
            .any(|w| w[0] == b'_' && matches!(w[1], b'x' | b'X'))
    {
        return Ok(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut pending_high: Option<u16> = None;
    let bad = |at: usize| SerializationError::BadEscape {
        offset: offset + at as u64,
        text: s[at..].chars().take(12).collect(),
    };
    while i < bytes.len() {
        let is_escape = bytes[i] == b'_' && matches!(bytes.get(i + 1), Some(b'x' | b'X'));
        if !is_escape {
            if pending_high.take().is_some() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            // Copy up to the next '_' in one go (`i` is on a character boundary; a `_` is one
            // byte).
            let from = if bytes[i] == b'_' { i + 1 } else { i };
            let next = s[from..].find('_').map_or(bytes.len(), |n| from + n);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        let (digits, len) = if bytes.get(i + 6) == Some(&b'_') {
            (&bytes[i + 2..i + 6], 7)
        } else if bytes.get(i + 10) == Some(&b'_') && i + 10 < bytes.len() {
            (&bytes[i + 2..i + 10], 11)
        } else {
            return Err(bad(i));
        };
        let Some(value) = hex_value(digits) else {
            return Err(bad(i));
        };
        if len == 11 {
            // The eight-digit form is a whole code point.
            if pending_high.take().is_some() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            out.push(char::from_u32(value).ok_or_else(|| bad(i))?);
        } else {
            let unit = value as u16;
            match (pending_high.take(), unit) {
                (Some(h), 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                (prev, 0xD800..=0xDBFF) => {
                    if prev.is_some() {
                        out.push(char::REPLACEMENT_CHARACTER);
                    }
                    pending_high = Some(unit);
                }
                (prev, u) => {
                    if prev.is_some() {
                        out.push(char::REPLACEMENT_CHARACTER);
                    }
                    // A lone low surrogate cannot live in a Rust string.
                    out.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
            }
        }
        i += len;
    }
    if pending_high.is_some() {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_powershell_does() {
        assert_eq!(encode("Hello, World"), "Hello, World");
        assert_eq!(encode("a<b>&c'd\"e"), "a&lt;b&gt;&amp;c'd\"e");
        assert_eq!(
            encode("t\tl\nr\rz\0e\u{1b}d\u{7f}n\u{85}nb\u{a0}."),
            "t_x0009_l_x000A_r_x000D_z_x0000_e_x001B_d_x007F_n_x0085_nb\u{a0}."
        );
        assert_eq!(encode("_x0041_ _X _y"), "_x005F_x0041_ _x005F_X _y");
        assert_eq!(encode("smile \u{1F600} é 中"), "smile _xD83D__xDE00_ é 中");
        let mut attr = String::new();
        encode_into("a\"b", true, &mut attr);
        assert_eq!(attr, "a&quot;b");
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(
            decode("line1_x000A_line2 _x005F_x0041_ _xD83D__xDE00_", 0).unwrap(),
            "line1\nline2 _x0041_ \u{1F600}"
        );
        assert_eq!(decode("_x0041__X0042_", 0).unwrap(), "AB");
        assert_eq!(decode("_x0001F600_", 0).unwrap(), "\u{1F600}");
        assert_eq!(decode("a_b _y", 0).unwrap(), "a_b _y");
        assert_eq!(decode("_xD83D_", 0).unwrap(), "\u{FFFD}");
        for bad in [
            "_x",
            "_x12",
            "_x12G4_",
            "_xZZZZ_",
            "a_x0041",
            "_x110000000_",
        ] {
            assert!(
                matches!(decode(bad, 5), Err(SerializationError::BadEscape { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn round_trips_every_char_class() {
        let s = "\0\u{1f} _x _X_x005F_ \u{7f}\u{9f}\u{a0}\u{fffe}\u{ffff}\u{10ffff}";
        assert_eq!(decode(&encode(s), 0).unwrap(), s);
    }
}
