# Measures latency and packet loss from this host to a list of targets,
# repeated over several rounds, and summarises percentiles per target.

[CmdletBinding()]
Param(
    [Parameter(ValueFromPipeline = $true)]
    [String[]]$Target = @('gw.branch01.local', 'gw.branch02.local', 'dc01', '8.8.8.8'),
    [ValidateRange(1, 100)][Int]$Rounds = 10,
    [ValidateRange(100, 5000)][Int]$TimeoutMs = 1000,
    [Double]$IntervalSeconds = 0.5
)

Begin {
    $allTargets = New-Object System.Collections.ArrayList
    $samples = @{}

    Function Get-Percentile {
        Param([double[]]$Values, [ValidateRange(0, 100)][double]$Percent)
        If (-not $Values) { Return $null }
        $sorted = $Values | Sort-Object
        $rank = [math]::Ceiling(($Percent / 100) * $sorted.Count) - 1
        Return $sorted[[math]::Max(0, $rank)]
    }
}

Process {
    ForEach ($t in $Target) { [void]$allTargets.Add($t) }
}

End {
    ForEach ($t in $allTargets) { $samples[$t] = [System.Collections.Generic.List[double]]::new() }
    $lost = @{}
    $allTargets | ForEach-Object { $lost[$_] = 0 }

    $ping = [System.Net.NetworkInformation.Ping]::new()
    For ($round = 1; $round -le $Rounds; $round++) {
        Write-Progress -Activity 'Latency sweep' -Status "Round $round of $Rounds" -PercentComplete (100 * $round / $Rounds)
        ForEach ($t in $allTargets) {
            Try {
                $reply = $ping.Send($t, $TimeoutMs)
                If ($reply.Status -eq [System.Net.NetworkInformation.IPStatus]::Success) {
                    $samples[$t].Add($reply.RoundtripTime)
                } Else {
                    $lost[$t]++
                }
            } Catch [System.Net.NetworkInformation.PingException] {
                $lost[$t]++
                Write-Verbose "ping $t threw: $($_.Exception.InnerException.Message)"
            }
        }
        Start-Sleep -Milliseconds ([int]($IntervalSeconds * 1000))
    }
    $ping.Dispose()
    Write-Progress -Activity 'Latency sweep' -Completed

    $rows = ForEach ($t in $allTargets) {
        $v = [double[]]$samples[$t].ToArray()
        $stats = $v | Measure-Object -Average -Minimum -Maximum
        [PSCustomObject][ordered]@{
            Target = $t
            Sent   = $Rounds
            Lost   = $lost[$t]
            'Loss%' = [math]::Round(100 * $lost[$t] / $Rounds, 1)
            MinMs  = $stats.Minimum
            AvgMs  = If ($stats.Count) { [math]::Round($stats.Average, 1) } Else { $null }
            P95Ms  = Get-Percentile -Values $v -Percent 95
            MaxMs  = $stats.Maximum
        }
    }

    $rows | Format-Table -AutoSize

    $bad = $rows | Where-Object { $_.'Loss%' -gt 5 -or $_.P95Ms -gt 150 }
    If ($bad) {
        ForEach ($b in $bad) {
            Write-Warning ("{0}: loss {1}%, p95 {2} ms" -f $b.Target, $b.'Loss%', $b.P95Ms)
        }
    }
    $rows | Export-Csv -Path "./latency-$(Get-Date -Format yyyyMMddHHmm).csv" -NoTypeInformation
}
