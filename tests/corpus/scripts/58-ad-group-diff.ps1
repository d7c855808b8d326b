#Requires -Modules ActiveDirectory
<#
.SYNOPSIS
    Snapshots membership of privileged AD groups and reports what changed
    since the previous snapshot.
.DESCRIPTION
    Snapshots are stored as Clixml, one per run. The diff lists additions and
    removals per group, and anything added outside a change window is flagged.
#>
[CmdletBinding()]
param(
    [string[]]$Group = @(
        'Domain Admins'
        'Enterprise Admins'
        'Schema Admins'
        'Administrators'
        'Account Operators'
        'Backup Operators'
        'Server Admins'
    ),
    [string]$SnapshotDir = 'C:\ProgramData\GroupWatch',
    [int]$Keep = 60,
    [string[]]$ChangeWindowDays = @('Tuesday', 'Wednesday')
)

$now = Get-Date
if (-not (Test-Path -Path $SnapshotDir)) {
    New-Item -Path $SnapshotDir -ItemType Directory | Out-Null
}

$snapshot = @{}
foreach ($g in $Group) {
    try {
        $snapshot[$g] = @(Get-ADGroupMember -Identity $g -Recursive -ErrorAction Stop |
            ForEach-Object { $_.SamAccountName } |
            Sort-Object -Unique)
    }
    catch [Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException] {
        Write-Warning "Group not found: $g"
    }
}

$file = Join-Path $SnapshotDir ('groups-{0:yyyyMMdd-HHmmss}.clixml' -f $now)
$snapshot | Export-Clixml -Path $file

$previousFile = Get-ChildItem -Path $SnapshotDir -Filter 'groups-*.clixml' |
    Where-Object FullName -ne $file |
    Sort-Object LastWriteTime -Descending |
    Select-Object -First 1

if (-not $previousFile) {
    Write-Host 'First snapshot taken; nothing to compare yet.'
    return
}

$previous = Import-Clixml -Path $previousFile.FullName
$inWindow = $now.DayOfWeek.ToString() -in $ChangeWindowDays

$changes = foreach ($g in (@($snapshot.Keys) + @($previous.Keys) | Sort-Object -Unique)) {
    $old = @($previous[$g])
    $new = @($snapshot[$g])
    $diff = Compare-Object -ReferenceObject $old -DifferenceObject $new -ErrorAction SilentlyContinue
    foreach ($d in $diff) {
        [pscustomobject]@{
            Group   = $g
            Member  = $d.InputObject
            Change  = if ($d.SideIndicator -eq '=>') { 'Added' } else { 'Removed' }
            Flagged = ($d.SideIndicator -eq '=>') -and -not $inWindow
        }
    }
}

# keep the snapshot folder bounded
Get-ChildItem -Path $SnapshotDir -Filter 'groups-*.clixml' |
    Sort-Object LastWriteTime -Descending |
    Select-Object -Skip $Keep |
    Remove-Item -Force

if (-not $changes) {
    "No privileged group changes since $($previousFile.LastWriteTime)."
    return
}

$changes | Sort-Object Group, Change, Member | Format-Table -AutoSize

$flagged = @($changes).Where({ $_.Flagged })
if ($flagged.Count -gt 0) {
    $lines = $flagged.ForEach({ "  + $($_.Member) -> $($_.Group)" })
    $text = @"
Privileged group membership changed OUTSIDE the change window.

$($lines -join "`n")

Previous snapshot: $($previousFile.Name)
Current snapshot:  $(Split-Path $file -Leaf)
"@
    Write-Warning $text
    Write-EventLog -LogName Application -Source 'GroupWatch' -EventId 4100 -EntryType Warning -Message $text -ErrorAction SilentlyContinue
    exit 3
}
