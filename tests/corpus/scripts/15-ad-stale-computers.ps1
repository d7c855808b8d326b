#Requires -Modules ActiveDirectory
<#
.SYNOPSIS
    Finds and optionally disables stale computer accounts in Active Directory.
.DESCRIPTION
    A computer is considered stale when its lastLogonTimestamp and password
    last-set date are both older than the threshold. Disabled objects are
    moved to a quarantine OU and tagged in the description field.
#>
[CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'Report')]
Param
(
    [Parameter(ParameterSetName = 'Report')]
    [Parameter(ParameterSetName = 'Disable')]
    [ValidateRange(30, 730)]
    [Int]$Days = 120,

    [Parameter(Mandatory = $true, ParameterSetName = 'Disable')]
    [Switch]$Disable,

    [Parameter(ParameterSetName = 'Disable')]
    [ValidateNotNullOrEmpty()]
    [String]$QuarantineOU = 'OU=Quarantine,OU=Computers,DC=corp,DC=contoso,DC=com',

    [String[]]$ExcludeNamePattern = @('*-CLU*', 'DC*', '*-SQL-AG*')
)

Import-Module ActiveDirectory -ErrorAction Stop

$cutoff = (Get-Date).AddDays(-$Days)
$filetime = $cutoff.ToFileTimeUtc()

$properties = 'lastLogonTimestamp', 'pwdLastSet', 'OperatingSystem', 'Description', 'whenCreated'
$computers = Get-ADComputer -Filter "lastLogonTimestamp -lt $filetime -and Enabled -eq 'True'" -Properties $properties

$stale = ForEach ($c in $computers)
{
    $skip = $false
    ForEach ($pattern in $ExcludeNamePattern)
    {
        If ($c.Name -like $pattern) { $skip = $true; Break }
    }
    If ($skip) { Continue }

    $pwdSet = [datetime]::FromFileTime($c.pwdLastSet)
    If ($pwdSet -gt $cutoff) { Continue }

    [PSCustomObject]@{
        Name          = $c.Name
        DN            = $c.DistinguishedName
        OS            = $c.OperatingSystem
        LastLogon     = [datetime]::FromFileTime($c.lastLogonTimestamp)
        PasswordSet   = $pwdSet
        Created       = $c.whenCreated
    }
}

Write-Verbose "Found $(@($stale).Count) stale computer(s) older than $Days days"

Switch ($PSCmdlet.ParameterSetName)
{
    'Report'
    {
        $stale |
            Sort-Object LastLogon |
            Format-Table Name, OS, @{ Label = 'Last logon'; Expression = { $_.LastLogon.ToString('yyyy-MM-dd') } }, PasswordSet
    }
    'Disable'
    {
        $stamp = Get-Date -Format 'yyyy-MM-dd'
        $done = 0
        ForEach ($s in $stale)
        {
            If ($PSCmdlet.ShouldProcess($s.Name, "Disable and move to $QuarantineOU"))
            {
                Try
                {
                    Disable-ADAccount -Identity $s.DN -ErrorAction Stop
                    Set-ADComputer -Identity $s.DN -Description "Disabled $stamp by stale-cleanup (last logon $($s.LastLogon.ToShortDateString()))"
                    Move-ADObject -Identity $s.DN -TargetPath $QuarantineOU
                    $done++
                }
                Catch [Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException]
                {
                    Write-Warning "Object vanished: $($s.Name)"
                }
                Catch
                {
                    Write-Error -Message "Failed on $($s.Name)" -Exception $_.Exception
                }
            }
        }
        "Disabled $done of $(@($stale).Count) computer account(s)."
    }
}
