# Recycle IIS application pools whose private memory exceeds a limit.
# Intended to run every 15 minutes on each web node via scheduled task.

param(
    [long]$PrivateBytesLimit = 1.5gb,
    [string[]]$ExcludePool = @('DefaultAppPool'),
    [string]$EventSource = 'PoolWatch'
)

Import-Module WebAdministration -ErrorAction Stop

if (-not [System.Diagnostics.EventLog]::SourceExists($EventSource)) {
    New-EventLog -LogName Application -Source $EventSource
}

trap [System.Runtime.InteropServices.COMException] {
    Write-EventLog -LogName Application -Source $EventSource -EventId 9001 -EntryType Error `
        -Message "IIS configuration not reachable: $($_.Exception.Message)"
    continue
}

filter Select-OverLimit {
    if ($_.PrivateMB * 1mb -gt $PrivateBytesLimit) { $_ }
}

$workers = Get-CimInstance -Namespace root/WebAdministration -ClassName WorkerProcess -ErrorAction SilentlyContinue

$snapshot = foreach ($w in $workers) {
    $proc = Get-Process -Id $w.ProcessId -ErrorAction SilentlyContinue
    if (-not $proc) { continue }
    [pscustomobject]@{
        Pool      = $w.AppPoolName
        ProcessId = $w.ProcessId
        PrivateMB = [math]::Round($proc.PrivateMemorySize64 / 1mb)
        Threads   = $proc.Threads.Count
        Started   = $proc.StartTime
    }
}

$toRecycle = $snapshot |
    Where-Object { $_.Pool -notin $ExcludePool } |
    Select-OverLimit

foreach ($item in $toRecycle) {
    $uptime = New-TimeSpan -Start $item.Started -End (Get-Date)
    $msg = @"
Recycling application pool '$($item.Pool)'
  PID:         $($item.ProcessId)
  Private MB:  $($item.PrivateMB) (limit $([math]::Round($PrivateBytesLimit / 1mb)))
  Threads:     $($item.Threads)
  Uptime:      $('{0:d\.hh\:mm}' -f $uptime)
"@
    Write-Verbose $msg
    Restart-WebAppPool -Name $item.Pool
    Write-EventLog -LogName Application -Source $EventSource -EventId 1001 -EntryType Warning -Message $msg
}

# Also make sure nothing is left stopped
$stopped = Get-ChildItem IIS:\AppPools | Where-Object { $_.State -eq 'Stopped' -and $_.Name -notin $ExcludePool }
foreach ($pool in $stopped) {
    Start-WebAppPool -Name $pool.Name
    Write-EventLog -LogName Application -Source $EventSource -EventId 1002 -EntryType Information `
        -Message "Started stopped pool $($pool.Name)"
}

$summary = [ordered]@{
    Checked   = @($snapshot).Count
    Recycled  = @($toRecycle).Count
    Restarted = @($stopped).Count
    At        = (Get-Date).ToString('s')
}
$summary | ConvertTo-Json -Compress | Out-File -FilePath 'C:\ProgramData\PoolWatch\last.json' -Force

if ($summary.Recycled -gt 3) {
    Write-Warning "High recycle count ($($summary.Recycled)); consider investigating leaks."
}
