//! Type literals: the curated set of .NET types rosh knows, their accelerators (`[int]`,
//! `[hashtable]`, ...), and whether each is a *core type* (usable in ConstrainedLanguage).

use std::sync::Arc;

/// A known type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KnownType {
    /// `System.Object`
    Object,
    /// `System.Int32`
    Int,
    /// `System.Int64`
    Long,
    /// `System.Double`
    Double,
    /// `System.Single`
    Single,
    /// `System.Decimal`
    Decimal,
    /// `System.Byte`
    Byte,
    /// `System.SByte`
    SByte,
    /// `System.Int16`
    Short,
    /// `System.UInt16`
    UShort,
    /// `System.UInt32`
    UInt,
    /// `System.UInt64`
    ULong,
    /// `System.Numerics.BigInteger`
    BigInt,
    /// `System.String`
    String,
    /// `System.Char`
    Char,
    /// `System.Boolean`
    Bool,
    /// `System.Management.Automation.SwitchParameter`
    Switch,
    /// `System.Array`
    Array,
    /// `System.Collections.Hashtable`
    Hashtable,
    /// `System.Collections.Specialized.OrderedDictionary`
    Ordered,
    /// `System.Management.Automation.PSCustomObject`
    PsCustomObject,
    /// `System.Management.Automation.PSObject`
    PsObject,
    /// `System.Management.Automation.ScriptBlock`
    ScriptBlock,
    /// `System.Text.RegularExpressions.Regex`
    Regex,
    /// `System.Math`
    Math,
    /// `System.Convert`
    Convert,
    /// `System.DateTime`
    DateTime,
    /// `System.TimeSpan`
    TimeSpan,
    /// `System.Guid`
    Guid,
    /// `System.Version`
    Version,
    /// `System.Void`
    Void,
    /// `System.Type`
    Type,
    /// `System.IO.Path`
    Path,
    /// `System.IO.File`
    File,
    /// `System.IO.Directory`
    Directory,
    /// `System.Environment`
    Environment,
    /// `System.Text.Encoding`
    Encoding,
    /// `System.Management.Automation.PSReference`
    Ref,
    /// `System.Exception`
    Exception,
    /// `System.Management.Automation.RuntimeException`
    RuntimeException,
    /// `System.ArgumentException`
    ArgumentException,
    /// `System.DivideByZeroException`
    DivideByZeroException,
    /// `System.IO.IOException`
    IoException,
    /// `System.IO.FileNotFoundException`
    FileNotFoundException,
    /// `System.Management.Automation.ItemNotFoundException`
    ItemNotFoundException,
    /// `System.InvalidOperationException`
    InvalidOperationException,
    /// `System.UnauthorizedAccessException`
    UnauthorizedAccessException,
    /// `System.Management.Automation.ErrorRecord`
    ErrorRecord,
    /// `System.Collections.ArrayList`
    ArrayList,
    /// `System.Collections.Stack`
    Stack,
    /// `System.Collections.Queue`
    Queue,
    /// `System.Collections.Generic.List[T]` (elements untyped in rosh)
    List,
    /// `System.Text.StringBuilder`
    StringBuilder,
    /// `System.Management.Automation.PSSerializer`
    PsSerializer,
    /// `System.BitConverter`
    BitConverter,
    /// `System.Enum`, the base of enum types.
    EnumBase,
    /// An enum type from [`crate::value::enums::ENUMS`].
    Enum(crate::value::EnumId),
    /// `System.ValueType`, the base of the structs (numbers, `[datetime]`, enums, ...).
    ValueType,
    /// `System.IComparable`
    IComparable,
    /// `System.IFormattable`
    IFormattable,
    /// `System.IConvertible`
    IConvertible,
    /// `System.Collections.IEnumerable`
    IEnumerable,
    /// `System.Collections.ICollection`
    ICollection,
    /// `System.Collections.IList`
    IList,
    /// `System.Collections.IDictionary`
    IDictionary,
    /// `System.Collections.Specialized.IOrderedDictionary`
    IOrderedDictionary,
    /// `System.Tuple`, whose `Create` makes tuples.
    Tuple,
    /// `System.Collections.Generic.Dictionary[K,V]`
    Dictionary,
}

struct Entry {
    ty: KnownType,
    full_name: &'static str,
    accelerators: &'static [&'static str],
    core: bool,
}

const TABLE: &[Entry] = &[
    Entry {
        ty: KnownType::Object,
        full_name: "System.Object",
        accelerators: &["object"],
        core: false,
    },
    Entry {
        ty: KnownType::Int,
        full_name: "System.Int32",
        accelerators: &["int", "int32"],
        core: true,
    },
    Entry {
        ty: KnownType::Long,
        full_name: "System.Int64",
        accelerators: &["long", "int64"],
        core: true,
    },
    Entry {
        ty: KnownType::Double,
        full_name: "System.Double",
        accelerators: &["double"],
        core: true,
    },
    Entry {
        ty: KnownType::Single,
        full_name: "System.Single",
        accelerators: &["float", "single"],
        core: true,
    },
    Entry {
        ty: KnownType::Decimal,
        full_name: "System.Decimal",
        accelerators: &["decimal"],
        core: true,
    },
    Entry {
        ty: KnownType::Byte,
        full_name: "System.Byte",
        accelerators: &["byte"],
        core: true,
    },
    Entry {
        ty: KnownType::SByte,
        full_name: "System.SByte",
        accelerators: &["sbyte"],
        core: true,
    },
    Entry {
        ty: KnownType::Short,
        full_name: "System.Int16",
        accelerators: &["short", "int16"],
        core: true,
    },
    Entry {
        ty: KnownType::UShort,
        full_name: "System.UInt16",
        accelerators: &["ushort", "uint16"],
        core: true,
    },
    Entry {
        ty: KnownType::UInt,
        full_name: "System.UInt32",
        accelerators: &["uint", "uint32"],
        core: true,
    },
    Entry {
        ty: KnownType::ULong,
        full_name: "System.UInt64",
        accelerators: &["ulong", "uint64"],
        core: true,
    },
    Entry {
        ty: KnownType::BigInt,
        full_name: "System.Numerics.BigInteger",
        accelerators: &["bigint"],
        core: true,
    },
    Entry {
        ty: KnownType::String,
        full_name: "System.String",
        accelerators: &["string"],
        core: true,
    },
    Entry {
        ty: KnownType::Char,
        full_name: "System.Char",
        accelerators: &["char"],
        core: true,
    },
    Entry {
        ty: KnownType::Bool,
        full_name: "System.Boolean",
        accelerators: &["bool", "boolean"],
        core: true,
    },
    Entry {
        ty: KnownType::Switch,
        full_name: "System.Management.Automation.SwitchParameter",
        accelerators: &["switch"],
        core: true,
    },
    Entry {
        ty: KnownType::Array,
        full_name: "System.Array",
        accelerators: &["array"],
        core: true,
    },
    Entry {
        ty: KnownType::Hashtable,
        full_name: "System.Collections.Hashtable",
        accelerators: &["hashtable"],
        core: true,
    },
    Entry {
        ty: KnownType::Ordered,
        full_name: "System.Collections.Specialized.OrderedDictionary",
        accelerators: &["ordered"],
        core: true,
    },
    Entry {
        ty: KnownType::PsCustomObject,
        full_name: "System.Management.Automation.PSCustomObject",
        accelerators: &["pscustomobject"],
        core: true,
    },
    Entry {
        ty: KnownType::PsObject,
        full_name: "System.Management.Automation.PSObject",
        accelerators: &["psobject"],
        core: true,
    },
    Entry {
        ty: KnownType::ScriptBlock,
        full_name: "System.Management.Automation.ScriptBlock",
        accelerators: &["scriptblock"],
        core: false,
    },
    Entry {
        ty: KnownType::Regex,
        full_name: "System.Text.RegularExpressions.Regex",
        accelerators: &["regex"],
        core: true,
    },
    Entry {
        ty: KnownType::Math,
        full_name: "System.Math",
        accelerators: &["math"],
        core: false,
    },
    Entry {
        ty: KnownType::Convert,
        full_name: "System.Convert",
        accelerators: &["convert"],
        core: false,
    },
    Entry {
        ty: KnownType::DateTime,
        full_name: "System.DateTime",
        accelerators: &["datetime"],
        core: true,
    },
    Entry {
        ty: KnownType::TimeSpan,
        full_name: "System.TimeSpan",
        accelerators: &["timespan"],
        core: true,
    },
    Entry {
        ty: KnownType::Guid,
        full_name: "System.Guid",
        accelerators: &["guid"],
        core: true,
    },
    Entry {
        ty: KnownType::Version,
        full_name: "System.Version",
        accelerators: &["version"],
        core: true,
    },
    Entry {
        ty: KnownType::EnumBase,
        full_name: "System.Enum",
        accelerators: &["enum"],
        core: false,
    },
    Entry {
        ty: KnownType::Void,
        full_name: "System.Void",
        accelerators: &["void"],
        core: true,
    },
    Entry {
        ty: KnownType::Type,
        full_name: "System.Type",
        accelerators: &["type"],
        core: false,
    },
    Entry {
        ty: KnownType::Path,
        full_name: "System.IO.Path",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::File,
        full_name: "System.IO.File",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Directory,
        full_name: "System.IO.Directory",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Environment,
        full_name: "System.Environment",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Encoding,
        full_name: "System.Text.Encoding",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::BitConverter,
        full_name: "System.BitConverter",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Ref,
        full_name: "System.Management.Automation.PSReference",
        accelerators: &["ref"],
        core: true,
    },
    Entry {
        ty: KnownType::Exception,
        full_name: "System.Exception",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::RuntimeException,
        full_name: "System.Management.Automation.RuntimeException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::ArgumentException,
        full_name: "System.ArgumentException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::DivideByZeroException,
        full_name: "System.DivideByZeroException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IoException,
        full_name: "System.IO.IOException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::FileNotFoundException,
        full_name: "System.IO.FileNotFoundException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::ItemNotFoundException,
        full_name: "System.Management.Automation.ItemNotFoundException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::InvalidOperationException,
        full_name: "System.InvalidOperationException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::UnauthorizedAccessException,
        full_name: "System.UnauthorizedAccessException",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::ErrorRecord,
        full_name: "System.Management.Automation.ErrorRecord",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::ArrayList,
        full_name: "System.Collections.ArrayList",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Stack,
        full_name: "System.Collections.Stack",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Queue,
        full_name: "System.Collections.Queue",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::List,
        full_name: "System.Collections.Generic.List`1",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::StringBuilder,
        full_name: "System.Text.StringBuilder",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::PsSerializer,
        full_name: "System.Management.Automation.PSSerializer",
        accelerators: &[],
        // Not one of ConstrainedLanguage's core types.
        core: false,
    },
    // Base types and interfaces, for `-is` and casts. None is in PowerShell's `CoreTypes`.
    Entry {
        ty: KnownType::ValueType,
        full_name: "System.ValueType",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IComparable,
        full_name: "System.IComparable",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IFormattable,
        full_name: "System.IFormattable",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IConvertible,
        full_name: "System.IConvertible",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IEnumerable,
        full_name: "System.Collections.IEnumerable",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::ICollection,
        full_name: "System.Collections.ICollection",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IList,
        full_name: "System.Collections.IList",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IDictionary,
        full_name: "System.Collections.IDictionary",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Dictionary,
        full_name: "System.Collections.Generic.Dictionary`2",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::Tuple,
        full_name: "System.Tuple",
        accelerators: &[],
        core: false,
    },
    Entry {
        ty: KnownType::IOrderedDictionary,
        full_name: "System.Collections.Specialized.IOrderedDictionary",
        accelerators: &[],
        core: false,
    },
];

/// A generic type argument as .NET writes it in a full name: with its assembly.
pub fn qualified(full_name: &str) -> String {
    format!(
        "[{full_name}, System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]"
    )
}

fn entry(ty: KnownType) -> &'static Entry {
    TABLE.iter().find(|e| e.ty == ty).unwrap_or(&TABLE[0])
}

/// A resolved type: a known type, possibly as the element of (nested) arrays.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeInfo(Arc<TypeData>);

/// The parts of a [`TypeInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeData {
    /// The element type.
    pub known: KnownType,
    /// Array ranks around it (`int[]` has one).
    pub array_depth: usize,
    /// The full name of a type rosh knows only by name (the objects commands emit, such as
    /// `System.IO.FileInfo`); `known` is then `Object`.
    pub named: Option<Arc<str>>,
    /// The element type of a generic collection (`int` in `List[int]`), the value type of a
    /// generic dictionary.
    pub generic: Option<TypeInfo>,
    /// The key type of a generic dictionary (`string` in `Dictionary[string,int]`).
    pub key: Option<TypeInfo>,
}

impl TypeInfo {
    /// A non-array type.
    pub fn of(known: KnownType) -> Self {
        TypeInfo(Arc::new(TypeData {
            known,
            array_depth: 0,
            named: None,
            generic: None,
            key: None,
        }))
    }

    /// A type known only by its full name, as an object's first type name gives it.
    pub fn named(full_name: &str) -> Self {
        TypeInfo(Arc::new(TypeData {
            known: KnownType::Object,
            array_depth: 0,
            named: Some(Arc::from(full_name)),
            generic: None,
            key: None,
        }))
    }

    /// The element type of a generic collection type (`List[int]` gives `int`).
    pub fn generic_argument(&self) -> Option<&TypeInfo> {
        self.0.generic.as_ref()
    }

    /// `List[T]` for an element type.
    pub fn list_of(element: TypeInfo) -> TypeInfo {
        TypeInfo(Arc::new(TypeData {
            known: KnownType::List,
            array_depth: 0,
            named: None,
            generic: Some(element),
            key: None,
        }))
    }

    /// True for a type rosh knows only by name.
    pub fn is_named(&self) -> bool {
        self.0.named.is_some()
    }

    /// The element type (for arrays) or the type itself.
    pub fn known(&self) -> KnownType {
        self.0.known
    }

    /// How many array levels wrap the element type.
    pub fn array_depth(&self) -> usize {
        self.0.array_depth
    }

    /// The type of this type's elements, for an array type.
    pub fn element(&self) -> Option<TypeInfo> {
        (self.0.array_depth > 0).then(|| {
            TypeInfo(Arc::new(TypeData {
                known: self.0.known,
                array_depth: self.0.array_depth - 1,
                named: self.0.named.clone(),
                generic: self.0.generic.clone(),
                key: self.0.key.clone(),
            }))
        })
    }

    /// The array type whose elements have this type (`int` gives `int[]`).
    pub fn array_of(&self) -> TypeInfo {
        TypeInfo(Arc::new(TypeData {
            known: self.0.known,
            array_depth: self.0.array_depth + 1,
            named: self.0.named.clone(),
            generic: self.0.generic.clone(),
            key: self.0.key.clone(),
        }))
    }

    /// The .NET full name (`System.Int32[]`).
    pub fn full_name(&self) -> String {
        format!(
            "{}{}",
            self.element_full_name(),
            "[]".repeat(self.0.array_depth)
        )
    }

    /// The key type of a generic dictionary type (`Dictionary[string,int]` gives `string`).
    pub fn key_argument(&self) -> Option<&TypeInfo> {
        self.0.key.as_ref()
    }

    /// `Dictionary[K,V]` for a key and a value type.
    pub fn dictionary_of(key: TypeInfo, value: TypeInfo) -> TypeInfo {
        TypeInfo(Arc::new(TypeData {
            known: KnownType::Dictionary,
            array_depth: 0,
            named: None,
            generic: Some(value),
            key: Some(key),
        }))
    }

    fn element_full_name(&self) -> std::borrow::Cow<'_, str> {
        if self.0.known == KnownType::List
            && let Some(arg) = &self.0.generic
        {
            return std::borrow::Cow::Owned(format!(
                "System.Collections.Generic.List`1[[{}, System.Private.CoreLib, Version=8.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]]",
                arg.full_name()
            ));
        }
        if self.0.known == KnownType::Dictionary
            && let (Some(key), Some(value)) = (&self.0.key, &self.0.generic)
        {
            return std::borrow::Cow::Owned(format!(
                "System.Collections.Generic.Dictionary`2[{},{}]",
                qualified(&key.full_name()),
                qualified(&value.full_name())
            ));
        }
        std::borrow::Cow::Borrowed(self.plain_element_full_name())
    }

    fn plain_element_full_name(&self) -> &str {
        match &self.0.named {
            Some(n) => n,
            None => match self.0.known {
                KnownType::Enum(id) => id.ty().full_name,
                known => entry(known).full_name,
            },
        }
    }

    /// The short name (`Int32[]`), as `.Name` reports it.
    pub fn name(&self) -> String {
        let full = self.plain_element_full_name();
        // A generic type's arguments (`Tuple`2[[System.Int32, ...]]`) are not in its name.
        let full = full.split("[[").next().unwrap_or(full);
        let short = full.rsplit('.').next().unwrap_or(full);
        format!("{short}{}", "[]".repeat(self.0.array_depth))
    }

    /// Whether the type is one of ConstrainedLanguage's core types: PowerShell's
    /// `CoreTypes` (the primitives, `[hashtable]`, `[regex]`, `[version]`, ...), any enum,
    /// and arrays of core types (`object[]` included, though `object` is not one).
    pub fn is_core(&self) -> bool {
        match (&self.0.named, self.0.known) {
            (Some(name), _) => crate::language_mode::constrained::is_core_type_name(name),
            (None, KnownType::Enum(_)) => true,
            (None, KnownType::Object) => self.0.array_depth > 0,
            (None, known) => entry(known).core,
        }
    }

    /// Resolve a type name as written in a type literal. Case-insensitive; `System.` may be
    /// omitted, as PowerShell allows.
    pub fn resolve(t: &rosh_lang::token::TypeName) -> Option<TypeInfo> {
        let name = t.name.to_ascii_lowercase();
        let bare = name.strip_prefix("system.").unwrap_or(&name);
        if let Some(id) = crate::value::EnumId::find(&name) {
            return Some(TypeInfo(Arc::new(TypeData {
                known: KnownType::Enum(id),
                array_depth: t.array_ranks.len(),
                named: None,
                generic: None,
                key: None,
            })));
        }
        let found = TABLE.iter().find(|e| {
            let full = e.full_name.to_ascii_lowercase();
            let full_bare = full.strip_prefix("system.").unwrap_or(&full);
            full == name
                || full_bare == bare
                || e.accelerators.iter().any(|a| *a == name)
                || (e.ty == KnownType::List
                    && (bare == "collections.generic.list" || name == "list"))
                || (e.ty == KnownType::Dictionary
                    && (bare == "collections.generic.dictionary" || name == "dictionary"))
        });
        let Some(known) = found else {
            // Exception types are known by name, with their base types.
            let full = crate::exceptions::canonical_name(&t.name)?;
            return Some(TypeInfo(Arc::new(TypeData {
                known: KnownType::Object,
                array_depth: t.array_ranks.len(),
                named: Some(Arc::from(full)),
                generic: None,
                key: None,
            })));
        };
        let depth = t.array_ranks.len();
        let argument = |i: usize| {
            t.generic_arguments
                .get(i)
                .and_then(TypeInfo::resolve)
                .unwrap_or_else(|| TypeInfo::of(KnownType::Object))
        };
        let (generic, key) = match known.ty {
            KnownType::List => (Some(argument(0)), None),
            KnownType::Dictionary => {
                // `Dictionary[K,V]` needs both arguments; a type argument rosh does not know
                // leaves the type unknown.
                if t.generic_arguments.len() != 2
                    || t.generic_arguments
                        .iter()
                        .any(|a| TypeInfo::resolve(a).is_none())
                {
                    return None;
                }
                (Some(argument(1)), Some(argument(0)))
            }
            _ => (None, None),
        };
        Some(TypeInfo(Arc::new(TypeData {
            known: known.ty,
            array_depth: depth,
            named: None,
            generic,
            key,
        })))
    }
}

/// Every type name and accelerator rosh knows, for completion of `[Name`.
pub fn completion_names() -> Vec<&'static str> {
    TABLE
        .iter()
        .flat_map(|e| std::iter::once(e.full_name).chain(e.accelerators.iter().copied()))
        .collect()
}
