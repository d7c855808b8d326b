#Requires -Modules ActiveDirectory
<#
.SYNOPSIS
    Creates AD accounts for new starters listed in a CSV from HR.
.DESCRIPTION
    For each row: derive a unique sAMAccountName, create the user in the OU
    mapped from the department, add default groups, set a temporary password
    and write a hand-over sheet per manager.
.PARAMETER CsvPath
    CSV with columns FirstName, LastName, Department, Title, Manager, StartDate.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateScript({
        if (-not (Test-Path $_)) { throw "File not found: $_" }
        if ($_ -notmatch '\.csv$') { throw 'Expected a .csv file' }
        $true
    })]
    [string]$CsvPath,

    [string]$UpnSuffix = 'contoso.com',

    [string]$HandoverDir = '.\handover'
)

$ouMap = @{
    'Finance'     = 'OU=Finance,OU=Staff,DC=corp,DC=contoso,DC=com'
    'Engineering' = 'OU=Engineering,OU=Staff,DC=corp,DC=contoso,DC=com'
    'Sales'       = 'OU=Sales,OU=Staff,DC=corp,DC=contoso,DC=com'
}
$defaultGroups = @('All Staff', 'VPN Users')
$deptGroups = @{
    Finance     = @('Finance-RW', 'ERP Users')
    Engineering = @('Git Users', 'Build Agents RO')
    Sales       = @('CRM Users')
}

function Get-UniqueSam {
    param([string]$First, [string]$Last)
    $clean = { param($s) ($s.Normalize([Text.NormalizationForm]::FormD) -replace '\p{Mn}', '' -replace '[^A-Za-z]', '').ToLower() }
    $base = (& $clean $First).Substring(0, 1) + (& $clean $Last)
    $base = $base.Substring(0, [math]::Min(18, $base.Length))
    $candidate = $base
    $n = 1
    while (Get-ADUser -Filter "SamAccountName -eq '$candidate'" -ErrorAction SilentlyContinue) {
        $n++
        $candidate = "$base$n"
    }
    $candidate
}

$rows = Import-Csv -Path $CsvPath
New-Item -ItemType Directory -Path $HandoverDir -Force | Out-Null
$created = @()

foreach ($r in $rows) {
    $ou = $ouMap[$r.Department]
    if (-not $ou) {
        Write-Warning "Unknown department '$($r.Department)' for $($r.FirstName) $($r.LastName); skipped"
        continue
    }

    $sam = Get-UniqueSam -First $r.FirstName -Last $r.LastName
    $temp = 'Welcome-{0}-{1}!' -f (Get-Random -Minimum 1000 -Maximum 9999), (Get-Date).ToString('MMdd')
    $manager = Get-ADUser -Filter "DisplayName -eq '$($r.Manager)'" -ErrorAction SilentlyContinue | Select-Object -First 1

    $newUser = @{
        Name                  = "$($r.FirstName) $($r.LastName)"
        GivenName             = $r.FirstName
        Surname               = $r.LastName
        SamAccountName        = $sam
        UserPrincipalName     = "$sam@$UpnSuffix"
        Path                  = $ou
        Title                 = $r.Title
        Department            = $r.Department
        AccountPassword       = ConvertTo-SecureString $temp -AsPlainText -Force
        ChangePasswordAtLogon = $true
        Enabled               = $true
    }
    if ($manager) { $newUser.Manager = $manager.DistinguishedName }

    if ($PSCmdlet.ShouldProcess($newUser.Name, "Create $sam in $ou")) {
        New-ADUser @newUser -ErrorAction Stop
        foreach ($g in $defaultGroups + $deptGroups[$r.Department]) {
            Add-ADGroupMember -Identity $g -Members $sam
        }
        $created += [pscustomobject]@{ Name = $newUser.Name; Sam = $sam; Temp = $temp; Manager = $r.Manager; Start = $r.StartDate }
    }
}

$created | Group-Object Manager | ForEach-Object {
    $file = Join-Path $HandoverDir (($_.Name -replace '\W', '_') + '.txt')
    $_.Group | ForEach-Object { "{0,-25} {1,-15} {2,-22} starts {3}" -f $_.Name, $_.Sam, $_.Temp, $_.Start } |
        Set-Content -Path $file
}
"Created $($created.Count) account(s)."
