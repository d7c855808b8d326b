//! What Get-Command, Get-Alias and the alias commands share: the command-info objects they
//! emit (`AliasInfo`, `CmdletInfo`, `FunctionInfo`, `ApplicationInfo`) and the rules for
//! finding commands by name.

use rosh_runtime::interp::visibility::CommandKind;
use rosh_runtime::value::PsObject;
use rosh_runtime::{Runspace, Value};
use std::path::Path;

/// The module PowerShell ships a cmdlet in, and that module's version.
pub fn cmdlet_module(name: &str) -> (&'static str, &'static str) {
    const CORE: &[&str] = &[
        "ForEach-Object",
        "Where-Object",
        "Out-Default",
        "Out-Null",
        "Out-Host",
        "Get-Command",
        "Get-Help",
        "Get-Module",
        "Import-Module",
        "Invoke-Command",
        "New-PSSession",
        "Get-PSSession",
        "Remove-PSSession",
        "Enter-PSSession",
        "Exit-PSSession",
        "Start-Job",
        "Stop-Job",
        "Get-Job",
        "Receive-Job",
        "Wait-Job",
        "Remove-Job",
        "Set-StrictMode",
        "Get-History",
        "New-PSSessionConfigurationFile",
        "Test-PSSessionConfigurationFile",
        "New-PSRoleCapabilityFile",
        "Register-PSSessionConfiguration",
        "Get-PSSessionConfiguration",
        "Set-PSSessionConfiguration",
        "Unregister-PSSessionConfiguration",
        "Enable-PSSessionConfiguration",
        "Disable-PSSessionConfiguration",
        "Enable-PSRemoting",
    ];
    const MANAGEMENT: &[&str] = &[
        "Add-Content",
        "Get-Content",
        "Set-Content",
        "Clear-Content",
        "Join-Path",
        "Split-Path",
        "Test-Path",
        "Resolve-Path",
        "Convert-Path",
        "Get-ChildItem",
        "Get-Item",
        "New-Item",
        "Remove-Item",
        "Copy-Item",
        "Move-Item",
        "Rename-Item",
        "Get-ItemProperty",
        "Set-Location",
        "Get-Location",
        "Push-Location",
        "Pop-Location",
        "Get-Process",
        "Stop-Process",
        "Start-Process",
    ];
    const SECURITY: &[&str] = &[
        "Get-Credential",
        "ConvertTo-SecureString",
        "ConvertFrom-SecureString",
    ];
    if CORE.iter().any(|c| c.eq_ignore_ascii_case(name)) {
        ("Microsoft.PowerShell.Core", "7.4.0")
    } else if SECURITY.iter().any(|c| c.eq_ignore_ascii_case(name)) {
        ("Microsoft.PowerShell.Security", "7.0.0.0")
    } else if MANAGEMENT.iter().any(|c| c.eq_ignore_ascii_case(name)) {
        ("Microsoft.PowerShell.Management", "7.0.0.0")
    } else {
        ("Microsoft.PowerShell.Utility", "7.0.0.0")
    }
}

fn info(kind: &str, type_name: &str) -> PsObject {
    let o = PsObject::with_type_names(vec![
        format!("System.Management.Automation.{type_name}"),
        "System.Management.Automation.CommandInfo".into(),
        "System.Object".into(),
    ]);
    o.set("CommandType", Value::from(kind));
    o
}

/// An alias as Get-Alias and Get-Command show it (`gal -> Get-Alias`).
pub fn alias_info(name: &str, target: &str) -> Value {
    let o = info("Alias", "AliasInfo");
    o.set("Name", Value::from(name));
    o.set("DisplayName", Value::from(format!("{name} -> {target}")));
    o.set("Definition", Value::from(target));
    o.set("ReferencedCommand", Value::from(target));
    o.set("ResolvedCommandName", Value::from(target));
    o.set("Version", Value::str(""));
    o.set("Source", Value::str(""));
    o.set("ModuleName", Value::str(""));
    o.set("Options", Value::str("None"));
    o.set_to_string(name.to_string());
    Value::Object(o)
}

/// A built-in command; `definition` is its syntax, as a cmdlet's `Definition` gives it.
pub fn cmdlet_info(name: &str, definition: &str) -> Value {
    let (module, version) = cmdlet_module(name);
    let o = info("Cmdlet", "CmdletInfo");
    o.set("Name", Value::from(name));
    o.set("Version", Value::from(version));
    o.set("Source", Value::from(module));
    o.set("ModuleName", Value::from(module));
    o.set("Definition", Value::from(definition));
    o.set(
        "Noun",
        Value::from(name.split_once('-').map_or("", |(_, n)| n)),
    );
    o.set(
        "Verb",
        Value::from(name.split_once('-').map_or("", |(v, _)| v)),
    );
    o.set_to_string(name.to_string());
    Value::Object(o)
}

/// A function defined by the script.
pub fn function_info(name: &str, definition: &str) -> Value {
    let o = info("Function", "FunctionInfo");
    o.set("Name", Value::from(name));
    o.set("Version", Value::str(""));
    o.set("Source", Value::str(""));
    o.set("ModuleName", Value::str(""));
    o.set("Definition", Value::from(definition));
    o.set_to_string(name.to_string());
    Value::Object(o)
}

/// A program on `PATH`.
pub fn application_info(path: &Path) -> Value {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let full = path.to_string_lossy().into_owned();
    let o = info("Application", "ApplicationInfo");
    o.set("Name", Value::from(name.clone()));
    o.set("Version", Value::str("0.0.0.0"));
    o.set("Source", Value::from(full.clone()));
    o.set("Definition", Value::from(full.clone()));
    o.set("Path", Value::from(full));
    o.set(
        "Extension",
        Value::from(
            path.extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default(),
        ),
    );
    o.set_to_string(name);
    Value::Object(o)
}

/// The name of a function as the script wrote it, without a scope qualifier.
pub fn bare_function_name(name: &str) -> &str {
    match name.split_once(':') {
        Some((q, rest))
            if ["global", "script", "local", "private"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(q)) =>
        {
            rest
        }
        _ => name,
    }
}

/// Executable files on `PATH` whose names match a wildcard pattern, first directory first.
pub fn applications_matching(
    rs: &Runspace,
    matches: impl Fn(&str) -> bool,
) -> Vec<std::path::PathBuf> {
    let Some(path) = rs.env("PATH") else {
        return vec![];
    };
    let mut out: Vec<std::path::PathBuf> = Vec::new();
    for dir in path.split(':').filter(|d| !d.is_empty()) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<std::path::PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| matches(&n.to_string_lossy()))
                    && is_executable(p)
                    && rs.command_visible(CommandKind::Application, &p.to_string_lossy())
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    out
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
