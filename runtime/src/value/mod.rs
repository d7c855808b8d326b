//! The object model: PowerShell's values.
//!
//! Primitives are held inline. Arrays, hashtables and objects have **reference semantics**, as
//! in .NET (`$b = $a; $b[0] = 9` changes `$a`): they are `Arc`s around locked data, so values
//! may later be shared between runspaces on different threads.

mod collections;
pub mod datetime;
pub mod datetime_format;
pub mod enums;
mod number;
mod object;
mod script_block;
mod version;

pub use collections::{Array, CollectionKind, HashKey, Hashtable};
pub use datetime::{DateKind, PsDateTime, PsTimeSpan};
pub use enums::{EnumId, EnumValue};
pub use number::{format_double, format_double_round_trip, format_single};

pub use object::{MemberEntry, PsObject, PsProperty, ScriptMember};
pub use script_block::ScriptBlockValue;
pub use version::PsVersion;

use crate::types::TypeInfo;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A PowerShell value.
#[derive(Clone, Debug)]
pub enum Value {
    /// `$null`.
    Null,
    /// `[bool]`
    Bool(bool),
    /// `[int]`
    Int(i32),
    /// `[long]`
    Long(i64),
    /// `[double]`
    Double(f64),
    /// `[decimal]`
    Decimal(Decimal),
    /// `[byte]`
    Byte(u8),
    /// `[sbyte]`
    SByte(i8),
    /// `[int16]`
    Short(i16),
    /// `[uint16]`
    UShort(u16),
    /// `[uint32]`
    UInt(u32),
    /// `[uint64]`
    ULong(u64),
    /// `[bigint]` (`System.Numerics.BigInteger`), shared: most are never changed.
    BigInt(Arc<num_bigint::BigInt>),
    /// `[char]`
    Char(char),
    /// `[string]`
    String(Arc<str>),
    /// `[datetime]`
    DateTime(PsDateTime),
    /// `[timespan]`
    TimeSpan(PsTimeSpan),
    /// `[guid]`
    Guid(uuid::Uuid),
    /// `[version]`
    Version(PsVersion),
    /// A value of an enum type (`[ConsoleColor]::Red`).
    Enum(EnumValue),
    /// `[object[]]`
    Array(Array),
    /// `[hashtable]` or `[ordered]`
    Hashtable(Hashtable),
    /// An object with properties: `[pscustomobject]` and friends.
    Object(PsObject),
    /// `[scriptblock]`, with the language mode it was created in.
    ScriptBlock(ScriptBlockValue),
    /// A type, as `[int]` evaluates to.
    Type(TypeInfo),
}

impl Value {
    /// A scalar an object wraps (a string or number with note properties added, as
    /// `$PROFILE` or remote output stamped with `PSComputerName`): operators, conversions and
    /// the scalar's own members see it.
    pub fn wrapped_scalar(&self) -> Option<Value> {
        let Value::Object(o) = self else { return None };
        // Types rosh keeps as text are objects of their own, not wrapped strings.
        const KEPT_AS_TEXT: &[&str] = &[
            "System.Security.SecureString",
            "System.Uri",
            "System.Xml.XmlDocument",
        ];
        if o.type_names().first().is_some_and(|t| {
            let t = t.strip_prefix("Deserialized.").unwrap_or(t);
            KEPT_AS_TEXT.contains(&t)
        }) {
            return None;
        }
        match o.base_value()? {
            Value::Object(_) | Value::Array(_) | Value::Hashtable(_) | Value::Null => None,
            scalar => Some(scalar),
        }
    }

    /// The value itself, or the scalar it wraps.
    pub fn unwrapped(self) -> Value {
        match self.wrapped_scalar() {
            Some(s) => s,
            None => self,
        }
    }

    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::String(Arc::from(s.as_ref()))
    }

    /// True for `$null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The .NET full name of the value's type, as `GetType().FullName` reports it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(_) => "System.Boolean".into(),
            Value::Int(_) => "System.Int32".into(),
            Value::Long(_) => "System.Int64".into(),
            Value::Double(_) => "System.Double".into(),
            Value::Decimal(_) => "System.Decimal".into(),
            Value::Byte(_) => "System.Byte".into(),
            Value::SByte(_) => "System.SByte".into(),
            Value::Short(_) => "System.Int16".into(),
            Value::UShort(_) => "System.UInt16".into(),
            Value::UInt(_) => "System.UInt32".into(),
            Value::ULong(_) => "System.UInt64".into(),
            Value::BigInt(_) => "System.Numerics.BigInteger".into(),
            Value::Char(_) => "System.Char".into(),
            Value::String(_) => "System.String".into(),
            Value::DateTime(_) => "System.DateTime".into(),
            Value::TimeSpan(_) => "System.TimeSpan".into(),
            Value::Guid(_) => "System.Guid".into(),
            Value::Version(_) => "System.Version".into(),
            Value::Enum(e) => e.id.ty().full_name.into(),
            Value::Array(a) => a.type_name(),
            Value::Hashtable(h) if let Some(t) = h.dictionary_type() => t.full_name(),
            Value::Hashtable(h) => {
                if h.is_ordered() {
                    "System.Collections.Specialized.OrderedDictionary".into()
                } else {
                    "System.Collections.Hashtable".into()
                }
            }
            Value::Object(o) => o
                .type_names()
                .first()
                .cloned()
                .unwrap_or_else(|| "System.Object".into()),
            Value::ScriptBlock(_) => "System.Management.Automation.ScriptBlock".into(),
            Value::Type(_) => "System.RuntimeType".into(),
        }
    }

    /// The type names PowerShell lists in `.psobject.TypeNames`, most derived first.
    pub fn type_names(&self) -> Vec<String> {
        match self {
            Value::Object(o) => o.type_names(),
            Value::Hashtable(h) if let Some(names) = h.type_names_override() => names,
            Value::Null => vec![],
            Value::Enum(e) => vec![
                e.id.ty().full_name.into(),
                "System.Enum".into(),
                "System.ValueType".into(),
                "System.Object".into(),
            ],
            other => {
                let mut v = vec![other.type_name()];
                if other.is_number()
                    || matches!(
                        other,
                        Value::Bool(_)
                            | Value::Char(_)
                            | Value::DateTime(_)
                            | Value::TimeSpan(_)
                            | Value::Guid(_)
                    )
                {
                    v.push("System.ValueType".into());
                } else if let Value::Array(a) = other
                    && a.kind() == CollectionKind::Array
                {
                    v.push("System.Array".into());
                }
                v.push("System.Object".into());
                v
            }
        }
    }

    /// True when the value is enumerated by the pipeline (arrays; not strings or hashtables).
    pub fn is_enumerable(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// True for the numeric primitive types.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Int(_)
                | Value::Long(_)
                | Value::Double(_)
                | Value::Decimal(_)
                | Value::Byte(_)
                | Value::SByte(_)
                | Value::Short(_)
                | Value::UShort(_)
                | Value::UInt(_)
                | Value::ULong(_)
                | Value::BigInt(_)
        )
    }

    /// Reference identity for reference types; value equality is elsewhere.
    pub fn same_reference(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Array(a), Value::Array(b)) => a.ptr_eq(b),
            (Value::Hashtable(a), Value::Hashtable(b)) => a.ptr_eq(b),
            (Value::Object(a), Value::Object(b)) => a.ptr_eq(b),
            _ => false,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Long(i)
    }
}

impl From<num_bigint::BigInt> for Value {
    fn from(i: num_bigint::BigInt) -> Self {
        Value::BigInt(Arc::new(i))
    }
}

impl From<f64> for Value {
    fn from(d: f64) -> Self {
        Value::Double(d)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s))
    }
}

impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Self {
        Value::Array(Array::new(v))
    }
}
