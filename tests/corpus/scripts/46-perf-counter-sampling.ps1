<#
.SYNOPSIS
    Samples a handful of performance counters on several servers for a few
    minutes and reports averages and peaks.
#>
Param(
    [String[]]$ComputerName = @('sql01', 'sql02', 'app01'),
    [ValidateRange(1, 60)][Int]$IntervalSeconds = 5,
    [ValidateRange(1, 720)][Int]$Samples = 24,
    [String]$CsvOut = ".\perf-$(Get-Date -Format 'yyyyMMdd-HHmm').csv"
)

$counters = @(
    '\Processor(_Total)\% Processor Time'
    '\Memory\Available MBytes'
    '\Memory\Pages/sec'
    '\PhysicalDisk(_Total)\Avg. Disk sec/Read'
    '\PhysicalDisk(_Total)\Avg. Disk sec/Write'
    '\PhysicalDisk(_Total)\Current Disk Queue Length'
    '\Network Interface(*)\Bytes Total/sec'
    '\System\Processor Queue Length'
)

$thresholds = @{
    '% processor time'          = @{ Op = 'gt'; Limit = 85 }
    'available mbytes'          = @{ Op = 'lt'; Limit = 1024 }
    'avg. disk sec/read'        = @{ Op = 'gt'; Limit = 0.025 }
    'avg. disk sec/write'       = @{ Op = 'gt'; Limit = 0.025 }
    'current disk queue length' = @{ Op = 'gt'; Limit = 8 }
    'processor queue length'    = @{ Op = 'gt'; Limit = 10 }
}

Write-Host "Sampling $($counters.Count) counters on $($ComputerName.Count) host(s) for $($IntervalSeconds * $Samples)s ..."

$raw = Get-Counter -ComputerName $ComputerName -Counter $counters -SampleInterval $IntervalSeconds -MaxSamples $Samples -ErrorAction SilentlyContinue

$flat = ForEach ($set in $raw)
{
    ForEach ($s in $set.CounterSamples)
    {
        If ($s.Path -match '^\\\\(?<host>[^\\]+)\\(?<obj>[^\\]+)\\(?<ctr>.+)$')
        {
            [PSCustomObject]@{
                Time     = $set.Timestamp
                Host     = $Matches.host.ToUpper()
                Object   = $Matches.obj
                Counter  = $Matches.ctr
                Value    = $s.CookedValue
            }
        }
    }
}

$flat | Export-Csv -Path $CsvOut -NoTypeInformation

$summary = $flat | Group-Object Host, Object, Counter | ForEach-Object `
{
    $m = $_.Group | Measure-Object Value -Average -Maximum
    $first = $_.Group[0]
    $rule = $thresholds[$first.Counter.ToLower()]
    $breach = $False
    If ($rule)
    {
        $breach = Switch ($rule.Op)
        {
            'gt' { $m.Average -gt $rule.Limit }
            'lt' { $m.Average -lt $rule.Limit }
        }
    }
    [PSCustomObject]@{
        Host    = $first.Host
        Counter = "$($first.Object)\$($first.Counter)"
        Avg     = [math]::Round($m.Average, 3)
        Max     = [math]::Round($m.Maximum, 3)
        Breach  = $breach
    }
}

$summary | Sort-Object Host, Counter | Format-Table -GroupBy Host Counter, Avg, Max, Breach

$breaches = $summary.Where({ $_.Breach })
If ($breaches)
{
    ForEach ($b in $breaches)
    {
        Write-Warning ("{0}: {1} averaged {2}" -f $b.Host, $b.Counter, $b.Avg)
    }
}
Else
{
    Write-Host 'No thresholds breached.' -ForegroundColor Green
}
