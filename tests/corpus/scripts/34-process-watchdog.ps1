<#
.SYNOPSIS
    Keeps a set of worker processes alive, restarting them with backoff
    when they exit, and caps restarts per hour.
.NOTES
    Run under a service wrapper (nssm / systemd). Ctrl+C to stop.
#>
param(
    [string]$DefinitionFile = "$PSScriptRoot/workers.json",
    [int]$PollSeconds = 10,
    [int]$MaxRestartsPerHour = 6
)

$script:restartLog = @{}
$global:WatchdogRunning = $true

$definitions = Get-Content $DefinitionFile -Raw | ConvertFrom-Json
# [{ "name": "ingest", "path": "/opt/app/bin/ingest", "args": ["--queue", "raw"], "cwd": "/opt/app" }]

function Start-Worker {
    param([Parameter(Mandatory)] $Def)
    $psi = @{
        FilePath         = $Def.path
        ArgumentList     = $Def.args
        WorkingDirectory = $Def.cwd ?? (Split-Path $Def.path)
        PassThru         = $true
        RedirectStandardOutput = "/var/log/watchdog/$($Def.name).out"
        RedirectStandardError  = "/var/log/watchdog/$($Def.name).err"
    }
    $p = Start-Process @psi
    Write-Host ('{0:HH:mm:ss} started {1} pid {2}' -f (Get-Date), $Def.name, $p.Id)
    $p
}

function Test-RestartBudget {
    param([string]$Name)
    $window = (Get-Date).AddHours(-1)
    $script:restartLog[$Name] = @($script:restartLog[$Name] | Where-Object { $_ -gt $window })
    return $script:restartLog[$Name].Count -lt $MaxRestartsPerHour
}

$running = @{}
foreach ($d in $definitions) {
    $running[$d.name] = Start-Worker -Def $d
}

try {
    while ($global:WatchdogRunning) {
        Start-Sleep -Seconds $PollSeconds

        foreach ($d in $definitions) {
            $proc = $running[$d.name]
            if ($proc -and -not $proc.HasExited) { continue }

            $code = ${proc}?.ExitCode
            Write-Warning "$($d.name) exited with code $code"

            if (-not (Test-RestartBudget -Name $d.name)) {
                Write-Error "$($d.name) exceeded $MaxRestartsPerHour restarts/hour; leaving it down." -ErrorAction Continue
                $running[$d.name] = $null
                continue
            }

            $attempts = @($script:restartLog[$d.name]).Count
            $delay = [math]::Min(60, [math]::Pow(2, $attempts))
            Start-Sleep -Seconds $delay
            $script:restartLog[$d.name] += Get-Date
            $running[$d.name] = Start-Worker -Def $d
        }

        $alive = @($running.Values | Where-Object { $_ -and -not $_.HasExited }).Count
        if ($alive -eq 0) {
            Write-Error 'All workers are down; exiting watchdog.'
            break
        }
    }
}
finally {
    Write-Host 'Stopping workers...'
    foreach ($p in $running.Values) {
        if ($p -and -not $p.HasExited) {
            Stop-Process -Id $p.Id -ErrorAction SilentlyContinue
            $p.WaitForExit(5000) | Out-Null
        }
    }
}
