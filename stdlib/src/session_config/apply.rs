//! A session configuration applied to a new runspace (PowerShell's
//! `DISCPowerShellConfiguration.GetInitialSessionState` and the runspace opening that follows):
//! definitions, startup scripts, visibility, then the language mode.
//!
//! The runspace starts as a default one (every built-in command). The configuration's own
//! code (its function and variable definitions, startup scripts, and the functions rosh
//! itself defines, such as `help` and `prompt`) is registered as trusted before anything is
//! hidden; then, if the session type or a `Visible*` key restricts commands, everything not
//! listed becomes private. The language mode is set last, so the configuration's functions
//! are made in FullLanguage, as PowerShell makes them.

use std::path::PathBuf;
use std::sync::Arc;

use rosh_runtime::Runspace;
use rosh_runtime::Value;
use rosh_runtime::convert::to_str;
use rosh_runtime::interp::RunOutcome;
use rosh_runtime::interp::SourceInfo;
use rosh_runtime::interp::scope::Target;
use rosh_runtime::interp::visibility::{CommandKind, ParameterRestriction};
use rosh_runtime::language_mode::LanguageMode;
use rosh_runtime::value::Hashtable;

use super::config::lists;
use super::keys::{LANGUAGE_MODES, SESSION_TYPES, enum_value, get, hashtable_array, string_array};
use super::restricted;
use crate::util::wildcard_match;

/// The modules rosh's built-in commands carry; importing them changes nothing.
const BUILT_IN_MODULES: &[&str] = &[
    "Microsoft.PowerShell.Core",
    "Microsoft.PowerShell.Management",
    "Microsoft.PowerShell.Utility",
    "Microsoft.PowerShell.Security",
];

/// Keys rosh cannot honour on Linux; a configuration that sets them is refused rather than
/// silently weakened.
const UNSUPPORTED: &[&str] = &[
    "RunAsVirtualAccount",
    "RunAsVirtualAccountGroups",
    "GroupManagedServiceAccount",
    "MountUserDrive",
    "AssembliesToLoad",
    "TypesToProcess",
    "FormatsToProcess",
];

/// What to apply.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    /// The configuration's (merged) table, for file-based configurations.
    pub table: Option<&'a Hashtable>,
    /// The registration's `-StartupScript`.
    pub startup_script: Option<&'a str>,
}

/// rosh's providers, by their PowerShell names.
const PROVIDERS: [&str; 5] = ["FileSystem", "Environment", "Variable", "Function", "Alias"];

/// The session type a table asks for.
pub fn session_type(table: &Hashtable) -> &'static str {
    get(table, "SessionType")
        .and_then(|v| enum_value(SESSION_TYPES, &to_str(&v)))
        .unwrap_or("Default")
}

/// The language mode a table gives its sessions: `LanguageMode`, else the session type's.
pub fn language_mode(table: &Hashtable) -> LanguageMode {
    let named = get(table, "LanguageMode").and_then(|v| enum_value(LANGUAGE_MODES, &to_str(&v)));
    match named {
        Some("RestrictedLanguage") => LanguageMode::RestrictedLanguage,
        Some("NoLanguage") => LanguageMode::NoLanguage,
        Some("ConstrainedLanguage") => LanguageMode::ConstrainedLanguage,
        Some(_) => LanguageMode::FullLanguage,
        None if session_type(table) == "Default" => LanguageMode::FullLanguage,
        None => LanguageMode::NoLanguage,
    }
}

/// The transcript directory a table asks for.
pub fn transcript_directory(table: &Hashtable) -> Option<PathBuf> {
    get(table, "TranscriptDirectory")
        .map(|v| to_str(&v))
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

/// Applies `settings` to `rs`; the error is why the session cannot open.
pub fn apply(rs: &mut Runspace, settings: Settings<'_>) -> Result<(), String> {
    // rosh's own functions (help, prompt) are part of the configuration, not the user's.
    for name in rs.scopes.function_names() {
        let bare = name.rsplit_once(':').map_or(name.as_str(), |(_, b)| b);
        if let Some(f) = rs.scopes.function(bare) {
            let source = f.def.body.source.clone();
            rs.trust_source(source);
        }
    }
    let Some(table) = settings.table else {
        if let Some(script) = settings.startup_script {
            run_script_file(rs, script)?;
        }
        return Ok(());
    };
    for key in UNSUPPORTED {
        let set = match get(table, key) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => false,
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::String(s)) => !s.is_empty(),
            Some(_) => true,
        };
        if set {
            return Err(format!(
                "The session configuration key '{key}' is not supported by rosh on Linux."
            ));
        }
    }
    import_modules(table)?;
    let builtins: Vec<String> = rs.command_names().iter().map(|n| n.to_string()).collect();
    let aliases_before: Vec<String> = rs.alias_list().into_iter().map(|(a, _)| a).collect();

    let mut defined_aliases = Vec::new();
    for alias in
        hashtable_array(&get(table, "AliasDefinitions").unwrap_or(Value::Null)).unwrap_or_default()
    {
        let name = get(&alias, "Name").map(|v| to_str(&v)).unwrap_or_default();
        let value = get(&alias, "Value").map(|v| to_str(&v)).unwrap_or_default();
        if !name.is_empty() && !value.is_empty() {
            rs.add_alias(&name, &value);
            defined_aliases.push(name);
        }
    }
    let mut defined_functions = Vec::new();
    for function in hashtable_array(&get(table, "FunctionDefinitions").unwrap_or(Value::Null))
        .unwrap_or_default()
    {
        let name = get(&function, "Name")
            .map(|v| to_str(&v))
            .unwrap_or_default();
        let Some(Value::ScriptBlock(body)) = get(&function, "ScriptBlock") else {
            continue;
        };
        define_function(rs, &name, body.text())?;
        defined_functions.push(name);
    }
    for variable in hashtable_array(&get(table, "VariableDefinitions").unwrap_or(Value::Null))
        .unwrap_or_default()
    {
        let name = get(&variable, "Name")
            .map(|v| to_str(&v))
            .unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        let value = match get(&variable, "Value") {
            Some(Value::ScriptBlock(sb)) => evaluate_trusted(rs, sb.text())?,
            Some(v) => v,
            None => continue,
        };
        rs.scopes.set(Target::Global, &name, value);
    }
    for env in hashtable_array(&get(table, "EnvironmentVariables").unwrap_or(Value::Null))
        .unwrap_or_default()
    {
        for (k, v) in env.entries() {
            rs.set_env(&to_str(&k), &to_str(&v));
        }
    }
    for script in get(table, "ScriptsToProcess")
        .as_ref()
        .and_then(string_array)
        .unwrap_or_default()
        .iter()
        .filter(|s| !s.is_empty())
    {
        run_script_file(rs, script)?;
    }
    if let Some(script) = settings.startup_script {
        run_script_file(rs, script)?;
    }

    let session_type = session_type(table);
    let restricts = session_type != "Default"
        || [
            "VisibleCmdlets",
            "VisibleFunctions",
            "VisibleAliases",
            "VisibleProviders",
            "VisibleExternalCommands",
        ]
        .iter()
        .any(|k| lists(table, k));
    if restricts {
        let functions: Vec<String> = rs
            .scopes
            .function_names()
            .iter()
            .map(|f| {
                f.rsplit_once(':')
                    .map_or(f.as_str(), |(_, n)| n)
                    .to_string()
            })
            .collect();
        let aliases: Vec<String> = rs.alias_list().into_iter().map(|(a, _)| a).collect();
        rs.restrict_commands();
        // Choice: a restricted session hides every provider it does not list, whatever its
        // session type (a Visible* list makes the session a boundary; a provider left public
        // would let a visible cmdlet reach files the configuration never meant to expose).
        let providers: Vec<String> = get(table, "VisibleProviders")
            .as_ref()
            .and_then(string_array)
            .unwrap_or_default()
            .iter()
            .flat_map(|pattern| {
                PROVIDERS
                    .iter()
                    .filter(|p| wildcard_match(pattern, p))
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        rs.restrict_providers(providers);
        if session_type == "RestrictedRemoteServer" {
            restricted::expose(rs);
        }
        let mut restrictions: Vec<(String, Vec<ParameterRestriction>)> = Vec::new();
        for entry in entries(table, "VisibleCmdlets") {
            expose_command(rs, &entry, &builtins, &functions, true, &mut restrictions)?;
        }
        for entry in entries(table, "VisibleFunctions") {
            expose_command(rs, &entry, &[], &functions, false, &mut restrictions)?;
        }
        if !lists(table, "VisibleFunctions") {
            for f in &defined_functions {
                rs.make_public(CommandKind::Function, f);
            }
        }
        if !lists(table, "VisibleAliases") {
            for a in &defined_aliases {
                rs.make_public(CommandKind::Alias, a);
            }
        }
        for pattern in get(table, "VisibleAliases")
            .as_ref()
            .and_then(string_array)
            .unwrap_or_default()
        {
            for a in aliases.iter().chain(&aliases_before) {
                if wildcard_match(&pattern, a) {
                    rs.make_public(CommandKind::Alias, a);
                }
            }
        }
        for program in get(table, "VisibleExternalCommands")
            .as_ref()
            .and_then(string_array)
            .unwrap_or_default()
        {
            if !program.is_empty() {
                rs.make_application_public(&program);
            }
        }
        for (command, parameters) in restrictions {
            rs.restrict_parameters(&command, parameters);
        }
        rs.scopes.set(
            Target::Global,
            "PSModuleAutoLoadingPreference",
            Value::str("None"),
        );
    }
    rs.set_language_mode(language_mode(table));
    Ok(())
}

/// The entries of a `Visible*` key: strings and hashtables.
fn entries(table: &Hashtable, key: &str) -> Vec<Value> {
    match get(table, key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.to_vec(),
        Some(v) => vec![v],
    }
}

/// `ModulesToImport`: rosh has no module system; its built-in modules are always there, and
/// any other module cannot be found.
fn import_modules(table: &Hashtable) -> Result<(), String> {
    for module in entries(table, "ModulesToImport") {
        let name = match &module {
            Value::Hashtable(h) => get(h, "ModuleName").map(|v| to_str(&v)).unwrap_or_default(),
            other => to_str(other),
        };
        if !BUILT_IN_MODULES
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&name))
        {
            return Err(format!(
                "The specified module '{name}' was not loaded because no valid module file was found in any module directory."
            ));
        }
    }
    Ok(())
}

/// Makes the commands an entry of `VisibleCmdlets` (`cmdlets`) or `VisibleFunctions` names
/// public: a name or wildcard pattern, `Module\Name`, or `@{ Name = ...; Parameters = ... }`.
fn expose_command(
    rs: &mut Runspace,
    entry: &Value,
    builtins: &[String],
    functions: &[String],
    cmdlets: bool,
    restrictions: &mut Vec<(String, Vec<ParameterRestriction>)>,
) -> Result<(), String> {
    let (pattern, parameters) = match entry {
        Value::Hashtable(h) => {
            let (name, parameters) = command_modification(h)?;
            (name, Some(parameters))
        }
        Value::Null => return Ok(()),
        other => (to_str(other), None),
    };
    if pattern.is_empty() {
        return Ok(());
    }
    let (module, name_pattern) = match pattern.split_once('\\') {
        Some((m, n)) => (Some(m.to_string()), n.to_string()),
        None => (None, pattern.clone()),
    };
    let mut matched: Vec<(CommandKind, String)> = Vec::new();
    for b in builtins {
        let module_ok = module
            .as_deref()
            .is_none_or(|m| rs.module_of(b).is_some_and(|bm| bm.eq_ignore_ascii_case(m)));
        if module_ok && wildcard_match(&name_pattern, b) {
            matched.push((CommandKind::Cmdlet, b.clone()));
        }
    }
    if module.is_none() || !cmdlets {
        for f in functions {
            if wildcard_match(&name_pattern, f) {
                matched.push((CommandKind::Function, f.clone()));
            }
        }
    }
    for (kind, name) in matched {
        rs.make_public(kind, &name);
        if let Some(parameters) = &parameters {
            merge_restriction(restrictions, &name, parameters);
        }
    }
    Ok(())
}

/// `@{ Name = 'X'; Parameters = @{ Name = 'P'; ValidateSet = ...; ValidatePattern = ... } }`
/// read into the command's name and its exposed parameters; the error is PowerShell's
/// `DISCCommandModificationSyntax`.
fn command_modification(h: &Hashtable) -> Result<(String, Vec<ParameterRestriction>), String> {
    let name = match get(h, "Name") {
        Some(Value::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let parameters = get(h, "Parameters")
        .as_ref()
        .and_then(hashtable_array)
        .filter(|ps| ps.iter().all(|p| get(p, "Name").is_some()));
    let (Some(name), Some(parameters)) = (name.clone(), parameters) else {
        let key = name.unwrap_or_else(|| h.keys().first().map(to_str).unwrap_or_default());
        return Err(format!(
            "Could not parse visible command definition for '{key}'. The visible command definition must be a hashtable with the keys of 'Name' and 'Parameters'. The value of the 'Parameters' key must be a collection of hashtables with the keys 'Name', and optionally either 'ValidateSet' or 'ValidatePattern'."
        ));
    };
    let mut out: Vec<ParameterRestriction> = Vec::new();
    for p in parameters {
        let pname = get(&p, "Name").map(|v| to_str(&v)).unwrap_or_default();
        let values = |k: &str| {
            get(&p, k)
                .as_ref()
                .and_then(string_array)
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let restriction = ParameterRestriction {
            valid_set: values("ValidateSet"),
            valid_patterns: values("ValidatePattern"),
            ..ParameterRestriction::any(&pname)
        };
        merge_parameter(&mut out, restriction);
    }
    Ok((name, out))
}

/// Adds a parameter restriction, uniting sets and patterns with an earlier one of the same
/// parameter (PowerShell keeps them in one table per parameter).
fn merge_parameter(list: &mut Vec<ParameterRestriction>, p: ParameterRestriction) {
    match list
        .iter_mut()
        .find(|e| e.name.eq_ignore_ascii_case(&p.name))
    {
        Some(e) => {
            for v in p.valid_set {
                if !e.valid_set.iter().any(|x| x.eq_ignore_ascii_case(&v)) {
                    e.valid_set.push(v);
                }
            }
            for v in p.valid_patterns {
                if !e.valid_patterns.contains(&v) {
                    e.valid_patterns.push(v);
                }
            }
        }
        None => list.push(p),
    }
}

fn merge_restriction(
    restrictions: &mut Vec<(String, Vec<ParameterRestriction>)>,
    command: &str,
    parameters: &[ParameterRestriction],
) {
    let slot = match restrictions
        .iter_mut()
        .position(|(c, _)| c.eq_ignore_ascii_case(command))
    {
        Some(i) => &mut restrictions[i].1,
        None => {
            restrictions.push((command.to_string(), Vec::new()));
            let last = restrictions.len() - 1;
            &mut restrictions[last].1
        }
    };
    for p in parameters {
        merge_parameter(slot, p.clone());
    }
}

/// Parses configuration code, registering its text as trusted.
fn trusted_parse(
    rs: &mut Runspace,
    text: &str,
    path: Option<String>,
) -> Result<(rosh_lang::ast::ScriptBlock, SourceInfo), String> {
    let parsed = rosh_lang::parse(text);
    if let Some(e) = parsed.errors.first() {
        return Err(format!(
            "{}{}",
            path.as_deref()
                .map(|p| format!("{p}: "))
                .unwrap_or_default(),
            e.message
        ));
    }
    let source: Arc<str> = parsed.script.source.clone();
    rs.trust_source(source.clone());
    let info = SourceInfo {
        path,
        lines: Arc::new(rosh_lang::LineIndex::new(text)),
        text: source,
    };
    Ok((parsed.script, info))
}

/// Defines function `name` with `body`, as the configuration's code.
fn define_function(rs: &mut Runspace, name: &str, body: &str) -> Result<(), String> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain {
        return Err(format!(
            "The function name '{name}' in FunctionDefinitions is not a valid command name."
        ));
    }
    let text = format!("function {name} {{{body}\n}}");
    let (script, info) = trusted_parse(rs, &text, None)?;
    run_trusted(rs, &script, info)
}

/// The value of a `VariableDefinitions` script block, run as the configuration's code.
fn evaluate_trusted(rs: &mut Runspace, body: &str) -> Result<Value, String> {
    let (script, _) = trusted_parse(rs, body, None)?;
    let block = rosh_runtime::value::ScriptBlockValue::trusted(Arc::new(script));
    rs.invoke_block(&block, &[]).map_err(|e| flow_message(&e))
}

/// Runs a startup script (`ScriptsToProcess`, `-StartupScript`) dot-sourced into the global
/// scope; any error, even one that did not stop it, fails the session as in PowerShell.
fn run_script_file(rs: &mut Runspace, path: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("Running startup script threw an error: {path}: {e}."))?;
    let (script, info) = trusted_parse(rs, &text, Some(path.to_string()))
        .map_err(|e| format!("Running startup script threw an error: {e}."))?;
    run_trusted(rs, &script, info)
        .map_err(|e| format!("Running startup script threw an error: {e}."))
}

fn run_trusted(
    rs: &mut Runspace,
    script: &rosh_lang::ast::ScriptBlock,
    info: SourceInfo,
) -> Result<(), String> {
    let errors_before = rs.errors.len();
    let outcome = rs.run_script(script, info);
    rs.source = None;
    match outcome {
        RunOutcome::Failed(e) => Err(e.message.clone()),
        _ if rs.errors.len() > errors_before => Err(rs
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default()),
        _ => Ok(()),
    }
}

fn flow_message(e: &rosh_runtime::Flow) -> String {
    match e {
        rosh_runtime::Flow::Error(r) => r.message.clone(),
        _ => "the script did not complete".to_string(),
    }
}
