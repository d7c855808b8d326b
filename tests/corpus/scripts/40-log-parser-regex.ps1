<#
.SYNOPSIS
    Parses web server access logs with switch -Regex -File and produces
    per-endpoint latency and error statistics.
.PARAMETER Path
    One or more log files; wildcards allowed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
    [Alias('FullName')]
    [string[]]$Path,

    [ValidateRange(1, 1000)]
    [int]$Top = 20,

    [regex]$IgnorePath = '^/(health|metrics|favicon\.ico)'
)

begin {
    $stats = @{}
    $statusCounts = @{}
    $unparsed = 0
    $lines = 0
}

process {
    foreach ($file in (Resolve-Path -Path $Path)) {
        Write-Verbose "Reading $file"
        switch -Regex -File $file {
            # 10.1.2.3 - - [12/Mar/2024:10:01:02 +0000] "GET /api/orders?id=5 HTTP/1.1" 200 512 0.034
            '^(?<ip>\S+) \S+ \S+ \[(?<ts>[^\]]+)\] "(?<verb>[A-Z]+) (?<path>[^ ?"]+)[^"]*" (?<status>\d{3}) (?<bytes>\d+|-) (?<secs>[\d.]+)$' {
                $lines++
                $p = $Matches.path
                if ($IgnorePath.IsMatch($p)) { continue }

                # collapse numeric ids so /api/orders/123 and /api/orders/456 group together
                $key = '{0} {1}' -f $Matches.verb, ($p -replace '/\d+(?=/|$)', '/{id}' -replace '/[0-9a-f]{8}-[0-9a-f-]{27}', '/{guid}')
                $ms = [double]$Matches.secs * 1000

                if (-not $stats.ContainsKey($key)) {
                    $stats[$key] = [System.Collections.Generic.List[double]]::new()
                }
                $stats[$key].Add($ms)

                $statusCounts[$Matches.status] = 1 + ($statusCounts[$Matches.status] ?? 0)
                continue
            }
            '^\s*#' {
                # comment/header line written by some servers
                continue
            }
            default {
                $unparsed++
                if ($unparsed -le 5) { Write-Verbose "unparsed: $_" }
            }
        }
    }
}

end {
    $rows = foreach ($k in $stats.Keys) {
        $v = $stats[$k]
        $sorted = $v | Sort-Object
        $m = $v | Measure-Object -Average -Maximum
        [pscustomobject]@{
            Endpoint = $k
            Requests = $v.Count
            AvgMs    = [math]::Round($m.Average, 1)
            P50Ms    = [math]::Round($sorted[[int][math]::Floor($sorted.Count * 0.50)], 1)
            P99Ms    = [math]::Round($sorted[[int][math]::Min($sorted.Count - 1, [math]::Floor($sorted.Count * 0.99))], 1)
            MaxMs    = [math]::Round($m.Maximum, 1)
        }
    }

    "Parsed $lines line(s); $unparsed unparsed."
    ''
    $rows | Sort-Object Requests -Descending | Select-Object -First $Top | Format-Table -AutoSize

    $statusCounts.GetEnumerator() |
        Sort-Object Name |
        Select-Object @{ n = 'Status'; e = { $_.Name } },
            @{ n = 'Count'; e = { $_.Value } },
            @{ n = 'Class'; e = {
                switch -Wildcard ($_.Name) {
                    '2*' { 'success' }
                    '3*' { 'redirect' }
                    '4*' { 'client error' }
                    '5*' { 'server error' }
                }
            } } |
        Format-Table -AutoSize

    $errors5xx = ($statusCounts.GetEnumerator() | Where-Object Name -like '5*' | Measure-Object Value -Sum).Sum
    if ($lines -and ($errors5xx / $lines) -gt 0.01) {
        Write-Warning ("5xx rate is {0:P2}" -f ($errors5xx / $lines))
    }
}
