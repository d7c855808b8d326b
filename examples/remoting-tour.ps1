<#
.SYNOPSIS
    A short tour of rosh's remoting on the loopback default: sessions, fan-out with $using:,
    deserialized objects stamped with PSComputerName, and a background job.
#>
[CmdletBinding()]
param(
    [string[]] $ComputerName = @('localhost', '127.0.0.1'),
    [int] $Count = 3
)

$threshold = 2
Write-Host "Opening $($ComputerName.Count) sessions on the loopback default..."
$sessions = New-PSSession -ComputerName $ComputerName

# Fan out: the script block travels as text, $using: values travel serialized.
$results = Invoke-Command -Session $sessions -ScriptBlock {
    1..$using:Count | ForEach-Object {
        [pscustomobject]@{
            Item    = $_
            Big     = $_ -gt $using:threshold
            Process = $PID
        }
    }
}
$results | Sort-Object PSComputerName, Item |
    Format-Table PSComputerName, Item, Big, Process -AutoSize

# State persists across calls on one session.
Invoke-Command -Session $sessions[0] { $script:visits = 1 }
Invoke-Command -Session $sessions[0] { $script:visits += 1; "visits: $script:visits" }

# A job runs in a child process and its output comes back when asked.
$job = Start-Job -Name tour -ScriptBlock { param($n) 1..$n | Measure-Object -Sum } -ArgumentList 10
Receive-Job $job -Wait -AutoRemoveJob | Select-Object Count, Sum

$sessions | Remove-PSSession
Write-Host 'Done.'
