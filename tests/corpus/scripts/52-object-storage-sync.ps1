# Syncs local export folders to object storage with the aws CLI, verifies
# object counts afterwards, and applies a lifecycle tag to old prefixes.

[CmdletBinding()]
param(
    [string]$Bucket = 's3://corp-exports-prod',
    [string]$LocalRoot = '/data/exports',
    [string]$AwsProfile = 'exports-writer',
    [string[]]$Exclude = @('*.tmp', '*.partial', '.DS_Store'),
    [switch]$DryRun
)

$env:AWS_PAGER = ''
$env:AWS_PROFILE = $AwsProfile

$aws = Get-Command aws -CommandType Application -ErrorAction Stop
Write-Verbose "Using $($aws.Source)"

$folders = Get-ChildItem -Path $LocalRoot -Directory
    | Where-Object { $_.LastWriteTime -gt (Get-Date).AddDays(-7) }
    | Sort-Object Name

$excludeArgs = $Exclude | ForEach-Object { '--exclude', $_ }
$common = @('--only-show-errors', '--storage-class', 'STANDARD_IA') + $excludeArgs
if ($DryRun) { $common += '--dryrun' }

$summary = foreach ($f in $folders) {
    $prefix = "$Bucket/$($f.Name)/"
    $started = Get-Date

    aws s3 sync $f.FullName $prefix @common --delete 2>&1 | Tee-Object -Variable syncOut | Out-Null
    $exit = $LASTEXITCODE

    $localCount = (Get-ChildItem -Path $f.FullName -File -Recurse
        | Where-Object { $n = $_.Name; -not ($Exclude | Where-Object { $n -like $_ }) }
        | Measure-Object).Count

    $listing = aws s3 ls $prefix --recursive --summarize 2>$null
    $remoteCount = ($listing | Select-String -Pattern 'Total Objects:\s+(\d+)').Matches.Groups[1].Value -as [int]
    $remoteBytes = ($listing | Select-String -Pattern 'Total Size:\s+(\d+)').Matches.Groups[1].Value -as [long]

    [pscustomobject]@{
        Folder      = $f.Name
        Exit        = $exit
        Local       = $localCount
        Remote      = $remoteCount
        RemoteMB    = [math]::Round($remoteBytes / 1mb, 1)
        Match       = ($DryRun -or $localCount -eq $remoteCount)
        Seconds     = [int]((Get-Date) - $started).TotalSeconds
        Errors      = ($syncOut | Where-Object { $_ -match 'error' }) -join ' | '
    }
}

$summary | Format-Table Folder, Exit, Local, Remote, RemoteMB, Match, Seconds -AutoSize

# Tag prefixes older than 90 days so the lifecycle rule moves them to Glacier
$cutoff = (Get-Date).AddDays(-90).ToString('yyyy-MM-dd')
$old = aws s3api list-objects-v2 --bucket ($Bucket -replace '^s3://', '') --delimiter '/' --query 'CommonPrefixes[].Prefix' --output json
    | ConvertFrom-Json
    | Where-Object { $_ -match '^(\d{4}-\d{2}-\d{2})/' -and $Matches[1] -lt $cutoff }

foreach ($p in $old) {
    Write-Verbose "Tagging prefix $p for archive"
    if (-not $DryRun) {
        aws s3api put-object-tagging --bucket ($Bucket -replace '^s3://', '') --key "$p.archive-marker" `
            --tagging 'TagSet=[{Key=lifecycle,Value=archive}]' *> $null
    }
}

$failed = $summary | Where-Object { $_.Exit -ne 0 -or -not $_.Match }
if ($failed) {
    $failed | ForEach-Object { Write-Warning "Sync problem in $($_.Folder): exit $($_.Exit), local $($_.Local) vs remote $($_.Remote)" }
    exit 1
}

"Synced {0} folder(s), {1:N1} MB total" -f @($summary).Count, ($summary | Measure-Object RemoteMB -Sum).Sum
