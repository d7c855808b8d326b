//! The text New-PSSessionConfigurationFile and New-PSRoleCapabilityFile write, key by key
//! in PowerShell's order, with its comments and examples (adapted to Linux paths; the keys
//! that only make sense on Windows, such as RunAsVirtualAccount, are left out).

use rosh_runtime::Value;
use rosh_runtime::command::BoundArgs;
use rosh_runtime::convert::to_str;
use rosh_runtime::value::Hashtable;

use super::config::validate_roles;
use super::keys::{get, has, hashtable_array};
use super::writer::{
    ConfigText, hashtable, hashtable_list, quote, required_groups, string_list,
    strings_or_hashtables,
};
use crate::util::{items, strings};

/// Why a file cannot be generated: an error id and PowerShell's message.
#[derive(Debug)]
pub struct GenerateError {
    /// The error id.
    pub id: &'static str,
    /// The message.
    pub message: String,
}

fn err(id: &'static str, message: String) -> GenerateError {
    GenerateError { id, message }
}

const VISIBLE_EXAMPLE: &str = "'Item1', 'Item2'";
const CMDLETS_EXAMPLE: &str = "'Invoke-Cmdlet1', @{ Name = 'Invoke-Cmdlet2'; Parameters = @{ Name = 'Parameter1'; ValidateSet = 'Item1', 'Item2' }, @{ Name = 'Parameter2'; ValidatePattern = 'L*' } }";
const FUNCTIONS_EXAMPLE: &str = "'Invoke-Function1', @{ Name = 'Invoke-Function2'; Parameters = @{ Name = 'Parameter1'; ValidateSet = 'Item1', 'Item2' }, @{ Name = 'Parameter2'; ValidatePattern = 'L*' } }";
const MODULES_EXAMPLE: &str = "'MyCustomModule', @{ ModuleName = 'MyCustomModule'; ModuleVersion = '1.0.0.0'; GUID = '4d30d5f0-cb16-4898-812d-f20a6c596bdf' }";
const SCRIPTS_EXAMPLE: &str = "'/etc/rosh/InitScript1.ps1', '/etc/rosh/InitScript2.ps1'";
const ALIASES_EXAMPLE: &str =
    "@{ Name = 'Alias1'; Value = 'Invoke-Alias1'}, @{ Name = 'Alias2'; Value = 'Invoke-Alias2'}";
const FUNCTION_DEFINITIONS_EXAMPLE: &str =
    "@{ Name = 'MyFunction'; ScriptBlock = { param($MyInput) $MyInput } }";
const VARIABLES_EXAMPLE: &str = "@{ Name = 'Variable1'; Value = { 'Dynamic' + 'InitialValue' } }, @{ Name = 'Variable2'; Value = 'StaticInitialValue' }";
const ENVIRONMENT_EXAMPLE: &str = "@{ Variable1 = 'Value1'; Variable2 = 'Value2' }";

/// The author when none is given: the user's name.
fn default_author() -> String {
    super::access::Identity::current().user
}

/// Writes the metadata keys (GUID, Author, Description, CompanyName, Copyright).
fn metadata(t: &mut ConfigText, args: &BoundArgs, always_company: bool, full: bool) -> String {
    let guid = args
        .get("Guid")
        .map(to_str)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    t.fragment(
        "GUID",
        "ID used to uniquely identify this document",
        &quote(&guid),
        false,
    );
    let author = args
        .get("Author")
        .map(to_str)
        .filter(|a| !a.is_empty())
        .unwrap_or_else(default_author);
    t.fragment("Author", "Author of this document", &quote(&author), false);
    let description = args.get("Description").map(to_str).unwrap_or_default();
    t.fragment(
        "Description",
        "Description of the functionality provided by these settings",
        &quote(&description),
        description.is_empty(),
    );
    if always_company || full || args.has("CompanyName") {
        let company = args
            .get("CompanyName")
            .map(to_str)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "Unknown".into());
        t.fragment(
            "CompanyName",
            "Company associated with this document",
            &quote(&company),
            false,
        );
    }
    if always_company || full || args.has("Copyright") {
        let copyright = args
            .get("Copyright")
            .map(to_str)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("(c) {author}. All rights reserved."));
        t.fragment(
            "Copyright",
            "Copyright statement for this document",
            &quote(&copyright),
            false,
        );
    }
    author
}

/// A `Visible*` key: the given entries, or (when asked for) a commented example.
fn visible(
    t: &mut ConfigText,
    args: &BoundArgs,
    key: &str,
    comment: &str,
    example: &str,
    show_example: bool,
) -> Result<(), GenerateError> {
    let values = items(args.get(key));
    if values.is_empty() {
        if show_example {
            t.fragment(key, comment, example, true);
        }
        return Ok(());
    }
    let text = strings_or_hashtables(&values).ok_or_else(|| {
        err(
            "DISCTypeMustBeStringOrHashtableArray",
            format!("The member '{key}' must be an array consisting of either string or hashtable elements."),
        )
    })?;
    t.fragment(key, comment, &text, false);
    Ok(())
}

/// Checks `FunctionDefinitions`/`VariableDefinitions`/`AliasDefinitions` tables for `path`.
fn definitions(
    key: &str,
    tables: &[Hashtable],
    required: &[&str],
    allowed: &[&str],
    script_block: Option<&str>,
    path: &str,
) -> Result<(), GenerateError> {
    for t in tables {
        for r in required {
            if !has(t, r) {
                return Err(err(
                    "DISCTypeMustContainKey",
                    format!(
                        "The member '{key}' must contain the required key '{r}'. Add the require key to the file {path}."
                    ),
                ));
            }
        }
        if let Some(sb) = script_block
            && !matches!(get(t, sb), Some(Value::ScriptBlock(_)))
        {
            return Err(err(
                "DISCKeyMustBeScriptBlock",
                format!(
                    "The key '{sb}' in the member '{key}' must be a script block. Change the key to the correct type in the file {path}."
                ),
            ));
        }
        for k in t.keys() {
            let k = to_str(&k);
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&k)) {
                return Err(err(
                    "DISCTypeContainsInvalidKey",
                    format!(
                        "The key '{k}' in the member '{key}' is not valid. Change the key in the file {path}."
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A `*Definitions` key from `args`: checked, written, or an example.
#[allow(clippy::too_many_arguments)]
fn definition_key(
    t: &mut ConfigText,
    args: &BoundArgs,
    key: &str,
    comment: &str,
    example: &str,
    show_example: bool,
    checks: (&[&str], &[&str], Option<&str>),
    path: &str,
) -> Result<(), GenerateError> {
    match args.get(key) {
        None => {
            if show_example {
                t.fragment(key, comment, example, true);
            }
            Ok(())
        }
        Some(Value::String(s)) if key == "VariableDefinitions" => {
            t.fragment(key, comment, s, false);
            Ok(())
        }
        Some(v) => {
            let tables = hashtable_array(v).ok_or_else(|| {
                err(
                    "DISCTypeMustBeHashtableArray",
                    format!("The member '{key}' must be a hashtable array. Change the member to the correct type in the file {path}."),
                )
            })?;
            definitions(key, &tables, checks.0, checks.1, checks.2, path)?;
            t.fragment(key, comment, &hashtable_list(&tables), false);
            Ok(())
        }
    }
}

/// The keys both file kinds end with: definitions and environment variables.
fn definitions_keys(
    t: &mut ConfigText,
    args: &BoundArgs,
    show_examples: bool,
    path: &str,
) -> Result<(), GenerateError> {
    definition_key(
        t,
        args,
        "AliasDefinitions",
        "Aliases to be defined when applied to a session",
        ALIASES_EXAMPLE,
        show_examples,
        (
            &["Name", "Value"],
            &["Name", "Value", "Description", "Options"],
            None,
        ),
        path,
    )?;
    definition_key(
        t,
        args,
        "FunctionDefinitions",
        "Functions to define when applied to a session",
        FUNCTION_DEFINITIONS_EXAMPLE,
        show_examples,
        (
            &["Name", "ScriptBlock"],
            &["Name", "ScriptBlock", "Options"],
            Some("ScriptBlock"),
        ),
        path,
    )?;
    definition_key(
        t,
        args,
        "VariableDefinitions",
        "Variables to define when applied to a session",
        VARIABLES_EXAMPLE,
        show_examples,
        (&["Name", "Value"], &["Name", "Value"], None),
        path,
    )?;
    match args.get("EnvironmentVariables") {
        Some(Value::Hashtable(h)) => t.fragment(
            "EnvironmentVariables",
            "Environment variables to define when applied to a session",
            &hashtable(h, 0),
            false,
        ),
        Some(_) => {
            return Err(err(
                "DISCTypeMustBeHashtable",
                format!(
                    "The member 'EnvironmentVariables' must be a hashtable. Change the member to the correct type in the file {path}."
                ),
            ));
        }
        None if show_examples => t.fragment(
            "EnvironmentVariables",
            "Environment variables to define when applied to a session",
            ENVIRONMENT_EXAMPLE,
            true,
        ),
        None => {}
    }
    Ok(())
}

/// A session configuration file's text from New-PSSessionConfigurationFile's arguments;
/// enum arguments already checked and spelled as their enums spell them.
pub fn session_configuration(
    args: &BoundArgs,
    session_type: &str,
    language_mode: Option<&str>,
    execution_policy: Option<&str>,
    path: &str,
) -> Result<String, GenerateError> {
    let full = args.switch("Full");
    let bound = |k: &str| full || args.has(k);
    let mut t = ConfigText::new();
    let schema = args
        .get("SchemaVersion")
        .map(to_str)
        .unwrap_or_else(|| "2.0.0.0".into());
    t.fragment(
        "SchemaVersion",
        "Version number of the schema used for this document",
        &quote(&schema),
        false,
    );
    metadata(&mut t, args, false, full);
    t.fragment(
        "SessionType",
        "Session type defaults to apply for this session configuration. Can be 'RestrictedRemoteServer' (recommended), 'Empty', or 'Default'",
        &quote(session_type),
        false,
    );
    let transcripts = args
        .get("TranscriptDirectory")
        .map(to_str)
        .unwrap_or_default();
    t.fragment(
        "TranscriptDirectory",
        "Directory to place session transcripts for this session configuration",
        &if transcripts.is_empty() {
            quote("/var/log/rosh/transcripts/")
        } else {
            quote(&transcripts)
        },
        transcripts.is_empty(),
    );
    scripts_to_process(&mut t, args);
    const ROLES: &str = "User roles (security groups), and the role capabilities that should be applied to them when applied to a session";
    match args.get("RoleDefinitions") {
        None => t.fragment(
            "RoleDefinitions",
            ROLES,
            "@{ 'sqladmins' = @{ RoleCapabilities = 'SqlAdministration' }; 'sqlmanaged' = @{ RoleCapabilityFiles = '/etc/rosh/RoleCapability/SqlManaged.psrc' }; 'monitors' = @{ VisibleCmdlets = 'Get-Process' } } ",
            true,
        ),
        Some(Value::Hashtable(roles)) => {
            validate_roles(roles).map_err(|m| err("InvalidRoleDefinitions", m))?;
            t.fragment("RoleDefinitions", ROLES, &hashtable(roles, 0), false);
        }
        Some(_) => {
            return Err(err(
                "DISCTypeMustBeHashtable",
                format!("The member 'RoleDefinitions' must be a hashtable. Change the member to the correct type in the file {path}."),
            ));
        }
    }
    if bound("RequiredGroups") {
        const REQUIRED: &str =
            "Group accounts for which membership is required to use the session.";
        match args.get("RequiredGroups") {
            Some(Value::Hashtable(h)) => {
                let text = required_groups(h).map_err(|m| err("InvalidRequiredGroups", m))?;
                t.fragment("RequiredGroups", REQUIRED, &text, false);
            }
            Some(_) => {
                return Err(err(
                    "RequiredGroupsNotHashTable",
                    "The RequiredGroups property is not in a name/value pair hashtable format.  This must be a hashtable of the form (using PowerShell syntax): RequiredGroups = @{ Or = 'Administrators' }.".into(),
                ));
            }
            None => t.fragment(
                "RequiredGroups",
                REQUIRED,
                "@{ And = @{ Or = 'smartcard-logon1', 'smartcard-logon2' }, 'wheel' }",
                true,
            ),
        }
    }
    if bound("LanguageMode") {
        let mode = language_mode.unwrap_or(if session_type == "Default" {
            "FullLanguage"
        } else {
            "NoLanguage"
        });
        t.fragment(
            "LanguageMode",
            "Language mode to apply when applied to a session. Can be 'NoLanguage' (recommended), 'RestrictedLanguage', 'ConstrainedLanguage', or 'FullLanguage'",
            &quote(mode),
            false,
        );
    }
    if bound("ExecutionPolicy") {
        t.fragment(
            "ExecutionPolicy",
            "Execution policy to apply when applied to a session",
            &quote(execution_policy.unwrap_or("Restricted")),
            false,
        );
    }
    if bound("PowerShellVersion") {
        let given = args.get("PowerShellVersion").map(to_str);
        let (major, minor, patch) = rosh_runtime::automatic::PS_VERSION;
        t.fragment(
            "PowerShellVersion",
            "Version of the Windows PowerShell engine to use  when applied to a session",
            &quote(
                &given
                    .clone()
                    .unwrap_or_else(|| format!("{major}.{minor}.{patch}")),
            ),
            given.is_none(),
        );
    }
    modules(&mut t, args, full)?;
    for (key, description, example) in VISIBLE_KEYS {
        // Cmdlets and functions show an example with `-Full`; the others only when given.
        let always = match key {
            "VisibleCmdlets" | "VisibleFunctions" => full,
            _ if bound(key) => true,
            _ => continue,
        };
        visible(&mut t, args, key, description, example, always)?;
    }
    definitions_keys(&mut t, args, full, path)?;
    Ok(t.finish())
}

/// The Visible* keys in the order PowerShell writes them: key, comment, example.
const VISIBLE_KEYS: [(&str, &str, &str); 5] = [
    (
        "VisibleAliases",
        "Aliases to make visible when applied to a session",
        VISIBLE_EXAMPLE,
    ),
    (
        "VisibleCmdlets",
        "Cmdlets to make visible when applied to a session",
        CMDLETS_EXAMPLE,
    ),
    (
        "VisibleFunctions",
        "Functions to make visible when applied to a session",
        FUNCTIONS_EXAMPLE,
    ),
    (
        "VisibleExternalCommands",
        "External commands (scripts and applications) to make visible when applied to a session",
        VISIBLE_EXAMPLE,
    ),
    (
        "VisibleProviders",
        "Providers to make visible when applied to a session",
        VISIBLE_EXAMPLE,
    ),
];

/// `ModulesToImport`: given, an example with `-Full` (`always`), or nothing.
/// The `ScriptsToProcess` key, commented out with an example when none are given.
fn scripts_to_process(t: &mut ConfigText, args: &BoundArgs) {
    let scripts = strings(args, "ScriptsToProcess");
    t.fragment(
        "ScriptsToProcess",
        "Scripts to run when applied to a session",
        &if scripts.is_empty() {
            SCRIPTS_EXAMPLE.to_string()
        } else {
            string_list(&scripts)
        },
        scripts.is_empty(),
    );
}

fn modules(t: &mut ConfigText, args: &BoundArgs, always: bool) -> Result<(), GenerateError> {
    visible(
        t,
        args,
        "ModulesToImport",
        "Modules to import when applied to a session",
        MODULES_EXAMPLE,
        always,
    )
}

/// A role capability file's text from New-PSRoleCapabilityFile's arguments.
pub fn role_capability(args: &BoundArgs, path: &str) -> Result<String, GenerateError> {
    let mut t = ConfigText::new();
    metadata(&mut t, args, true, true);
    modules(&mut t, args, true)?;
    for (key, description, example) in VISIBLE_KEYS {
        visible(&mut t, args, key, description, example, true)?;
    }
    scripts_to_process(&mut t, args);
    definitions_keys(&mut t, args, true, path)?;
    Ok(t.finish())
}
