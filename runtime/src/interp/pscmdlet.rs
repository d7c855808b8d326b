//! `$PSCmdlet` in an advanced function: the parameter set in use, `$MyInvocation`, and the
//! methods scripts call on it (`ShouldProcess`, `WriteObject`, `WriteError`,
//! `ThrowTerminatingError`, `WriteVerbose`, ...), written as script methods over the
//! commands that do the same work.

use crate::value::{PsObject, ScriptBlockValue, ScriptMember, Value};
use std::sync::{Arc, OnceLock};

/// The methods, as `(name, script)`. `ShouldProcess` honours `-WhatIf` (`$WhatIfPreference`)
/// with PowerShell's "What if:" message and otherwise allows the operation.
const METHODS: &[(&str, &str)] = &[
    (
        "ShouldProcess",
        r#"
        if (-not $WhatIfPreference) { return $true }
        $text = switch ($args.Count) {
            1 { "Performing the operation `"$($this.MyInvocation.MyCommand.Name)`" on target `"$($args[0])`"." }
            2 { "Performing the operation `"$($args[1])`" on target `"$($args[0])`"." }
            default { "$($args[0])" }
        }
        Write-Host "What if: $text"
        $false
        "#,
    ),
    ("ShouldContinue", "$true"),
    ("WriteObject", "param($InputObject) $InputObject"),
    (
        "WriteError",
        "param($ErrorRecord) Write-Error -ErrorRecord $ErrorRecord",
    ),
    (
        "ThrowTerminatingError",
        "param($ErrorRecord) throw $ErrorRecord",
    ),
    (
        "WriteVerbose",
        "param($Message) Write-Verbose -Message $Message",
    ),
    (
        "WriteDebug",
        "param($Message) Write-Debug -Message $Message",
    ),
    (
        "WriteWarning",
        "param($Message) Write-Warning -Message $Message",
    ),
    (
        "WriteInformation",
        "param($MessageData, $Tags) Write-Information -MessageData $MessageData",
    ),
];

/// The parsed method bodies, shared by every `$PSCmdlet`.
fn methods() -> &'static [(&'static str, Value)] {
    static PARSED: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        METHODS
            .iter()
            .map(|(name, text)| {
                let parsed = rosh_lang::parse(text);
                (
                    *name,
                    Value::ScriptBlock(ScriptBlockValue::trusted(Arc::new(parsed.script))),
                )
            })
            .collect()
    })
}

/// A `$PSCmdlet` for a call of an advanced function.
pub(crate) fn pscmdlet(parameter_set: &str, invocation: Value) -> Value {
    let o = PsObject::with_type_names(vec![
        "System.Management.Automation.PSScriptCmdlet".into(),
        "System.Management.Automation.PSCmdlet".into(),
        "System.Management.Automation.Cmdlet".into(),
        "System.Object".into(),
    ]);
    o.set("ParameterSetName", Value::str(parameter_set));
    o.set("MyInvocation", invocation);
    for (name, body) in methods() {
        o.set_member(name, ScriptMember::Method(body.clone()));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    #[test]
    fn method_bodies_parse() {
        for (name, text) in super::METHODS {
            let parsed = rosh_lang::parse(text);
            assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
        }
    }
}
