//! Member tables for Get-Member: the methods and properties rosh implements for each type,
//! with the .NET-style definitions PowerShell shows (`string ToUpper(), string
//! ToUpper(cultureinfo culture)`). Only members rosh actually supports are listed; the main
//! overloads are given in the order .NET reports them.

use crate::types::KnownType;
use crate::value::Value;

/// What kind of member a table entry is (PowerShell's `PSMemberTypes` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// A .NET method.
    Method,
    /// A .NET property.
    Property,
    /// An indexed property (`Chars`, `Item`).
    ParameterizedProperty,
}

impl MemberKind {
    /// The name Get-Member shows in its MemberType column.
    pub fn name(self) -> &'static str {
        match self {
            MemberKind::Method => "Method",
            MemberKind::Property => "Property",
            MemberKind::ParameterizedProperty => "ParameterizedProperty",
        }
    }
}

/// One member of a type.
#[derive(Clone, Copy, Debug)]
pub struct Member {
    /// Its name.
    pub name: &'static str,
    /// Its kind.
    pub kind: MemberKind,
    /// Its definition, overloads separated by `, `.
    pub definition: &'static str,
}

/// A method entry of a member table.
pub(crate) const fn method(name: &'static str, definition: &'static str) -> Member {
    Member {
        name,
        kind: MemberKind::Method,
        definition,
    }
}

/// A property entry of a member table.
pub(crate) const fn property(name: &'static str, definition: &'static str) -> Member {
    Member {
        name,
        kind: MemberKind::Property,
        definition,
    }
}

/// The methods every object has.
pub const OBJECT_METHODS: &[Member] = &[
    method("Equals", "bool Equals(System.Object obj)"),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method("ToString", "string ToString()"),
];

const STRING: &[Member] = &[
    method(
        "CompareTo",
        "int CompareTo(System.Object value), int CompareTo(string strB)",
    ),
    method(
        "Contains",
        "bool Contains(string value), bool Contains(string value, System.StringComparison comparisonType), bool Contains(char value), bool Contains(char value, System.StringComparison comparisonType)",
    ),
    method(
        "EndsWith",
        "bool EndsWith(string value), bool EndsWith(string value, System.StringComparison comparisonType), bool EndsWith(string value, bool ignoreCase, cultureinfo culture), bool EndsWith(char value)",
    ),
    method(
        "Equals",
        "bool Equals(System.Object obj), bool Equals(string value), bool Equals(string value, System.StringComparison comparisonType)",
    ),
    method(
        "GetEnumerator",
        "System.CharEnumerator GetEnumerator(), System.Collections.Generic.IEnumerator[char] IEnumerable[char].GetEnumerator(), System.Collections.IEnumerator IEnumerable.GetEnumerator()",
    ),
    method(
        "GetHashCode",
        "int GetHashCode(), int GetHashCode(System.StringComparison comparisonType)",
    ),
    method("GetType", "type GetType()"),
    method(
        "IndexOf",
        "int IndexOf(char value), int IndexOf(char value, int startIndex), int IndexOf(char value, System.StringComparison comparisonType), int IndexOf(char value, int startIndex, int count), int IndexOf(string value), int IndexOf(string value, int startIndex), int IndexOf(string value, int startIndex, int count), int IndexOf(string value, System.StringComparison comparisonType), int IndexOf(string value, int startIndex, System.StringComparison comparisonType), int IndexOf(string value, int startIndex, int count, System.StringComparison comparisonType)",
    ),
    method("Insert", "string Insert(int startIndex, string value)"),
    method(
        "LastIndexOf",
        "int LastIndexOf(char value), int LastIndexOf(char value, int startIndex), int LastIndexOf(char value, int startIndex, int count), int LastIndexOf(string value), int LastIndexOf(string value, int startIndex), int LastIndexOf(string value, int startIndex, int count), int LastIndexOf(string value, System.StringComparison comparisonType), int LastIndexOf(string value, int startIndex, System.StringComparison comparisonType), int LastIndexOf(string value, int startIndex, int count, System.StringComparison comparisonType)",
    ),
    method(
        "PadLeft",
        "string PadLeft(int totalWidth), string PadLeft(int totalWidth, char paddingChar)",
    ),
    method(
        "PadRight",
        "string PadRight(int totalWidth), string PadRight(int totalWidth, char paddingChar)",
    ),
    method(
        "Remove",
        "string Remove(int startIndex, int count), string Remove(int startIndex)",
    ),
    method(
        "Replace",
        "string Replace(string oldValue, string newValue, bool ignoreCase, cultureinfo culture), string Replace(string oldValue, string newValue, System.StringComparison comparisonType), string Replace(char oldChar, char newChar), string Replace(string oldValue, string newValue)",
    ),
    method(
        "Split",
        "string[] Split(char separator, System.StringSplitOptions options), string[] Split(char separator, int count, System.StringSplitOptions options), string[] Split(Params char[] separator), string[] Split(char[] separator, int count), string[] Split(char[] separator, System.StringSplitOptions options), string[] Split(char[] separator, int count, System.StringSplitOptions options), string[] Split(string separator, System.StringSplitOptions options), string[] Split(string separator, int count, System.StringSplitOptions options), string[] Split(string[] separator, System.StringSplitOptions options), string[] Split(string[] separator, int count, System.StringSplitOptions options)",
    ),
    method(
        "StartsWith",
        "bool StartsWith(string value), bool StartsWith(string value, System.StringComparison comparisonType), bool StartsWith(string value, bool ignoreCase, cultureinfo culture), bool StartsWith(char value)",
    ),
    method(
        "Substring",
        "string Substring(int startIndex), string Substring(int startIndex, int length)",
    ),
    method(
        "ToCharArray",
        "char[] ToCharArray(), char[] ToCharArray(int startIndex, int length)",
    ),
    method(
        "ToLower",
        "string ToLower(), string ToLower(cultureinfo culture)",
    ),
    method("ToLowerInvariant", "string ToLowerInvariant()"),
    method(
        "ToString",
        "string ToString(), string ToString(System.IFormatProvider provider), string IConvertible.ToString(System.IFormatProvider provider)",
    ),
    method(
        "ToUpper",
        "string ToUpper(), string ToUpper(cultureinfo culture)",
    ),
    method("ToUpperInvariant", "string ToUpperInvariant()"),
    method(
        "Trim",
        "string Trim(), string Trim(char trimChar), string Trim(Params char[] trimChars)",
    ),
    method(
        "TrimEnd",
        "string TrimEnd(), string TrimEnd(char trimChar), string TrimEnd(Params char[] trimChars)",
    ),
    method(
        "TrimStart",
        "string TrimStart(), string TrimStart(char trimChar), string TrimStart(Params char[] trimChars)",
    ),
    Member {
        name: "Chars",
        kind: MemberKind::ParameterizedProperty,
        definition: "char Chars(int index) {get;}",
    },
    property("Length", "int Length {get;}"),
];

const HASHTABLE: &[Member] = &[
    method(
        "Add",
        "void Add(System.Object key, System.Object value), void IDictionary.Add(System.Object key, System.Object value)",
    ),
    method("Clear", "void Clear(), void IDictionary.Clear()"),
    method(
        "Clone",
        "System.Object Clone(), System.Object ICloneable.Clone()",
    ),
    method(
        "Contains",
        "bool Contains(System.Object key), bool IDictionary.Contains(System.Object key)",
    ),
    method("ContainsKey", "bool ContainsKey(System.Object key)"),
    method("ContainsValue", "bool ContainsValue(System.Object value)"),
    method("Equals", "bool Equals(System.Object obj)"),
    method(
        "GetEnumerator",
        "System.Collections.IDictionaryEnumerator GetEnumerator(), System.Collections.IDictionaryEnumerator IDictionary.GetEnumerator(), System.Collections.IEnumerator IEnumerable.GetEnumerator()",
    ),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method(
        "Remove",
        "void Remove(System.Object key), void IDictionary.Remove(System.Object key)",
    ),
    method("ToString", "string ToString()"),
    Member {
        name: "Item",
        kind: MemberKind::ParameterizedProperty,
        definition: "System.Object Item(System.Object key) {get;set;}",
    },
    property("Count", "int Count {get;}"),
    property("Keys", "System.Collections.ICollection Keys {get;}"),
    property("Values", "System.Collections.ICollection Values {get;}"),
];

const ARRAY: &[Member] = &[
    method(
        "Clone",
        "System.Object Clone(), System.Object ICloneable.Clone()",
    ),
    method("Contains", "bool IList.Contains(System.Object value)"),
    method("Equals", "bool Equals(System.Object obj)"),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method("IndexOf", "int IList.IndexOf(System.Object value)"),
    method("ToString", "string ToString()"),
    property("Length", "int Length {get;}"),
    property("Rank", "int Rank {get;}"),
];

const SCRIPT_BLOCK: &[Member] = &[
    method("Equals", "bool Equals(System.Object obj)"),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method(
        "Invoke",
        "System.Collections.ObjectModel.Collection[psobject] Invoke(Params System.Object[] args)",
    ),
    method(
        "InvokeReturnAsIs",
        "System.Object InvokeReturnAsIs(Params System.Object[] args)",
    ),
    method("ToString", "string ToString()"),
];

const TYPE: &[Member] = &[
    method(
        "Equals",
        "bool Equals(System.Object o), bool Equals(type o)",
    ),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method("ToString", "string ToString()"),
    property("FullName", "string FullName {get;}"),
    property("Name", "string Name {get;}"),
];

macro_rules! numeric {
    ($name:ident, $kw:literal) => {
        const $name: &[Member] = &[
            method(
                "Equals",
                concat!("bool Equals(System.Object obj), bool Equals(", $kw, " obj)"),
            ),
            method("GetHashCode", "int GetHashCode()"),
            method("GetType", "type GetType()"),
            method(
                "ToString",
                "string ToString(), string ToString(string format), string ToString(System.IFormatProvider provider), string ToString(string format, System.IFormatProvider provider)",
            ),
        ];
    };
}

numeric!(INT, "int");
numeric!(LONG, "long");
numeric!(DOUBLE, "double");
numeric!(DECIMAL, "decimal");
numeric!(BYTE, "byte");
numeric!(SBYTE, "sbyte");
numeric!(SHORT, "short");
numeric!(USHORT, "ushort");
numeric!(UINT, "uint");
numeric!(ULONG, "ulong");

const BOOL: &[Member] = &[
    method(
        "Equals",
        "bool Equals(System.Object obj), bool Equals(bool obj)",
    ),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method(
        "ToString",
        "string ToString(), string ToString(System.IFormatProvider provider)",
    ),
];

const CHAR: &[Member] = &[
    method(
        "Equals",
        "bool Equals(System.Object obj), bool Equals(char obj)",
    ),
    method("GetHashCode", "int GetHashCode()"),
    method("GetType", "type GetType()"),
    method(
        "ToString",
        "string ToString(), string ToString(System.IFormatProvider provider)",
    ),
];

/// The .NET members of a value rosh implements (for objects: the methods every object has;
/// their properties are listed from the object itself).
pub fn instance_members(v: &Value) -> &'static [Member] {
    match v {
        Value::String(_) => STRING,
        Value::Int(_) => INT,
        Value::Long(_) => LONG,
        Value::Double(_) => DOUBLE,
        Value::Decimal(_) => DECIMAL,
        Value::Byte(_) => BYTE,
        Value::SByte(_) => SBYTE,
        Value::Short(_) => SHORT,
        Value::UShort(_) => USHORT,
        Value::UInt(_) => UINT,
        Value::ULong(_) => ULONG,
        Value::Bool(_) => BOOL,
        Value::Char(_) => CHAR,
        Value::Hashtable(_) => HASHTABLE,
        Value::Array(_) => ARRAY,
        Value::ScriptBlock(_) => SCRIPT_BLOCK,
        Value::Type(_) => TYPE,
        // Dates, spans, GUIDs, versions and enums: their members are in
        // `interp::value_members`; Get-Member lists the methods every object has.
        Value::Null
        | Value::Object(_)
        | Value::BigInt(_)
        | Value::DateTime(_)
        | Value::TimeSpan(_)
        | Value::Guid(_)
        | Value::Version(_)
        | Value::Enum(_) => OBJECT_METHODS,
    }
}

const fn static_method(name: &'static str, definition: &'static str) -> Member {
    method(name, definition)
}

const STRING_STATIC: &[Member] = &[
    static_method(
        "Concat",
        "static string Concat(System.Object arg0), static string Concat(System.Object arg0, System.Object arg1), static string Concat(System.Object arg0, System.Object arg1, System.Object arg2), static string Concat(Params System.Object[] args), static string Concat(string str0, string str1), static string Concat(string str0, string str1, string str2), static string Concat(string str0, string str1, string str2, string str3), static string Concat(Params string[] values)",
    ),
    static_method(
        "Format",
        "static string Format(string format, System.Object arg0), static string Format(string format, System.Object arg0, System.Object arg1), static string Format(string format, System.Object arg0, System.Object arg1, System.Object arg2), static string Format(string format, Params System.Object[] args)",
    ),
    static_method("IsNullOrEmpty", "static bool IsNullOrEmpty(string value)"),
    static_method(
        "IsNullOrWhiteSpace",
        "static bool IsNullOrWhiteSpace(string value)",
    ),
    static_method(
        "Join",
        "static string Join(char separator, Params string[] value), static string Join(char separator, Params System.Object[] values), static string Join(string separator, Params string[] value), static string Join(string separator, Params System.Object[] values)",
    ),
    property("Empty", "static string Empty"),
];

const INT_STATIC: &[Member] = &[
    property("MaxValue", "static int MaxValue"),
    property("MinValue", "static int MinValue"),
];

const LONG_STATIC: &[Member] = &[
    property("MaxValue", "static long MaxValue"),
    property("MinValue", "static long MinValue"),
];

/// The static members of a type rosh implements (`Get-Member -Static`).
pub fn static_members(t: KnownType) -> &'static [Member] {
    match t {
        KnownType::String => STRING_STATIC,
        KnownType::Math => crate::static_member_info::MATH,
        KnownType::Convert => crate::static_member_info::CONVERT,
        KnownType::Path => crate::static_member_info::PATH,
        KnownType::File => crate::static_member_info::FILE,
        KnownType::Directory => crate::static_member_info::DIRECTORY,
        KnownType::Environment => crate::static_member_info::ENVIRONMENT,
        KnownType::Encoding => crate::static_member_info::ENCODING,
        KnownType::Int => INT_STATIC,
        KnownType::Long => LONG_STATIC,
        _ => &[],
    }
}

/// How Get-Member names the type of a note property's value (`int`, `string`, `Object[]`).
pub fn display_type_name(v: &Value) -> String {
    match v {
        Value::Null => "object".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Long(_) => "long".into(),
        Value::Double(_) => "double".into(),
        Value::Decimal(_) => "decimal".into(),
        Value::Byte(_) => "byte".into(),
        Value::SByte(_) => "sbyte".into(),
        Value::Short(_) => "short".into(),
        Value::UShort(_) => "ushort".into(),
        Value::UInt(_) => "uint".into(),
        Value::ULong(_) => "ulong".into(),
        Value::BigInt(_) => "bigint".into(),
        Value::Char(_) => "char".into(),
        Value::String(_) => "string".into(),
        Value::Array(_) => "Object[]".into(),
        Value::Hashtable(h) if h.is_ordered() => "OrderedDictionary".into(),
        Value::Hashtable(_) => "hashtable".into(),
        Value::ScriptBlock(_) => "scriptblock".into(),
        Value::Type(_) => "RuntimeType".into(),
        Value::DateTime(_) => "datetime".into(),
        Value::TimeSpan(_) => "timespan".into(),
        Value::Guid(_) => "guid".into(),
        Value::Version(_) => "version".into(),
        Value::Enum(e) => e.id.ty().full_name.into(),
        Value::Object(o) => o
            .type_names()
            .first()
            .cloned()
            .unwrap_or_else(|| "System.Object".into()),
    }
}

/// A value as a note property's definition shows it (`.ToString()` of the value).
pub fn display_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Array(a) => a.type_name(),
        other => crate::convert::to_str(other),
    }
}
