<#
.SYNOPSIS
    Builds a patch compliance report from installed hotfixes.
.DESCRIPTION
    A machine is compliant when it has a hotfix installed within the last
    MaxAgeDays days and it has rebooted since that hotfix was installed.
#>
param(
    [string[]]$ComputerName = @('dc01', 'dc02', 'fs01', 'sql01', 'sql02'),
    [int]$MaxAgeDays = 35,
    [string]$CsvOut = './patch-report.csv'
)

$threshold = (Get-Date).AddDays(-$MaxAgeDays)

$jobs = foreach ($computer in $ComputerName) {
    Start-Job -Name "patch-$computer" -ArgumentList $computer -ScriptBlock {
        param($cn)
        $hotfixes = Get-HotFix -ComputerName $cn -ErrorAction Stop
        $os = Get-CimInstance -ComputerName $cn -ClassName Win32_OperatingSystem
        [pscustomobject]@{
            Computer  = $cn
            Hotfixes  = $hotfixes | Select-Object HotFixID, Description, InstalledOn
            LastBoot  = $os.LastBootUpTime
        }
    }
}

$null = Wait-Job -Job $jobs -Timeout 300

$data = @()
foreach ($j in $jobs)
{
    if ($j.State -eq 'Completed')
    {
        $data += Receive-Job -Job $j
    }
    else
    {
        Write-Warning "$($j.Name) ended in state $($j.State)"
        Receive-Job -Job $j -ErrorAction SilentlyContinue 2>&1 | ForEach-Object { Write-Verbose "$_" }
    }
    Remove-Job -Job $j -Force
}

$report = $data | ForEach-Object {
    $latest = $_.Hotfixes |
        Where-Object InstalledOn |
        Sort-Object InstalledOn -Descending |
        Select-Object -First 1

    $pendingReboot = $latest -and ($latest.InstalledOn -gt $_.LastBoot)
    $recent = $latest -and ($latest.InstalledOn -ge $threshold)

    [pscustomobject]@{
        Computer      = $_.Computer
        LatestKB      = $latest.HotFixID ?? 'none'
        InstalledOn   = $latest.InstalledOn
        LastBoot      = $_.LastBoot
        PendingReboot = [bool]$pendingReboot
        Compliant     = [bool]($recent -and -not $pendingReboot)
        SecurityCount = @($_.Hotfixes | Where-Object Description -like '*Security*').Count
    }
}

$report | Sort-Object Compliant, Computer | Export-Csv -Path $CsvOut -NoTypeInformation

$stats = $report | Measure-Object -Property SecurityCount -Average -Maximum -Minimum
$compliant = @($report | Where-Object Compliant).Count

Write-Host @"

Patch compliance: $compliant of $($report.Count) machines
Security updates per machine: avg $([math]::Round($stats.Average, 1)), min $($stats.Minimum), max $($stats.Maximum)
Threshold: installed after $($threshold.ToShortDateString())
"@

$report | Where-Object { -not $_.Compliant } | ForEach-Object {
    $why = @()
    if ($_.PendingReboot) { $why += 'reboot pending' }
    if (-not $_.InstalledOn -or $_.InstalledOn -lt $threshold) { $why += 'no recent patch' }
    '{0,-10} {1}' -f $_.Computer, ($why -join '; ')
}
