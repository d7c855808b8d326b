#Requires -Modules Hyper-V
<#
.SYNOPSIS
    Reports Hyper-V checkpoints older than a threshold across cluster nodes
    and, on request, removes them outside business hours.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [string[]]$HostName = @('hv01', 'hv02', 'hv03', 'hv04'),
    [ValidateRange(1, 90)][int]$MaxAgeDays = 7,
    [switch]$Remove,
    [ValidateRange(0, 23)][int[]]$AllowedHours = (0..5 + 22..23)
)

$now = Get-Date
if ($Remove -and $now.Hour -notin $AllowedHours) {
    throw "Removal is only allowed during hours: $($AllowedHours -join ',')"
}

$checkpoints = Invoke-Command -ComputerName $HostName -ScriptBlock {
    Get-VM | Get-VMSnapshot | ForEach-Object {
        $vhdSize = 0
        foreach ($d in ($_ | Get-VMHardDiskDrive)) {
            if (Test-Path $d.Path) { $vhdSize += (Get-Item $d.Path).Length }
        }
        [pscustomobject]@{
            VM       = $_.VMName
            Name     = $_.Name
            Created  = $_.CreationTime
            Type     = "$($_.SnapshotType)"
            Parent   = $_.ParentSnapshotName
            SizeGB   = [math]::Round($vhdSize / 1gb, 1)
        }
    }
} | Select-Object @{ N = 'Host'; E = { $_.PSComputerName } }, VM, Name, Created, Type, Parent, SizeGB,
    @{ N = 'AgeDays'; E = { [int]($now - $_.Created).TotalDays } }

$old = $checkpoints | Where-Object AgeDays -gt $MaxAgeDays | Sort-Object AgeDays -Descending

if (-not $old) {
    "No checkpoints older than $MaxAgeDays day(s) on $($HostName -join ', ')."
    return
}

$old | Format-Table Host, VM, Name, AgeDays, SizeGB, Type -AutoSize

$byHost = $old | Group-Object Host | ForEach-Object {
    [pscustomobject]@{
        Host        = $_.Name
        Checkpoints = $_.Count
        TotalGB     = ($_.Group | Measure-Object SizeGB -Sum).Sum
        Oldest      = ($_.Group | Measure-Object AgeDays -Maximum).Maximum
    }
}
$byHost | Format-Table -AutoSize

if ($Remove) {
    foreach ($cp in $old) {
        $label = "$($cp.Host)/$($cp.VM)/$($cp.Name)"
        if (-not $PSCmdlet.ShouldProcess($label, 'Remove checkpoint')) { continue }
        try {
            Invoke-Command -ComputerName $cp.Host -ErrorAction Stop -ScriptBlock {
                Get-VMSnapshot -VMName $using:cp.VM -Name $using:cp.Name |
                    Remove-VMSnapshot -Confirm:$false
            }
            Write-Host "removed $label" -ForegroundColor DarkGray
        }
        catch {
            Write-Warning "Could not remove ${label}: $($_.Exception.Message)"
        }
    }
}

$old | ConvertTo-Json -Depth 2 | Out-File -FilePath "$env:TEMP\old-checkpoints.json" -Encoding utf8
