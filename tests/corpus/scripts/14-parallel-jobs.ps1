#requires -Version 7.0

# Pings and port-checks a subnet in parallel using ForEach-Object -Parallel,
# then compares the result against a thread-job based approach.

param(
    [string]$Subnet = '10.20.30',
    [int[]]$Ports = @(22, 80, 443, 3389, 5985),
    [ValidateRange(1, 256)][int]$Throttle = 64,
    [int]$TimeoutMs = 400
)

$addresses = 1..254 | ForEach-Object { "$Subnet.$_" }

$sw = [System.Diagnostics.Stopwatch]::StartNew()

$alive = $addresses | ForEach-Object -Parallel {
    $ping = [System.Net.NetworkInformation.Ping]::new()
    try {
        $reply = $ping.Send($_, $using:TimeoutMs)
        if ($reply.Status -eq 'Success') {
            [pscustomobject]@{ Address = $_; RttMs = $reply.RoundtripTime }
        }
    } finally {
        $ping.Dispose()
    }
} -ThrottleLimit $Throttle

Write-Verbose ("Ping sweep took {0:N1}s, {1} host(s) up" -f $sw.Elapsed.TotalSeconds, @($alive).Count)

$portScan = $alive | ForEach-Object -Parallel {
    $target = $_.Address
    $open = foreach ($p in $using:Ports) {
        $client = [System.Net.Sockets.TcpClient]::new()
        $task = $client.ConnectAsync($target, $p)
        if ($task.Wait($using:TimeoutMs) -and $client.Connected) { $p }
        $client.Dispose()
    }
    [pscustomobject]@{
        Address = $target
        Open    = $open -join ','
        RttMs   = $_.RttMs
    }
} -ThrottleLimit ([math]::Min($Throttle, 32))

$sw.Restart()

# Same thing with thread jobs, to resolve reverse DNS
$dnsJobs = foreach ($h in $portScan) {
    Start-ThreadJob -ArgumentList $h.Address -ScriptBlock {
        param($ip)
        try { [System.Net.Dns]::GetHostEntry($ip).HostName } catch { $null }
    }
}

$names = $dnsJobs | Receive-Job -Wait -AutoRemoveJob

$i = 0
$final = foreach ($h in $portScan) {
    $h | Select-Object Address,
        @{ Name = 'HostName'; Expression = { $names[$i] ?? '-' } },
        Open, RttMs
    $i++
}

$final |
    Sort-Object { [version]$_.Address } |
    Format-Table -AutoSize

$byPort = foreach ($p in $Ports) {
    [pscustomobject]@{
        Port  = $p
        Hosts = @($final | Where-Object { ($_.Open -split ',') -contains "$p" }).Count
    }
}
$byPort | Format-Table

"DNS lookups finished in $($sw.ElapsedMilliseconds) ms"
