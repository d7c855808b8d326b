//! The CLIXML writer: values to PowerShell's serialization format, written straight into a
//! `String` (no XML library on this path; escaping is [`super::escape`]).
//!
//! It follows `serialization.cs` (`InternalSerializer`): primitives are bare elements; arrays,
//! hashtables and objects are `<Obj RefId>` elements whose type-name list is written once
//! (`<TN RefId>`) and then referred to (`<TNRef>`); an object met again is a `<Ref>`, so shared
//! objects stay shared and cycles end. Depth: containers and note properties keep the depth
//! of their owner; only the adapted properties of .NET objects (`<Props>`) go one level down,
//! and a .NET object met at depth 0 is written as its string.

use super::escape::encode_into;
use super::formats;
use super::secure::{SECURE_STRING_TYPE, SecureStringCipher};
use crate::convert::to_str;
use crate::value::{PsObject, Value};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// Objects nested deeper than this are written as strings (`MaxDepthBelowTopLevel`), so the
/// writer never produces what the reader refuses.
const MAX_NESTING: usize = super::Limits::POWERSHELL_MAX_DEPTH;

/// Evaluates a script property: `$this` and the getter block give the value, or `None`
/// when the getter fails.
pub type ScriptPropertyEval<'a> = dyn FnMut(&Value, &Value) -> Option<Value> + 'a;

/// How a [`super::Serializer`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SerializeOptions {
    /// Levels of .NET objects whose properties are written (remoting 1, Export-Clixml 2).
    pub depth: usize,
    /// Apply the serialization depths PowerShell's type data gives some types (PSCredential 1,
    /// ...), as remoting and Export-Clixml do.
    pub use_depth_from_types: bool,
    /// Indent as PowerShell's `XmlWriter` does (Export-Clixml, `PSSerializer`); off for PSRP
    /// message bodies.
    pub indent: bool,
}

impl SerializeOptions {
    /// Export-Clixml's defaults: depth 2, indented.
    pub const EXPORT: SerializeOptions = SerializeOptions {
        depth: 2,
        use_depth_from_types: true,
        indent: true,
    };
    /// Remoting's: depth 1 with the per-type depths, not indented.
    pub const REMOTING: SerializeOptions = SerializeOptions {
        depth: 1,
        use_depth_from_types: true,
        indent: false,
    };
}

/// The depth PowerShell's type data (`types.ps1xml` `SerializationDepth`) or its serializer's
/// own rules give objects of a type.
fn depth_from_types(first_type: &str) -> Option<usize> {
    let name = first_type
        .strip_prefix("Deserialized.")
        .unwrap_or(first_type);
    Some(match name {
        "System.Management.Automation.PSCredential"
        | "Microsoft.Management.Infrastructure.CimInstance"
        | "System.Management.Automation.SwitchParameter"
        | "System.Globalization.CultureInfo"
        | "System.Exception"
        | "System.Management.Automation.RuntimeException" => 1,
        "System.Management.Automation.Job" | "System.Management.Automation.PSRemotingJob" => 2,
        "System.Management.Automation.Remoting.PSSenderInfo" => 4,
        _ => return None,
    })
}

/// What kind of object a [`PsObject`] stands for, which decides how it is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ObjectKind {
    /// A property bag (`[pscustomobject]`, Select-Object output, a deserialized object): its
    /// properties are note properties (`<MS>`) and keep the depth.
    Bag,
    /// A .NET object rosh models with properties (FileInfo, ...): `<ToString>` and adapted
    /// properties (`<Props>`) one level down.
    DotNet,
}

fn object_kind(names: &[String]) -> ObjectKind {
    if names.is_empty()
        || names
            .iter()
            .any(|n| n == "System.Management.Automation.PSCustomObject")
        || names
            .first()
            .is_some_and(|n| n.starts_with("Deserialized."))
    {
        ObjectKind::Bag
    } else {
        ObjectKind::DotNet
    }
}

/// The running state of one CLIXML stream (a document or one PSRP message): the reference
/// ids given so far and the output.
pub(crate) struct Writer<'c> {
    pub(crate) out: String,
    opts: SerializeOptions,
    /// The remoting session's SecureString cipher; without one, SecureStrings are written
    /// in `ConvertFrom-SecureString`'s form ([`super::secure::protect`]).
    cipher: Option<&'c dyn SecureStringCipher>,
    /// Evaluates script properties (`$this`, the getter) for the extended members; without
    /// one they are left out.
    eval: Option<&'c mut ScriptPropertyEval<'c>>,
    level: usize,
    /// For each open element, whether it has child elements yet.
    open: Vec<bool>,
    obj_refs: HashMap<usize, u32>,
    /// Keeps every object given a RefId alive, so that no address is reused while writing.
    keep: Vec<Value>,
    tn_refs: HashMap<Vec<String>, u32>,
    /// Type-name lists already written, by the address of a shared list (kept alive here).
    tn_shared: HashMap<usize, (Arc<[String]>, u32)>,
    nesting: usize,
}

impl<'c> Writer<'c> {
    pub(crate) fn new(
        opts: SerializeOptions,
        cipher: Option<&'c dyn SecureStringCipher>,
    ) -> Writer<'c> {
        Writer {
            out: String::new(),
            opts,
            cipher,
            eval: None,
            level: 0,
            open: Vec::new(),
            obj_refs: HashMap::new(),
            keep: Vec::new(),
            tn_refs: HashMap::new(),
            tn_shared: HashMap::new(),
            nesting: 0,
        }
    }

    fn newline(&mut self) {
        if let Some(has_children) = self.open.last_mut() {
            *has_children = true;
        }
        if self.opts.indent && !self.out.is_empty() {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str("  ");
            }
        }
    }

    /// `<tag` plus ` N="name"` (the caller may add attributes, then calls `open_end` or
    /// `close_empty`).
    fn tag_start(&mut self, tag: &str, name: Option<&str>) {
        self.newline();
        self.out.push('<');
        self.out.push_str(tag);
        if let Some(n) = name {
            self.out.push_str(" N=\"");
            encode_into(n, true, &mut self.out);
            self.out.push('"');
        }
    }

    fn attr_num(&mut self, attr: &str, n: u32) {
        let _ = write!(self.out, " {attr}=\"{n}\"");
    }

    fn open_end(&mut self) {
        self.out.push('>');
        self.level += 1;
        self.open.push(false);
    }

    fn close_empty(&mut self) {
        self.out.push_str(" />");
    }

    fn end(&mut self, tag: &str) {
        self.level = self.level.saturating_sub(1);
        let had_children = self.open.pop().unwrap_or(false);
        if had_children && self.opts.indent {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str("  ");
            }
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// An element with text (already in its final form, escaped).
    fn leaf_raw(&mut self, tag: &str, name: Option<&str>, text: &str) {
        self.tag_start(tag, name);
        self.out.push('>');
        self.out.push_str(text);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// An element with a string, encoded.
    fn leaf_str(&mut self, tag: &str, name: Option<&str>, text: &str) {
        self.tag_start(tag, name);
        self.out.push('>');
        encode_into(text, false, &mut self.out);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn leaf_fmt(&mut self, tag: &str, name: Option<&str>, f: impl FnOnce(&mut String)) {
        self.tag_start(tag, name);
        self.out.push('>');
        f(&mut self.out);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn nil(&mut self, name: Option<&str>) {
        self.tag_start("Nil", name);
        self.close_empty();
    }

    /// The root `<Objs>` start.
    pub(crate) fn begin_document(&mut self) {
        self.out.push_str(
            "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">",
        );
        self.level = 1;
        self.open.push(false);
    }

    /// The root `</Objs>` (or `/>` when empty).
    pub(crate) fn end_document(&mut self) {
        let had_children = self.open.pop().unwrap_or(false);
        self.level = 0;
        if had_children {
            if self.opts.indent {
                self.out.push('\n');
            }
            self.out.push_str("</Objs>");
        } else {
            // `<Objs ...>` becomes `<Objs ... />`.
            self.out.pop();
            self.out.push_str(" />");
        }
    }

    /// Write one top-level value.
    /// This writer, evaluating script properties with `eval`.
    pub(crate) fn with_eval<'e>(self, eval: &'e mut ScriptPropertyEval<'e>) -> Writer<'e>
    where
        'c: 'e,
    {
        Writer {
            out: self.out,
            opts: self.opts,
            cipher: self.cipher,
            eval: Some(eval),
            level: self.level,
            open: self.open,
            obj_refs: self.obj_refs,
            keep: self.keep,
            tn_refs: self.tn_refs,
            tn_shared: self.tn_shared,
            nesting: self.nesting,
        }
    }

    /// This writer's state without its hooks (a [`super::Serializer`] has no cipher).
    pub(crate) fn into_unhooked(self) -> Writer<'static> {
        Writer {
            out: self.out,
            opts: self.opts,
            cipher: None,
            eval: None,
            level: self.level,
            open: self.open,
            obj_refs: self.obj_refs,
            keep: self.keep,
            tn_refs: self.tn_refs,
            tn_shared: self.tn_shared,
            nesting: self.nesting,
        }
    }

    pub(crate) fn write_top(&mut self, v: &Value) {
        let depth = self.opts.depth;
        self.write_value(v, None, depth);
    }

    fn ref_of(&self, addr: usize) -> Option<u32> {
        self.obj_refs.get(&addr).copied()
    }

    fn new_ref(&mut self, addr: usize, v: &Value) -> u32 {
        let id = self.obj_refs.len() as u32;
        // Value types (enums) get an id but no identity: give them a key no object has.
        let key = if addr == 0 {
            usize::MAX - self.keep.len()
        } else {
            addr
        };
        self.obj_refs.insert(key, id);
        self.keep.push(v.clone());
        id
    }

    fn write_ref(&mut self, name: Option<&str>, id: u32) {
        self.tag_start("Ref", name);
        self.attr_num("RefId", id);
        self.close_empty();
    }

    /// `<TN RefId>` with the names, or `<TNRef>` when the list was written before.
    fn write_type_names<S: AsRef<str>>(&mut self, names: &[S]) {
        if names.is_empty() {
            return;
        }
        let key: Vec<String> = names.iter().map(|n| n.as_ref().to_string()).collect();
        if let Some(id) = self.tn_refs.get(&key).copied() {
            return self.tn_ref(id);
        }
        let id = self.tn_refs.len() as u32;
        self.tn_refs.insert(key, id);
        self.write_tn(id, names);
    }

    /// `<TNRef RefId>`.
    fn tn_ref(&mut self, id: u32) {
        self.tag_start("TNRef", None);
        self.attr_num("RefId", id);
        self.close_empty();
    }

    /// An object's shared type-name list: found by the list itself before its text (objects
    /// read from one `<TN>`, and all `[pscustomobject]`s, share one).
    fn write_shared_type_names(&mut self, names: &Arc<[String]>) {
        if names.is_empty() {
            return;
        }
        // Keyed by address; the entry keeps the list alive, so no other takes its place.
        let addr = Arc::as_ptr(names).cast::<u8>() as usize;
        if let Some((_, id)) = self.tn_shared.get(&addr) {
            return self.tn_ref(*id);
        }
        let id = match self.tn_refs.get(&names[..]).copied() {
            Some(id) => {
                self.tn_ref(id);
                id
            }
            None => {
                let id = self.tn_refs.len() as u32;
                self.tn_refs.insert(names.to_vec(), id);
                self.write_tn(id, names);
                id
            }
        };
        self.tn_shared.insert(addr, (names.clone(), id));
    }

    /// `<TN RefId>` and its names.
    fn write_tn<S: AsRef<str>>(&mut self, id: u32, names: &[S]) {
        self.tag_start("TN", None);
        self.attr_num("RefId", id);
        self.open_end();
        for n in names {
            self.leaf_str("T", None, n.as_ref());
        }
        self.end("TN");
    }

    /// Start `<Obj N RefId>` and give it the next id.
    fn obj_start(&mut self, name: Option<&str>, addr: usize, v: &Value) {
        let id = self.new_ref(addr, v);
        self.tag_start("Obj", name);
        self.attr_num("RefId", id);
        self.open_end();
    }

    fn write_value(&mut self, v: &Value, name: Option<&str>, depth: usize) {
        match v {
            Value::Null => self.nil(name),
            Value::Bool(b) => self.leaf_raw("B", name, if *b { "true" } else { "false" }),
            Value::Int(i) => self.leaf_fmt("I32", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::Long(i) => self.leaf_fmt("I64", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::Double(d) => self.leaf_fmt("Db", name, |o| formats::double_to_text(*d, o)),
            Value::Decimal(d) => self.leaf_fmt("D", name, |o| {
                let _ = write!(o, "{d}");
            }),
            Value::Byte(i) => self.leaf_fmt("By", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::SByte(i) => self.leaf_fmt("SB", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::Short(i) => self.leaf_fmt("I16", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::UShort(i) => self.leaf_fmt("U16", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::UInt(i) => self.leaf_fmt("U32", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::ULong(i) => self.leaf_fmt("U64", name, |o| {
                let _ = write!(o, "{i}");
            }),
            Value::Char(c) => {
                // A .NET char is one UTF-16 code unit.
                let mut buf = [0u16; 2];
                let unit = c.encode_utf16(&mut buf)[0];
                self.leaf_fmt("C", name, |o| {
                    let _ = write!(o, "{unit}");
                })
            }
            Value::String(s) => self.leaf_str("S", name, s),
            Value::DateTime(d) => self.leaf_fmt("DT", name, |o| formats::datetime_to_text(*d, o)),
            Value::TimeSpan(t) => self.leaf_fmt("TS", name, |o| formats::timespan_to_text(*t, o)),
            Value::Guid(g) => self.leaf_fmt("G", name, |o| {
                let _ = write!(o, "{}", g.hyphenated());
            }),
            Value::Version(ver) => self.leaf_fmt("Version", name, |o| {
                let _ = write!(o, "{ver}");
            }),
            Value::ScriptBlock(sb) => self.leaf_str("SBK", name, sb.text()),
            Value::Enum(e) => {
                if self.nesting >= MAX_NESTING {
                    return self.leaf_str("S", name, &e.name());
                }
                self.nesting += 1;
                self.obj_start(name, 0, v);
                let ty = e.id.ty().full_name;
                self.write_type_names(&[ty, "System.Enum", "System.ValueType", "System.Object"]);
                self.leaf_str("ToString", None, &e.name());
                match i32::try_from(e.value) {
                    Ok(i) => self.write_value(&Value::Int(i), None, depth),
                    Err(_) => self.write_value(&Value::Long(e.value), None, depth),
                }
                self.end("Obj");
                self.nesting -= 1;
            }
            Value::Type(t) => {
                if self.nesting >= MAX_NESTING || depth == 0 {
                    return self.leaf_str("S", name, &t.full_name());
                }
                self.nesting += 1;
                self.obj_start(name, 0, v);
                self.write_type_names(&[
                    "System.RuntimeType",
                    "System.Reflection.TypeInfo",
                    "System.Type",
                    "System.Reflection.MemberInfo",
                    "System.Object",
                ]);
                let full = t.full_name();
                self.leaf_str("ToString", None, &full);
                self.tag_start("Props", None);
                self.open_end();
                self.leaf_str("S", Some("Name"), &t.name());
                self.leaf_str("S", Some("FullName"), &full);
                self.end("Props");
                self.end("Obj");
                self.nesting -= 1;
            }
            Value::Array(a) => {
                let addr = array_addr(a);
                if let Some(id) = self.ref_of(addr) {
                    return self.write_ref(name, id);
                }
                let items = a.to_vec();
                let is_bytes = a.kind() == crate::value::CollectionKind::Array
                    && a.element_type().is_some_and(|t| {
                        t.known() == crate::types::KnownType::Byte && t.array_depth() == 0
                    });
                if is_bytes {
                    // byte[] is a primitive: base64.
                    let bytes: Vec<u8> = items
                        .iter()
                        .map(|i| if let Value::Byte(b) = i { *b } else { 0 })
                        .collect();
                    use base64::Engine;
                    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
                    return self.leaf_raw("BA", name, &text);
                }
                if self.nesting >= MAX_NESTING {
                    return self.leaf_str("S", name, &a.type_name());
                }
                self.nesting += 1;
                self.obj_start(name, addr, v);
                // object[], int[], ArrayList, List[T], Stack, Queue: each with its own type
                // names.
                self.write_type_names(&v.type_names());
                let tag = match a.kind() {
                    crate::value::CollectionKind::Stack => "STK",
                    crate::value::CollectionKind::Queue => "QUE",
                    _ => "LST",
                };
                self.write_items(tag, &items, depth);
                self.end("Obj");
                self.nesting -= 1;
            }
            Value::Hashtable(h) => {
                let addr = hashtable_addr(h);
                if let Some(id) = self.ref_of(addr) {
                    return self.write_ref(name, id);
                }
                if self.nesting >= MAX_NESTING {
                    return self.leaf_str("S", name, &v.type_name());
                }
                self.nesting += 1;
                self.obj_start(name, addr, v);
                let names = v.type_names();
                self.write_type_names(&names);
                let entries = h.entries();
                if entries.is_empty() {
                    self.tag_start("DCT", None);
                    self.close_empty();
                } else {
                    self.tag_start("DCT", None);
                    self.open_end();
                    for (k, val) in &entries {
                        self.tag_start("En", None);
                        self.open_end();
                        self.write_value(k, Some("Key"), depth);
                        self.write_value(val, Some("Value"), depth);
                        self.end("En");
                    }
                    self.end("DCT");
                }
                self.end("Obj");
                self.nesting -= 1;
            }
            Value::Object(o) => self.write_object(o, v, name, depth),
            // Not one of CLIXML's primitives: an object with its text, as PowerShell sends it.
            Value::BigInt(i) => {
                let o = PsObject::with_type_names(vec![
                    "System.Numerics.BigInteger".into(),
                    "System.ValueType".into(),
                    "System.Object".into(),
                ]);
                for p in ["IsPowerOfTwo", "IsZero", "IsOne", "IsEven", "Sign"] {
                    if let Some(pv) = crate::interp::value_property(v, &p.to_ascii_lowercase()) {
                        o.set(p, pv);
                    }
                }
                o.set_to_string(i.to_string());
                self.write_value(&Value::Object(o), name, depth)
            }
        }
    }

    fn write_items(&mut self, tag: &str, items: &[Value], depth: usize) {
        self.tag_start(tag, None);
        if items.is_empty() {
            self.close_empty();
            return;
        }
        self.open_end();
        for item in items {
            self.write_value(item, None, depth);
        }
        self.end(tag);
    }

    fn write_object(&mut self, o: &PsObject, v: &Value, name: Option<&str>, depth: usize) {
        let addr = o.addr();
        if let Some(id) = self.ref_of(addr) {
            return self.write_ref(name, id);
        }
        let names = o.shared_type_names();
        let first = names.first().map(String::as_str).unwrap_or("");
        // Values rosh keeps as text, written with their own tags.
        if let Some(Value::String(text)) = o.base_value() {
            let tag = match first {
                "System.Uri" => Some("URI"),
                "System.Xml.XmlDocument" => Some("XD"),
                SECURE_STRING_TYPE => {
                    let sealed = match self.cipher {
                        Some(c) => c.encrypt(&text),
                        None => Ok(super::secure::protect(&text)),
                    };
                    // PowerShell writes nothing it could not encrypt.
                    return match sealed {
                        Ok(sealed) => self.leaf_str("SS", name, &sealed),
                        Err(_) => self.nil(name),
                    };
                }
                _ => None,
            };
            if let Some(tag) = tag {
                return self.leaf_str(tag, name, &text);
            }
        }
        if first == "System.Management.Automation.ProgressRecord" {
            return self.write_progress_record(o, name, depth);
        }
        let mut depth = depth;
        if self.opts.use_depth_from_types
            && let Some(d) = depth_from_types(first)
        {
            depth = d;
        }
        let kind = object_kind(&names);
        if depth == 0 && first.starts_with("Deserialized.") {
            // PreserveSerializationSettingOfOriginal.
            depth = 1;
        }
        let base = o.base_value();
        if self.nesting >= MAX_NESTING
            || (depth == 0 && kind == ObjectKind::DotNet && base.is_none())
        {
            return self.leaf_str("S", name, &to_str(v));
        }
        self.nesting += 1;
        self.obj_start(name, addr, v);
        self.write_shared_type_names(&names);
        let to_string = match (o.to_string_override(), kind) {
            (Some(s), _) => Some(s),
            (None, ObjectKind::DotNet) if base.is_none() => Some(to_str(v)),
            _ => None,
        };
        if let Some(s) = to_string {
            self.leaf_str("ToString", None, &s);
        }
        if let Some(b) = &base {
            self.write_value(b, None, depth);
        }
        let props = o.properties();
        // Alias and script properties travel with their values (the target's, the getter's)
        // among the extended members, as PowerShell serializes them; a getter that fails
        // leaves its property out.
        let mut eval = self.eval.take();
        let aliases: Vec<(String, Value)> = o
            .members()
            .into_iter()
            .filter_map(|m| match m.member {
                crate::value::ScriptMember::Alias { target } => o.get(&target).map(|v| (m.name, v)),
                crate::value::ScriptMember::Property { getter, .. } => eval
                    .as_mut()
                    .and_then(|e| e(v, &getter))
                    .map(|value| (m.name, value)),
                crate::value::ScriptMember::Method(_) => None,
            })
            .collect();
        self.eval = eval;
        let adapted = kind == ObjectKind::DotNet && base.is_none();
        if adapted && !props.is_empty() {
            self.tag_start("Props", None);
            self.open_end();
            for p in &props {
                self.write_value(&p.value, Some(&p.name), depth - 1);
            }
            self.end("Props");
        }
        let extended: Vec<(&str, &Value)> = (!adapted)
            .then(|| props.iter().map(|p| (p.name.as_str(), &p.value)))
            .into_iter()
            .flatten()
            .chain(aliases.iter().map(|(n, v)| (n.as_str(), v)))
            .collect();
        if !extended.is_empty() {
            self.tag_start("MS", None);
            self.open_end();
            for (n, v) in extended {
                self.write_value(v, Some(n), depth);
            }
            self.end("MS");
        }
        self.end("Obj");
        self.nesting -= 1;
    }

    /// `<PR>`: a ProgressRecord, as `WriteProgressRecord` writes it.
    fn write_progress_record(&mut self, o: &PsObject, name: Option<&str>, depth: usize) {
        let text = |n: &str| o.get(n).map(|v| to_str(&v)).unwrap_or_default();
        let int = |n: &str, default: i32| -> i32 {
            o.get(n)
                .and_then(|v| crate::convert::to_numeric(&v))
                .and_then(|v| match v {
                    Value::Int(i) => Some(i),
                    Value::Long(l) => i32::try_from(l).ok(),
                    Value::Double(d) => Some(d as i32),
                    _ => None,
                })
                .unwrap_or(default)
        };
        self.tag_start("PR", name);
        self.open_end();
        self.leaf_str("AV", None, &text("Activity"));
        let ai = int("ActivityId", 0);
        self.leaf_fmt("AI", None, |o| {
            let _ = write!(o, "{ai}");
        });
        let op = o.get("CurrentOperation").unwrap_or(Value::Null);
        self.write_value(&op, None, depth);
        let pi = int("ParentActivityId", -1);
        self.leaf_fmt("PI", None, |o| {
            let _ = write!(o, "{pi}");
        });
        let pc = int("PercentComplete", -1);
        self.leaf_fmt("PC", None, |o| {
            let _ = write!(o, "{pc}");
        });
        let rt = o
            .get("RecordType")
            .map(|v| to_str(&v))
            .unwrap_or_else(|| "Processing".into());
        self.leaf_str("T", None, &rt);
        let sr = int("SecondsRemaining", -1);
        self.leaf_fmt("SR", None, |o| {
            let _ = write!(o, "{sr}");
        });
        self.leaf_str("SD", None, &text("StatusDescription"));
        self.end("PR");
    }
}

fn array_addr(a: &crate::value::Array) -> usize {
    match crate::value::HashKey::of(&Value::Array(a.clone())) {
        crate::value::HashKey::Ref(addr) => addr,
        _ => 0,
    }
}

fn hashtable_addr(h: &crate::value::Hashtable) -> usize {
    match crate::value::HashKey::of(&Value::Hashtable(h.clone())) {
        crate::value::HashKey::Ref(addr) => addr,
        _ => 0,
    }
}
