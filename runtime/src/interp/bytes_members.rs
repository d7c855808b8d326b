//! Bytes and text encodings: `[System.Text.Encoding]::UTF8` and its instance methods,
//! `[Convert]::ToBase64String`/`FromBase64String`/`ToHexString`, and `[BitConverter]`.
//! Base64 goes through the `base64` crate.

use crate::convert::to_str;
use crate::error::{ErrorCategory, Eval, Flow};
use crate::types::KnownType;
use crate::value::{Array, PsObject, Value};
use base64::Engine as _;

/// The text encodings rosh offers, by `[Encoding]::` property name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextEncoding {
    Utf8,
    Ascii,
    Utf16Le,
    Utf16Be,
    Utf32,
    Latin1,
}

impl TextEncoding {
    fn from_property(lower: &str) -> Option<Self> {
        Some(match lower {
            "utf8" | "default" => TextEncoding::Utf8,
            "ascii" => TextEncoding::Ascii,
            "unicode" => TextEncoding::Utf16Le,
            "bigendianunicode" => TextEncoding::Utf16Be,
            "utf32" => TextEncoding::Utf32,
            "latin1" => TextEncoding::Latin1,
            _ => return None,
        })
    }

    fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => TextEncoding::Utf8,
            "us-ascii" | "ascii" => TextEncoding::Ascii,
            "utf-16" | "utf-16le" | "unicode" => TextEncoding::Utf16Le,
            "utf-16be" | "unicodefffe" => TextEncoding::Utf16Be,
            "utf-32" | "utf-32le" => TextEncoding::Utf32,
            "iso-8859-1" | "latin1" => TextEncoding::Latin1,
            _ => return None,
        })
    }

    /// (.NET type, WebName, EncodingName, CodePage)
    fn facts(self) -> (&'static str, &'static str, &'static str, i32) {
        match self {
            TextEncoding::Utf8 => (
                "System.Text.UTF8Encoding",
                "utf-8",
                "Unicode (UTF-8)",
                65001,
            ),
            TextEncoding::Ascii => ("System.Text.ASCIIEncoding", "us-ascii", "US-ASCII", 20127),
            TextEncoding::Utf16Le => ("System.Text.UnicodeEncoding", "utf-16", "Unicode", 1200),
            TextEncoding::Utf16Be => (
                "System.Text.UnicodeEncoding",
                "utf-16BE",
                "Unicode (Big-Endian)",
                1201,
            ),
            TextEncoding::Utf32 => (
                "System.Text.UTF32Encoding",
                "utf-32",
                "Unicode (UTF-32)",
                12000,
            ),
            TextEncoding::Latin1 => (
                "System.Text.Latin1Encoding",
                "iso-8859-1",
                "Western European (ISO)",
                28591,
            ),
        }
    }

    fn of_object(o: &PsObject) -> Option<Self> {
        if !o.type_names().iter().any(|n| n == "System.Text.Encoding") {
            return None;
        }
        o.get("WebName")
            .and_then(|n| TextEncoding::from_name(&to_str(&n)))
    }

    fn object(self) -> Value {
        let (ty, web, display, code_page) = self.facts();
        let o = PsObject::with_type_names(vec![
            ty.into(),
            "System.Text.Encoding".into(),
            "System.Object".into(),
        ]);
        o.set("BodyName", Value::str(web));
        o.set("EncodingName", Value::str(display));
        o.set("WebName", Value::str(web));
        o.set("CodePage", Value::Int(code_page));
        o.set_to_string(ty.to_string());
        Value::Object(o)
    }

    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            TextEncoding::Utf8 => text.as_bytes().to_vec(),
            TextEncoding::Ascii => text
                .chars()
                .map(|c| if c.is_ascii() { c as u8 } else { b'?' })
                .collect(),
            TextEncoding::Latin1 => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect(),
            TextEncoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            TextEncoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            TextEncoding::Utf32 => text
                .chars()
                .flat_map(|c| u32::from(c).to_le_bytes())
                .collect(),
        }
    }

    fn decode(self, bytes: &[u8]) -> String {
        match self {
            TextEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
            TextEncoding::Ascii => bytes
                .iter()
                .map(|b| if b.is_ascii() { *b as char } else { '?' })
                .collect(),
            TextEncoding::Latin1 => bytes.iter().map(|b| *b as char).collect(),
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|c| {
                        let pair = [c[0], c[1]];
                        if self == TextEncoding::Utf16Le {
                            u16::from_le_bytes(pair)
                        } else {
                            u16::from_be_bytes(pair)
                        }
                    })
                    .collect();
                String::from_utf16_lossy(&units)
            }
            TextEncoding::Utf32 => bytes
                .chunks_exact(4)
                .map(|c| {
                    char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .unwrap_or('\u{FFFD}')
                })
                .collect(),
        }
    }

    fn preamble(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 => &[0xEF, 0xBB, 0xBF],
            TextEncoding::Utf16Le => &[0xFF, 0xFE],
            TextEncoding::Utf16Be => &[0xFE, 0xFF],
            TextEncoding::Utf32 => &[0xFF, 0xFE, 0, 0],
            TextEncoding::Ascii | TextEncoding::Latin1 => &[],
        }
    }
}

fn argument_error(message: impl Into<String>) -> Flow {
    Flow::error("ArgumentException", ErrorCategory::InvalidArgument, message)
}

/// The bytes of a `byte[]` argument (or any array of numbers that fit a byte).
fn bytes_arg(args: &[Value], i: usize) -> Eval<Vec<u8>> {
    let v = args.get(i).cloned().unwrap_or(Value::Null);
    if let Value::Array(a) = &v
        && let Some(b) = a.as_bytes()
    {
        return Ok(b);
    }
    let items = match v {
        Value::Null => {
            return Err(argument_error(
                "Value cannot be null. (Parameter 'inArray')",
            ));
        }
        Value::Array(a) => a.to_vec(),
        other => vec![other],
    };
    let byte = crate::types::TypeInfo::of(KnownType::Byte);
    items
        .iter()
        .map(|x| match crate::convert::convert(x, &byte)? {
            Value::Byte(b) => Ok(b),
            _ => Err(argument_error("Expected a byte.")),
        })
        .collect()
}

fn bytes_value(bytes: &[u8]) -> Value {
    Value::Array(Array::bytes(bytes))
}

/// `[Encoding]::UTF8` and the other encoding properties.
pub(crate) fn static_property(t: KnownType, lower: &str) -> Option<Value> {
    match t {
        KnownType::Encoding => TextEncoding::from_property(lower).map(TextEncoding::object),
        _ => None,
    }
}

/// `[Convert]`, `[BitConverter]` and `[Encoding]` static methods that deal in bytes.
pub(crate) fn static_method(t: KnownType, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let text = |i: usize| args.get(i).map(to_str).unwrap_or_default();
    Some(match (t, lower) {
        (KnownType::Convert, "tobase64string") => bytes_arg(args, 0).map(|b| {
            let encoded = base64::engine::general_purpose::STANDARD.encode(b);
            // Base64FormattingOptions.InsertLineBreaks: lines of 76 characters.
            let breaks = args.get(1).is_some_and(|o| {
                to_str(o).eq_ignore_ascii_case("InsertLineBreaks") || matches!(o, Value::Int(1))
            });
            if breaks {
                let lines: Vec<&str> = encoded
                    .as_bytes()
                    .chunks(76)
                    .filter_map(|c| std::str::from_utf8(c).ok())
                    .collect();
                Value::from(lines.join("\r\n"))
            } else {
                Value::from(encoded)
            }
        }),
        (KnownType::Convert, "frombase64string") => {
            let s: String = text(0).chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map(|b| bytes_value(&b))
                .map_err(|_| {
                    Flow::error(
                        "FormatException",
                        ErrorCategory::InvalidArgument,
                        "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.",
                    )
                })
        }
        (KnownType::Convert, "tohexstring") => bytes_arg(args, 0)
            .map(|b| Value::from(b.iter().map(|x| format!("{x:02X}")).collect::<String>())),
        (KnownType::Convert, "fromhexstring") => {
            let s = text(0);
            if s.len() % 2 != 0 {
                return Some(Err(Flow::error(
                    "FormatException",
                    ErrorCategory::InvalidArgument,
                    "The input is not a valid hex string as its length is not a multiple of 2.",
                )));
            }
            (0..s.len())
                .step_by(2)
                .map(|i| {
                    s.get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                        .ok_or_else(|| {
                            Flow::error(
                                "FormatException",
                                ErrorCategory::InvalidArgument,
                                "The input is not a valid hex string as it contains a non-hex character.",
                            )
                        })
                })
                .collect::<Eval<Vec<u8>>>()
                .map(|b| bytes_value(&b))
        }
        (KnownType::BitConverter, "tostring") => bytes_arg(args, 0).map(|b| {
            Value::from(
                b.iter()
                    .map(|x| format!("{x:02X}"))
                    .collect::<Vec<_>>()
                    .join("-"),
            )
        }),
        (KnownType::BitConverter, "getbytes") => Ok(match args.first() {
            Some(Value::Int(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::Long(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::Short(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::UShort(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::UInt(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::ULong(i)) => bytes_value(&i.to_le_bytes()),
            Some(Value::Double(d)) => bytes_value(&d.to_le_bytes()),
            Some(Value::Bool(b)) => bytes_value(&[u8::from(*b)]),
            Some(Value::Char(c)) => bytes_value(&(*c as u16).to_le_bytes()),
            _ => {
                return Some(Err(argument_error(
                    "Cannot find an overload for \"GetBytes\".",
                )));
            }
        }),
        (KnownType::BitConverter, "toint32" | "toint64" | "toint16" | "touint32") => {
            let width = match lower {
                "toint64" => 8,
                "toint16" => 2,
                _ => 4,
            };
            let start = args
                .get(1)
                .map_or(0, |v| to_str(v).parse::<usize>().unwrap_or(0));
            bytes_arg(args, 0).and_then(|b| {
                let Some(chunk) = b.get(start..start + width) else {
                    return Err(argument_error(
                        "Destination array is not long enough to copy all the items in the collection. Check array index and length. (Parameter 'value')",
                    ));
                };
                let mut buf = [0u8; 8];
                buf[..width].copy_from_slice(chunk);
                let raw = i64::from_le_bytes(buf);
                Ok(match lower {
                    "toint64" => Value::Long(raw),
                    "toint16" => Value::Short(raw as i16),
                    "touint32" => Value::UInt(raw as u32),
                    _ => Value::Int(raw as i32),
                })
            })
        }
        (KnownType::Encoding, "getencoding") => match TextEncoding::from_name(&text(0)) {
            Some(e) => Ok(e.object()),
            None => Err(argument_error(format!(
                "'{}' is not a supported encoding name. For information on defining a custom encoding, see the documentation for the Encoding.RegisterProvider method. (Parameter 'name')",
                text(0)
            ))),
        },
        _ => return None,
    })
}

/// Instance methods of an encoding object (`GetBytes`, `GetString`, `GetByteCount`,
/// `GetPreamble`).
pub(crate) fn encoding_method(o: &PsObject, lower: &str, args: &[Value]) -> Option<Eval<Value>> {
    let enc = TextEncoding::of_object(o)?;
    Some(match lower {
        "getbytes" => match args.first() {
            Some(Value::Array(a)) => {
                let text: String = a.to_vec().iter().map(to_str).collect();
                Ok(bytes_value(&enc.encode(&text)))
            }
            Some(v) => Ok(bytes_value(&enc.encode(&to_str(v)))),
            None => Err(argument_error("Value cannot be null. (Parameter 's')")),
        },
        "getbytecount" => {
            let text = args.first().map(to_str).unwrap_or_default();
            Ok(Value::Int(enc.encode(&text).len() as i32))
        }
        "getstring" => bytes_arg(args, 0).map(|b| {
            let (start, count) = match (args.get(1), args.get(2)) {
                (Some(s), Some(c)) => (
                    to_str(s).parse::<usize>().unwrap_or(0),
                    to_str(c).parse::<usize>().unwrap_or(0),
                ),
                _ => (0, b.len()),
            };
            let end = (start + count).min(b.len());
            Value::from(enc.decode(b.get(start.min(end)..end).unwrap_or_default()))
        }),
        "getpreamble" => Ok(bytes_value(enc.preamble())),
        "getchars" => bytes_arg(args, 0).map(|b| {
            Value::Array(Array::typed(
                crate::types::TypeInfo::of(KnownType::Char),
                enc.decode(&b).chars().map(Value::Char).collect(),
            ))
        }),
        _ => return None,
    })
}

/// The encoding an `[Encoding]` object argument names, when it is one.
fn encoding_arg(v: &Value) -> Option<TextEncoding> {
    match v {
        Value::Object(o) => TextEncoding::of_object(o),
        _ => None,
    }
}

/// Text as an `[Encoding]` object writes it to a file: its byte order mark, then the bytes.
pub(crate) fn encode_for_file(encoding: &Value, text: &str) -> Option<Vec<u8>> {
    let enc = encoding_arg(encoding)?;
    let mut out = enc.preamble().to_vec();
    out.extend(enc.encode(text));
    Some(out)
}

/// Bytes read with an `[Encoding]` object (a byte order mark, when there is one, wins).
pub(crate) fn decode_from_file(encoding: &Value, bytes: &[u8]) -> Option<String> {
    let enc = encoding_arg(encoding)?;
    let has_bom = [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Utf32,
    ]
    .iter()
    .any(|e| bytes.starts_with(e.preamble()));
    Some(if has_bom {
        super::dotnet_io::decode_detecting(bytes)
    } else {
        enc.decode(bytes)
    })
}

/// The bytes of a `byte[]` argument, for the file methods.
pub(crate) fn bytes_argument(args: &[Value], i: usize) -> Eval<Vec<u8>> {
    bytes_arg(args, i)
}

/// A `byte[]` value.
pub(crate) fn bytes_result(bytes: &[u8]) -> Value {
    bytes_value(bytes)
}
