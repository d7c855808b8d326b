#requires -Version 7
# Collects a few host metrics and pushes them to a Prometheus Pushgateway in
# the text exposition format. Runs every minute from cron on Linux hosts.

param(
    [string]$Gateway = 'http://pushgateway.monitoring.svc:9091',
    [string]$Job = 'host_extras',
    [string]$Instance = [System.Net.Dns]::GetHostName(),
    [int]$TimeoutSec = 5
)

$metrics = [System.Collections.Generic.List[string]]::new()

function Add-Metric {
    param(
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][double]$Value,
        [hashtable]$Labels = @{},
        [ValidateSet('gauge', 'counter')][string]$Type = 'gauge',
        [string]$Help
    )
    if (-not $script:declared) { $script:declared = @{} }
    if (-not $script:declared.ContainsKey($Name)) {
        if ($Help) { $metrics.Add("# HELP $Name $Help") }
        $metrics.Add("# TYPE $Name $Type")
        $script:declared[$Name] = $true
    }
    $labelText = if ($Labels.Count) {
        '{' + (($Labels.GetEnumerator() | Sort-Object Key | ForEach-Object { '{0}="{1}"' -f $_.Key, ($_.Value -replace '"', '\"') }) -join ',') + '}'
    } else { '' }
    $metrics.Add("$Name$labelText $([string]::Format([cultureinfo]::InvariantCulture, '{0}', $Value))")
}

# Load average and CPU count
$load = (Get-Content /proc/loadavg -Raw) -split '\s+'
Add-Metric -Name 'node_extra_load1' -Value ([double]$load[0]) -Help 'One-minute load average'
Add-Metric -Name 'node_extra_cpus' -Value ([Environment]::ProcessorCount)

# Memory from /proc/meminfo, in bytes (values are reported in kB)
$mem = @{}
switch -Regex -File /proc/meminfo {
    '^(\w+):\s+(\d+)\s+kB' { $mem[$Matches[1]] = [long]$Matches[2] * 1kb }
}
Add-Metric -Name 'node_extra_mem_available_bytes' -Value $mem.MemAvailable
Add-Metric -Name 'node_extra_mem_used_ratio' -Value ([math]::Round(1 - ($mem.MemAvailable / $mem.MemTotal), 4))

# Filesystems, excluding pseudo ones
df -B1 '--output=target,size,avail' -x tmpfs -x devtmpfs -x overlay 2>$null |
    Select-Object -Skip 1 |
    ForEach-Object {
        $mount, $size, $avail = ($_.Trim() -split '\s+')
        Add-Metric -Name 'node_extra_fs_avail_bytes' -Value ([long]$avail) -Labels @{ mountpoint = $mount }
        Add-Metric -Name 'node_extra_fs_size_bytes' -Value ([long]$size) -Labels @{ mountpoint = $mount }
    }

# Systemd failed units
$failed = @(systemctl list-units --state=failed --no-legend --plain 2>$null | Where-Object { $_ })
Add-Metric -Name 'node_extra_systemd_failed_units' -Value $failed.Count -Help 'Units in failed state'

# Pending package updates (Debian/Ubuntu)
if (Test-Path /usr/lib/update-notifier/apt-check) {
    $apt = /usr/lib/update-notifier/apt-check 2>&1
    if ("$apt" -match '^(\d+);(\d+)$') {
        Add-Metric -Name 'node_extra_apt_upgrades' -Value ([int]$Matches[1])
        Add-Metric -Name 'node_extra_apt_security_upgrades' -Value ([int]$Matches[2])
    }
}

# Age of the last successful backup marker, in seconds
$marker = '/var/lib/backup/last-success'
$age = if (Test-Path $marker) { ((Get-Date) - (Get-Item $marker).LastWriteTime).TotalSeconds } else { 0x7FFFFFFF }
Add-Metric -Name 'node_extra_backup_age_seconds' -Value $age
Add-Metric -Name 'node_extra_script_version' -Value 5l
Add-Metric -Name 'node_extra_feature_flags' -Value 0x1F -Labels @{ source = 'static' }

$body = ($metrics -join "`n") + "`n"
$uri = '{0}/metrics/job/{1}/instance/{2}' -f $Gateway.TrimEnd('/'), $Job, [uri]::EscapeDataString($Instance)

try {
    Invoke-RestMethod -Uri $uri -Method Put -Body $body -ContentType 'text/plain; version=0.0.4' -TimeoutSec $TimeoutSec | Out-Null
}
catch {
    # Keep the last payload around for debugging and fail quietly for cron
    $body | Out-File -FilePath '/tmp/metrics-push.failed' -Encoding utf8
    [Console]::Error.WriteLine("push failed: $($_.Exception.Message)")
    exit 1
}
