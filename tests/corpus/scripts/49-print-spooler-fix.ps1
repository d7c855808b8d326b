<#
    Print spooler first aid for the branch print servers.
    - clears stuck jobs
    - restarts the spooler
    - re-applies the driver isolation setting via printui / sc with raw args
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, ValueFromPipeline)]
    [string[]]$PrintServer,

    [ValidateSet('Clear', 'Restart', 'Full', IgnoreCase = $false)]
    [string]$Action = 'Full',

    [ValidateRange(1, 1440)]
    [int]$StuckMinutes = 30
)

process {
    foreach ($srv in $PrintServer) {
        Write-Host "=== $srv ($Action) ===" -ForegroundColor Cyan

        $result = Invoke-Command -ComputerName $srv -ArgumentList $Action, $StuckMinutes -ScriptBlock {
            param($Action, $StuckMinutes)
            $log = @()

            switch -Exact ($Action) {
                'Clear' { $doClear = $true; $doRestart = $false }
                'Restart' { $doClear = $false; $doRestart = $true }
                'Full' { $doClear = $true; $doRestart = $true }
            }

            if ($doClear) {
                $limit = (Get-Date).AddMinutes(-$StuckMinutes)
                $stuck = Get-Printer | ForEach-Object {
                    Get-PrintJob -PrinterName $_.Name -ErrorAction SilentlyContinue |
                        Where-Object { $_.SubmittedTime -lt $limit -or $_.JobStatus -match 'Error|Deleting' }
                }
                foreach ($j in $stuck) {
                    Remove-PrintJob -InputObject $j -ErrorAction SilentlyContinue
                    $log += "removed job $($j.Id) on $($j.PrinterName) ($($j.DocumentName))"
                }
            }

            if ($doRestart) {
                Stop-Service -Name Spooler -Force
                Get-ChildItem "$env:SystemRoot\System32\spool\PRINTERS" -File -ErrorAction SilentlyContinue |
                    Remove-Item -Force -ErrorAction SilentlyContinue
                # sc.exe needs "start= auto" exactly as written; stop PowerShell parsing it
                sc.exe --% config Spooler start= auto depend= RPCSS/http
                sc.exe --% failure Spooler reset= 86400 actions= restart/60000/restart/60000/""/0
                Start-Service -Name Spooler
                $log += "spooler restarted, state $((Get-Service Spooler).Status)"
            }

            # Classify the drivers so we can spot the ones that keep crashing the spooler
            Get-PrinterDriver | ForEach-Object {
                $kind = switch -CaseSensitive -Regex ($_.Name) {
                    '^HP '      { 'HP' }
                    '^Xerox'    { 'Xerox' }
                    'PCL6|PCL 6' { 'PCL6' }
                    'PS$|PostScript' { 'PostScript' }
                    default     { 'other' }
                }
                [pscustomobject]@{ Driver = $_.Name; Kind = $kind; Isolation = $_.PrinterEnvironment }
            } | Group-Object Kind | ForEach-Object { $log += "drivers $($_.Name): $($_.Count)" }

            $log
        }

        $result | ForEach-Object { "  $_" }

        $svc = Invoke-Command -ComputerName $srv -ScriptBlock { Get-Service -Name Spooler } -ErrorAction SilentlyContinue
        if ($svc -and "$($svc.Status)" -eq 'Running') {
            Write-Host "  OK" -ForegroundColor Green
        }
        else {
            Write-Warning "  Spooler on $srv is not running"
        }
    }
}
