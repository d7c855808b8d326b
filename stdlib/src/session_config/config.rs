//! A session configuration file loaded for one user: the `.pssc` table with the
//! `RoleDefinitions` that apply to the user merged in, then the role capability files those
//! name (PowerShell's `DISCPowerShellConfiguration`: `MergeRoleRulesIntoConfigHash` and
//! `MergeRoleCapabilitiesIntoConfigHash`).

use std::path::{Path, PathBuf};

use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::{Array, Hashtable};

use super::access::Identity;
use super::data_file;
use super::keys::{ROLE_CAPABILITY_KEYS, get, has, string_array};

/// A configuration table ready to apply, with the texts of the role capability files it
/// took keys from (their code is the configuration's too).
#[derive(Debug)]
pub struct Loaded {
    /// The merged table.
    pub table: Hashtable,
    /// Whether the file defines roles at all (a user in none of them may not connect).
    pub has_roles: bool,
    /// Whether one of the roles applied to the user.
    pub role_matched: bool,
}

/// Loads the configuration file at `path` for `user`.
pub fn load(path: &Path, user: &Identity, module_path: Option<&str>) -> Result<Loaded, String> {
    let table = data_file::read(path).map_err(|e| {
        format!(
            "The session configuration file {} is not valid. Specify a valid session configuration file and try the command again. Error parsing configuration file: {e}.",
            path.display()
        )
    })?;
    let mut loaded = Loaded {
        table,
        has_roles: false,
        role_matched: false,
    };
    merge_roles(&mut loaded, user)?;
    merge_role_capabilities(&loaded.table, module_path)?;
    Ok(loaded)
}

/// Checks a `RoleDefinitions` table (PowerShell's `ValidateRoleDefinitions`).
pub fn validate_roles(roles: &Hashtable) -> Result<(), String> {
    for (role, value) in roles.entries() {
        if !matches!(role, Value::String(_)) {
            return Err(format!(
                "Invalid role key type: {}. Role keys must be strings that identify a security group.",
                role.type_name()
            ));
        }
        let Value::Hashtable(definition) = value else {
            return Err(format!(
                "Could not convert the value of the '{}' role entry to a hashtable. The 'Roles' entry must be a hashtable with group names for keys, where the value associated with each key is another hashtable of session configuration properties for that role.",
                to_str(&role)
            ));
        };
        for key in definition.keys() {
            let key = to_str(&key);
            if !ROLE_CAPABILITY_KEYS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&key))
            {
                return Err(format!(
                    "Invalid role capability key: {key}. Make sure the role capability name is spelled correctly and is a valid session configuration property."
                ));
            }
        }
    }
    Ok(())
}

fn merge_roles(loaded: &mut Loaded, user: &Identity) -> Result<(), String> {
    let Some(roles) = get(&loaded.table, "RoleDefinitions") else {
        return Ok(());
    };
    let Value::Hashtable(roles) = roles else {
        return Err(format!(
            "The 'Roles' entry must be a hashtable, but was a {}.",
            roles.type_name()
        ));
    };
    validate_roles(&roles)?;
    loaded.has_roles = true;
    for (role, value) in roles.entries() {
        if !user.has_role(&to_str(&role)) {
            continue;
        }
        loaded.role_matched = true;
        if let Value::Hashtable(customizations) = value {
            merge_into(&loaded.table, &customizations);
        }
    }
    Ok(())
}

fn merge_role_capabilities(table: &Hashtable, module_path: Option<&str>) -> Result<(), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    for name in get(table, "RoleCapabilities")
        .as_ref()
        .and_then(string_array)
        .unwrap_or_default()
    {
        match find_role_capability(&name, module_path) {
            Some(p) => files.push(p),
            None => {
                let bare = name.rsplit('\\').next().unwrap_or(&name);
                return Err(format!(
                    "Could not find the role capability, '{name}'. The role capability must be a file named '{bare}.psrc' within a 'RoleCapabilities' directory in a module in the current module path."
                ));
            }
        }
    }
    for file in get(table, "RoleCapabilityFiles")
        .as_ref()
        .and_then(string_array)
        .unwrap_or_default()
    {
        let path = PathBuf::from(&file);
        let psrc = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("psrc"));
        if !psrc {
            return Err(format!(
                "The provided role capability file {file} does not have the required .psrc extension."
            ));
        }
        if !path.is_file() {
            return Err(format!(
                "Could not find the provided role capability file {file}."
            ));
        }
        files.push(path);
    }
    for file in files {
        let capability = data_file::read(&file).map_err(|e| {
            format!(
                "The session configuration file {} is not valid. Specify a valid session configuration file and try the command again. Error parsing configuration file: {e}.",
                file.display()
            )
        })?;
        merge_into(table, &capability);
    }
    Ok(())
}

/// `Module\Name` or `Name` looked up as `RoleCapabilities/Name.psrc` in the modules of the
/// module path.
fn find_role_capability(name: &str, module_path: Option<&str>) -> Option<PathBuf> {
    let (module, capability) = match name.split_once('\\') {
        Some((m, c)) => (Some(m), c),
        None => (None, name),
    };
    let default_path = default_module_path();
    let paths = module_path.unwrap_or(&default_path);
    for dir in paths.split(':').filter(|d| !d.is_empty()) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut modules: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        modules.sort();
        for m in modules {
            let matches_module = module.is_none_or(|want| {
                m.file_name()
                    .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(want))
            });
            let candidate = m
                .join("RoleCapabilities")
                .join(format!("{capability}.psrc"));
            if matches_module && candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// PowerShell's module path on Linux when `PSModulePath` is not set.
fn default_module_path() -> String {
    let data = std::env::var("XDG_DATA_HOME")
        .ok()
        .filter(|d| d.starts_with('/'))
        .or_else(|| {
            std::env::var("HOME")
                .ok()
                .map(|h| format!("{h}/.local/share"))
        })
        .unwrap_or_default();
    format!(
        "{data}/powershell/Modules:/usr/local/share/powershell/Modules:/opt/microsoft/powershell/7/Modules"
    )
}

/// Adds every key of `child` to `table`: the values of both, enumerated, in one array.
fn merge_into(table: &Hashtable, child: &Hashtable) {
    let items = |v: &Value| match v {
        Value::Array(a) => a.to_vec(),
        other => vec![other.clone()],
    };
    for (key, value) in child.entries() {
        let name = to_str(&key);
        let existing = table
            .entries()
            .into_iter()
            .find(|(k, _)| to_str(k).eq_ignore_ascii_case(&name));
        let mut merged = match &existing {
            Some((_, v)) => items(v),
            None => Vec::new(),
        };
        merged.extend(items(&value));
        let key = existing.map(|(k, _)| k).unwrap_or(key);
        table.insert(key, Value::Array(Array::new(merged)));
    }
}

/// Whether the table has key `key` with a non-empty value list (PowerShell's
/// `IsNonDefaultVisibilitySpecified`).
pub fn lists(table: &Hashtable, key: &str) -> bool {
    has(table, key)
        && get(table, key)
            .as_ref()
            .and_then(string_array)
            .is_some_and(|v| !v.is_empty())
}
