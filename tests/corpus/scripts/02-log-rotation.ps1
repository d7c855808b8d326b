<#
    Rotates application logs: compresses anything older than a day,
    deletes archives past the retention window, and keeps a small
    state file so repeated runs are cheap.
#>
[CmdletBinding(SupportsShouldProcess)]
param (
    [ValidateScript({ Test-Path -Path $_ -PathType Container })]
    [string]$LogRoot = '/var/log/myapp',

    [ValidateRange(1, 365)]
    [int]$RetentionDays = 30,

    [string[]]$Include = @('*.log', '*.txt'),

    [long]$MaxActiveSize = 50mb
)

$statePath = Join-Path $LogRoot '.rotation-state.json'
$state = if (Test-Path $statePath) {
    Get-Content $statePath -Raw | ConvertFrom-Json -AsHashtable
} else {
    @{ LastRun = $null; Rotated = 0 }
}

function Get-ArchiveName
{
    param([System.IO.FileInfo]$File)
    $stamp = $File.LastWriteTime.ToString('yyyyMMdd-HHmmss')
    return [System.IO.Path]::Combine($File.DirectoryName, "$($File.BaseName)-$stamp.zip")
}

$now = [datetime]::Now
$rotated = 0
$skipped = 0

$candidates = Get-ChildItem -Path $LogRoot -Include $Include -Recurse -File
$candidates = $candidates | Where-Object {
    ($_.LastWriteTime -lt $now.AddDays(-1)) -or ($_.Length -gt $MaxActiveSize)
}

foreach ($file in $candidates)
{
    $archive = Get-ArchiveName -File $file
    if (Test-Path $archive)
    {
        $skipped++
        continue
    }
    if ($PSCmdlet.ShouldProcess($file.FullName, 'Compress and remove'))
    {
        try
        {
            Compress-Archive -Path $file.FullName -DestinationPath $archive -CompressionLevel Optimal
            Remove-Item -Path $file.FullName -Force
            $rotated++
        }
        catch [System.IO.IOException]
        {
            Write-Warning "File in use, will retry next run: $($file.Name)"
        }
        catch
        {
            Write-Error "Failed to rotate $($file.FullName): $_"
        }
    }
}

# Purge old archives
$expired = Get-ChildItem -Path $LogRoot -Filter '*.zip' -Recurse |
    Where-Object LastWriteTime -lt $now.AddDays(-$RetentionDays)

$freed = ($expired | Measure-Object -Property Length -Sum).Sum ?? 0
$expired | Remove-Item -WhatIf:$WhatIfPreference -Verbose:($VerbosePreference -eq 'Continue')

$state.LastRun = $now.ToString('o')
$state.Rotated = [int]$state.Rotated + $rotated
$state | ConvertTo-Json | Set-Content -Path $statePath -Encoding utf8

$message = @"
Log rotation complete on $env:HOSTNAME
  Root:         $LogRoot
  Rotated:      $rotated
  Skipped:      $skipped
  Purged:       $($expired.Count) archive(s), $([math]::Round($freed / 1mb, 2)) MB
  Total so far: $($state.Rotated)
"@
Write-Host $message

if ($rotated -eq 0 -and $expired.Count -eq 0) {
    Write-Verbose 'Nothing to do this run.'
}
