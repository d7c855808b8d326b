using namespace System.Collections.Generic
using namespace System.Security.Principal

<#
.SYNOPSIS
    Lists members of the local Administrators group on many machines and
    compares them with an approved list.
#>
param(
    [Parameter(Mandatory)]
    [string[]]$ComputerName,
    [string[]]$Approved = @('CORP\Domain Admins', 'CORP\Server Admins', 'Administrator'),
    [string]$ExportTo
)

$found = [List[pscustomobject]]::new()
$errors = [Dictionary[string, string]]::new()

$sid = [SecurityIdentifier]::new([WellKnownSidType]::BuiltinAdministratorsSid, $null)
$groupName = $sid.Translate([NTAccount]).Value.Split('\')[-1]
Write-Verbose "Local admin group name resolved as '$groupName'"

$remote = Invoke-Command -ComputerName $ComputerName -ErrorAction SilentlyContinue -ErrorVariable icmErrors -ScriptBlock {
    try {
        Get-LocalGroupMember -Group $using:groupName -ErrorAction Stop |
            Select-Object Name, ObjectClass, PrincipalSource
    }
    catch {
        # Older boxes: fall back to ADSI
        $group = [ADSI]"WinNT://$env:COMPUTERNAME/$using:groupName,group"
        $group.Invoke('Members') | ForEach-Object {
            $path = $_.GetType().InvokeMember('ADsPath', 'GetProperty', $null, $_, $null)
            [pscustomobject]@{
                Name            = ($path -replace '^WinNT://', '' -replace '/', '\')
                ObjectClass     = $_.GetType().InvokeMember('Class', 'GetProperty', $null, $_, $null)
                PrincipalSource = 'ADSI'
            }
        }
    }
}

foreach ($e in $icmErrors) {
    $errors[[string]$e.TargetObject] = $e.Exception.Message
}

foreach ($m in $remote) {
    $short = $m.Name -replace "^$([regex]::Escape($m.PSComputerName))\\", ''
    $isApproved = ($m.Name -in $Approved) -or ($short -in $Approved)
    $found.Add([pscustomobject]@{
        Computer = $m.PSComputerName
        Member   = $m.Name
        Class    = "$($m.ObjectClass)"
        Source   = "$($m.PrincipalSource)"
        Approved = $isApproved
    })
}

$unapproved = $found | Where-Object { -not $_.Approved }

"Scanned {0} host(s); {1} membership(s); {2} not approved; {3} unreachable" -f `
    $ComputerName.Count, $found.Count, @($unapproved).Count, $errors.Count

$unapproved |
    Group-Object Member |
    Sort-Object Count -Descending |
    Select-Object @{ Name = 'Member'; Expression = { $_.Name } },
                  @{ Name = 'Hosts'; Expression = { $_.Count } },
                  @{ Name = 'Examples'; Expression = { ($_.Group.Computer | Select-Object -First 3) -join ', ' } } |
    Format-Table -AutoSize

if ($errors.Count) {
    Write-Warning 'Unreachable hosts:'
    $errors.GetEnumerator() | ForEach-Object { Write-Warning "  $($_.Key): $($_.Value)" }
}

if ($ExportTo) {
    $found | Export-Clixml -Path $ExportTo
    Write-Verbose "Saved raw results to $ExportTo"
}
