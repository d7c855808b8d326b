<#
.SYNOPSIS
    Pulls recent critical and error events from several servers and groups
    them by provider and id so the noisy ones stand out.
#>
param(
    [string[]]$ComputerName = $env:COMPUTERNAME,
    [ValidateRange(1, 168)][int]$Hours = 24,
    [string[]]$LogName = @('System', 'Application'),
    [int]$Top = 15
)

$filter = @{
    LogName   = $LogName
    Level     = 1, 2
    StartTime = (Get-Date).AddHours(-$Hours)
}

$events = foreach ($cn in $ComputerName) {
    try {
        Get-WinEvent -ComputerName $cn -FilterHashtable $filter -ErrorAction Stop |
            Select-Object @{ n = 'Computer'; e = { $cn } }, TimeCreated, Id, ProviderName, LevelDisplayName,
                @{ n = 'Message'; e = { ($_.Message -split "`r?`n")[0] } }
    }
    catch [System.Diagnostics.Eventing.Reader.EventLogException] {
        Write-Warning "${cn}: event log unavailable ($($_.Exception.Message))"
    }
    catch {
        if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') {
            Write-Verbose "${cn}: no matching events"
        } else {
            throw
        }
    }
}

if (-not $events) {
    Write-Host "No critical/error events in the last $Hours hour(s)." -ForegroundColor Green
    return
}

$grouped = $events |
    Group-Object ProviderName, Id |
    Sort-Object Count -Descending |
    Select-Object -First $Top @{ n = 'Count'; e = { $_.Count } },
        @{ n = 'Provider'; e = { $_.Group[0].ProviderName } },
        @{ n = 'Id'; e = { $_.Group[0].Id } },
        @{ n = 'Servers'; e = { ($_.Group.Computer | Sort-Object -Unique) -join ',' } },
        @{ n = 'Latest'; e = { ($_.Group | Measure-Object TimeCreated -Maximum).Maximum } },
        @{ n = 'Sample'; e = { $_.Group[0].Message.Substring(0, [math]::Min(80, $_.Group[0].Message.Length)) } }

$grouped | Format-Table -AutoSize -Wrap

# Known-signature classification
$classified = $events | ForEach-Object {
    $category = switch -Wildcard ($_.ProviderName) {
        'Microsoft-Windows-Kernel-*'  { 'Kernel' }
        'disk'                        { 'Storage' }
        'Ntfs'                        { 'Storage' }
        '*Service Control Manager*'   { 'Services' }
        'MSSQL*'                      { 'SQL' }
        default                       { 'Other' }
    }
    $_ | Add-Member -NotePropertyName Category -NotePropertyValue $category -PassThru
}

$classified | Group-Object Category -NoElement | Sort-Object Count -Descending | Format-Table

$byHour = $events |
    Group-Object { $_.TimeCreated.ToString('yyyy-MM-dd HH:00') } |
    Sort-Object Name
foreach ($h in $byHour) {
    $bar = '#' * [math]::Min($h.Count, 60)
    '{0}  {1,4}  {2}' -f $h.Name, $h.Count, $bar
}
