<#
.SYNOPSIS
  Compresses IIS W3C logs per site and per month with tar, ships the archives
  to the log server over ssh, and prunes local copies.
.NOTES
  Uses the bsdtar that ships with Windows (tar.exe) so no extra tools are needed.
#>
param(
    [string]$LogRoot = 'C:\inetpub\logs\LogFiles',
    [string]$Staging = 'D:\LogStaging',
    [string]$Remote = 'logship@logs01.corp.contoso.com',
    [string]$RemotePath = '/srv/iislogs',
    [ValidateRange(2, 365)][int]$KeepLocalDays = 14
)

$ErrorActionPreference = 'Stop'
$hostName = $env:COMPUTERNAME.ToLower()
$thisMonth = Get-Date -Format 'yyMM'

New-Item -ItemType Directory -Path $Staging -Force | Out-Null

$siteDirs = Get-ChildItem -Path $LogRoot -Directory -Filter 'W3SVC*'
$archives = @()

ForEach ($site in $siteDirs) {
    # u_ex240312.log -> month 2403; skip the month still being written
    $byMonth = Get-ChildItem -Path $site.FullName -Filter 'u_ex*.log' |
        Where-Object { $_.Name -match '^u_ex(?<m>\d{4})\d{2}(_x)?\.log$' -and $Matches.m -ne $thisMonth } |
        Group-Object { $_.Name.Substring(4, 4) }

    ForEach ($month in $byMonth) {
        $name = '{0}_{1}_{2}.tgz' -f $hostName, $site.Name, $month.Name
        $archive = Join-Path $Staging $name
        If (Test-Path $archive) { Continue }

        $listFile = Join-Path $Staging "$name.list"
        $month.Group.Name | Set-Content -Path $listFile -Encoding ascii

        tar -czf $archive -C $site.FullName -T $listFile
        If ($LASTEXITCODE -ne 0) {
            Write-Warning "tar failed for $name"
            Remove-Item $archive -ErrorAction SilentlyContinue
            Continue
        }
        Remove-Item $listFile

        $ratio = ($month.Group | Measure-Object Length -Sum).Sum / (Get-Item $archive).Length
        $archives += [pscustomobject]@{
            Archive = $archive
            Files   = $month.Count
            Ratio   = [math]::Round($ratio, 1)
            Sources = $month.Group.FullName
        }
    }
}

$shipped = 0
ForEach ($a in $archives) {
    $leaf = Split-Path $a.Archive -Leaf
    $dest = "${Remote}:$RemotePath/$hostName/"
    ssh -o BatchMode=yes $Remote "mkdir -p $RemotePath/$hostName" 2>$null
    scp -q -o BatchMode=yes $a.Archive $dest
    If ($LASTEXITCODE -eq 0) {
        # verify size on the far side before deleting anything
        $remoteSize = ssh -o BatchMode=yes $Remote "stat -c %s $RemotePath/$hostName/$leaf" 2>$null
        If ([long]$remoteSize -eq (Get-Item $a.Archive).Length) {
            $a.Sources | Remove-Item -Force
            Remove-Item $a.Archive -Force
            $shipped++
            Write-Verbose ("shipped {0} ({1} files, {2}x)" -f $leaf, $a.Files, $a.Ratio)
        } Else {
            Write-Warning "Size mismatch for $leaf (remote '$remoteSize'); keeping local copies"
        }
    } Else {
        Write-Warning "scp failed for $leaf"
    }
}

# Anything left locally past the retention limit goes regardless
$cutoff = (Get-Date).AddDays(-$KeepLocalDays)
$stale = Get-ChildItem -Path $LogRoot -Recurse -Filter 'u_ex*.log' | Where-Object LastWriteTime -lt $cutoff.AddDays(-60)
If ($stale) {
    Write-Warning "$(@($stale).Count) log file(s) older than $($KeepLocalDays + 60) days were never shipped"
}

"Built {0} archive(s), shipped {1}." -f $archives.Count, $shipped
