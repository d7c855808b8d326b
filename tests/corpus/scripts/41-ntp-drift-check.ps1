# Checks clock offset of domain members against the PDC emulator using
# w32tm, and resyncs any host drifting beyond the threshold.

param(
    [string[]]$ComputerName = (Get-Content -Path "$PSScriptRoot/members.txt" -ErrorAction SilentlyContinue),
    [string]$Reference = 'pdc01.corp.contoso.com',
    [double]$MaxOffsetSeconds = 2.0,
    [switch]$Resync
)

if (-not $ComputerName) {
    Write-Error 'No computers supplied and members.txt not found.'
    exit 2
}

$results = foreach ($cn in $ComputerName)
{
    $raw = w32tm /stripchart /computer:$cn /dataonly /samples:3 2>&1
    $offsets = foreach ($line in $raw)
    {
        if ("$line" -match ',\s*(?<off>[+-]\d+\.\d+)s$')
        {
            [double]$Matches['off']
        }
    }

    if (-not $offsets)
    {
        [pscustomobject]@{ Computer = $cn; OffsetSec = $null; Status = 'unreachable'; Detail = ($raw | Select-Object -Last 1) }
        continue
    }

    $avg = ($offsets | Measure-Object -Average).Average
    $status = if ([math]::Abs($avg) -le $MaxOffsetSeconds) { 'ok' } else { 'drift' }

    [pscustomobject]@{
        Computer  = $cn
        OffsetSec = [math]::Round($avg, 3)
        Status    = $status
        Detail    = "$($offsets.Count) samples"
    }
}

$drifting = $results | Where-Object Status -eq 'drift'

if ($Resync -and $drifting)
{
    Invoke-Command -ComputerName $drifting.Computer -ScriptBlock {
        $ref = $using:Reference
        $src = (w32tm /query /source).Trim()
        if ($src -notlike "*$ref*" -and $src -notlike '*Domain Hierarchy*')
        {
            w32tm /config /syncfromflags:domhier /update | Out-Null
            Restart-Service w32time
        }
        w32tm /resync /force 2>&1 | Out-String
    } | ForEach-Object {
        Write-Verbose ($_ -replace "`r?`n", ' ')
    }

    # Re-measure just the ones we touched
    foreach ($d in $drifting)
    {
        $after = w32tm /stripchart /computer:$($d.Computer) /dataonly /samples:1 2>&1 |
            Select-String -Pattern '([+-]\d+\.\d+)s' |
            ForEach-Object { [double]$_.Matches[0].Groups[1].Value } |
            Select-Object -Last 1
        $d | Add-Member -NotePropertyName AfterSec -NotePropertyValue $after
    }
}

$results | Sort-Object { [math]::Abs($_.OffsetSec ?? 0) } -Descending | Format-Table -AutoSize
$drifting | Select-Object Computer, OffsetSec, AfterSec | Format-Table

$summary = $results | Group-Object Status | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }
Write-Output ("Time check vs {0}: {1}" -f $Reference, ($summary -join ', '))

if ($results.Status -contains 'unreachable') { exit 1 }
