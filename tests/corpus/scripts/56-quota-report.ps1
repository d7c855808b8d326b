Filter Format-Bytes
{
    Param([int]$Decimals = 1)
    $units = 'B', 'KB', 'MB', 'GB', 'TB'
    $value = [double]$_
    $i = 0
    While ($value -ge 1024 -and $i -lt $units.Count - 1)
    {
        $value /= 1024
        $i++
    }
    "{0:N$Decimals} {1}" -f $value, $units[$i]
}

Function Get-FolderSize
{
    [CmdletBinding()]
    Param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [System.IO.DirectoryInfo]$Folder
    )
    Process
    {
        $sum = 0L
        $count = 0
        Try
        {
            $enum = [System.IO.Directory]::EnumerateFiles($Folder.FullName, '*', [System.IO.SearchOption]::AllDirectories)
            ForEach ($f in $enum)
            {
                Try { $sum += ([System.IO.FileInfo]::new($f)).Length; $count++ } Catch { }
            }
        }
        Catch [System.UnauthorizedAccessException]
        {
            Write-Warning "Partial result for $($Folder.Name): access denied somewhere below"
        }
        [PSCustomObject]@{
            Name  = $Folder.Name
            Path  = $Folder.FullName
            Bytes = $sum
            Files = $count
        }
    }
}

# ---- main ------------------------------------------------------------------

$HomeRoot = '\\fs01\home$'
$SoftLimit = 5GB
$HardLimit = 8GB
$Report = Join-Path $env:TEMP 'home-quota.csv'

$sizes = Get-ChildItem -Path $HomeRoot -Directory | Get-FolderSize

$rows = ForEach ($s in $sizes)
{
    $state = Switch ($s.Bytes)
    {
        { $_ -ge $HardLimit } { 'OVER HARD'; Break }
        { $_ -ge $SoftLimit } { 'over soft'; Break }
        { $_ -lt 10MB }       { 'tiny'; Break }
        Default               { 'ok' }
    }
    [PSCustomObject]@{
        User   = $s.Name
        Size   = $s.Bytes | Format-Bytes
        Files  = $s.Files
        Pct    = [math]::Round($s.Bytes / $HardLimit * 100)
        State  = $state
        Bytes  = $s.Bytes
    }
}

$rows | Sort-Object Bytes -Descending | Select-Object -First 25 User, Size, Files, Pct, State | Format-Table -AutoSize
$rows | Export-Csv -Path $Report -NoTypeInformation

$total = ($rows | Measure-Object Bytes -Sum).Sum
Write-Host ("Total home usage: {0} across {1} folders" -f ($total | Format-Bytes -Decimals 2), $rows.Count)

$offenders = $rows | Where-Object State -In 'OVER HARD', 'over soft'
If ($offenders)
{
    # Top file types for the worst offender, to give the user something actionable
    $worst = $offenders | Sort-Object Bytes -Descending | Select-Object -First 1
    Get-ChildItem -Path (Join-Path $HomeRoot $worst.User) -File -Recurse -ErrorAction SilentlyContinue |
        Group-Object Extension |
        ForEach-Object {
            [PSCustomObject]@{
                Extension = $_.Name ? $_.Name : '(none)'
                Count     = $_.Count
                Bytes     = ($_.Group | Measure-Object Length -Sum).Sum
            }
        } |
        Sort-Object Bytes -Descending |
        Select-Object -First 8 Extension, Count, @{ Name = 'Size'; Expression = { $_.Bytes | Format-Bytes } } |
        Format-Table -AutoSize
}

"Report: $Report"
