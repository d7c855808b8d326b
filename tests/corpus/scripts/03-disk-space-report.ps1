#requires -Version 7.0
# Disk space report across the fleet. Emits HTML and keeps a CSV history.

param(
    [Parameter(Mandatory)]
    [string[]] $Servers,
    [ValidateRange(1, 99)]
    [int] $WarnPercent = 20,
    [ValidateRange(1, 99)]
    [int] $CritPercent = 10,
    [string] $ReportDir = "$env:TEMP\disk-reports"
)

$null = New-Item -ItemType Directory -Path $ReportDir -Force

$sessionOptions = New-PSSessionOption -OpenTimeout 15000 -OperationTimeout 60000
$sessions = New-PSSession -ComputerName $Servers -SessionOption $sessionOptions -ErrorAction SilentlyContinue

$missing = $Servers | Where-Object { $_ -notin $sessions.ComputerName }
If ($missing) {
    Write-Warning "Unreachable: $($missing -join ', ')"
}

$raw = Invoke-Command -Session $sessions -ScriptBlock {
    Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType=3' |
        Select-Object DeviceID, VolumeName, Size, FreeSpace
}
$sessions | Remove-PSSession

$rows = ForEach ($disk in $raw) {
    $pctFree = if ($disk.Size -gt 0) { [math]::Round(($disk.FreeSpace / $disk.Size) * 100, 1) } else { 0 }
    $status = switch ($pctFree) {
        { $_ -le $CritPercent } { 'CRITICAL'; break }
        { $_ -le $WarnPercent } { 'WARNING'; break }
        default { 'OK' }
    }
    [pscustomobject]@{
        Server  = $disk.PSComputerName
        Drive   = $disk.DeviceID
        Label   = $disk.VolumeName
        SizeGB  = [math]::Round($disk.Size / 1gb, 1)
        FreeGB  = [math]::Round($disk.FreeSpace / 1gb, 1)
        PctFree = $pctFree
        Status  = $status
    }
}

$rows = $rows | Sort-Object @{Expression = 'Status'; Descending = $false}, PctFree

$historyFile = Join-Path $ReportDir 'history.csv'
$rows | Select-Object @{n='Date';e={ (Get-Date -Format 'yyyy-MM-dd') }}, * |
    Export-Csv -Path $historyFile -Append -NoTypeInformation

$css = @'
<style>
  body { font-family: Segoe UI, sans-serif; font-size: 12px; }
  td.CRITICAL { background: #f8d7da; }
  td.WARNING  { background: #fff3cd; }
</style>
'@

$tableRows = $rows | ForEach-Object {
    "<tr><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td class='{4}'>{4}</td></tr>" -f `
        $_.Server, $_.Drive, $_.FreeGB, $_.PctFree, $_.Status
}

$html = @"
<html><head>$css</head><body>
<h2>Disk report generated $(Get-Date -Format 'f')</h2>
<table>
<tr><th>Server</th><th>Drive</th><th>Free GB</th><th>% Free</th><th>Status</th></tr>
$($tableRows -join "`n")
</table>
</body></html>
"@

$htmlPath = Join-Path $ReportDir ("disk-{0:yyyyMMdd}.html" -f (Get-Date))
$html | Out-File -FilePath $htmlPath -Encoding utf8

$counts = $rows | Group-Object Status -NoElement
foreach ($c in $counts) {
    Write-Host ("{0,-9} {1,3}" -f $c.Name, $c.Count)
}

if ($rows.Status -contains 'CRITICAL') { exit 2 }
elseif ($rows.Status -contains 'WARNING') { exit 1 }
exit 0
