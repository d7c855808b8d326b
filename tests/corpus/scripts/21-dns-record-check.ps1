<#
.SYNOPSIS
  Verifies that a list of DNS records resolves to the expected values on
  every listed DNS server.
.NOTES
  Input JSON format:
  [ { "name": "app.contoso.com", "type": "A", "expected": ["10.0.0.5"] } ]
#>

[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$RecordFile,

    [string[]]$DnsServer = @('10.0.0.10', '10.0.0.11', '1.1.1.1'),

    [ValidateSet('A', 'AAAA', 'CNAME', 'MX', 'TXT')]
    [string]$OnlyType
)

$records = Get-Content -Path $RecordFile -Raw | ConvertFrom-Json
if ($OnlyType) {
    $records = $records | Where-Object type -eq $OnlyType
}

$results = [System.Collections.Generic.List[pscustomobject]]::new()
$total = $records.Count * $DnsServer.Count
$n = 0

foreach ($rec in $records) {
    foreach ($server in $DnsServer) {
        $n++
        Write-Progress -Activity 'Resolving' -Status "$($rec.name) @ $server" -PercentComplete ($n / $total * 100)

        $answer = try {
            Resolve-DnsName -Name $rec.name -Type $rec.type -Server $server -DnsOnly -QuickTimeout -ErrorAction Stop
        } catch {
            $null
        }

        $actual = switch ($rec.type) {
            'A'     { $answer | Where-Object Type -eq 'A'    | ForEach-Object IPAddress }
            'AAAA'  { $answer | Where-Object Type -eq 'AAAA' | ForEach-Object IPAddress }
            'CNAME' { $answer | Where-Object Type -eq 'CNAME' | ForEach-Object NameHost }
            'MX'    { $answer | ForEach-Object { '{0} {1}' -f $_.Preference, $_.NameExchange } }
            'TXT'   { $answer | ForEach-Object { $_.Strings -join '' } }
        }

        $expected = @($rec.expected) | Sort-Object
        $actualSorted = @($actual) | Sort-Object
        $match = ($expected -join '|') -eq ($actualSorted -join '|')

        $results.Add([pscustomobject]@{
            Name     = $rec.name
            Type     = $rec.type
            Server   = $server
            Expected = $expected -join ', '
            Actual   = if ($actualSorted) { $actualSorted -join ', ' } else { '<none>' }
            Ok       = $match
        })
    }
}
Write-Progress -Activity 'Resolving' -Completed

$failed = $results.Where({ -not $_.Ok })

$results |
    Sort-Object Ok, Name, Server |
    Format-Table Name, Type, Server, Ok, Actual -AutoSize

if ($failed.Count) {
    $lines = $failed | ForEach-Object { " - $($_.Name) [$($_.Type)] via $($_.Server): got $($_.Actual), want $($_.Expected)" }
    $body = @"
DNS verification failed for $($failed.Count) of $($results.Count) checks:
$($lines -join [Environment]::NewLine)
"@
    Write-Warning $body
    exit 1
}
'All {0} DNS checks passed.' -f $results.Count
