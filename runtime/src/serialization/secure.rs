//! SecureStrings in CLIXML (`<SS>`). Outside remoting PowerShell 7 on Linux writes them as
//! `ConvertFrom-SecureString` does without a key there (`SecureStringHelper.Protect` under
//! UNIX, where there is no DPAPI): the UTF-16LE code units as lowercase hex. A remoting
//! session encrypts them with its session key instead; it hands the serializer a
//! [`SecureStringCipher`] that does so.

use crate::value::{PsObject, Value};

/// The type name of a SecureString value.
pub const SECURE_STRING_TYPE: &str = "System.Security.SecureString";

/// What encrypts and decrypts the `<SS>` text of one remoting session.
pub trait SecureStringCipher {
    /// The `<SS>` text of `plain`.
    fn encrypt(&self, plain: &str) -> Result<String, String>;
    /// The plain text of an `<SS>` element's text.
    fn decrypt(&self, text: &str) -> Result<String, String>;
}

/// `SecureStringHelper.Protect` on non-Windows systems: the UTF-16LE bytes of `plain` as
/// lowercase hex.
pub fn protect(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() * 4);
    for unit in plain.encode_utf16() {
        for byte in unit.to_le_bytes() {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `SecureStringHelper.Unprotect` on non-Windows systems: the text [`protect`] wrote (either
/// case). `None` when it is not hex of whole UTF-16 code units.
pub fn unprotect(text: &str) -> Option<String> {
    let text = text.trim();
    if !text.len().is_multiple_of(4) || !text.is_ascii() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut units = Vec::with_capacity(bytes.len() / 4);
    for chunk in bytes.chunks_exact(4) {
        let mut b = [0u8; 2];
        for (i, pair) in chunk.chunks_exact(2).enumerate() {
            let s = std::str::from_utf8(pair).ok()?;
            b[i] = u8::from_str_radix(s, 16).ok()?;
        }
        units.push(u16::from_le_bytes(b));
    }
    Some(String::from_utf16_lossy(&units))
}

/// A `System.Security.SecureString` holding `text`. rosh keeps it in memory as text; it
/// shows as its type name, has a `Length`, and serializes as CLIXML's `<SS>`.
pub fn secure_string(text: String) -> Value {
    let o = PsObject::with_type_names(vec![SECURE_STRING_TYPE.into(), "System.Object".into()]);
    let length = text.encode_utf16().count() as i32;
    o.set_base_value(Value::from(text));
    o.set("Length", Value::Int(length));
    o.set_to_string(SECURE_STRING_TYPE.into());
    Value::Object(o)
}

/// The text a SecureString value holds; `None` for any other value.
pub fn secure_string_text(v: &Value) -> Option<String> {
    let Value::Object(o) = v else { return None };
    if o.type_names().first().map(String::as_str) != Some(SECURE_STRING_TYPE) {
        return None;
    }
    match o.base_value() {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protect_is_hex_of_utf16le() {
        assert_eq!(protect("ab"), "61006200");
        assert_eq!(protect("€"), "ac20");
        assert_eq!(protect(""), "");
        assert_eq!(protect("😀"), "3dd800de");
    }

    #[test]
    fn unprotect_reverses_protect() {
        for s in ["", "P@ssw0rd", "ünï €", "😀x"] {
            assert_eq!(unprotect(&protect(s)).as_deref(), Some(s));
        }
        assert_eq!(unprotect("6100620").as_deref(), None);
        assert_eq!(unprotect("zz00").as_deref(), None);
        assert_eq!(unprotect("6100").as_deref(), Some("a"));
        assert_eq!(unprotect("AC20").as_deref(), Some("€"));
    }

    #[test]
    fn secure_string_values() {
        let v = secure_string("pässword".into());
        assert_eq!(secure_string_text(&v).as_deref(), Some("pässword"));
        assert_eq!(secure_string_text(&Value::from("x")), None);
    }
}
