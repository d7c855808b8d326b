<#
.SYNOPSIS
Deep-merges environment overrides into a base appsettings.json.
.EXAMPLE
./11-json-config-merge.ps1 -Base appsettings.json -Override appsettings.Production.json -Out final.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateScript({ Test-Path $_ })][string]$Base,
    [Parameter(Mandatory)][ValidateScript({ Test-Path $_ })][string[]]$Override,
    [string]$Out = 'appsettings.merged.json',
    [switch]$ShowDiff
)

Set-StrictMode -Version 3.0

function Merge-Hashtable {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][System.Collections.IDictionary]$Target,
        [Parameter(Mandatory)][System.Collections.IDictionary]$Source,
        [string]$Path = ''
    )

    foreach ($key in @($Source.Keys)) {
        $here = if ($Path) { "$Path.$key" } else { "$key" }
        $incoming = $Source[$key]

        if ($Target.Contains($key) -and
            $Target[$key] -is [System.Collections.IDictionary] -and
            $incoming -is [System.Collections.IDictionary]) {
            Merge-Hashtable -Target $Target[$key] -Source $incoming -Path $here
        }
        else {
            if ($Target.Contains($key) -and "$($Target[$key])" -ne "$incoming") {
                Write-Verbose "override $here"
                $script:changes += [pscustomobject]@{ Key = $here; Old = $Target[$key]; New = $incoming }
            }
            $Target[$key] = $incoming
        }
    }
}

$script:changes = @()
$config = Get-Content -LiteralPath $Base -Raw | ConvertFrom-Json -AsHashtable

foreach ($file in $Override) {
    Write-Verbose "Applying $file"
    $layer = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json -AsHashtable
    Merge-Hashtable -Target $config -Source $layer
}

# Environment variables win over files: MYAPP__Section__Key=value
Get-ChildItem env: | Where-Object Name -like 'MYAPP__*' | ForEach-Object {
    $parts = $_.Name.Substring(7) -split '__'
    $node = $config
    for ($i = 0; $i -lt $parts.Length - 1; $i++) {
        $node[$parts[$i]] ??= @{}
        $node = $node[$parts[$i]]
    }
    $leaf = $parts[-1]
    $value = $_.Value
    $typed = switch -Regex ($value) {
        '^(true|false)$' { [bool]::Parse($value) }
        '^-?\d+$'        { [int]$value }
        '^-?\d+\.\d+$'   { [double]$value }
        default          { $value }
    }
    $node[$leaf] = $typed
}

$json = $config | ConvertTo-Json -Depth 20
[System.IO.File]::WriteAllText((Resolve-Path -Path . | Join-Path -ChildPath $Out), $json)

if ($ShowDiff -and $script:changes) {
    $script:changes | Format-Table Key, Old, New -Wrap
}

Write-Information "Wrote $Out with $(@($script:changes).Count) overridden value(s)" -InformationAction Continue
