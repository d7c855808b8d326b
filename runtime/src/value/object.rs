//! Objects with note properties: `[pscustomobject]`, deserialized objects, and the objects
//! commands emit. Properties keep their order and are found case-insensitively.

use super::Value;
use indexmap::IndexMap;
use indexmap::map::Entry;
use std::sync::{Arc, RwLock};

/// The key a member is found by: its name in lower case (ASCII names, nearly all, take the
/// quick way; the result is the same).
fn key_of(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// A property of an object.
#[derive(Clone, Debug)]
pub struct PsProperty {
    /// The name as written.
    pub name: String,
    /// The value.
    pub value: Value,
}

/// A member added with Add-Member other than a note property.
#[derive(Clone, Debug)]
pub enum ScriptMember {
    /// `ScriptProperty`: a getter script block and an optional setter.
    Property {
        /// Runs with `$this` set to the object to give the value.
        getter: Value,
        /// Runs with `$this` set and the new value as its argument.
        setter: Option<Value>,
    },
    /// `ScriptMethod`: a script block run with `$this` set and the call's arguments.
    Method(Value),
    /// `AliasProperty`: another member's name.
    Alias {
        /// The member it stands for.
        target: String,
    },
}

/// A named [`ScriptMember`].
#[derive(Clone, Debug)]
pub struct MemberEntry {
    /// The name as written.
    pub name: String,
    /// What it is.
    pub member: ScriptMember,
}

#[derive(Debug, Default)]
struct ObjectData {
    /// Shared: every object read from one `<TN>` list, and every `[pscustomobject]`, holds
    /// the same list.
    type_names: Arc<[String]>,
    properties: IndexMap<String, PsProperty>,
    /// Script properties, script methods and alias properties, in the order they were added.
    members: IndexMap<String, MemberEntry>,
    /// What `ToString()` returns, when the object defines it (deserialized objects do).
    to_string: Option<String>,
    /// What Out-Default shows for the object when its type has its own view (an
    /// ErrorRecord's error view), instead of a table or list of its properties.
    default_view: Option<String>,
    /// The value under the object, for deserialized objects that wrap one (an enum's number,
    /// a SecureString's protected text, an XmlDocument's XML, a Uri's text).
    base_value: Option<Value>,
}

/// An object with ordered, case-insensitive note properties and a list of type names.
#[derive(Clone, Debug)]
pub struct PsObject(Arc<RwLock<ObjectData>>);

impl PsObject {
    /// A `[pscustomobject]` with no properties.
    pub fn custom() -> Self {
        static CUSTOM: std::sync::LazyLock<Arc<[String]>> = std::sync::LazyLock::new(|| {
            Arc::from(vec![
                "System.Management.Automation.PSCustomObject".to_string(),
                "System.Object".to_string(),
            ])
        });
        PsObject::with_shared_type_names(CUSTOM.clone())
    }

    /// An object with the given type names (most derived first).
    pub fn with_type_names(type_names: Vec<String>) -> Self {
        PsObject::with_shared_type_names(type_names.into())
    }

    /// An object with a type-name list it shares with others (most derived first).
    pub fn with_shared_type_names(type_names: Arc<[String]>) -> Self {
        PsObject(Arc::new(RwLock::new(ObjectData {
            type_names,
            ..ObjectData::default()
        })))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, ObjectData> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, ObjectData> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The type names, most derived first.
    pub fn type_names(&self) -> Vec<String> {
        self.read().type_names.to_vec()
    }

    /// The type names, most derived first, without copying them.
    pub fn shared_type_names(&self) -> Arc<[String]> {
        self.read().type_names.clone()
    }

    /// Replace the type names (a deserialized object rehydrated as its live type).
    pub fn set_type_names(&self, names: Vec<String>) {
        self.write().type_names = names.into();
    }

    /// Put a type name first (`$obj.psobject.TypeNames.Insert(0, ...)`).
    pub fn insert_type_name(&self, name: String) {
        let mut d = self.write();
        let mut names = d.type_names.to_vec();
        names.insert(0, name);
        d.type_names = names.into();
    }

    /// Add or replace a property.
    pub fn set(&self, name: &str, value: Value) {
        let mut d = self.write();
        match d.properties.entry(key_of(name)) {
            Entry::Occupied(mut e) => e.get_mut().value = value,
            Entry::Vacant(e) => {
                e.insert(PsProperty {
                    name: name.to_string(),
                    value,
                });
            }
        }
    }

    /// Add or replace several properties in order, with room reserved for them first (as
    /// readers of serialized objects add them).
    pub fn set_many(&self, props: Vec<(String, Value)>) {
        let mut d = self.write();
        d.properties.reserve(props.len());
        for (name, value) in props {
            match d.properties.entry(key_of(&name)) {
                Entry::Occupied(mut e) => e.get_mut().value = value,
                Entry::Vacant(e) => {
                    e.insert(PsProperty { name, value });
                }
            }
        }
    }

    /// The value of a property, if the object has it.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.read()
            .properties
            .get(&key_of(name))
            .map(|p| p.value.clone())
    }

    /// True when the object has the property.
    pub fn has(&self, name: &str) -> bool {
        self.read().properties.contains_key(&key_of(name))
    }

    /// The properties in order.
    pub fn properties(&self) -> Vec<PsProperty> {
        self.read().properties.values().cloned().collect()
    }

    /// Remove a note property; true when it was there.
    pub fn remove(&self, name: &str) -> bool {
        self.write()
            .properties
            .shift_remove(&key_of(name))
            .is_some()
    }

    /// Add or replace a script property, script method or alias property.
    pub fn set_member(&self, name: &str, member: ScriptMember) {
        self.write().members.insert(
            key_of(name),
            MemberEntry {
                name: name.to_string(),
                member,
            },
        );
    }

    /// The script property, script method or alias property with this name.
    pub fn member(&self, name: &str) -> Option<MemberEntry> {
        self.read().members.get(&key_of(name)).cloned()
    }

    /// Remove a script property, script method or alias property; true when it was there.
    pub fn remove_member(&self, name: &str) -> bool {
        self.write().members.shift_remove(&key_of(name)).is_some()
    }

    /// The script properties, script methods and alias properties, in order.
    pub fn members(&self) -> Vec<MemberEntry> {
        self.read().members.values().cloned().collect()
    }

    /// Set what `ToString()` returns.
    pub fn set_to_string(&self, s: String) {
        self.write().to_string = Some(s);
    }

    /// Set the text Out-Default shows for the object (its type's own view).
    pub fn set_default_view(&self, s: String) {
        self.write().default_view = Some(s);
    }

    /// The text Out-Default shows for the object, when its type has its own view.
    pub fn default_view(&self) -> Option<String> {
        self.read().default_view.clone()
    }

    /// What `ToString()` returns, when set.
    pub fn to_string_override(&self) -> Option<String> {
        self.read().to_string.clone()
    }

    /// Set the value the object wraps (see [`PsObject::base_value`]).
    pub fn set_base_value(&self, v: Value) {
        self.write().base_value = Some(v);
    }

    /// The value the object wraps, when it wraps one: a deserialized enum's number, or the
    /// text of a value rosh keeps without modelling it (a SecureString's protected form, an
    /// XmlDocument's XML, a Uri), so that serializing it again gives the same CLIXML.
    pub fn base_value(&self) -> Option<Value> {
        self.read().base_value.clone()
    }

    /// True when both handles refer to the same object.
    pub fn ptr_eq(&self, other: &PsObject) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The object's identity, for hashtable keys.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as *const () as usize
    }
}
