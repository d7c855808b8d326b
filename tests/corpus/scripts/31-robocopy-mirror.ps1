# Mirrors a set of folders to a DR file server with robocopy and parses the
# summary block out of each log so the job history is searchable.

param(
    [string]$JobFile = "$PSScriptRoot\mirror-jobs.csv",
    [string]$LogDir = 'E:\Logs\Robocopy',
    [ValidateRange(1, 128)]
    [int]$Threads = 16,
    [switch]$ListOnly
)

if (!(Test-Path $LogDir)) { mkdir $LogDir | Out-Null }

$jobs = Import-Csv -Path $JobFile   # columns: Name,Source,Target,Exclude
$history = @()

:job foreach ($job in $jobs)
{
    foreach ($p in $job.Source, $job.Target)
    {
        if (-not (Test-Path -LiteralPath (Split-Path $p -Qualifier -ErrorAction SilentlyContinue) -ErrorAction SilentlyContinue) -and $p -notlike '\\*')
        {
            Write-Warning "[$($job.Name)] path not reachable: $p"
            continue job
        }
    }

    $log = Join-Path $LogDir ("{0}_{1:yyyyMMdd_HHmm}.log" -f $job.Name, (Get-Date))
    $rcArgs = [System.Collections.Generic.List[string]]@(
        $job.Source, $job.Target,
        '/MIR', '/COPY:DATSO', '/DCOPY:DAT', '/R:2', '/W:5', "/MT:$Threads",
        '/NP', '/NDL', '/TEE', "/UNILOG:$log"
    )
    if ($job.Exclude) {
        $rcArgs.Add('/XD')
        $job.Exclude -split ';' | ForEach-Object { $rcArgs.Add($_.Trim()) }
    }
    if ($ListOnly) { $rcArgs.Add('/L') }

    Write-Host "==> $($job.Name): $($job.Source) -> $($job.Target)"
    & robocopy.exe @rcArgs | Out-Null
    $code = $LASTEXITCODE

    # Robocopy exit codes are bit flags; 8 and above means failure.
    $meaning = switch ($code)
    {
        0 { 'No change' }
        1 { 'Files copied' }
        2 { 'Extra files' }
        3 { 'Copied + extra' }
        { $_ -band 8 } { 'FAILED copies' }
        { $_ -band 16 } { 'FATAL error' }
        default { 'Mismatches' }
    }

    $summary = @{}
    switch -Regex -File $log
    {
        '^\s+(Dirs|Files|Bytes)\s*:\s+(.+)$'
        {
            $cols = $Matches[2].Trim() -split '\s{2,}'
            $summary[$Matches[1]] = [pscustomobject]@{
                Total = $cols[0]; Copied = $cols[1]; Skipped = $cols[2]; Failed = $cols[4]
            }
        }
        '^\s+Ended\s*:\s+(.+)$'
        {
            $summary['Ended'] = $Matches[1]
        }
    }

    $filesRow = $summary['Files']
    $history += [pscustomobject]@{
        Job          = $job.Name
        ExitCode     = $code
        Result       = $meaning
        FilesCopied  = ${filesRow}?.Copied
        FilesFailed  = ${filesRow}?.Failed
        BytesCopied  = $summary['Bytes'].Copied
        Log          = $log
    }

    if ($code -ge 8)
    {
        Write-Error "[$($job.Name)] robocopy exit $code ($meaning); see $log" -ErrorAction Continue
    }
}

$history | Format-Table Job, ExitCode, Result, FilesCopied, FilesFailed, BytesCopied -AutoSize
$history | Export-Csv -Path (Join-Path $LogDir 'history.csv') -Append -NoTypeInformation

$worst = ($history | Measure-Object ExitCode -Maximum).Maximum
exit ([int]($worst -ge 8))
