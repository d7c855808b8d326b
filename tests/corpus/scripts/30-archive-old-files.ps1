<#
.SYNOPSIS
    Moves files not touched in N days from a project share into a dated
    archive tree, preserving relative paths, and writes a manifest.
.PARAMETER Source
    Root of the live share.
.PARAMETER Destination
    Root of the archive share.
.PARAMETER OlderThanDays
    Age threshold based on LastWriteTime.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Container })]
    [string]$Source,

    [Parameter(Mandatory, Position = 1)]
    [string]$Destination,

    [ValidateRange(30, 3650)]
    [int]$OlderThanDays = 365,

    [string[]]$ExcludeExtension = @('.pst', '.lnk', '.tmp'),

    [long]$MinimumSize = 0
)

$cutoff   = (Get-Date).AddDays(-$OlderThanDays)
$runId    = Get-Date -Format 'yyyy-MM-dd'
$manifest = Join-Path $Destination "manifest-$runId.csv"
$srcRoot  = (Resolve-Path -LiteralPath $Source).ProviderPath.TrimEnd('\', '/')

Write-Verbose "Scanning $srcRoot for files older than $($cutoff.ToString('d'))"

$candidates = Get-ChildItem -LiteralPath $srcRoot -File -Recurse -Force -ErrorAction SilentlyContinue -ErrorVariable scanErrors |
    Where-Object {
        $_.LastWriteTime -lt $cutoff -and
        $_.Extension -notin $ExcludeExtension -and
        $_.Length -ge $MinimumSize -and
        -not ($_.Attributes -band [System.IO.FileAttributes]::ReparsePoint)
    }

$total = @($candidates).Count
$bytes = ($candidates | Measure-Object -Property Length -Sum).Sum
Write-Host ("{0:N0} file(s), {1:N2} GB eligible" -f $total, ($bytes / 1GB))

$moved = [System.Collections.Generic.List[pscustomobject]]::new()
$index = 0

foreach ($f in $candidates) {
    $index++
    if ($index % 50 -eq 0) {
        Write-Progress -Activity 'Archiving' -Status $f.Name -PercentComplete ($index / $total * 100)
    }

    $relative = $f.FullName.Substring($srcRoot.Length).TrimStart('\', '/')
    $target = Join-Path $Destination $relative
    $targetDir = Split-Path -Path $target -Parent

    if (-not $PSCmdlet.ShouldProcess($f.FullName, "Move to $target")) { continue }

    try {
        if (-not (Test-Path -LiteralPath $targetDir)) {
            New-Item -ItemType Directory -Path $targetDir -Force | Out-Null
        }
        $hash = (Get-FileHash -LiteralPath $f.FullName -Algorithm SHA256).Hash
        Move-Item -LiteralPath $f.FullName -Destination $target -ErrorAction Stop
        $moved.Add([pscustomobject]@{
            Relative     = $relative
            Size         = $f.Length
            LastWrite    = $f.LastWriteTime.ToString('s')
            Sha256       = $hash
        })
    }
    catch [System.IO.IOException] {
        Write-Warning "Skipped (locked or exists): $relative"
    }
    catch [System.UnauthorizedAccessException] {
        Write-Warning "Skipped (access denied): $relative"
    }
}
Write-Progress -Activity 'Archiving' -Completed

if ($moved.Count) {
    $moved | Export-Csv -LiteralPath $manifest -NoTypeInformation -Append
}

# Remove now-empty folders, deepest first
Get-ChildItem -LiteralPath $srcRoot -Directory -Recurse |
    Sort-Object { $_.FullName.Length } -Descending |
    Where-Object { -not (Get-ChildItem -LiteralPath $_.FullName -Force | Select-Object -First 1) } |
    Remove-Item -WhatIf:$WhatIfPreference

foreach ($e in $scanErrors) { Write-Verbose "Scan error: $($e.TargetObject)" }

[pscustomobject]@{
    Eligible   = $total
    Moved      = $moved.Count
    MovedGB    = [math]::Round((($moved | Measure-Object Size -Sum).Sum ?? 0) / 1GB, 2)
    Manifest   = $manifest
    ScanErrors = @($scanErrors).Count
}
