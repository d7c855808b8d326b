//! The `help` function: Get-Help under a short name, as PowerShell defines it. pwsh's pages
//! its output through a pager; rosh's writes it out whole. Its help forwards to Get-Help's.

use rosh_lang::ast::StatementKind;
use rosh_runtime::Runspace;
use rosh_runtime::interp::scope::{FunctionInfo, Target};
use std::sync::Arc;

/// The function's source.
const SOURCE: &str = r#"function help {
    <#
    .FORWARDHELPTARGETNAME Get-Help
    .FORWARDHELPCATEGORY Cmdlet
    #>
    [CmdletBinding(DefaultParameterSetName = 'AllUsersView')]
    param(
        [Parameter(Position = 0)]
        [string]$Name,
        [string[]]$Category,
        [string[]]$Component,
        [string[]]$Functionality,
        [string[]]$Role,
        [Parameter(ParameterSetName = 'AllUsersView')]
        [switch]$Full,
        [Parameter(ParameterSetName = 'DetailedView', Mandatory = $true)]
        [switch]$Detailed,
        [Parameter(ParameterSetName = 'Examples', Mandatory = $true)]
        [switch]$Examples,
        [Parameter(ParameterSetName = 'Parameters', Mandatory = $true)]
        [string[]]$Parameter,
        [Parameter(ParameterSetName = 'Online', Mandatory = $true)]
        [switch]$Online
    )
    Get-Help @PSBoundParameters
}
"#;

/// Define `help` in the runspace's global scope.
pub fn define(rs: &mut Runspace) {
    let out = rosh_lang::parse(SOURCE);
    for s in out.script.body.statements() {
        if let StatementKind::Function(f) = s.kind.as_ref() {
            rs.scopes.set_function(
                Target::Global,
                "help",
                // rosh's own code: trusted, as PowerShell's built-in functions are.
                FunctionInfo {
                    def: Arc::new((**f).clone()),
                    language_mode: rosh_runtime::language_mode::LanguageMode::FullLanguage,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_source_parses_cleanly() {
        assert!(rosh_lang::parse(super::SOURCE).errors.is_empty());
    }
}
