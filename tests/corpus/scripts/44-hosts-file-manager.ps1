<#
.SYNOPSIS
    Manages a marked block inside the hosts file so automation can own a
    few entries without touching anything a human added.
.EXAMPLE
    ./44-hosts-file-manager.ps1 -Set @{ 'build.local' = '10.1.1.20'; 'cache.local' = '10.1.1.21' }
.EXAMPLE
    ./44-hosts-file-manager.ps1 -Remove build.local
#>
[CmdletBinding(DefaultParameterSetName = 'Show')]
param(
    [Parameter(ParameterSetName = 'Set', Mandatory)]
    [hashtable]$Set,

    [Parameter(ParameterSetName = 'Remove', Mandatory)]
    [string[]]$Remove,

    [Parameter(ParameterSetName = 'Clear', Mandatory)]
    [switch]$Clear,

    [string]$HostsPath = ($IsWindows ? "$env:SystemRoot\System32\drivers\etc\hosts" : '/etc/hosts'),

    [string]$Marker = 'managed-by-automation'
)

$begin = "# BEGIN $Marker"
$end   = "# END $Marker"

$lines = [System.Collections.Generic.List[string]](Get-Content -LiteralPath $HostsPath)
$start = $lines.IndexOf($begin)
$stop  = $lines.IndexOf($end)

$managed = [ordered]@{}
if ($start -ge 0 -and $stop -gt $start) {
    for ($i = $start + 1; $i -lt $stop; $i++) {
        if ($lines[$i] -match '^\s*(?<ip>[0-9a-fA-F:\.]+)\s+(?<name>\S+)') {
            $managed[$Matches.name] = $Matches.ip
        }
    }
    $lines.RemoveRange($start, $stop - $start + 1)
}
elseif ($start -ge 0 -xor $stop -ge 0) {
    throw "Hosts file has an unbalanced '$Marker' block; fix it by hand first."
}

switch ($PSCmdlet.ParameterSetName) {
    'Show' {
        if ($managed.Count -eq 0) { 'No managed entries.' }
        $managed.GetEnumerator() | ForEach-Object { '{0,-16} {1}' -f $_.Value, $_.Key }
        return
    }
    'Set' {
        foreach ($k in $Set.Keys) {
            $ip = $Set[$k] -as [ipaddress]
            if (-not $ip) { throw "Invalid address for ${k}: $($Set[$k])" }
            $managed[$k] = $ip.IPAddressToString
        }
    }
    'Remove' {
        $Remove | ForEach-Object { $managed.Remove($_) }
    }
    'Clear' {
        $managed.Clear()
    }
}

if ($managed.Count -gt 0) {
    # keep a blank line before our block for readability
    while ($lines.Count -and [string]::IsNullOrWhiteSpace($lines[-1])) { $lines.RemoveAt($lines.Count - 1) }
    $lines.Add('')
    $lines.Add($begin)
    foreach ($e in $managed.GetEnumerator()) {
        $lines.Add(("{0}`t{1}" -f $e.Value, $e.Key))
    }
    $lines.Add($end)
}

$backup = "$HostsPath.bak"
Copy-Item -LiteralPath $HostsPath -Destination $backup -Force

try {
    [System.IO.File]::WriteAllLines($HostsPath, $lines)
}
catch [System.UnauthorizedAccessException] {
    Write-Error 'Run elevated to modify the hosts file.'
    exit 5
}

if ($IsWindows) {
    ipconfig /flushdns *> $null
} elseif ($IsMacOS) {
    sudo dscacheutil -flushcache
} else {
    resolvectl flush-caches 2>$null || Write-Verbose 'systemd-resolved not present'
}

"{0} managed entr{1} written to {2}" -f $managed.Count, ($managed.Count -eq 1 ? 'y' : 'ies'), $HostsPath
