//! The keys of a session configuration file and the checks Test-PSSessionConfigurationFile
//! makes on them (PowerShell's `ConfigFileConstants.ConfigFileKeys` and
//! `DISCUtils.VerifyConfigTable`), with PowerShell's verbose messages.

use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::Hashtable;

/// How a key's value is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    String,
    StringArray,
    StringOrHashtableArray,
    Hashtable,
    Boolean,
    Integer,
    SessionType,
    LanguageMode,
    ExecutionPolicy,
    AliasDefinitions,
    FunctionDefinitions,
    VariableDefinitions,
}

/// Every key a `.pssc` may hold, with its check, in PowerShell's order.
const KEYS: &[(&str, Check)] = &[
    ("AliasDefinitions", Check::AliasDefinitions),
    ("AssembliesToLoad", Check::StringArray),
    ("Author", Check::String),
    ("CompanyName", Check::String),
    ("Copyright", Check::String),
    ("Description", Check::String),
    ("EnforceInputParameterValidation", Check::Boolean),
    ("EnvironmentVariables", Check::Hashtable),
    ("ExecutionPolicy", Check::ExecutionPolicy),
    ("FormatsToProcess", Check::StringArray),
    ("FunctionDefinitions", Check::FunctionDefinitions),
    ("GroupManagedServiceAccount", Check::String),
    ("GUID", Check::String),
    ("LanguageMode", Check::LanguageMode),
    ("ModulesToImport", Check::StringOrHashtableArray),
    ("MountUserDrive", Check::Boolean),
    ("PowerShellVersion", Check::String),
    ("RequiredGroups", Check::Hashtable),
    ("RoleCapabilities", Check::StringArray),
    ("RoleCapabilityFiles", Check::StringArray),
    ("RoleDefinitions", Check::Hashtable),
    ("RunAsVirtualAccount", Check::Boolean),
    ("RunAsVirtualAccountGroups", Check::StringArray),
    ("SchemaVersion", Check::String),
    ("ScriptsToProcess", Check::StringArray),
    ("SessionType", Check::SessionType),
    ("TranscriptDirectory", Check::String),
    ("TypesToProcess", Check::StringArray),
    ("UserDriveMaximumSize", Check::Integer),
    ("VariableDefinitions", Check::VariableDefinitions),
    ("VisibleAliases", Check::StringArray),
    ("VisibleCmdlets", Check::StringArray),
    ("VisibleFunctions", Check::StringArray),
    ("VisibleProviders", Check::StringArray),
    ("VisibleExternalCommands", Check::StringArray),
];

/// The keys a role definition or a role capability file may hold.
pub const ROLE_CAPABILITY_KEYS: &[&str] = &[
    "RoleCapabilities",
    "RoleCapabilityFiles",
    "ModulesToImport",
    "VisibleAliases",
    "VisibleCmdlets",
    "VisibleFunctions",
    "VisibleExternalCommands",
    "VisibleProviders",
    "ScriptsToProcess",
    "AliasDefinitions",
    "FunctionDefinitions",
    "VariableDefinitions",
    "EnvironmentVariables",
    "TypesToProcess",
    "FormatsToProcess",
    "AssembliesToLoad",
];

/// `SessionType`'s values.
pub const SESSION_TYPES: &[&str] = &["Empty", "RestrictedRemoteServer", "Default"];

/// `PSLanguageMode`'s values.
pub const LANGUAGE_MODES: &[&str] = &[
    "FullLanguage",
    "RestrictedLanguage",
    "NoLanguage",
    "ConstrainedLanguage",
];

/// `ExecutionPolicy`'s values.
pub const EXECUTION_POLICIES: &[&str] = &[
    "Unrestricted",
    "RemoteSigned",
    "AllSigned",
    "Restricted",
    "Default",
    "Bypass",
    "Undefined",
];

/// A value as a string array, as PowerShell's `TryGetStringArray` makes one: a collection's
/// items (or one value) as text.
pub fn string_array(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => None,
        Value::Array(a) => Some(a.to_vec().iter().map(to_str).collect()),
        other => Some(vec![to_str(other)]),
    }
}

/// A value as hashtables: one hashtable, or a collection of nothing else.
pub fn hashtable_array(v: &Value) -> Option<Vec<Hashtable>> {
    match v {
        Value::Hashtable(h) => Some(vec![h.clone()]),
        Value::Array(a) => a
            .to_vec()
            .into_iter()
            .map(|i| match i {
                Value::Hashtable(h) => Some(h),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The value of `key` in `table`, case-insensitively.
pub fn get(table: &Hashtable, key: &str) -> Option<Value> {
    table
        .entries()
        .into_iter()
        .find_map(|(k, v)| to_str(&k).eq_ignore_ascii_case(key).then_some(v))
}

/// Whether `table` has `key`, case-insensitively.
pub fn has(table: &Hashtable, key: &str) -> bool {
    get(table, key).is_some()
}

/// The canonical spelling of a value among `names`, compared without case.
pub fn enum_value(names: &[&'static str], text: &str) -> Option<&'static str> {
    names
        .iter()
        .copied()
        .find(|n| n.eq_ignore_ascii_case(text.trim()))
}

/// Test-PSSessionConfigurationFile's verdict on a configuration table from `path`: true
/// when valid; each reason it is not goes to `verbose`.
pub fn verify(table: &Hashtable, path: &str, verbose: &mut dyn FnMut(String)) -> bool {
    let mut has_schema = false;
    for (k, v) in table.entries() {
        let key = to_str(&k);
        let Some((name, check)) = KEYS.iter().find(|(n, _)| n.eq_ignore_ascii_case(&key)) else {
            verbose(format!(
                "The member '{key}' is not a valid key. Please change the member to a valid key in the file {path}."
            ));
            return false;
        };
        if !valid(name, *check, &v, path, verbose) {
            return false;
        }
        if name.eq_ignore_ascii_case("SchemaVersion") {
            has_schema = true;
        }
    }
    if !has_schema {
        verbose(format!(
            "The member 'SchemaVersion' is not present in the configuration file. This member must exist and be assigned a version number of the form 'n.n.n.n'. Please add the missing member to the file {path}."
        ));
        return false;
    }
    for key in ["TypesToProcess", "FormatsToProcess", "ScriptsToProcess"] {
        for p in get(table, key)
            .as_ref()
            .and_then(string_array)
            .unwrap_or_default()
        {
            if !p.starts_with('/') {
                verbose(format!(
                    "The member '{key}' is not an absolute path {p}. Change the member to an absolute path in the file {path}."
                ));
                return false;
            }
        }
    }
    for (key, allowed) in [
        ("TypesToProcess", &[".ps1xml"][..]),
        ("FormatsToProcess", &[".ps1xml"][..]),
        ("ScriptsToProcess", &[".ps1", ".psm1"][..]),
    ] {
        for p in get(table, key)
            .as_ref()
            .and_then(string_array)
            .unwrap_or_default()
        {
            let ext = std::path::Path::new(&p)
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&ext)) {
                verbose(format!(
                    "The key '{key}' contains an extension {ext} that is not valid. Specify an extension from the following list: {{{}}}.",
                    allowed.join(", ")
                ));
                return false;
            }
        }
    }
    true
}

fn valid(key: &str, check: Check, v: &Value, path: &str, verbose: &mut dyn FnMut(String)) -> bool {
    let mut fail = |message: String| {
        verbose(message);
        false
    };
    let enum_check = |names: &[&'static str],
                      type_name: &str,
                      fail: &mut dyn FnMut(String) -> bool| {
        match v {
            Value::String(s) if enum_value(names, s).is_some() => true,
            _ => fail(format!(
                "The member '{key}' must be a valid enumeration type \"{type_name}\". Valid enumeration values are \"{}\". Change the member to the correct type in the file {path}.",
                names.join(", ")
            )),
        }
    };
    match check {
        Check::String => match v {
            Value::String(_) => true,
            _ => fail(format!(
                "The member '{key}' must be a string. Change the member to the correct type in the file {path}."
            )),
        },
        Check::StringArray => match string_array(v) {
            Some(_) => true,
            None => fail(format!(
                "The member '{key}' must be a string array. Change the member to the correct type in the file {path}."
            )),
        },
        Check::StringOrHashtableArray => {
            let items = match v {
                Value::Array(a) => a.to_vec(),
                other => vec![other.clone()],
            };
            if items
                .iter()
                .all(|i| matches!(i, Value::String(_) | Value::Hashtable(_)))
            {
                true
            } else {
                fail(format!(
                    "The member '{key}' must be an array consisting of either string or hashtable elements. Change the member to the correct type in the file {path}."
                ))
            }
        }
        Check::Hashtable => match v {
            Value::Hashtable(_) => true,
            _ => fail(format!(
                "The member '{key}' must be a hashtable. Change the member to the correct type in the file {path}."
            )),
        },
        Check::Boolean => match v {
            Value::Bool(_) => true,
            _ => fail(format!(
                "The member '{key}' must be a boolean. Change the member to the correct type in the file {path}."
            )),
        },
        Check::Integer => match v {
            Value::Int(_) | Value::Long(_) => true,
            _ => fail(format!(
                "The member '{key}' must be an integer. Change the member to the correct type in the file {path}."
            )),
        },
        Check::SessionType => enum_check(
            SESSION_TYPES,
            "System.Management.Automation.Remoting.SessionType",
            &mut fail,
        ),
        Check::LanguageMode => enum_check(
            LANGUAGE_MODES,
            "System.Management.Automation.PSLanguageMode",
            &mut fail,
        ),
        Check::ExecutionPolicy => enum_check(
            EXECUTION_POLICIES,
            "Microsoft.PowerShell.ExecutionPolicy",
            &mut fail,
        ),
        Check::AliasDefinitions => definitions(
            key,
            v,
            path,
            &["Name", "Value"],
            &["Name", "Value", "Description", "Options"],
            None,
            &mut fail,
        ),
        Check::FunctionDefinitions => definitions(
            key,
            v,
            path,
            &["Name", "ScriptBlock"],
            &["Name", "ScriptBlock", "Options"],
            Some("ScriptBlock"),
            &mut fail,
        ),
        Check::VariableDefinitions => definitions(
            key,
            v,
            path,
            &["Name", "Value"],
            &["Name", "Value"],
            None,
            &mut fail,
        ),
    }
}

/// Checks `AliasDefinitions`, `FunctionDefinitions` and `VariableDefinitions`: hashtables
/// with the `required` keys, no key outside `allowed`, and `script_block` a script block.
fn definitions(
    key: &str,
    v: &Value,
    path: &str,
    required: &[&str],
    allowed: &[&str],
    script_block: Option<&str>,
    fail: &mut dyn FnMut(String) -> bool,
) -> bool {
    let Some(tables) = hashtable_array(v) else {
        return fail(format!(
            "The member '{key}' must be a hashtable array. Change the member to the correct type in the file {path}."
        ));
    };
    for t in tables {
        for r in required {
            if !has(&t, r) {
                return fail(format!(
                    "The member '{key}' must contain the required key '{r}'. Add the require key to the file {path}."
                ));
            }
        }
        if let Some(sb) = script_block
            && !matches!(get(&t, sb), Some(Value::ScriptBlock(_)))
        {
            return fail(format!(
                "The key '{sb}' in the member '{key}' must be a script block. Change the key to the correct type in the file {path}."
            ));
        }
        for k in t.keys() {
            let k = to_str(&k);
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&k)) {
                return fail(format!(
                    "The key '{k}' in the member '{key}' is not valid. Change the key in the file {path}."
                ));
            }
        }
    }
    true
}
