<#
.SYNOPSIS
    Small runbook dispatcher: maps an alert name to a remediation script
    block, runs it against the affected host, and records the outcome.
.EXAMPLE
    ./63-runbook-dispatch.ps1 -Alert 'DiskFull' -Target fs02 -Parameters @{ Drive = 'E:' }
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateSet('DiskFull', 'ServiceDown', 'HighCpu', 'CertExpiring', 'QueueBacklog')]
    [string]$Alert,

    [Parameter(Mandatory, Position = 1)]
    [ValidateNotNullOrEmpty()]
    [string]$Target,

    [hashtable]$Parameters = @{},

    [string]$HistoryFile = (Join-Path $PSScriptRoot 'runbook-history.jsonl')
)

$runbooks = @{
    DiskFull = {
        param($Drive = 'C:')
        $before = (Get-PSDrive $Drive.TrimEnd(':')).Free
        Get-ChildItem "$Drive\Windows\Temp", "$Drive\Temp" -Recurse -File -ErrorAction SilentlyContinue |
            Where-Object LastWriteTime -lt (Get-Date).AddDays(-2) |
            Remove-Item -Force -ErrorAction SilentlyContinue
        Dism.exe /Online /Cleanup-Image /StartComponentCleanup *> $null
        $after = (Get-PSDrive $Drive.TrimEnd(':')).Free
        "freed $([math]::Round(($after - $before) / 1mb)) MB on $Drive"
    }
    ServiceDown = {
        param([Parameter(Mandatory)]$Name)
        $svc = Get-Service -Name $Name
        if ($svc.Status -ne 'Running') {
            Start-Service -InputObject $svc
            $svc.WaitForStatus('Running', '00:01:00')
        }
        "service $Name is $((Get-Service $Name).Status)"
    }
    HighCpu = {
        param([int]$Top = 5)
        Get-Process | Sort-Object CPU -Descending | Select-Object -First $Top |
            ForEach-Object { '{0} (pid {1}) cpu {2:N0}s ws {3:N0} MB' -f $_.ProcessName, $_.Id, $_.CPU, ($_.WorkingSet64 / 1mb) }
    }
    CertExpiring = {
        Get-ChildItem Cert:\LocalMachine\My |
            Where-Object NotAfter -lt (Get-Date).AddDays(30) |
            ForEach-Object { "$($_.Subject) expires $($_.NotAfter.ToString('d'))" }
    }
    QueueBacklog = {
        param($Queue = 'orders', [int]$Workers = 2)
        $current = (Get-Service -Name "worker-$Queue-*" | Where-Object Status -eq 'Running').Count
        $wanted = $current + $Workers
        for ($i = $current + 1; $i -le $wanted; $i++) {
            Start-Service -Name ("worker-{0}-{1:D2}" -f $Queue, $i) -ErrorAction SilentlyContinue
        }
        "workers for ${Queue}: $current -> $wanted"
    }
}

$sb = $runbooks[$Alert]
$started = [datetime]::UtcNow
$outcome = 'success'
$output = $null

try {
    if ($Parameters.Count -gt 0) {
        # $using: cannot carry a scriptblock, so send its text and rebuild it remotely
        $sbText = $sb.ToString()
        $output = Invoke-Command -ComputerName $Target -ErrorAction Stop -ScriptBlock {
            $block = [scriptblock]::Create($using:sbText)
            $named = $using:Parameters
            & $block @named
        }
    }
    else {
        $output = Invoke-Command -ComputerName $Target -ScriptBlock $sb -ErrorAction Stop
    }
}
catch [System.Management.Automation.Remoting.PSRemotingTransportException] {
    $outcome = 'unreachable'
    $output = $_.Exception.Message
}
catch {
    $outcome = 'failed'
    $output = "$($_.Exception.GetType().Name): $($_.Exception.Message)"
}

$record = [ordered]@{
    ts       = $started.ToString('o')
    alert    = $Alert
    target   = $Target
    params   = $Parameters
    outcome  = $outcome
    seconds  = [math]::Round(([datetime]::UtcNow - $started).TotalSeconds, 1)
    output   = @($output) -join ' | '
    operator = "$env:USERDOMAIN\$env:USERNAME"
}
($record | ConvertTo-Json -Compress -Depth 3) >> $HistoryFile

$colour = @{ success = 'Green'; failed = 'Red'; unreachable = 'Yellow' }[$outcome]
Write-Host ("[{0}] {1} on {2}: {3}" -f $outcome.ToUpper(), $Alert, $Target, $record.output) -ForegroundColor $colour

$recent = Get-Content $HistoryFile -Tail 200 | ForEach-Object { $_ | ConvertFrom-Json } |
    Where-Object { $_.alert -eq $Alert -and $_.target -eq $Target -and [datetime]$_.ts -gt (Get-Date).ToUniversalTime().AddHours(-24) }
if (@($recent).Count -ge 3) {
    Write-Warning "$Alert has fired $(@($recent).Count) times for $Target in 24h; escalate instead of auto-remediating."
}

if ($outcome -ne 'success') { exit 1 }
