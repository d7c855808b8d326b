<#
.SYNOPSIS
    Renews machine certificates from the internal CA for servers whose
    current cert expires soon, then rebinds IIS and RDP to the new cert.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)]
    [Alias('DNSHostName')]
    [string[]]$ComputerName,

    [string]$Template = 'WebServer2024',
    [string]$CAConfig = 'ca01.corp.contoso.com\Contoso Issuing CA 01',
    [ValidateRange(1, 120)][int]$RenewWithinDays = 30
)

begin {
    $renewScript = {
        param($Template, $CAConfig, $Days, $WhatIf)
        $fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName
        $current = Get-ChildItem Cert:\LocalMachine\My |
            Where-Object { $_.Subject -eq "CN=$fqdn" -and $_.HasPrivateKey } |
            Sort-Object NotAfter -Descending |
            Select-Object -First 1

        if ($current -and $current.NotAfter -gt (Get-Date).AddDays($Days)) {
            return [pscustomobject]@{ Status = 'valid'; Thumbprint = $current.Thumbprint; NotAfter = $current.NotAfter }
        }
        if ($WhatIf) {
            return [pscustomobject]@{ Status = 'would renew'; Thumbprint = ${current}?.Thumbprint; NotAfter = ${current}?.NotAfter }
        }

        $work = Join-Path $env:TEMP "renew-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory -Path $work | Out-Null
        $inf = Join-Path $work 'req.inf'
        @"
[NewRequest]
Subject = "CN=$fqdn"
KeyLength = 2048
KeySpec = 1
Exportable = FALSE
MachineKeySet = TRUE
ProviderName = "Microsoft RSA SChannel Cryptographic Provider"
RequestType = PKCS10

[Extensions]
2.5.29.17 = "{text}"
_continue_ = "dns=$fqdn&"
_continue_ = "dns=$($env:COMPUTERNAME.ToLower())&"

[RequestAttributes]
CertificateTemplate = $Template
"@ | Set-Content -Path $inf -Encoding ascii

        Push-Location $work
        try {
            certreq.exe -new -q req.inf req.csr | Out-Null
            certreq.exe -submit -q -config $CAConfig req.csr cert.cer | Out-Null
            certreq.exe -accept -q cert.cer | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "certreq failed with $LASTEXITCODE" }
        }
        finally {
            Pop-Location
        }

        $new = Get-ChildItem Cert:\LocalMachine\My | Where-Object Subject -eq "CN=$fqdn" | Sort-Object NotAfter -Descending | Select-Object -First 1

        # Rebind IIS https bindings and RDP listener
        if (Get-Module -ListAvailable -Name WebAdministration) {
            Import-Module WebAdministration
            Get-ChildItem IIS:\SslBindings | ForEach-Object {
                $_ | Remove-Item
                Get-Item "Cert:\LocalMachine\My\$($new.Thumbprint)" | New-Item -Path "IIS:\SslBindings\$($_.IPAddress)!$($_.Port)" | Out-Null
            }
        }
        $rdp = Get-CimInstance -Namespace root/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter "TerminalName='RDP-tcp'"
        $rdp | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = $new.Thumbprint }

        Remove-Item -Path $work -Recurse -Force
        [pscustomobject]@{ Status = 'renewed'; Thumbprint = $new.Thumbprint; NotAfter = $new.NotAfter }
    }
    $all = @()
}

process {
    $all += $ComputerName
}

end {
    $whatIf = -not $PSCmdlet.ShouldProcess(($all -join ', '), 'Renew certificates')
    Invoke-Command -ComputerName $all -ScriptBlock $renewScript -ArgumentList $Template, $CAConfig, $RenewWithinDays, $whatIf -ErrorAction Continue |
        Select-Object @{ Name = 'Computer'; Expression = { $_.PSComputerName } }, Status, Thumbprint,
            @{ Name = 'Expires'; Expression = { '{0:yyyy-MM-dd}' -f $_.NotAfter } } |
        Sort-Object Status, Computer
}
