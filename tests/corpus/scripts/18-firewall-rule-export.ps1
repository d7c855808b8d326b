# Exports enabled inbound firewall rules to JSON so they can be diffed between
# hosts, and optionally applies a baseline using netsh with stop-parsing.

[CmdletBinding()]
param (
    [ValidateSet('Export', 'Compare', 'Baseline')]
    [string]$Mode = 'Export',
    [string]$Path = "$env:ProgramData\FirewallAudit",
    [string]$ReferenceHost
)

$file = Join-Path $Path "$env:COMPUTERNAME.json"
New-Item -Path $Path -ItemType Directory -Force | Out-Null

function Get-InboundRuleSummary {
    Get-NetFirewallRule -Direction Inbound -Enabled True -PolicyStore ActiveStore |
        ForEach-Object {
            $port = $_ | Get-NetFirewallPortFilter
            $addr = $_ | Get-NetFirewallAddressFilter
            $app  = $_ | Get-NetFirewallApplicationFilter
            [pscustomobject]@{
                Name      = $_.DisplayName
                Action    = "$($_.Action)"
                Profile   = "$($_.Profile)"
                Protocol  = $port.Protocol
                LocalPort = ($port.LocalPort -join ',')
                Remote    = ($addr.RemoteAddress -join ',')
                Program   = $app.Program
            }
        } |
        Sort-Object Name, LocalPort
}

switch ($Mode) {
    'Export' {
        $rules = Get-InboundRuleSummary
        $rules | ConvertTo-Json -Depth 3 | Set-Content -Path $file -Encoding utf8
        Write-Host "Exported $($rules.Count) rules to $file"
    }

    'Compare' {
        if (-not $ReferenceHost) { throw 'Compare mode requires -ReferenceHost' }
        $refFile = Join-Path $Path "$ReferenceHost.json"
        $reference = Get-Content $refFile -Raw | ConvertFrom-Json
        $current = Get-InboundRuleSummary

        $delta = Compare-Object -ReferenceObject $reference -DifferenceObject $current `
            -Property Name, Action, LocalPort, Remote
        $delta | ForEach-Object {
            $side = $_.SideIndicator -eq '<=' ? "only on $ReferenceHost" : "only on $env:COMPUTERNAME"
            '{0,-50} {1,-6} {2,-12} {3}' -f $_.Name, $_.Action, $_.LocalPort, $side
        }
        if (-not $delta) { 'Rule sets match.' }
    }

    'Baseline' {
        # netsh parses its own arguments; stop PowerShell from interpreting them.
        netsh advfirewall set allprofiles state on
        netsh advfirewall firewall add rule --% name="Allow WinRM HTTPS" dir=in action=allow protocol=TCP localport=5986
        netsh advfirewall firewall add rule --% name="Block SMBv1 legacy" dir=in action=block protocol=TCP localport=139
        if ($LASTEXITCODE -ne 0) {
            Write-Error "netsh returned $LASTEXITCODE"
        }
        Set-NetFirewallProfile -Profile Domain, Private, Public -DefaultInboundAction Block -LogBlocked True `
            -LogFileName '%SystemRoot%\System32\LogFiles\Firewall\pfirewall.log' -LogMaxSizeKilobytes 16384
    }
}
