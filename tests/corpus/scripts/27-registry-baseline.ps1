<#
.SYNOPSIS
    Compares security-relevant registry values against a baseline and
    optionally remediates drift.
#>
[CmdletBinding(SupportsShouldProcess)]
Param(
    [switch]$Remediate,
    [string]$ReportPath = "$env:SystemDrive\Reports\registry-baseline.csv"
)

data Baseline {
    @(
        @{ Path = 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa'; Name = 'LmCompatibilityLevel'; Value = 5; Type = 'DWord' }
        @{ Path = 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa'; Name = 'RestrictAnonymous'; Value = 1; Type = 'DWord' }
        @{ Path = 'HKLM:\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters'; Name = 'SMB1'; Value = 0; Type = 'DWord' }
        @{ Path = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'; Name = 'fDisableCdm'; Value = 1; Type = 'DWord' }
        @{ Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'; Name = 'EnableLUA'; Value = 1; Type = 'DWord' }
        @{ Path = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server'; Name = 'Enabled'; Value = 0; Type = 'DWord' }
    )
}

$results = foreach ($item in $Baseline)
{
    $actual = $null
    $exists = Test-Path -LiteralPath $item.Path
    if ($exists)
    {
        $actual = (Get-ItemProperty -LiteralPath $item.Path -Name $item.Name -ErrorAction SilentlyContinue).($item.Name)
    }

    $compliant = ($null -ne $actual) -and ($actual -eq $item.Value)
    $action = 'none'

    if (-not $compliant -and $Remediate)
    {
        if ($PSCmdlet.ShouldProcess("$($item.Path)\$($item.Name)", "Set to $($item.Value)"))
        {
            if (-not $exists)
            {
                New-Item -Path $item.Path -Force | Out-Null
            }
            New-ItemProperty -LiteralPath $item.Path -Name $item.Name -Value $item.Value `
                -PropertyType $item.Type -Force | Out-Null
            $action = 'remediated'
        }
    }

    [pscustomobject]@{
        Key       = $item.Path -replace '^HKLM:\\', 'HKLM\'
        Name      = $item.Name
        Expected  = $item.Value
        Actual    = $actual ?? '<missing>'
        Compliant = $compliant
        Action    = $action
    }
}

$dir = Split-Path -Path $ReportPath -Parent
if (-not (Test-Path $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
$results | Export-Csv -Path $ReportPath -NoTypeInformation

$score = [math]::Round((@($results | Where-Object Compliant).Count / $results.Count) * 100)
$colour = if ($score -ge 90) { 'Green' } elseif ($score -ge 70) { 'Yellow' } else { 'Red' }

Write-Host "Baseline compliance: $score%" -ForegroundColor $colour
$results | Where-Object { -not $_.Compliant } | Format-Table Name, Expected, Actual, Action -AutoSize

# Flags are stored as bit masks in some keys; decode one for the report
$uacMask = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' -ErrorAction SilentlyContinue).ConsentPromptBehaviorAdmin
if ($null -ne $uacMask) {
    $bits = [Convert]::ToString([int]$uacMask, 2).PadLeft(4, '0')
    "ConsentPromptBehaviorAdmin = $uacMask (0b$bits); secure desktop bit set: $(($uacMask -band 0b0010) -ne 0)"
}
