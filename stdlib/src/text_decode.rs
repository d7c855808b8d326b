//! Text read from a file as PowerShell's readers do: a byte order mark picks UTF-8, UTF-16
//! or UTF-32; otherwise the encoding named by `-Encoding` (UTF-8 when none is given).

/// The bytes of a file as text in an encoding PowerShell names (`utf8`, `unicode`,
/// `bigendianunicode`, `utf32`, `ascii`, `latin1`, ...); a byte order mark wins.
pub(crate) fn decode(bytes: &[u8], encoding: &str) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return utf32(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    match encoding.to_ascii_lowercase().replace('-', "").as_str() {
        "unicode" | "utf16" | "utf16le" => utf16(bytes, true),
        "bigendianunicode" | "utf16be" => utf16(bytes, false),
        "utf32" => utf32(bytes),
        "ascii" => bytes
            .iter()
            .map(|b| if b.is_ascii() { *b as char } else { '?' })
            .collect(),
        "latin1" | "iso88591" => bytes.iter().map(|b| char::from(*b)).collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            if little_endian {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

fn utf32(bytes: &[u8]) -> String {
    bytes
        .chunks_exact(4)
        .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn byte_order_marks_win_over_the_named_encoding() {
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0], "utf8"), "a");
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'a'], "unicode"), "a");
        assert_eq!(decode(&[b'a', 0, b'b', 0], "unicode"), "ab");
        assert_eq!(decode(&[0, b'a'], "bigendianunicode"), "a");
        assert_eq!(decode(&[0xE9], "latin1"), "é");
        assert_eq!(decode(&[0xE9], "ascii"), "?");
    }
}
