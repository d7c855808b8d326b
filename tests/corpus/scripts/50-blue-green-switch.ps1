<#
.SYNOPSIS
    Flips traffic between the blue and green stacks behind an HAProxy pair
    once the idle colour passes smoke tests.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]]$Balancer = @('lb01.prod.internal', 'lb02.prod.internal'),
    [string]$Backend = 'web',
    [ValidateSet('blue', 'green', 'auto')][string]$Target = 'auto',
    [int]$SmokeRequests = 25,
    [double]$MaxErrorRate = 0.02,
    [timespan]$DrainTime = [timespan]::FromSeconds(45)
)

$stacks = @{
    blue  = @('10.40.1.11', '10.40.1.12', '10.40.1.13')
    green = @('10.40.2.11', '10.40.2.12', '10.40.2.13')
}

function Invoke-LbCommand {
    param([string]$Lb, [string]$Command)
    # HAProxy runtime API over the admin socket, reached through ssh
    $out = ssh -o BatchMode=yes "ops@$Lb" "echo '$Command' | socat stdio /run/haproxy/admin.sock" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "ssh to $Lb failed: $out" }
    $out
}

# Work out which colour is live from the first balancer
$stat = Invoke-LbCommand -Lb $Balancer[0] -Command "show servers state $Backend"
$live = $stat.Where({ $_ -match '^\d+ ' }).ForEach({
    $f = $_ -split '\s+'
    [pscustomobject]@{ Name = $f[3]; Addr = $f[4]; Weight = [int]$f[7] }
}).Where({ $_.Weight -gt 0 })

$liveColour = if ($live.Addr.Where({ $_ -in $stacks.blue }).Count) { 'blue' } else { 'green' }
$newColour = $Target -eq 'auto' ? ($liveColour -eq 'blue' ? 'green' : 'blue') : $Target

if ($newColour -eq $liveColour) {
    Write-Host "$newColour is already live; nothing to do."
    return
}
Write-Host "Live: $liveColour -> switching to $newColour"

# Smoke test the idle colour directly
$errors = 0
$latencies = [System.Collections.Generic.List[double]]::new()
foreach ($i in 1..$SmokeRequests) {
    $ip = $stacks[$newColour][$i % $stacks[$newColour].Count]
    $t = Measure-Command {
        try {
            $r = Invoke-WebRequest -Uri "http://${ip}:8080/healthz" -TimeoutSec 3 -SkipHttpErrorCheck
            if ($r.StatusCode -ge 500) { $script:errors++ }
        } catch { $script:errors++ }
    }
    $latencies.Add($t.TotalMilliseconds)
}

$rate = $errors / $SmokeRequests
$p90 = ($latencies | Sort-Object)[[int]([math]::Ceiling($latencies.Count * 0.9) - 1)]
'Smoke: {0} requests, error rate {1:P1}, p90 {2:N0} ms' -f $SmokeRequests, $rate, $p90

if ($rate -gt $MaxErrorRate -or $p90 -gt 1.5e3) {
    throw "Idle stack $newColour failed smoke test; not switching."
}

if (-not $PSCmdlet.ShouldProcess(($Balancer -join ','), "Switch $Backend to $newColour")) { return }

$weights = @{ $newColour = 100; $liveColour = 0 }
foreach ($lb in $Balancer) {
    foreach ($colour in 'blue', 'green') {
        $stacks[$colour].ForEach({
            $srvName = '{0}-{1}' -f $colour, ($_ -split '\.')[-1]
            Invoke-LbCommand -Lb $lb -Command "set server $Backend/$srvName weight $($weights[$colour])" | Out-Null
        })
    }
    Write-Host "  $lb updated"
}

Write-Host "Draining $liveColour for $($DrainTime.TotalSeconds)s ..."
Start-Sleep -Seconds $DrainTime.TotalSeconds

$state = [ordered]@{
    live      = $newColour
    previous  = $liveColour
    switched  = [datetime]::UtcNow.ToString('u')
    smoke     = @{ errorRate = [math]::Round($rate, 4); p90ms = [math]::Round($p90, 1) }
    operator  = [Environment]::UserName
}
$state | ConvertTo-Json | Set-Content -Path ./bluegreen-state.json
Write-Host "Done. $newColour is live." -ForegroundColor Green
