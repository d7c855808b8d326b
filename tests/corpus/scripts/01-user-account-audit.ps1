#requires -Version 7.4
<#
.SYNOPSIS
    Audits local user accounts across a set of servers.
.DESCRIPTION
    Connects to each server with Invoke-Command, collects local accounts,
    flags anything that has not logged on within the threshold and writes
    a CSV plus a short summary to the console.
.PARAMETER ComputerName
    One or more servers to audit.
.PARAMETER InactiveDays
    Accounts idle longer than this are flagged.
.EXAMPLE
    ./01-user-account-audit.ps1 -ComputerName app01,app02 -InactiveDays 60
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, Position = 0)]
    [Alias('cn', 'Server')]
    [string[]]$ComputerName,

    [ValidateRange(1, 3650)]
    [int]$InactiveDays = 90,

    [pscredential]$Credential,

    [string]$OutputPath = (Join-Path $PSScriptRoot 'user-audit.csv')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$icmParams = @{
    ComputerName = $ComputerName
    ErrorAction  = 'SilentlyContinue'
    ErrorVariable = 'remoteErrors'
}
if ($PSBoundParameters.ContainsKey('Credential')) {
    $icmParams['Credential'] = $Credential
}

Write-Verbose "Auditing $($ComputerName.Count) server(s), threshold ${InactiveDays} days"

$results = Invoke-Command @icmParams -ScriptBlock {
    $cutoff = (Get-Date).AddDays(-$using:InactiveDays)
    Get-LocalUser | ForEach-Object {
        [pscustomobject]@{
            Account   = $_.Name
            Enabled   = $_.Enabled
            LastLogon = $_.LastLogon
            Stale     = ($null -eq $_.LastLogon) -or ($_.LastLogon -lt $cutoff)
            PwdNeverExpires = -not $_.PasswordExpires
        }
    }
}

foreach ($err in $remoteErrors) {
    Write-Warning ("Could not reach {0}: {1}" -f $err.TargetObject, $err.Exception.Message)
}

$report = $results |
    Select-Object @{Name = 'Server'; Expression = { $_.PSComputerName } },
        Account, Enabled,
        @{Name = 'LastLogon'; Expression = { if ($_.LastLogon) { $_.LastLogon.ToString('yyyy-MM-dd') } else { 'never' } } },
        Stale, PwdNeverExpires |
    Sort-Object Server, Account

$report | Export-Csv -Path $OutputPath -NoTypeInformation -Encoding utf8

$summary = $report | Group-Object Server | ForEach-Object {
    $stale = ($_.Group | Where-Object Stale).Count
    [pscustomobject]@{
        Server = $_.Name
        Total  = $_.Count
        Stale  = $stale
        Ratio  = '{0:P0}' -f ($stale / [math]::Max($_.Count, 1))
    }
}

$summary | Format-Table -AutoSize

$flagged = $report.Where({ $_.Enabled -and $_.Stale })
if ($flagged.Count -gt 0) {
    Write-Warning "$($flagged.Count) enabled account(s) look stale; see $OutputPath"
    $flagged | ForEach-Object { Write-Verbose "  $($_.Server)\$($_.Account) last seen $($_.LastLogon)" }
}
else {
    Write-Host 'No stale enabled accounts found.' -ForegroundColor Green
}

$neverExpire = $report | Where-Object { $_.PwdNeverExpires -and $_.Enabled } | Measure-Object
Write-Host ("Accounts with non-expiring passwords: {0}" -f $neverExpire.Count)

return $summary
