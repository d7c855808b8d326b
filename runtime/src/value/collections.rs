//! Arrays and hashtables: shared, mutable, with .NET's reference semantics.

use super::Value;
use crate::types::TypeInfo;
use indexmap::IndexMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    // A panic while holding the lock leaves the data as it was; keep using it.
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

/// A fixed-size array shared by reference: `[object[]]`, or a typed array such as `[int[]]`
/// or `byte[]` whose elements all have its element type.
#[derive(Clone, Debug, Default)]
pub struct Array(Arc<ArrayData>);

#[derive(Debug, Default)]
struct ArrayData {
    items: RwLock<Vec<Value>>,
    /// The element type of a typed array or `List[T]`; `None` for `object[]`.
    element: Option<TypeInfo>,
    /// What .NET collection this is.
    kind: CollectionKind,
}

/// The .NET collection an [`Array`] stands for: all enumerate the same way; the lists grow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CollectionKind {
    /// A fixed-size array (`object[]`, `int[]`).
    #[default]
    Array,
    /// `System.Collections.ArrayList`: `Add` returns the new index.
    ArrayList,
    /// `System.Collections.Generic.List[T]`: `Add` returns nothing.
    List,
    /// `$x.psobject.Properties`: PowerShell's collection of property objects, indexed by
    /// property name (`Properties['a']`).
    PropertyCollection,
    /// `System.Collections.Stack`, its items top first (the order it enumerates in).
    Stack,
    /// `System.Collections.Queue`, its items front first.
    Queue,
}

impl Array {
    /// An `object[]` holding `items`.
    pub fn new(items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: None,
            kind: CollectionKind::Array,
        }))
    }

    /// An `ArrayList` holding `items`.
    pub fn array_list(items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: None,
            kind: CollectionKind::ArrayList,
        }))
    }

    /// A `Stack` whose items, top first, are `items`.
    pub fn stack(items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: None,
            kind: CollectionKind::Stack,
        }))
    }

    /// A `Queue` whose items, front first, are `items`.
    pub fn queue(items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: None,
            kind: CollectionKind::Queue,
        }))
    }

    /// A `List[T]` holding `items`, already converted to `element`.
    pub fn list(element: TypeInfo, items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: Some(element),
            kind: CollectionKind::List,
        }))
    }

    /// `$x.psobject.Properties`: the property objects (each with a `Name`), read-only.
    pub fn property_collection(items: Vec<Value>) -> Self {
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element: None,
            kind: CollectionKind::PropertyCollection,
        }))
    }

    /// Which .NET collection this is.
    pub fn kind(&self) -> CollectionKind {
        self.0.kind
    }

    /// Append an element (lists only; callers check [`Array::kind`]).
    pub fn push(&self, v: Value) -> usize {
        let mut items = write(&self.0.items);
        items.push(v);
        items.len() - 1
    }

    /// Insert at `i`; false when `i` is past the end.
    pub fn insert(&self, i: usize, v: Value) -> bool {
        let mut items = write(&self.0.items);
        if i > items.len() {
            return false;
        }
        items.insert(i, v);
        true
    }

    /// Remove the element at `i`; false when out of range.
    pub fn remove_at(&self, i: usize) -> bool {
        let mut items = write(&self.0.items);
        if i >= items.len() {
            return false;
        }
        items.remove(i);
        true
    }

    /// A typed array (`[int[]]`): the caller has converted `items` to `element`.
    /// `object` as the element type gives a plain `object[]`.
    pub fn typed(element: TypeInfo, items: Vec<Value>) -> Self {
        let element = (element.known() != crate::types::KnownType::Object
            || element.array_depth() > 0
            || element.is_named())
        .then_some(element);
        Array(Arc::new(ArrayData {
            items: RwLock::new(items),
            element,
            kind: CollectionKind::Array,
        }))
    }

    /// A `byte[]`.
    pub fn bytes(bytes: &[u8]) -> Self {
        Array::typed(
            TypeInfo::of(crate::types::KnownType::Byte),
            bytes.iter().map(|b| Value::Byte(*b)).collect(),
        )
    }

    /// The element type of a typed array; `None` for `object[]`.
    pub fn element_type(&self) -> Option<&TypeInfo> {
        self.0.element.as_ref()
    }

    /// The .NET full name of the array's type (`System.Object[]`, `System.Int32[]`).
    pub fn type_name(&self) -> String {
        match (self.0.kind, &self.0.element) {
            (CollectionKind::ArrayList, _) => "System.Collections.ArrayList".into(),
            (CollectionKind::PropertyCollection, _) => "System.Management.Automation.PSMemberInfoIntegratingCollection`1[[System.Management.Automation.PSPropertyInfo, System.Management.Automation, Version=7.4.0.500, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]".into(),
            (CollectionKind::Stack, _) => "System.Collections.Stack".into(),
            (CollectionKind::Queue, _) => "System.Collections.Queue".into(),
            (CollectionKind::List, element) => TypeInfo::list_of(
                element
                    .clone()
                    .unwrap_or_else(|| TypeInfo::of(crate::types::KnownType::Object)),
            )
            .full_name(),
            (CollectionKind::Array, Some(t)) => format!("{}[]", t.full_name()),
            (CollectionKind::Array, None) => "System.Object[]".into(),
        }
    }

    /// The bytes of a `byte[]`; `None` for any other array.
    pub fn as_bytes(&self) -> Option<Vec<u8>> {
        let is_bytes =
            self.0.element.as_ref().is_some_and(|t| {
                t.known() == crate::types::KnownType::Byte && t.array_depth() == 0
            });
        if !is_bytes {
            return None;
        }
        read(&self.0.items)
            .iter()
            .map(|v| match v {
                Value::Byte(b) => Some(*b),
                _ => None,
            })
            .collect()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        read(&self.0.items).len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `i` (no negative indexing here).
    pub fn get(&self, i: usize) -> Option<Value> {
        read(&self.0.items).get(i).cloned()
    }

    /// Replace the element at `i`; false when out of range.
    pub fn set(&self, i: usize, v: Value) -> bool {
        match write(&self.0.items).get_mut(i) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        }
    }

    /// Insert at the front, keeping at most `cap` elements (for `$Error`).
    pub fn insert_front(&self, v: Value, cap: usize) {
        let mut items = write(&self.0.items);
        items.insert(0, v);
        items.truncate(cap);
    }

    /// Remove every element (`$Error.Clear()`; PowerShell's `$Error` is an ArrayList).
    pub fn clear(&self) {
        write(&self.0.items).clear();
    }

    /// A snapshot of the elements.
    pub fn to_vec(&self) -> Vec<Value> {
        read(&self.0.items).clone()
    }

    /// True when both handles refer to the same array.
    pub fn ptr_eq(&self, other: &Array) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A hashtable key: strings compare case-insensitively, as PowerShell's hashtables do.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HashKey {
    /// A string, folded to lower case.
    Str(String),
    /// An integral number.
    Int(i64),
    /// A double, by its bits.
    Double(u64),
    /// A boolean.
    Bool(bool),
    /// A character.
    Char(char),
    /// A reference-type key, by identity.
    Ref(usize),
    /// `$null` (PowerShell refuses it as a key; kept so lookups of `$null` miss).
    Null,
}

impl HashKey {
    /// The key for a value.
    pub fn of(v: &Value) -> HashKey {
        match v {
            Value::Null => HashKey::Null,
            Value::String(s) => HashKey::Str(s.to_lowercase()),
            Value::Int(i) => HashKey::Int(i64::from(*i)),
            Value::Long(i) => HashKey::Int(*i),
            Value::Byte(i) => HashKey::Int(i64::from(*i)),
            Value::SByte(i) => HashKey::Int(i64::from(*i)),
            Value::Short(i) => HashKey::Int(i64::from(*i)),
            Value::UShort(i) => HashKey::Int(i64::from(*i)),
            Value::UInt(i) => HashKey::Int(i64::from(*i)),
            Value::ULong(i) => HashKey::Int(*i as i64),
            Value::BigInt(i) => match i64::try_from(i.as_ref()) {
                Ok(n) => HashKey::Int(n),
                Err(_) => HashKey::Str(format!("[bigint]{i}")),
            },
            Value::Double(d) => HashKey::Double(d.to_bits()),
            Value::Decimal(d) => HashKey::Str(d.to_string()),
            Value::Bool(b) => HashKey::Bool(*b),
            Value::Char(c) => HashKey::Char(*c),
            Value::Array(a) => HashKey::Ref(Arc::as_ptr(&a.0) as *const () as usize),
            Value::Hashtable(h) => HashKey::Ref(Arc::as_ptr(&h.0) as *const () as usize),
            Value::Object(o) => HashKey::Ref(o.addr()),
            Value::ScriptBlock(s) => HashKey::Ref(Arc::as_ptr(s.block()) as *const () as usize),
            Value::Type(t) => HashKey::Str(format!("[type]{}", t.full_name().to_lowercase())),
            Value::DateTime(d) => HashKey::Str(format!("[datetime]{}", d.ticks())),
            Value::TimeSpan(t) => HashKey::Str(format!("[timespan]{}", t.0)),
            Value::Guid(g) => HashKey::Str(format!("[guid]{g}")),
            Value::Version(v) => HashKey::Str(format!("[version]{v}")),
            Value::Enum(e) => HashKey::Str(format!("[{}]{}", e.id.ty().full_name, e.value)),
        }
    }
}

#[derive(Debug, Default)]
struct HashData {
    entries: IndexMap<HashKey, (Value, Value)>,
    ordered: bool,
    /// Type names that replace the table's own (a deserialized table's
    /// `Deserialized.System.Collections.Hashtable`, ...).
    type_names: Option<Vec<String>>,
    /// For a generic `Dictionary[K,V]`: its type. Its string keys are case-sensitive.
    dictionary: Option<TypeInfo>,
}

impl HashData {
    fn key(&self, v: &Value) -> HashKey {
        match (v, &self.dictionary) {
            (Value::String(s), Some(_)) => HashKey::Str(s.to_string()),
            _ => HashKey::of(v),
        }
    }
}

/// `[hashtable]` (case-insensitive keys) or `[ordered]` (the same, keeping insertion order
/// as PowerShell guarantees). rosh keeps insertion order for both; PowerShell's hashtable
/// order is unspecified.
#[derive(Clone, Debug, Default)]
pub struct Hashtable(Arc<RwLock<HashData>>);

impl Hashtable {
    /// An empty hashtable (`ordered` for `[ordered]`).
    pub fn new(ordered: bool) -> Self {
        Hashtable(Arc::new(RwLock::new(HashData {
            entries: IndexMap::new(),
            ordered,
            type_names: None,
            dictionary: None,
        })))
    }

    /// An empty generic `Dictionary[K,V]` of type `t` (the caller converts what goes in).
    pub fn dictionary(t: TypeInfo) -> Self {
        Hashtable(Arc::new(RwLock::new(HashData {
            entries: IndexMap::new(),
            ordered: false,
            type_names: None,
            dictionary: Some(t),
        })))
    }

    /// The type of a generic dictionary; `None` for a hashtable.
    pub fn dictionary_type(&self) -> Option<TypeInfo> {
        read(&self.0).dictionary.clone()
    }

    /// True for `[ordered]`.
    pub fn is_ordered(&self) -> bool {
        read(&self.0).ordered
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        read(&self.0).entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value for `key`.
    pub fn get(&self, key: &Value) -> Option<Value> {
        let d = read(&self.0);
        d.entries.get(&d.key(key)).map(|(_, v)| v.clone())
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &Value) -> bool {
        let d = read(&self.0);
        d.entries.contains_key(&d.key(key))
    }

    /// Set `key` to `value` (adding it when absent; the first spelling of a key is kept).
    pub fn insert(&self, key: Value, value: Value) {
        let mut d = write(&self.0);
        let k = d.key(&key);
        match d.entries.get_mut(&k) {
            Some(slot) => slot.1 = value,
            None => {
                d.entries.insert(k, (key, value));
            }
        }
    }

    /// Remove `key`, keeping the order of the rest.
    pub fn remove(&self, key: &Value) -> Option<Value> {
        let mut d = write(&self.0);
        let k = d.key(key);
        d.entries.shift_remove(&k).map(|(_, v)| v)
    }

    /// A snapshot of the entries in order.
    pub fn entries(&self) -> Vec<(Value, Value)> {
        read(&self.0).entries.values().cloned().collect()
    }

    /// The keys in order.
    pub fn keys(&self) -> Vec<Value> {
        read(&self.0)
            .entries
            .values()
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The values in order.
    pub fn values(&self) -> Vec<Value> {
        read(&self.0)
            .entries
            .values()
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A shallow copy (the `+` operator and `.Clone()`).
    pub fn shallow_clone(&self) -> Hashtable {
        let d = read(&self.0);
        Hashtable(Arc::new(RwLock::new(HashData {
            entries: d.entries.clone(),
            ordered: d.ordered,
            type_names: None,
            dictionary: d.dictionary.clone(),
        })))
    }

    /// Replace the type names `.psobject.TypeNames` reports (deserialized tables keep the
    /// `Deserialized.` names they were sent with).
    pub fn set_type_names(&self, names: Vec<String>) {
        write(&self.0).type_names = Some(names);
    }

    /// The type names set with [`Hashtable::set_type_names`], if any.
    pub fn type_names_override(&self) -> Option<Vec<String>> {
        read(&self.0).type_names.clone()
    }

    /// True when both handles refer to the same table.
    pub fn ptr_eq(&self, other: &Hashtable) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
