//! The little CLIXML the protocol core reads and writes itself: string escaping, a reader
//! for the flat protocol objects (`<Obj><MS>...</MS></Obj>`), and embedding of object XML
//! serialized elsewhere into a message body with its reference ids renumbered.
//!
//! The general serializer (`runtime::serialization`) owns values; this module only knows
//! the shapes of protocol messages, so the core can run without it.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// What is wrong with a message body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// Not well-formed XML.
    #[error("message body is not well-formed XML: {0}")]
    Xml(String),
    /// The body is not an `<Obj>` element.
    #[error("message body is not an <Obj> element")]
    NotAnObject,
    /// A required property is absent.
    #[error("message body lacks the property {0}")]
    Missing(&'static str),
    /// A property has a value of the wrong form.
    #[error("message property {property} has an invalid value {value:?}")]
    BadValue {
        /// The property.
        property: &'static str,
        /// Its text.
        value: String,
    },
    /// Nesting beyond the limit.
    #[error("message body nests deeper than {0} elements")]
    TooDeep(usize),
    /// Embedded object XML is not exactly one element.
    #[error("embedded object XML must be exactly one element")]
    NotOneElement,
}

fn xml_error(e: impl std::fmt::Display) -> BodyError {
    BodyError::Xml(e.to_string())
}

/// Encodes a string as CLIXML text (psrp.md 14.3): `_xHHHH_` for control characters,
/// 0x7F-0x9F, surrogates (never present in Rust strings, so astral characters become two
/// escapes) and a `_` followed by `x`/`X`; then XML escaping of `&`, `<`, `>`.
pub fn encode_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let code = c as u32;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if matches!(chars.peek(), Some('x' | 'X')) => out.push_str("_x005F_"),
            _ if code <= 0x1F || (0x7F..=0x9F).contains(&code) => {
                out.push_str(&format!("_x{code:04X}_"));
            }
            _ if code > 0xFFFF => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("_x{:04X}_", unit));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Decodes `_xHHHH_` escapes (XmlConvert.DecodeName): hex digits in either case; a pair of
/// surrogate escapes becomes one character; a lone surrogate becomes U+FFFD.
pub fn decode_string(s: &str) -> String {
    fn escape_at(s: &str, at: usize) -> Option<u16> {
        let bytes = s.as_bytes();
        if bytes.len() < at + 7 || &bytes[at..at + 2] != b"_x" || bytes[at + 6] != b'_' {
            return None;
        }
        let hex = s.get(at + 2..at + 6)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    }
    if !s.contains("_x") {
        return s.to_owned();
    }
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let mut at = 0;
    while at < s.len() {
        if let Some(unit) = escape_at(s, at) {
            units.push(unit);
            at += 7;
            continue;
        }
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        let mut buf = [0u16; 2];
        units.extend_from_slice(c.encode_utf16(&mut buf));
        at += c.len_utf8();
    }
    String::from_utf16_lossy(&units)
}

/// One property of a protocol object's `<MS>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property<'a> {
    /// The `N` attribute, decoded.
    pub name: String,
    /// The element's tag (`I32`, `S`, `Obj`, `Nil`, ...).
    pub tag: String,
    /// For a primitive element, its text with entities resolved (`_xHHHH_` not decoded);
    /// for an `<Obj>`, the text of its first primitive child (an enum's value).
    pub text: Option<String>,
    /// The whole element as it appears in the body.
    pub raw: &'a str,
}

impl Property<'_> {
    /// The value as an integer (I32, I64, an enum's value, ...).
    pub fn as_i64(&self) -> Option<i64> {
        self.text.as_deref()?.trim().parse().ok()
    }

    /// The value as a boolean (`true`/`false`, as XmlConvert writes them).
    pub fn as_bool(&self) -> Option<bool> {
        match self.text.as_deref()?.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    /// The value as a string (CLIXML escapes decoded); `None` for `<Nil/>`.
    pub fn as_string(&self) -> Option<String> {
        match self.tag.as_str() {
            "Nil" => None,
            _ => Some(decode_string(self.text.as_deref().unwrap_or(""))),
        }
    }

    /// Whether the value is `<Nil/>`.
    pub fn is_nil(&self) -> bool {
        self.tag == "Nil"
    }
}

/// The note properties of a protocol object, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolObject<'a> {
    /// The properties of `<MS>`.
    pub properties: Vec<Property<'a>>,
}

impl<'a> ProtocolObject<'a> {
    /// The property named `name` (ASCII case-insensitive, as PowerShell looks them up).
    pub fn get(&self, name: &str) -> Option<&Property<'a>> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The property `name` as an integer.
    pub fn int(&self, name: &'static str) -> Result<i64, BodyError> {
        let p = self.get(name).ok_or(BodyError::Missing(name))?;
        p.as_i64().ok_or_else(|| BodyError::BadValue {
            property: name,
            value: p.text.clone().unwrap_or_default(),
        })
    }

    /// The property `name` as a boolean.
    pub fn bool(&self, name: &'static str) -> Result<bool, BodyError> {
        let p = self.get(name).ok_or(BodyError::Missing(name))?;
        p.as_bool().ok_or_else(|| BodyError::BadValue {
            property: name,
            value: p.text.clone().unwrap_or_default(),
        })
    }

    /// The property `name` as text (`None` when absent or `<Nil/>`).
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(Property::as_string)
    }

    /// The property `name` as raw XML, unless absent or `<Nil/>`.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.get(name).filter(|p| !p.is_nil()).map(|p| p.raw)
    }
}

fn name_attribute(e: &BytesStart<'_>) -> Result<Option<String>, BodyError> {
    for attr in e.attributes() {
        let attr = attr.map_err(xml_error)?;
        if attr.key.as_ref() == "N" {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(xml_error)?;
            return Ok(Some(decode_string(&value)));
        }
    }
    Ok(None)
}

fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let digits = name.strip_prefix('#')?;
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Reads the flat shape of a protocol object: the children of the top-level `<Obj>`'s
/// `<MS>`. Anything else in the object (`TN`, `ToString`, `Props`) is skipped. Bounded by
/// `max_depth` nested elements.
pub fn read_object(xml: &str, max_depth: usize) -> Result<ProtocolObject<'_>, BodyError> {
    let mut reader = Reader::from_str(xml);
    let mut properties = Vec::new();
    // Element names from the root down to the current element.
    let mut stack: Vec<String> = Vec::new();
    // The property being read: index into `properties`, its depth, start offset, and
    // whether it has seen a child element.
    let mut current: Option<(usize, usize, usize)> = None;
    let mut text = String::new();
    let mut saw_root = false;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Start(_) | Event::Empty(_) if stack.is_empty() && saw_root => {
                return Err(BodyError::Xml("more than one root element".into()));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = e.name().as_ref().to_owned();
                if stack.is_empty() {
                    if name != "Obj" {
                        return Err(BodyError::NotAnObject);
                    }
                    saw_root = true;
                }
                let depth = stack.len();
                if depth == 2 && stack[1] == "MS" && current.is_none() {
                    let prop_name = name_attribute(e)?.unwrap_or_default();
                    properties.push(Property {
                        name: prop_name,
                        tag: name.clone(),
                        text: None,
                        raw: "",
                    });
                    let index = properties.len() - 1;
                    if is_empty {
                        let after = usize::try_from(reader.buffer_position()).unwrap_or(before);
                        properties[index].raw = xml.get(before..after).unwrap_or("");
                    } else {
                        current = Some((index, depth, before));
                        text.clear();
                    }
                } else if let Some((index, prop_depth, _)) = current {
                    // First primitive child of an <Obj> property: the enum's value.
                    if depth == prop_depth + 1
                        && properties[index].tag == "Obj"
                        && properties[index].text.is_none()
                        && !matches!(
                            name.as_str(),
                            "TN" | "TNRef" | "ToString" | "MS" | "Props" | "Obj"
                        )
                    {
                        properties[index].text = Some(String::new());
                    }
                }
                if !is_empty {
                    if stack.len() >= max_depth {
                        return Err(BodyError::TooDeep(max_depth));
                    }
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
                if let Some((index, prop_depth, start)) = current {
                    if stack.len() == prop_depth {
                        let after = usize::try_from(reader.buffer_position()).unwrap_or(start);
                        let p = &mut properties[index];
                        p.raw = xml.get(start..after).unwrap_or("");
                        if p.tag != "Obj" {
                            p.text = Some(std::mem::take(&mut text));
                        }
                        current = None;
                    } else if stack.len() == prop_depth + 1 {
                        // End of a direct child of an <Obj> property.
                        let p = &mut properties[index];
                        if p.tag == "Obj" && p.text.as_deref() == Some("") {
                            p.text = Some(std::mem::take(&mut text));
                        }
                        text.clear();
                    }
                }
            }
            Event::Text(t) if current.is_some() => text.push_str(&t.xml10_content()),
            Event::CData(t) if current.is_some() => text.push_str(&t),
            Event::GeneralRef(r) if current.is_some() => {
                let name: &str = &r;
                let c = resolve_reference(name)
                    .ok_or_else(|| BodyError::Xml(format!("unknown entity &{name};")))?;
                text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(BodyError::NotAnObject);
    }
    if !stack.is_empty() {
        return Err(BodyError::Xml("unclosed element".into()));
    }
    Ok(ProtocolObject { properties })
}

/// Reference-id counters of one CLIXML document being written: object ids (`Obj`/`Ref`) and
/// type-name ids (`TN`/`TNRef`) count separately.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefIds {
    /// The next object id.
    pub next_object: u64,
    /// The next type-name id.
    pub next_type_names: u64,
}

impl RefIds {
    /// Takes the next object id.
    pub fn object(&mut self) -> u64 {
        let id = self.next_object;
        self.next_object += 1;
        id
    }

    /// Takes the next type-name id.
    pub fn type_names(&mut self) -> u64 {
        let id = self.next_type_names;
        self.next_type_names += 1;
        id
    }
}

/// Appends `element` (one CLIXML element serialized on its own, ids from 0) to `out` as part
/// of a larger document: its `RefId`s are shifted past those `ids` has handed out (and
/// `ids` advanced past the element's), and `name`, if given, becomes its `N` attribute
/// (replacing any). A BOM, XML declaration, comments and processing instructions outside
/// the element are dropped.
pub fn embed(
    out: &mut String,
    element: &str,
    name: Option<&str>,
    ids: &mut RefIds,
    max_depth: usize,
) -> Result<(), BodyError> {
    let element = element.strip_prefix('\u{feff}').unwrap_or(element);
    let mut reader = Reader::from_str(element);
    let base = *ids;
    let mut depth = 0usize;
    let mut roots = 0usize;
    let mut last = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(xml_error)?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let is_root = depth == 0;
                if is_root {
                    roots += 1;
                    if roots > 1 {
                        return Err(BodyError::NotOneElement);
                    }
                }
                out.push_str(element.get(last..before).unwrap_or(""));
                rewrite_start(out, e, is_root.then_some(name).flatten(), base, ids)?;
                out.push_str(if matches!(event, Event::Empty(_)) {
                    " />"
                } else {
                    ">"
                });
                last = after;
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    if depth > max_depth {
                        return Err(BodyError::TooDeep(max_depth));
                    }
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Decl(_) | Event::DocType(_) | Event::PI(_) | Event::Comment(_) if depth == 0 => {
                last = after;
            }
            Event::Text(t) if depth == 0 && !t.chars().all(|c| c.is_ascii_whitespace()) => {
                return Err(BodyError::NotOneElement);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if roots != 1 || depth != 0 {
        return Err(BodyError::NotOneElement);
    }
    out.push_str(element.get(last..).unwrap_or("").trim_end());
    Ok(())
}

fn rewrite_start(
    out: &mut String,
    e: &BytesStart<'_>,
    name: Option<&str>,
    base: RefIds,
    ids: &mut RefIds,
) -> Result<(), BodyError> {
    let tag = e.name();
    let tag: &str = tag.as_ref();
    out.push('<');
    out.push_str(tag);
    if let Some(name) = name {
        out.push_str(" N=\"");
        out.push_str(&escape_attribute(&encode_string(name)));
        out.push('"');
    }
    let is_type_names = matches!(tag, "TN" | "TNRef");
    for attr in e.attributes() {
        let attr = attr.map_err(xml_error)?;
        let key: &str = attr.key.as_ref();
        if key == "N" && name.is_some() {
            continue;
        }
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        if key == "RefId" {
            let id: u64 = attr.value.trim().parse().map_err(|_| BodyError::BadValue {
                property: "RefId",
                value: attr.value.to_string(),
            })?;
            let (offset, next) = if is_type_names {
                (base.next_type_names, &mut ids.next_type_names)
            } else {
                (base.next_object, &mut ids.next_object)
            };
            let shifted = id.saturating_add(offset);
            *next = (*next).max(shifted.saturating_add(1));
            out.push_str(&shifted.to_string());
        } else {
            out.push_str(&attr.value.replace('"', "&quot;"));
        }
        out.push('"');
    }
    Ok(())
}

/// Escapes text for a double-quoted attribute.
pub fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_escapes_follow_powershell() {
        assert_eq!(encode_string("a\tb\nc"), "a_x0009_b_x000A_c");
        assert_eq!(encode_string("_x_y_X"), "_x005F_x_y_x005F_X");
        assert_eq!(encode_string("<&>\"'"), "&lt;&amp;&gt;\"'");
        assert_eq!(encode_string("😀é"), "_xD83D__xDE00_é");
        assert_eq!(encode_string("\u{7f}\u{9f}\u{a0}"), "_x007F__x009F_\u{a0}");
        for s in ["a\tb\nc", "_x_y_X", "😀é", "plain", "_x00_"] {
            assert_eq!(decode_string(&encode_string(s).replace("&lt;", "<")), s);
        }
        assert_eq!(decode_string("_x0041__xd83d__xde00_"), "A😀");
        assert_eq!(decode_string("_xZZZZ_"), "_xZZZZ_");
    }

    #[test]
    fn reads_flat_protocol_objects() {
        let xml = r#"<Obj RefId="0"><TN RefId="0"><T>System.Object</T></TN><MS><I64 N="ci">-100</I64><Obj RefId="1" N="mi"><I32>16</I32><TN RefId="1"><T>X</T></TN><ToString>WriteLine2</ToString></Obj><Obj RefId="2" N="mp"><LST><S>a &amp; b_x000A_</S></LST></Obj><S N="s">x &lt; y</S><Nil N="n" /><B N="b">true</B></MS></Obj>"#;
        let o = read_object(xml, 10).unwrap();
        assert_eq!(o.int("ci").unwrap(), -100);
        assert_eq!(o.int("mi").unwrap(), 16);
        assert_eq!(
            o.get("mp").unwrap().raw,
            r#"<Obj RefId="2" N="mp"><LST><S>a &amp; b_x000A_</S></LST></Obj>"#
        );
        assert_eq!(o.text("s").as_deref(), Some("x < y"));
        assert!(o.get("n").unwrap().is_nil());
        assert_eq!(o.text("n"), None);
        assert!(o.bool("b").unwrap());
        assert_eq!(o.int("missing"), Err(BodyError::Missing("missing")));
        assert!(matches!(o.int("s"), Err(BodyError::BadValue { .. })));
    }

    #[test]
    fn rejects_bad_bodies() {
        assert_eq!(read_object("<S>x</S>", 10), Err(BodyError::NotAnObject));
        assert_eq!(read_object("", 10), Err(BodyError::NotAnObject));
        assert!(matches!(
            read_object("<Obj><MS>", 10),
            Err(BodyError::Xml(_))
        ));
        assert!(matches!(
            read_object("<Obj></MS>", 10),
            Err(BodyError::Xml(_))
        ));
        assert!(matches!(
            read_object("<Obj/><Obj/>", 10),
            Err(BodyError::Xml(_))
        ));
        let deep = format!("<Obj>{}{}</Obj>", "<a>".repeat(20), "</a>".repeat(20));
        assert_eq!(read_object(&deep, 10), Err(BodyError::TooDeep(10)));
    }

    #[test]
    fn embedding_renumbers_reference_ids() {
        let mut out = String::new();
        let mut ids = RefIds {
            next_object: 3,
            next_type_names: 1,
        };
        let element = r#"<Obj RefId="0" N="old"><TN RefId="0"><T>A</T></TN><MS><Obj RefId="1" N="x"><TNRef RefId="0" /></Obj><Ref RefId="1" N="y" /></MS></Obj>"#;
        embed(&mut out, element, Some("V"), &mut ids, 10).unwrap();
        assert_eq!(
            out,
            r#"<Obj N="V" RefId="3"><TN RefId="1"><T>A</T></TN><MS><Obj RefId="4" N="x"><TNRef RefId="1" /></Obj><Ref RefId="4" N="y" /></MS></Obj>"#
        );
        assert_eq!(
            ids,
            RefIds {
                next_object: 5,
                next_type_names: 2
            }
        );
        let mut out = String::new();
        embed(
            &mut out,
            "\u{feff}<?xml version=\"1.0\"?><!-- c --><S>a_x000A_&amp;</S>\n",
            Some("mr"),
            &mut ids,
            10,
        )
        .unwrap();
        assert_eq!(out, r#"<S N="mr">a_x000A_&amp;</S>"#);
        assert_eq!(
            embed(&mut String::new(), "<S/><S/>", None, &mut ids, 10),
            Err(BodyError::NotOneElement)
        );
        assert_eq!(
            embed(&mut String::new(), "text", None, &mut ids, 10),
            Err(BodyError::NotOneElement)
        );
    }
}
