<#
.SYNOPSIS
    Caches expensive inventory queries in Clixml files with a time-to-live so
    interactive reports are fast. Exposes Get-CachedData for other scripts.
#>

$script:CacheRoot = Join-Path ([System.IO.Path]::GetTempPath()) 'ops-cache'
$script:CacheHits = 0
$script:CacheMisses = 0

function Get-CachedData
{
    [CmdletBinding()]
    param
    (
        [Parameter(Mandatory, Position = 0)]
        [ValidatePattern('^[\w\-\.]+$')]
        [string]$Key,

        [Parameter(Mandatory, Position = 1)]
        [scriptblock]$Source,

        [timespan]$MaxAge = (New-TimeSpan -Hours 4),

        [switch]$Refresh
    )

    if (-not (Test-Path $script:CacheRoot))
    {
        New-Item -ItemType Directory -Path $script:CacheRoot | Out-Null
    }

    $file = Join-Path $script:CacheRoot "$Key.clixml"
    $fresh = (Test-Path $file) -and ((Get-Item $file).LastWriteTime -gt (Get-Date) - $MaxAge)

    if ($fresh -and -not $Refresh)
    {
        $script:CacheHits++
        Write-Verbose "cache hit: $Key"
        return Import-Clixml -Path $file
    }

    $script:CacheMisses++
    Write-Verbose "cache miss: $Key"
    $data = & $Source
    try
    {
        $data | Export-Clixml -Path "$file.tmp" -Depth 5
        Move-Item -Path "$file.tmp" -Destination $file -Force
    }
    catch [System.IO.IOException]
    {
        Write-Warning "Could not write cache for ${Key}: $($_.Exception.Message)"
    }
    return $data
}

function Clear-Cache
{
    param([string]$Pattern = '*')
    Get-ChildItem -Path $script:CacheRoot -Filter "$Pattern.clixml" -ErrorAction SilentlyContinue | Remove-Item -Force
}

# ---------------------------------------------------------------------------
# Example report built on the cache

$servers = Get-CachedData -Key 'server-list' -MaxAge ([timespan]::FromDays(1)) -Source {
    Get-ADComputer -Filter "OperatingSystem -like '*Server*' -and Enabled -eq 'True'" -Properties OperatingSystem |
        Select-Object Name, OperatingSystem, DNSHostName
}

$uptime = Get-CachedData 'uptime' {
    Invoke-Command -ComputerName $servers.DNSHostName -ErrorAction SilentlyContinue -ScriptBlock {
        [pscustomobject]@{ Boot = (Get-CimInstance Win32_OperatingSystem).LastBootUpTime }
    } | Select-Object @{ n = 'Server'; e = { $_.PSComputerName } }, Boot
} -MaxAge (New-TimeSpan -Minutes 30)

$report = $servers | ForEach-Object {
    $name = $_.DNSHostName
    $u = $uptime | Where-Object Server -eq $name | Select-Object -First 1
    [pscustomobject]@{
        Server     = $_.Name
        OS         = $_.OperatingSystem -replace 'Windows Server ', 'WS'
        UptimeDays = if ($u) { [math]::Round(((Get-Date) - $u.Boot).TotalDays, 1) } else { $null }
    }
}

$report |
    Sort-Object UptimeDays -Descending |
    Select-Object -First 20 |
    Format-Table -AutoSize

$report | Group-Object OS | Sort-Object Name | Format-Table Count, Name -AutoSize

"cache: {0} hit(s), {1} miss(es), stored in {2}" -f $script:CacheHits, $script:CacheMisses, $script:CacheRoot
