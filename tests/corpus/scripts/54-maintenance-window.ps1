<#
.SYNOPSIS
    Decides whether "now" falls in a server's maintenance window and, if it
    does, runs the queued maintenance actions for it.
.DESCRIPTION
    Windows are defined per server group with days-of-week flags, a start
    time and a duration. Actions are flags too, so a group can opt in to a
    subset (patch, reboot, defrag, cleanup).
#>

[Flags()]
enum WeekDays {
    None      = 0
    Sunday    = 1
    Monday    = 2
    Tuesday   = 4
    Wednesday = 8
    Thursday  = 16
    Friday    = 32
    Saturday  = 64
    Weekend   = 65
}

[Flags()]
enum MaintenanceAction {
    None    = 0x0
    Patch   = 0x1
    Reboot  = 0x2
    Defrag  = 0x4
    Cleanup = 0x8
    All     = 0xF
}

$windows = @{
    'web'  = @{ Days = [WeekDays]'Tuesday, Thursday'; Start = '02:00'; Hours = 2.5d; Actions = [MaintenanceAction]'Patch, Reboot' }
    'sql'  = @{ Days = [WeekDays]::Sunday;           Start = '01:00'; Hours = 4;    Actions = [MaintenanceAction]::All }
    'file' = @{ Days = [WeekDays]::Weekend;          Start = '22:00'; Hours = 6;    Actions = [MaintenanceAction]'Cleanup, Defrag' }
}

function Test-InWindow {
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)][hashtable]$Window,
        [datetime]$At = (Get-Date)
    )
    # A window that starts late on one day can run past midnight, so check
    # both today's start and yesterday's start.
    foreach ($offset in 0, -1) {
        $day = $At.Date.AddDays($offset)
        $flag = [WeekDays](1 -shl [int]$day.DayOfWeek)
        if (-not ($Window.Days -band $flag)) { continue }

        $start = $day + [timespan]::Parse($Window.Start)
        $end = $start.AddHours($Window.Hours)
        if ($At -ge $start -and $At -lt $end) { return $true }
    }
    return $false
}

$group = ($env:COMPUTERNAME -replace '\d+$', '').ToLower() -replace '^.*-', ''
$w = $windows[$group]
if (-not $w) {
    Write-Verbose "No maintenance window defined for group '$group'"
    return
}

if (-not (Test-InWindow -Window $w)) {
    "Outside maintenance window for '$group' ($($w.Days) $($w.Start) +$($w.Hours)h)."
    return
}

$actions = $w.Actions
$log = "C:\ProgramData\Maintenance\$(Get-Date -Format yyyyMMdd).log"
Start-Transcript -Path $log -Append | Out-Null

if ($actions.HasFlag([MaintenanceAction]::Cleanup)) {
    Get-ChildItem "$env:SystemRoot\Temp" -Recurse -File -ErrorAction SilentlyContinue |
        Where-Object LastWriteTime -lt (Get-Date).AddDays(-7) |
        Remove-Item -Force -ErrorAction SilentlyContinue
    Clear-RecycleBin -Force -ErrorAction SilentlyContinue
}

if ($actions -band [MaintenanceAction]::Defrag) {
    Get-Volume | Where-Object { $_.DriveType -eq 'Fixed' -and $_.DriveLetter } | ForEach-Object {
        Optimize-Volume -DriveLetter $_.DriveLetter -Verbose 4>&1 | ForEach-Object { "defrag: $_" }
    }
}

$needReboot = $false
if ($actions -band [MaintenanceAction]::Patch) {
    $session = New-Object -ComObject Microsoft.Update.Session
    $searcher = $session.CreateUpdateSearcher()
    $pending = $searcher.Search("IsInstalled=0 and Type='Software'").Updates
    "Found $($pending.Count) pending update(s)"
    if ($pending.Count -gt 0) {
        $installer = $session.CreateUpdateInstaller()
        $installer.Updates = $pending
        $result = $installer.Install()
        "Install result code: $($result.ResultCode)"
        $needReboot = $result.RebootRequired
    }
}

if ($needReboot -and ($actions -band [MaintenanceAction]::Reboot)) {
    $remaining = (Get-Date).Date + [timespan]::Parse($w.Start) + [timespan]::FromHours($w.Hours) - (Get-Date)
    if ($remaining.TotalMinutes -gt 15) {
        'Rebooting in 60 seconds'
        Stop-Transcript | Out-Null
        shutdown.exe /r /t 60 /c "Scheduled maintenance" /d p:2:17
        return
    }
    Write-Warning 'Reboot needed but not enough window left; deferring.'
}

Stop-Transcript | Out-Null
