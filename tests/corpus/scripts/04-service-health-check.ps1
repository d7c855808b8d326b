function Test-ServiceHealth {
    <#
    .SYNOPSIS
        Checks that required services are running on one or more servers.
    .PARAMETER ComputerName
        Target servers; accepts pipeline input.
    .PARAMETER ServiceName
        Services that must be in the Running state.
    .PARAMETER Restart
        Attempt to start any stopped service.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName, Position = 0)]
        [Alias('Name', 'HostName')]
        [ValidateNotNullOrEmpty()]
        [string[]]$ComputerName,

        [Parameter(Mandatory)]
        [string[]]$ServiceName,

        [switch]$Restart,

        [ValidateRange(5, 600)]
        [int]$TimeoutSeconds = 30
    )

    begin {
        $all = [System.Collections.Generic.List[string]]::new()
        Write-Verbose "Checking services: $($ServiceName -join ', ')"
    }

    process {
        foreach ($c in $ComputerName) {
            $all.Add($c)
        }
    }

    end {
        $scriptBlock = {
            param($Names, $DoRestart, $Timeout)
            foreach ($n in $Names) {
                $svc = Get-Service -Name $n -ErrorAction SilentlyContinue
                if (-not $svc) {
                    [pscustomobject]@{ Service = $n; Status = 'Missing'; Action = 'none' }
                    continue
                }
                $action = 'none'
                if ($svc.Status -ne 'Running' -and $DoRestart) {
                    try {
                        Start-Service -InputObject $svc -ErrorAction Stop
                        $svc.WaitForStatus('Running', [timespan]::FromSeconds($Timeout))
                        $action = 'started'
                    } catch {
                        $action = "start failed: $($_.Exception.Message)"
                    }
                    $svc.Refresh()
                }
                [pscustomobject]@{ Service = $n; Status = "$($svc.Status)"; Action = $action }
            }
        }

        $jobs = Invoke-Command -ComputerName $all -ScriptBlock $scriptBlock `
            -ArgumentList $ServiceName, $Restart.IsPresent, $TimeoutSeconds -AsJob -JobName 'svc-health'

        $null = $jobs | Wait-Job -Timeout ($TimeoutSeconds * 4)
        $output = $jobs | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable jobErrors
        $jobs | Remove-Job -Force

        foreach ($e in $jobErrors) {
            Write-Warning "Remote failure: $($e.TargetObject) - $($e.Exception.Message)"
        }

        $output | Select-Object @{ Name = 'Computer'; Expression = { $_.PSComputerName } }, Service, Status, Action
    }
}

$targets = Get-Content -Path ./servers.txt | Where-Object { $_ -and -not $_.StartsWith('#') }

$health = $targets | Test-ServiceHealth -ServiceName 'W32Time', 'WinRM', 'Spooler' -Restart -Verbose

$unhealthy = $health | Where-Object Status -ne 'Running'
$unhealthy | Format-Table -AutoSize

$byService = $health | Group-Object Service | Select-Object Name,
    @{ Name = 'Running'; Expression = { @($_.Group | Where-Object Status -eq 'Running').Count } },
    @{ Name = 'Total'; Expression = { $_.Count } }
$byService | Format-Table

$healthyCount = ($health | Where-Object Status -EQ 'Running' | Measure-Object).Count
Write-Output ("{0}/{1} service instances healthy" -f $healthyCount, $health.Count)

if ($unhealthy) {
    $unhealthy | ConvertTo-Json -Depth 3 | Out-File ./unhealthy.json
    exit 1
}
