#requires -Version 7.2
# Verifies that the modules listed in a requirements file are installed at the
# pinned versions on the build agents, and installs what is missing.

[CmdletBinding()]
param(
    [string]$Requirements = './requirements.psd1',
    [string[]]$Agent = @('build01', 'build02', 'build03'),
    [ValidateSet('CurrentUser', 'AllUsers')]
    [string]$Scope = 'AllUsers',
    [switch]$Install
)

# requirements.psd1 looks like:
# @{ Pester = '5.5.0'; PSScriptAnalyzer = '1.22.0'; 'Az.Accounts' = '2.15.1' }
$wanted = Import-PowerShellDataFile -Path $Requirements

$check = {
    param([hashtable]$Wanted, [bool]$DoInstall, [string]$Scope)

    $out = foreach ($name in $Wanted.Keys) {
        $pin = [version]$Wanted[$name]
        $have = Get-Module -ListAvailable -Name $name | Sort-Object Version -Descending
        $exact = $have | Where-Object Version -eq $pin
        $state = if ($exact) { 'ok' } elseif ($have) { 'wrong-version' } else { 'missing' }

        if ($state -ne 'ok' -and $DoInstall) {
            try {
                Install-Module -Name $name -RequiredVersion $pin -Scope $Scope -Force -AllowClobber -ErrorAction Stop -WarningAction SilentlyContinue
                $state = 'installed'
            } catch {
                $state = "install-failed: $($_.Exception.Message)"
            }
        }

        [pscustomobject]@{
            Module    = $name
            Wanted    = "$pin"
            Installed = ($have.Version | ForEach-Object ToString) -join ','
            State     = $state
        }
    }
    $out
}

$sessions = New-PSSession -ComputerName $Agent -ErrorAction SilentlyContinue
$unreached = $Agent | Where-Object { $_ -notin $sessions.ComputerName }

$results = if ($sessions) {
    Invoke-Command -Session $sessions -ScriptBlock $check -ArgumentList $wanted, $Install.IsPresent, $Scope
}
$sessions | Remove-PSSession -ErrorAction SilentlyContinue

# Local check too, in a background job so a broken module cannot kill this host process
$local = Start-Job -ScriptBlock $check -ArgumentList $wanted, $false, 'CurrentUser' | Receive-Job -Wait -AutoRemoveJob

$table = @($results) + @($local | Add-Member -NotePropertyName PSComputerName -NotePropertyValue 'localhost' -PassThru -Force)

$table |
    Sort-Object PSComputerName, Module |
    Format-Table @{ Label = 'Host'; Expression = { $_.PSComputerName } }, Module, Wanted, Installed, State -AutoSize

$matrix = $table | Group-Object Module | ForEach-Object {
    $row = [ordered]@{ Module = $_.Name }
    foreach ($entry in $_.Group) {
        $row[$entry.PSComputerName] = switch -Wildcard ($entry.State) {
            'ok'        { 'Y' }
            'installed' { '+' }
            'missing'   { '-' }
            'wrong*'    { '~' }
            default     { '!' }
        }
    }
    [pscustomobject]$row
}
$matrix | Format-Table -AutoSize

if ($unreached) {
    Write-Warning "Could not reach: $($unreached -join ', ')"
}

$bad = $table | Where-Object State -notin 'ok', 'installed'
if ($bad) {
    Write-Host "$(@($bad).Count) problem(s) found" -ForegroundColor Red
    exit 1
}
Write-Host 'All agents match requirements.' -ForegroundColor Green
