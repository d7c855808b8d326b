Function Clear-TempLocation
{
    <#
    .SYNOPSIS
    Removes files older than a given age from well-known temp locations.
    .OUTPUTS
    One object per location with counts and bytes freed.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([PSCustomObject])]
    Param
    (
        [Parameter(ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [String[]]$Path,

        [ValidateRange(0, 365)]
        [Int]$OlderThanDays = 7,

        [Switch]$IncludeUserProfiles
    )

    Begin
    {
        $locations = [System.Collections.Generic.List[string]]::new()
        $cutoff = (Get-Date).AddDays(-$OlderThanDays)
    }

    Process
    {
        ForEach ($p in $Path) { $locations.Add($p) }
    }

    End
    {
        If ($locations.Count -eq 0)
        {
            $locations.Add($env:TEMP)
            $locations.Add("$env:SystemRoot\Temp")
            $locations.Add("$env:SystemRoot\SoftwareDistribution\Download")
            If ($IncludeUserProfiles)
            {
                Get-ChildItem "$env:SystemDrive\Users" -Directory |
                    ForEach-Object { Join-Path $_.FullName 'AppData\Local\Temp' } |
                    Where-Object { Test-Path $_ } |
                    ForEach-Object { $locations.Add($_) }
            }
        }

        ForEach ($loc in ($locations | Select-Object -Unique))
        {
            $files = Get-ChildItem -LiteralPath $loc -File -Recurse -Force -ErrorAction SilentlyContinue |
                Where-Object LastWriteTime -lt $cutoff
            $count = 0
            $bytes = 0L
            $failed = 0

            ForEach ($f in $files)
            {
                If ($PSCmdlet.ShouldProcess($f.FullName, 'Delete'))
                {
                    Try
                    {
                        $size = $f.Length
                        Remove-Item -LiteralPath $f.FullName -Force -ErrorAction Stop
                        $count++
                        $bytes += $size
                    }
                    Catch
                    {
                        $failed++
                    }
                }
            }

            [PSCustomObject]@{
                Location = $loc
                Deleted  = $count
                Failed   = $failed
                FreedMB  = [math]::Round($bytes / 1MB, 1)
            }
        }
    }
}

$before = (Get-PSDrive -Name ($env:SystemDrive.TrimEnd(':'))).Free
$results = Clear-TempLocation -OlderThanDays 3 -IncludeUserProfiles -Confirm:$false
$after = (Get-PSDrive -Name ($env:SystemDrive.TrimEnd(':'))).Free

$results | Format-Table -AutoSize
"Freed {0:N1} MB in total; drive gained {1:N1} MB" -f (($results | Measure-Object FreedMB -Sum).Sum), (($after - $before) / 1MB)

# cleanmgr for the rest, using a preconfigured profile
cleanmgr.exe /sagerun:42
Dism.exe /Online /Cleanup-Image /StartComponentCleanup /Quiet 2>&1 > "$env:TEMP\dism-cleanup.log"
