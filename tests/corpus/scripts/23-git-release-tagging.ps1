<#
.SYNOPSIS
    Cuts a release: bumps the version file, writes a changelog section from
    conventional commits, tags, and pushes.
.EXAMPLE
    ./23-git-release-tagging.ps1 -Bump minor -DryRun
#>
[CmdletBinding()]
param(
    [ValidateSet('major', 'minor', 'patch')]
    [string]$Bump = 'patch',
    [string]$VersionFile = 'VERSION',
    [string]$Remote = 'origin',
    [switch]$DryRun
)

$ErrorActionPreference = 'Stop'

function Invoke-Git {
    # Thin wrapper so every git call is logged and checked.
    $display = "git $($args -join ' ')"
    Write-Verbose $display
    $out = & git @args 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "$display failed: $out"
    }
    $out
}

$dirty = Invoke-Git status --porcelain
if ($dirty) {
    throw "Working tree is not clean:`n$($dirty -join "`n")"
}

$branch = (Invoke-Git rev-parse --abbrev-ref HEAD).Trim()
if ($branch -notin 'main', 'master') {
    Write-Warning "Releasing from branch '$branch'"
}

$current = [version](Get-Content $VersionFile -TotalCount 1).Trim()
$next = switch ($Bump) {
    'major' { [version]::new($current.Major + 1, 0, 0) }
    'minor' { [version]::new($current.Major, $current.Minor + 1, 0) }
    'patch' { [version]::new($current.Major, $current.Minor, $current.Build + 1) }
}

$lastTag = git describe --tags --abbrev=0 2>$null
$range = $lastTag ? "$lastTag..HEAD" : 'HEAD'
$log = Invoke-Git log $range --pretty=format:'%s|%h'

$sections = [ordered]@{ feat = @(); fix = @(); perf = @(); other = @() }
foreach ($line in $log) {
    $subject, $hash = $line -split '\|', 2
    if ($subject -match '^(?<type>feat|fix|perf)(\((?<scope>[^)]+)\))?!?:\s*(?<msg>.+)$') {
        $scope = $Matches.scope ? "**$($Matches.scope)**: " : ''
        $sections[$Matches.type] += "- $scope$($Matches.msg) ($hash)"
    }
    elseif ($subject -notmatch '^(chore|docs|ci|test)') {
        $sections.other += "- $subject ($hash)"
    }
}

$titles = @{ feat = 'Features'; fix = 'Bug fixes'; perf = 'Performance'; other = 'Other' }
$body = foreach ($k in $sections.Keys) {
    if ($sections[$k].Count -eq 0) { continue }
    "### $($titles[$k])"
    $sections[$k]
    ''
}

$entry = @"
## v$next - $(Get-Date -Format 'yyyy-MM-dd')

$($body -join "`n")
"@

if ($DryRun) {
    Write-Host "Would release v$next (from v$current, range $range)" -ForegroundColor Cyan
    $entry
    return
}

Set-Content -Path $VersionFile -Value "$next"
$existing = (Test-Path CHANGELOG.md) ? (Get-Content CHANGELOG.md -Raw) : ''
Set-Content -Path CHANGELOG.md -Value ($entry + "`n" + $existing)

Invoke-Git add $VersionFile CHANGELOG.md
Invoke-Git commit -m "chore(release): v$next"
Invoke-Git tag -a "v$next" -m "Release v$next"
git push $Remote $branch --follow-tags && Write-Host "Pushed v$next to $Remote" -ForegroundColor Green
