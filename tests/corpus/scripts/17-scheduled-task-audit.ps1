<#
.SYNOPSIS
    Audits scheduled tasks on member servers for risky run-as accounts and
    tasks that have been failing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory, ValueFromPipeline)]
    [string[]]$ComputerName,

    [string[]]$AllowedPrincipal = @('SYSTEM', 'LOCAL SERVICE', 'NETWORK SERVICE', 'CORP\svc-tasks'),

    [switch]$IncludeMicrosoft
)

begin
{
    $targets = @()
}

process
{
    $targets += $ComputerName
}

end
{
    $raw = Invoke-Command -ComputerName $targets -ErrorAction SilentlyContinue -ScriptBlock {
        $includeMs = $using:IncludeMicrosoft
        Get-ScheduledTask | Where-Object { $includeMs -or $_.TaskPath -notlike '\Microsoft\*' } | ForEach-Object {
            $info = $_ | Get-ScheduledTaskInfo -ErrorAction SilentlyContinue
            [pscustomobject]@{
                Task       = $_.TaskPath + $_.TaskName
                State      = "$($_.State)"
                RunAs      = $_.Principal.UserId
                RunLevel   = "$($_.Principal.RunLevel)"
                LastRun    = $info.LastRunTime
                LastResult = $info.LastTaskResult
                Actions    = ($_.Actions | ForEach-Object { "$($_.Execute) $($_.Arguments)".Trim() }) -join ' && '
            }
        }
    }

    $findings = foreach ($t in $raw)
    {
        $issues = [System.Collections.Generic.List[string]]::new()

        if ($t.RunAs -and ($t.RunAs -notin $AllowedPrincipal))
        {
            $issues.Add("runs as $($t.RunAs)")
        }
        if ($t.RunLevel -eq 'Highest' -and $t.RunAs -notmatch '^(SYSTEM|S-1-5-18)$')
        {
            $issues.Add('elevated as non-system')
        }
        switch ($t.LastResult)
        {
            0          { }
            267009     { }   # currently running
            267011     { $issues.Add('never run') }
            $null      { }
            default    { $issues.Add(('last result 0x{0:X8}' -f $_)) }
        }
        if ($t.Actions -match '(?i)\\\\[^\\]+\\.*\.(ps1|bat|cmd)')
        {
            $issues.Add('runs script from UNC path')
        }

        if ($issues.Count)
        {
            [pscustomobject]@{
                Computer = $t.PSComputerName
                Task     = $t.Task
                Issues   = $issues -join '; '
            }
        }
    }

    $findings | Sort-Object Computer, Task | Format-Table -Wrap -AutoSize
    $findings | Group-Object Computer | ForEach-Object {
        Write-Host ("{0}: {1} finding(s)" -f $_.Name, $_.Count) -ForegroundColor Yellow
    }
}
