<#
.SYNOPSIS
    Collects installed software from the Uninstall registry keys on remote
    machines and reports version sprawl for selected products.
.EXAMPLE
    Get-Content hosts.txt | ./36-software-inventory.ps1 -Product 'Google Chrome','7-Zip*'
#>
[CmdletBinding()]
param(
    [Parameter(ValueFromPipeline, Mandatory)]
    [string[]]$ComputerName,

    [SupportsWildcards()]
    [string[]]$Product = @('*Java*', 'Google Chrome', 'Mozilla Firefox*', '7-Zip*', 'Notepad++*'),

    [pscredential]$Credential
)

begin {
    $hosts = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
}

process {
    foreach ($c in $ComputerName) { [void]$hosts.Add($c.Trim()) }
}

end {
    $invokeArgs = @{
        ComputerName  = @($hosts)
        ErrorAction   = 'SilentlyContinue'
        ErrorVariable = 'unreachable'
        ScriptBlock   = {
            $keys = @(
                'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*'
                'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
            )
            Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue |
                Where-Object { $_.DisplayName -and -not $_.SystemComponent -and -not $_.ParentKeyName } |
                Select-Object DisplayName, DisplayVersion, Publisher,
                    @{ Name = 'Arch'; Expression = { if ($_.PSPath -match 'WOW6432Node') { 'x86' } else { 'x64' } } },
                    @{ Name = 'Installed'; Expression = {
                        if ($_.InstallDate -match '^\d{8}$') { [datetime]::ParseExact($_.InstallDate, 'yyyyMMdd', $null) }
                    } }
        }
    }
    if ($Credential) { $invokeArgs.Credential = $Credential }

    $software = Invoke-Command @invokeArgs

    $matched = $software | Where-Object {
        $name = $_.DisplayName
        $Product.Where({ $name -like $_ }, 'First').Count -gt 0
    }

    $sprawl = $matched |
        Group-Object { ($_.DisplayName -replace '\s+\d+(\.\d+)*.*$', '').Trim() } |
        ForEach-Object {
            $versions = $_.Group | Group-Object DisplayVersion | Sort-Object { [version]($_.Name -replace '[^\d\.].*$', '') } -Descending -ErrorAction SilentlyContinue
            [pscustomobject]@{
                Product   = $_.Name
                Hosts     = ($_.Group.PSComputerName | Sort-Object -Unique).Count
                Versions  = $versions.Count
                Newest    = $versions[0].Name
                Breakdown = ($versions | ForEach-Object { "$($_.Name) x$($_.Count)" }) -join '; '
            }
        }

    $sprawl | Sort-Object Versions -Descending | Format-Table -AutoSize -Wrap

    $outdated = foreach ($row in $sprawl) {
        $matched | Where-Object {
            $_.DisplayName -like "$($row.Product)*" -and $_.DisplayVersion -ne $row.Newest
        } | Select-Object @{ n = 'Computer'; e = { $_.PSComputerName } }, DisplayName, DisplayVersion,
            @{ n = 'Target'; e = { $row.Newest } }
    }

    $stamp = Get-Date -Format 'yyyyMMdd'
    $outdated | Export-Csv -Path ".\outdated-software-$stamp.csv" -NoTypeInformation
    $software | Export-Clixml -Path ".\software-raw-$stamp.xml"

    if ($unreachable) {
        Write-Warning ("No data from: " + (($unreachable.TargetObject | Sort-Object -Unique) -join ', '))
    }
    Write-Verbose "Collected $(@($software).Count) entries from $($hosts.Count - @($unreachable).Count) host(s)"
}
