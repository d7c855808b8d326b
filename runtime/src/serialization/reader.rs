//! The CLIXML reader: quick-xml's streaming reader under a recursive descent over
//! PowerShell's elements, building live values.
//!
//! Hostile input is the normal case (CLIXML arrives from remote peers), so: no DTD and no
//! entity other than XML's five and character references; every nesting level, element,
//! string and materialized type-name list counts against [`Limits`]; references must point
//! back to objects already started, and ids must be unique.

use super::error::SerializationError as E;
use super::escape;
use super::formats;
use super::limits::Limits;
use super::secure::SecureStringCipher;
use crate::value::{Array, Hashtable, PsObject, PsVersion, Value};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// Nesting is recursion here; never more than this many levels, whatever the limits say
/// (100 levels fit in a 2 MiB thread stack even in a debug build).
const HARD_MAX_DEPTH: usize = 100;
const DESERIALIZED: &str = "Deserialized.";

type R<T> = Result<T, E>;

/// Turn the bytes into text: UTF-8 (with or without a BOM) or UTF-16 with a BOM, as
/// Export-Clixml's encodings write them; `#< CLIXML` (pwsh -OutputFormat xml) is skipped.
pub(crate) fn decode_input<'a>(input: &'a [u8], limits: &Limits) -> R<std::borrow::Cow<'a, str>> {
    if input.len() as u64 > limits.max_bytes {
        return Err(E::TooLarge {
            size: input.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let text: std::borrow::Cow<'a, str> = if let Some(rest) = input.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)?.into()
    } else if let Some(rest) = input.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)?.into()
    } else {
        let body = input.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(input);
        let bom = (input.len() - body.len()) as u64;
        match std::str::from_utf8(body) {
            Ok(s) => s.into(),
            Err(e) => {
                return Err(E::InvalidUtf8 {
                    offset: bom + e.valid_up_to() as u64,
                });
            }
        }
    };
    Ok(text)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> R<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(E::InvalidUtf8 {
            offset: bytes.len() as u64 + 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(E::InvalidUtf8 {
                    offset: 2 + 2 * i as u64,
                });
            }
        }
    }
    Ok(out)
}

/// The first line `#< CLIXML` of `pwsh -OutputFormat xml`, and leading white space.
fn skip_preamble(text: &str) -> (&str, u64) {
    let mut s = text;
    if let Some(rest) = s.strip_prefix("#< CLIXML") {
        let rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'));
        if let Some(rest) = rest {
            s = rest;
        }
    }
    (s, (text.len() - s.len()) as u64)
}

/// A start tag, owned enough to outlive the next event.
struct Start<'a> {
    tag: BytesStart<'a>,
    empty: bool,
    offset: u64,
}

impl Start<'_> {
    fn name(&self) -> &str {
        self.tag.name().into_inner()
    }

    /// An attribute's value (XML-unescaped, not `_x`-decoded).
    fn attr(&self, key: &str) -> R<Option<Cow<'_, str>>> {
        // quick-xml's own duplicate check allocates for every tag; the names seen are
        // compared here instead (CLIXML tags have one or two attributes).
        let mut seen: Vec<&str> = Vec::new();
        let mut first = [""; 4];
        let mut attributes = self.tag.attributes();
        attributes.with_checks(false);
        for (count, a) in attributes.enumerate() {
            let a = a.map_err(|e| E::Xml {
                offset: self.offset,
                message: e.to_string(),
            })?;
            let name = a.key.into_inner();
            if first[..count.min(first.len())].contains(&name) || seen.contains(&name) {
                return Err(E::Xml {
                    offset: self.offset,
                    message: format!(
                        "duplicated attribute '{}'",
                        name.chars().take(40).collect::<String>()
                    ),
                });
            }
            if count < first.len() {
                first[count] = name;
            } else {
                seen.push(name);
            }
            if a.key.local_name().into_inner() == key {
                let v = a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| xml_error(self.offset, e))?;
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

/// One event of the element structure, after comments, white space, declarations and
/// processing instructions are dropped.
enum Ev<'a> {
    Start(Start<'a>),
    End(u64),
    Text(Cow<'a, str>, u64),
    Eof(u64),
}

fn xml_error(offset: u64, e: impl std::fmt::Display) -> E {
    E::Xml {
        offset,
        message: e.to_string(),
    }
}

pub(crate) struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    /// A remoting session's SecureString cipher; without one, `<SS>` is
    /// `ConvertFrom-SecureString`'s text ([`super::secure::unprotect`]).
    cipher: Option<&'a dyn SecureStringCipher>,
    base: u64,
    limits: Limits,
    max_depth: usize,
    objects: usize,
    /// Objects by `RefId`: ids 0, 1, 2, ... in order (what every writer produces) in a
    /// vector, any others in a map.
    refs_seq: Vec<Value>,
    refs: HashMap<u64, Value>,
    /// Type-name lists by `RefId`, with the `Deserialized.` prefix.
    type_names: HashMap<u64, Arc<[String]>>,
    /// Bytes of type names handed out so far, against a budget proportional to the input.
    type_bytes: u64,
    type_budget: u64,
    /// A text or end event read ahead.
    peeked: Option<Ev<'a>>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(
        text: &'a str,
        limits: &Limits,
        cipher: Option<&'a dyn SecureStringCipher>,
    ) -> Parser<'a> {
        let (body, base) = skip_preamble(text);
        let mut reader = Reader::from_str(body);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.trim_text(false);
        Parser {
            reader,
            cipher,
            base,
            limits: *limits,
            max_depth: limits.max_depth.min(HARD_MAX_DEPTH),
            objects: 0,
            refs_seq: Vec::new(),
            refs: HashMap::new(),
            type_names: HashMap::new(),
            type_bytes: 0,
            type_budget: 16 * text.len() as u64 + 4096,
            peeked: None,
        }
    }

    fn pos(&self) -> u64 {
        self.base + self.reader.buffer_position()
    }

    /// The next structural event; text pieces (text, entity and character references,
    /// CDATA) are joined.
    fn next(&mut self) -> R<Ev<'a>> {
        if let Some(ev) = self.peeked.take() {
            return Ok(ev);
        }
        let mut text: Option<(Cow<'a, str>, u64)> = None;
        loop {
            let offset = self.pos();
            let ev = self
                .reader
                .read_event()
                .map_err(|e| xml_error(self.base + self.reader.error_position(), e))?;
            let piece: Option<Cow<'a, str>> = match ev {
                Event::Text(t) => Some(t.xml10_content()),
                Event::CData(c) => Some(c.into_inner()),
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => Some(c.to_string().into()),
                            _ => {
                                return Err(E::Xml {
                                    offset,
                                    message: format!("invalid character reference '&{};'", &*r),
                                });
                            }
                        }
                    } else {
                        let name: &str = &r;
                        let c = match name {
                            "lt" => "<",
                            "gt" => ">",
                            "amp" => "&",
                            "apos" => "'",
                            "quot" => "\"",
                            other => {
                                return Err(E::EntityNotAllowed {
                                    name: other.chars().take(40).collect(),
                                    offset,
                                });
                            }
                        };
                        Some(c.into())
                    }
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => None,
                Event::DocType(_) => return Err(E::DtdNotAllowed { offset }),
                other => {
                    let structural = match other {
                        Event::Start(tag) => Ev::Start(Start {
                            tag,
                            empty: false,
                            offset,
                        }),
                        Event::Empty(tag) => Ev::Start(Start {
                            tag,
                            empty: true,
                            offset,
                        }),
                        Event::End(_) => Ev::End(offset),
                        _ => Ev::Eof(offset),
                    };
                    if let Some((t, at)) = text.take() {
                        self.peeked = Some(structural);
                        return Ok(Ev::Text(t, at));
                    }
                    return Ok(structural);
                }
            };
            if let Some(p) = piece {
                let len = text.as_ref().map_or(0, |(t, _)| t.len()) + p.len();
                if len > self.limits.max_string_len {
                    return Err(E::StringTooLong {
                        limit: self.limits.max_string_len,
                        offset,
                    });
                }
                match &mut text {
                    // One piece is borrowed from the input; only joined pieces allocate.
                    None => text = Some((p, offset)),
                    Some((t, _)) => t.to_mut().push_str(&p),
                }
            }
        }
    }

    fn count(&mut self, offset: u64) -> R<()> {
        self.objects += 1;
        if self.objects > self.limits.max_objects {
            return Err(E::TooManyObjects {
                limit: self.limits.max_objects,
                offset,
            });
        }
        Ok(())
    }

    /// The whole text content of a leaf element whose start was just read.
    fn leaf_text(&mut self, start: &Start<'_>) -> R<(Cow<'a, str>, u64)> {
        if start.empty {
            return Ok((Cow::Borrowed(""), start.offset));
        }
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        let mut at = start.offset;
        loop {
            match self.next()? {
                Ev::Text(t, o) => {
                    if text.is_empty() {
                        at = o;
                        text = t;
                    } else {
                        text.to_mut().push_str(&t);
                    }
                }
                Ev::End(_) => return Ok((text, at)),
                Ev::Start(s) => {
                    return Err(E::UnexpectedElement {
                        name: s.name().to_string(),
                        context: format!(", inside '{}'", start.name()),
                        offset: s.offset,
                    });
                }
                Ev::Eof(o) => {
                    return Err(E::Truncated {
                        offset: o,
                        expected: start.name().to_string(),
                    });
                }
            }
        }
    }

    /// A leaf's text with `_xHHHH_` decoded.
    fn leaf_string(&mut self, start: &Start<'_>) -> R<String> {
        let (t, at) = self.leaf_text(start)?;
        Ok(match escape::decode(&t, at)? {
            Cow::Borrowed(_) => t.into_owned(),
            Cow::Owned(decoded) => decoded,
        })
    }

    /// The next child element of an open element, skipping white space; `None` at its end.
    fn child(&mut self, parent: &str) -> R<Option<Start<'a>>> {
        loop {
            match self.next()? {
                Ev::Start(s) => return Ok(Some(s)),
                Ev::End(_) => return Ok(None),
                Ev::Text(t, o) => {
                    if !t.trim().is_empty() {
                        return Err(E::UnexpectedText {
                            context: format!(", inside '{parent}'"),
                            offset: o,
                        });
                    }
                }
                Ev::Eof(o) => {
                    return Err(E::Truncated {
                        offset: o,
                        expected: parent.to_string(),
                    });
                }
            }
        }
    }

    /// The `RefId` of an element, a number.
    fn parse_ref_id(&self, start: &Start<'_>, required: bool) -> R<Option<u64>> {
        match start.attr("RefId")? {
            None if required => Err(E::MissingAttribute {
                element: start.name().to_string(),
                attribute: "RefId".into(),
                offset: start.offset,
            }),
            None => Ok(None),
            Some(id) => match id.trim().parse::<u64>() {
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(E::BadRefId {
                    id: id.chars().take(40).collect(),
                    offset: start.offset,
                }),
            },
        }
    }

    /// The property name (`N`) of an element, decoded.
    fn name_attr(&self, start: &Start<'_>) -> R<Option<String>> {
        // (one allocation: the name kept by the caller)
        match start.attr("N")? {
            None => Ok(None),
            Some(n) => {
                if n.len() > self.limits.max_string_len {
                    return Err(E::StringTooLong {
                        limit: self.limits.max_string_len,
                        offset: start.offset,
                    });
                }
                escape::decode(&n, start.offset).map(|d| Some(d.into_owned()))
            }
        }
    }

    /// Read the top-level `<Objs>` document.
    pub(crate) fn document(&mut self) -> R<Vec<Value>> {
        let root = loop {
            match self.next()? {
                Ev::Start(s) => break s,
                Ev::Text(t, o) if !t.trim().is_empty() => {
                    return Err(E::UnexpectedText {
                        context: String::new(),
                        offset: o,
                    });
                }
                Ev::Text(..) => {}
                Ev::End(o) | Ev::Eof(o) => {
                    return Err(E::Truncated {
                        offset: o,
                        expected: "Objs".into(),
                    });
                }
            }
        };
        if root.name() != "Objs" {
            return Err(E::BadRoot {
                expected: "Objs".into(),
                found: root.name().chars().take(40).collect(),
                offset: root.offset,
            });
        }
        let mut values = Vec::new();
        if !root.empty {
            while let Some(child) = self.child("Objs")? {
                let (_, v) = self.value(child, 0)?;
                values.push(v);
            }
        }
        self.finish()?;
        Ok(values)
    }

    /// Read one bare element (a PSRP message body).
    pub(crate) fn element(&mut self) -> R<Value> {
        let first = loop {
            match self.next()? {
                Ev::Start(s) => break s,
                Ev::Text(t, o) if !t.trim().is_empty() => {
                    return Err(E::UnexpectedText {
                        context: String::new(),
                        offset: o,
                    });
                }
                Ev::Text(..) => {}
                Ev::End(o) | Ev::Eof(o) => {
                    return Err(E::Truncated {
                        offset: o,
                        expected: "a value".into(),
                    });
                }
            }
        };
        let (_, v) = self.value(first, 0)?;
        self.finish()?;
        Ok(v)
    }

    /// Nothing but white space, comments and processing instructions may follow the root.
    fn finish(&mut self) -> R<()> {
        loop {
            match self.next()? {
                Ev::Eof(_) => return Ok(()),
                Ev::Text(t, _) if t.trim().is_empty() => {}
                Ev::Text(_, o) => {
                    return Err(E::UnexpectedText {
                        context: " after the root element".into(),
                        offset: o,
                    });
                }
                Ev::Start(s) => {
                    return Err(E::UnexpectedElement {
                        name: s.name().chars().take(40).collect(),
                        context: " after the root element".into(),
                        offset: s.offset,
                    });
                }
                Ev::End(o) => {
                    return Err(E::Xml {
                        offset: o,
                        message: "unmatched end tag".into(),
                    });
                }
            }
        }
    }

    fn invalid(tag: &str, text: &str, offset: u64) -> E {
        E::InvalidValue {
            tag: tag.to_string(),
            text: text.chars().take(40).collect(),
            offset,
        }
    }

    fn has_ref(&self, id: u64) -> bool {
        id < self.refs_seq.len() as u64 || self.refs.contains_key(&id)
    }

    fn get_ref(&self, id: u64) -> Option<&Value> {
        match usize::try_from(id) {
            Ok(i) if i < self.refs_seq.len() => self.refs_seq.get(i),
            _ => self.refs.get(&id),
        }
    }

    fn replace_ref(&mut self, id: u64, v: Value) {
        match usize::try_from(id) {
            Ok(i) if i < self.refs_seq.len() => self.refs_seq[i] = v,
            _ => {
                self.refs.insert(id, v);
            }
        }
    }

    fn register(&mut self, id: Option<u64>, v: &Value, offset: u64) -> R<()> {
        if let Some(id) = id {
            if self.has_ref(id) {
                return Err(E::DuplicateRefId {
                    id: id.to_string(),
                    offset,
                });
            }
            if id == self.refs_seq.len() as u64 && !self.refs.contains_key(&id) {
                self.refs_seq.push(v.clone());
            } else {
                self.refs.insert(id, v.clone());
            }
        }
        Ok(())
    }

    /// Read one value element whose start tag was just read; gives its `N` and the value.
    /// `depth` is the number of objects it is inside.
    fn value(&mut self, start: Start<'a>, depth: usize) -> R<(Option<String>, Value)> {
        self.count(start.offset)?;
        let name = self.name_attr(&start)?;
        // Recursion goes through here: keep this frame small (leaf values are read in a
        // function of their own).
        let v = match start.name() {
            "Obj" => self.object(start, depth + 1)?,
            "PR" => self.progress_record(start, depth + 1)?,
            "Ref" => self.reference(&start)?,
            _ => self.leaf_value(&start)?,
        };
        Ok((name, v))
    }

    /// `<Ref RefId>`: the object read before under that id.
    #[inline(never)]
    fn reference(&mut self, start: &Start<'_>) -> R<Value> {
        let id = self.parse_ref_id(start, true)?.unwrap_or_default();
        self.empty_element(start)?;
        match self.get_ref(id) {
            Some(v) => Ok(v.clone()),
            None => Err(E::UnknownRefId {
                id: id.to_string(),
                offset: start.offset,
            }),
        }
    }

    /// A primitive element.
    #[inline(never)]
    fn leaf_value(&mut self, start: &Start<'_>) -> R<Value> {
        let tag = start.name();
        let v = match tag {
            "Nil" => {
                let (t, o) = self.leaf_text(start)?;
                if !t.trim().is_empty() {
                    return Err(E::UnexpectedText {
                        context: ", inside 'Nil'".into(),
                        offset: o,
                    });
                }
                Value::Null
            }
            "S" | "SBK" => {
                let (t, at) = self.leaf_text(start)?;
                Value::String(Arc::from(&*escape::decode(&t, at)?))
            }
            "URI" => special(
                &["System.Uri", "System.Object"],
                self.leaf_string(start)?,
                true,
            ),
            "XD" => special(
                &[
                    "System.Xml.XmlDocument",
                    "System.Xml.XmlNode",
                    "System.Object",
                ],
                self.leaf_string(start)?,
                false,
            ),
            "SS" => {
                let (t, at) = self.leaf_text(start)?;
                let t = escape::decode(&t, at)?;
                let plain = match self.cipher {
                    Some(c) => c.decrypt(t.trim()),
                    None => super::secure::unprotect(&t)
                        .ok_or_else(|| "the text is not an exported SecureString".to_string()),
                };
                match plain {
                    Ok(p) => super::secure::secure_string(p),
                    Err(reason) => return Err(E::SecureString { reason, offset: at }),
                }
            }
            _ => {
                let (t, at) = self.leaf_text(start)?;
                let bad = || Self::invalid(tag, &t, at);
                match tag {
                    "B" => match t.trim() {
                        "true" | "1" => Value::Bool(true),
                        "false" | "0" => Value::Bool(false),
                        _ => return Err(bad()),
                    },
                    "I32" => Value::Int(t.trim().parse().map_err(|_| bad())?),
                    "I64" => Value::Long(t.trim().parse().map_err(|_| bad())?),
                    "I16" => Value::Short(t.trim().parse().map_err(|_| bad())?),
                    "U16" => Value::UShort(t.trim().parse().map_err(|_| bad())?),
                    "U32" => Value::UInt(t.trim().parse().map_err(|_| bad())?),
                    "U64" => Value::ULong(t.trim().parse().map_err(|_| bad())?),
                    "By" => Value::Byte(t.trim().parse().map_err(|_| bad())?),
                    "SB" => Value::SByte(t.trim().parse().map_err(|_| bad())?),
                    "C" => {
                        let unit: u16 = t.trim().parse().map_err(|_| bad())?;
                        Value::Char(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'))
                    }
                    "Db" => Value::Double(formats::parse_double(&t).ok_or_else(bad)?),
                    // rosh has no single-precision value: `[float]` is a double in rosh too.
                    "Sg" => {
                        Value::Double(f64::from(formats::parse_double(&t).ok_or_else(bad)? as f32))
                    }
                    "D" => Value::Decimal(
                        t.trim()
                            .parse::<rust_decimal::Decimal>()
                            .or_else(|_| rust_decimal::Decimal::from_scientific(t.trim()))
                            .map_err(|_| bad())?,
                    ),
                    "DT" => Value::DateTime(formats::parse_datetime(&t).ok_or_else(bad)?),
                    "TS" => Value::TimeSpan(formats::parse_timespan(&t).ok_or_else(bad)?),
                    "G" => Value::Guid(uuid::Uuid::parse_str(t.trim()).map_err(|_| bad())?),
                    "Version" => Value::Version(PsVersion::parse(&t).ok_or_else(bad)?),
                    "BA" => {
                        use base64::Engine;
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(t.trim())
                            .map_err(|_| bad())?;
                        Value::Array(Array::bytes(&bytes))
                    }
                    _ => {
                        return Err(E::UnexpectedElement {
                            name: tag.chars().take(40).collect(),
                            context: String::new(),
                            offset: start.offset,
                        });
                    }
                }
            }
        };
        Ok(v)
    }

    /// `<Obj>`: a container, a wrapped primitive, or a property bag. The reader recurses
    /// through here, so each step is a function of its own and this frame stays small.
    fn object(&mut self, start: Start<'a>, depth: usize) -> R<Value> {
        if depth > self.max_depth {
            return Err(E::TooDeep {
                limit: self.max_depth,
                offset: start.offset,
            });
        }
        let id = self.parse_ref_id(&start, false)?;
        if let Some(id) = id
            && self.has_ref(id)
        {
            return Err(E::DuplicateRefId {
                id: id.to_string(),
                offset: start.offset,
            });
        }
        let mut st = Box::new(ObjState {
            id,
            ..ObjState::default()
        });
        if !start.empty {
            while let Some(child) = self.child("Obj")? {
                self.object_child(child, &mut st, depth)?;
            }
        }
        self.object_value(*st, start.offset)
    }

    #[inline(never)]
    fn object_child(&mut self, child: Start<'a>, st: &mut ObjState, depth: usize) -> R<()> {
        match child.name() {
            "TN" => {
                let list = self.type_name_list(child)?;
                if let Some(b) = &st.bag {
                    for n in list.iter().rev() {
                        b.insert_type_name(n.clone());
                    }
                }
                st.names = Some(list);
            }
            "TNRef" => {
                let tn_id = self.parse_ref_id(&child, true)?.unwrap_or_default();
                self.empty_element(&child)?;
                let list = self
                    .type_names
                    .get(&tn_id)
                    .cloned()
                    .ok_or_else(|| E::UnknownRefId {
                        id: tn_id.to_string(),
                        offset: child.offset,
                    })?;
                self.charge_type_names(&list, child.offset)?;
                st.names = Some(list);
            }
            "ToString" => {
                self.count(child.offset)?;
                st.to_string = Some(self.leaf_string(&child)?);
            }
            "LST" | "IE" | "STK" | "QUE" | "DCT" => {
                self.second_base(&child, st)?;
                self.count(child.offset)?;
                let v = self.container(child, st, depth)?;
                st.container = Some(v);
            }
            "Props" | "MS" => {
                let o = self.bag(st, child.offset)?;
                self.properties(child, &o, depth)?;
            }
            _ => {
                self.second_base(&child, st)?;
                let (_, v) = self.value(child, depth)?;
                st.base = Some(v);
            }
        }
        Ok(())
    }

    fn second_base(&self, child: &Start<'_>, st: &ObjState) -> R<()> {
        if st.base.is_some() || st.container.is_some() {
            return Err(E::UnexpectedElement {
                name: child.name().chars().take(40).collect(),
                context: ", a second base value inside 'Obj'".into(),
                offset: child.offset,
            });
        }
        Ok(())
    }

    /// The container of an `<Obj>`, registered under the object's id before its items are
    /// read (so that references to it from inside resolve).
    #[inline(never)]
    fn container(&mut self, child: Start<'a>, st: &mut ObjState, depth: usize) -> R<Value> {
        if child.name() == "DCT" {
            let ordered = st.names.as_ref().and_then(|n| n.first()).is_some_and(|n| {
                n.trim_start_matches(DESERIALIZED)
                    == "System.Collections.Specialized.OrderedDictionary"
            });
            let h = Hashtable::new(ordered);
            let v = Value::Hashtable(h.clone());
            if !st.registered {
                self.register(st.id, &v, child.offset)?;
                st.registered = true;
            }
            self.dictionary(child, &h, depth)?;
            Ok(v)
        } else {
            // Lists come back as ArrayLists, stacks and queues as themselves, in the order
            // they were written (their enumeration order), as PowerShell rehydrates them.
            let a = match child.name() {
                "STK" => Array::stack(Vec::new()),
                "QUE" => Array::queue(Vec::new()),
                _ => Array::array_list(Vec::new()),
            };
            let v = Value::Array(a.clone());
            if !st.registered {
                self.register(st.id, &v, child.offset)?;
                st.registered = true;
            }
            self.list(child, &a, depth)?;
            Ok(v)
        }
    }

    /// The property bag of an `<Obj>`, made (and registered) when its first properties come.
    fn bag(&mut self, st: &mut ObjState, offset: u64) -> R<PsObject> {
        if let Some(o) = &st.bag {
            return Ok(o.clone());
        }
        let o = bag_of(st.names.as_ref());
        if !st.registered && st.container.is_none() {
            self.register(st.id, &Value::Object(o.clone()), offset)?;
            st.registered = true;
        }
        st.bag = Some(o.clone());
        Ok(o)
    }

    /// The value an `<Obj>` stands for, once all its children are read.
    fn object_value(&mut self, st: ObjState, offset: u64) -> R<Value> {
        let value = if let Some(c) = st.container {
            if let (Value::Hashtable(h), Some(names)) = (&c, st.names.as_deref()) {
                h.set_type_names(names.to_vec());
            }
            c
        } else if let Some(b) = st.base {
            match st.names.as_ref() {
                // A primitive with notes but its own type: the primitive (rosh values carry
                // no notes).
                None => b,
                Some(names) => {
                    let o = st
                        .bag
                        .unwrap_or_else(|| PsObject::with_shared_type_names(names.clone()));
                    if let Some(s) = st.to_string {
                        o.set_to_string(s);
                    }
                    o.set_base_value(b);
                    Value::Object(o)
                }
            }
        } else {
            let o = match st.bag {
                Some(o) => o,
                None => bag_of(st.names.as_ref()),
            };
            if let Some(s) = st.to_string {
                o.set_to_string(s);
            }
            if st
                .names
                .as_deref()
                .and_then(|n| n.first())
                .is_some_and(|n| n.strip_prefix(DESERIALIZED) == Some(CREDENTIAL))
            {
                rehydrate_credential(&o);
            }
            Value::Object(o)
        };
        if st.registered {
            // A wrapped primitive without type names is the primitive itself.
            if let Some(id) = st.id
                && !matches!(
                    value,
                    Value::Array(_) | Value::Hashtable(_) | Value::Object(_)
                )
            {
                self.replace_ref(id, value.clone());
            }
        } else {
            self.register(st.id, &value, offset)?;
        }
        Ok(value)
    }

    fn empty_element(&mut self, start: &Start<'_>) -> R<()> {
        if !start.empty {
            let (t, o) = self.leaf_text(start)?;
            if !t.trim().is_empty() {
                return Err(E::UnexpectedText {
                    context: format!(", inside '{}'", start.name()),
                    offset: o,
                });
            }
        }
        Ok(())
    }

    fn charge_type_names(&mut self, list: &[String], offset: u64) -> R<()> {
        let bytes: u64 = list
            .iter()
            .map(|n| (n.len() + DESERIALIZED.len() + 24) as u64)
            .sum();
        self.type_bytes += bytes;
        if self.type_bytes > self.type_budget {
            return Err(E::TooMuchTypeData { offset });
        }
        Ok(())
    }

    /// `<TN RefId><T>..</T>...</TN>`.
    fn type_name_list(&mut self, start: Start<'a>) -> R<Arc<[String]>> {
        let id = self.parse_ref_id(&start, false)?;
        let mut list = Vec::new();
        if !start.empty {
            while let Some(t) = self.child("TN")? {
                if t.name() != "T" {
                    return Err(E::UnexpectedElement {
                        name: t.name().chars().take(40).collect(),
                        context: ", inside 'TN'".into(),
                        offset: t.offset,
                    });
                }
                self.count(t.offset)?;
                // Kept with the `Deserialized.` prefix, made once per list.
                let name = self.leaf_string(&t)?;
                list.push(if name.starts_with(DESERIALIZED) {
                    name
                } else {
                    format!("{DESERIALIZED}{name}")
                });
            }
        }
        let list: Arc<[String]> = list.into();
        self.charge_type_names(&list, start.offset)?;
        if let Some(id) = id {
            if self.type_names.contains_key(&id) {
                return Err(E::DuplicateRefId {
                    id: id.to_string(),
                    offset: start.offset,
                });
            }
            self.type_names.insert(id, list.clone());
        }
        Ok(list)
    }

    /// `<LST>`, `<IE>`, `<STK>`, `<QUE>`: items in order.
    fn list(&mut self, start: Start<'a>, a: &Array, depth: usize) -> R<()> {
        if start.empty {
            return Ok(());
        }
        let tag = start.name().to_string();
        while let Some(item) = self.child(&tag)? {
            let (_, v) = self.value(item, depth)?;
            a.push(v);
        }
        Ok(())
    }

    /// `<DCT><En><key N="Key"/><value N="Value"/></En>...</DCT>`.
    fn dictionary(&mut self, start: Start<'a>, h: &Hashtable, depth: usize) -> R<()> {
        if start.empty {
            return Ok(());
        }
        while let Some(en) = self.child("DCT")? {
            if en.name() != "En" {
                return Err(E::UnexpectedElement {
                    name: en.name().chars().take(40).collect(),
                    context: ", inside 'DCT'".into(),
                    offset: en.offset,
                });
            }
            self.count(en.offset)?;
            let (mut key, mut value) = (None, None);
            if !en.empty {
                while let Some(part) = self.child("En")? {
                    let offset = part.offset;
                    let (n, v) = self.value(part, depth)?;
                    match n.as_deref() {
                        Some("Key") => key = Some(v),
                        Some("Value") => value = Some(v),
                        _ => {
                            return Err(E::MissingAttribute {
                                element: "En".into(),
                                attribute: "N=\"Key\" or N=\"Value\"".into(),
                                offset,
                            });
                        }
                    }
                }
            }
            match key {
                Some(k) if !k.is_null() => h.insert(k, value.unwrap_or(Value::Null)),
                _ => {
                    return Err(E::MissingAttribute {
                        element: "En".into(),
                        attribute: "Key".into(),
                        offset: en.offset,
                    });
                }
            }
        }
        Ok(())
    }

    /// `<Props>` or `<MS>`: named values, kept as note properties (added together once
    /// read, so the object's table is sized once).
    fn properties(&mut self, start: Start<'a>, o: &PsObject, depth: usize) -> R<()> {
        if start.empty {
            return Ok(());
        }
        let mut props = Vec::new();
        while let Some(p) = self.child(start.name())? {
            let offset = p.offset;
            let (n, v) = self.value(p, depth)?;
            let Some(n) = n else {
                return Err(E::MissingAttribute {
                    element: start.name().to_string(),
                    attribute: "N".into(),
                    offset,
                });
            };
            props.push((n, v));
        }
        o.set_many(props);
        Ok(())
    }

    /// `<PR>`: a ProgressRecord (a live type, rebuilt with its properties).
    fn progress_record(&mut self, start: Start<'a>, depth: usize) -> R<Value> {
        if depth > self.max_depth {
            return Err(E::TooDeep {
                limit: self.max_depth,
                offset: start.offset,
            });
        }
        let o = PsObject::with_type_names(vec![
            "System.Management.Automation.ProgressRecord".into(),
            "System.Object".into(),
        ]);
        let mut fields: HashMap<&'static str, Value> = HashMap::new();
        if !start.empty {
            while let Some(child) = self.child("PR")? {
                let tag = child.name().to_string();
                let key = match tag.as_str() {
                    "AV" => "Activity",
                    "AI" => "ActivityId",
                    "PI" => "ParentActivityId",
                    "PC" => "PercentComplete",
                    "T" => "RecordType",
                    "SR" => "SecondsRemaining",
                    "SD" => "StatusDescription",
                    _ => {
                        let (_, v) = self.value(child, depth)?;
                        fields.insert("CurrentOperation", v);
                        continue;
                    }
                };
                self.count(child.offset)?;
                let (t, at) = self.leaf_text(&child)?;
                let v = match key {
                    "Activity" | "StatusDescription" | "RecordType" => {
                        Value::from(escape::decode(&t, at)?.into_owned())
                    }
                    _ => Value::Int(t.trim().parse().map_err(|_| Self::invalid(&tag, &t, at))?),
                };
                fields.insert(key, v);
            }
        }
        for key in [
            "ActivityId",
            "ParentActivityId",
            "Activity",
            "StatusDescription",
            "CurrentOperation",
            "PercentComplete",
            "SecondsRemaining",
            "RecordType",
        ] {
            o.set(key, fields.remove(key).unwrap_or(Value::Null));
        }
        Ok(Value::Object(o))
    }
}

/// What an `<Obj>` has shown so far.
#[derive(Default)]
struct ObjState {
    id: Option<u64>,
    names: Option<Arc<[String]>>,
    to_string: Option<String>,
    base: Option<Value>,
    container: Option<Value>,
    bag: Option<PsObject>,
    registered: bool,
}

/// A live value rosh keeps as text under its .NET type names (Uri, XmlDocument,
/// SecureString); `shown` makes the text its ToString (a Uri's is its text).
const CREDENTIAL: &str = "System.Management.Automation.PSCredential";

/// A deserialized PSCredential with a user name and a SecureString password comes back as
/// a live PSCredential, as PowerShell's `DeserializingTypeConverter` rehydrates it.
fn rehydrate_credential(o: &PsObject) {
    let user_ok = matches!(o.get("UserName"), Some(Value::String(_)));
    let password_ok = o
        .get("Password")
        .is_some_and(|p| super::secure::secure_string_text(&p).is_some());
    if user_ok && password_ok {
        o.set_type_names(vec![CREDENTIAL.into(), "System.Object".into()]);
        o.set_to_string(CREDENTIAL.into());
    }
}

fn special(names: &[&str], text: String, shown: bool) -> Value {
    let o = PsObject::with_type_names(names.iter().map(|n| n.to_string()).collect());
    if shown {
        o.set_to_string(text.clone());
        o.set("OriginalString", Value::from(text.clone()));
    } else {
        o.set_to_string(names[0].to_string());
    }
    o.set_base_value(Value::from(text));
    Value::Object(o)
}

/// The type names of a deserialized property bag: its (already prefixed) names, or a
/// PSCustomObject's when it was sent without any.
fn bag_of(names: Option<&Arc<[String]>>) -> PsObject {
    match names {
        // Every object of one list shares it.
        Some(n) => PsObject::with_shared_type_names(n.clone()),
        None => PsObject::custom(),
    }
}
