Function Get-ShareAclReport
{
<#
.SYNOPSIS
    Flattens NTFS ACLs under each SMB share into a CSV-friendly list.
.PARAMETER Depth
    How many folder levels beneath each share root to walk.
#>
    [CmdletBinding()]
    Param
    (
        [Parameter(Position = 0)]
        [String[]]$ShareName = '*',

        [ValidateRange(0, 5)]
        [Int]$Depth = 1,

        [Switch]$SkipInherited
    )

    $shares = Get-SmbShare -Name $ShareName -Special $false -ErrorAction SilentlyContinue |
        Where-Object { $_.Path -and $_.ShareType -eq 'FileSystemDirectory' }

    ForEach ($share in $shares)
    {
        Write-Progress -Activity 'Reading ACLs' -Status $share.Name -PercentComplete (([array]::IndexOf($shares, $share) + 1) / $shares.Count * 100)

        $folders = @(Get-Item -LiteralPath $share.Path)
        If ($Depth -gt 0)
        {
            $folders += Get-ChildItem -LiteralPath $share.Path -Directory -Depth ($Depth - 1) -ErrorAction SilentlyContinue
        }

        ForEach ($folder in $folders)
        {
            Try
            {
                $acl = Get-Acl -LiteralPath $folder.FullName
            }
            Catch [System.UnauthorizedAccessException]
            {
                [PSCustomObject]@{
                    Share = $share.Name; Path = $folder.FullName; Identity = '<access denied>'
                    Rights = ''; Type = ''; Inherited = $null
                }
                Continue
            }

            ForEach ($ace in $acl.Access)
            {
                If ($SkipInherited -and $ace.IsInherited) { Continue }
                [PSCustomObject]@{
                    Share     = $share.Name
                    Path      = $folder.FullName
                    Identity  = "$($ace.IdentityReference)"
                    Rights    = $ace.FileSystemRights -replace ', Synchronize', ''
                    Type      = "$($ace.AccessControlType)"
                    Inherited = $ace.IsInherited
                }
            }
        }
    }
    Write-Progress -Activity 'Reading ACLs' -Completed
}

$report = Get-ShareAclReport -Depth 2 -SkipInherited:$false -Verbose
$csv = "C:\Reports\share-acl-$(Get-Date -Format yyyyMMdd).csv"
$report | Export-Csv -Path $csv -NoTypeInformation

# Flag wide-open permissions
$risky = $report | Where-Object {
    $_.Identity -match '^(Everyone|BUILTIN\\Users|NT AUTHORITY\\Authenticated Users)$' -and
    $_.Rights -match 'FullControl|Modify|Write'
}

If ($risky)
{
    Write-Warning "$(@($risky).Count) risky ACE(s) found"
    $risky | Format-Table Share, Path, Identity, Rights -AutoSize
}
Else
{
    Write-Host 'No broad write permissions found.'
}

# Fix-up for a known share
If ($risky.Share -contains 'Public')
{
    icacls.exe D:\Shares\Public /remove:g Everyone /T /C /Q
    icacls.exe D:\Shares\Public /grant 'CORP\Domain Users:(OI)(CI)RX' /T /C /Q
}
