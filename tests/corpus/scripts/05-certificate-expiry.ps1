#requires -Version 7.2
<#
.SYNOPSIS
  Reports certificates that expire soon, both from the local stores of remote
  machines and from live TLS endpoints.
#>
[CmdletBinding()]
Param(
    [string[]]$ComputerName = @('web01', 'web02', 'api01'),
    [string[]]$Endpoint = @('portal.contoso.local:443', 'api.contoso.local:8443'),
    [ValidateRange(1, 365)][int]$WarningDays = 30,
    [string]$StorePath = 'Cert:\LocalMachine\My'
)

function Get-EndpointCertificate
{
    [CmdletBinding()]
    Param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [ValidatePattern('^[\w\.-]+:\d+$')]
        [string]$Target
    )
    Process
    {
        $hostName, $port = $Target -split ':'
        $client = [System.Net.Sockets.TcpClient]::new()
        Try
        {
            $client.Connect($hostName, [int]$port)
            $callback = { param($s, $c, $ch, $e) $true }
            $ssl = [System.Net.Security.SslStream]::new($client.GetStream(), $false, $callback)
            $ssl.AuthenticateAsClient($hostName)
            $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($ssl.RemoteCertificate)
            [pscustomobject]@{
                Source     = $Target
                Subject    = $cert.Subject
                Thumbprint = $cert.Thumbprint
                NotAfter   = $cert.NotAfter
            }
        }
        Catch [System.Net.Sockets.SocketException]
        {
            Write-Warning "Cannot connect to ${Target}: $($_.Exception.Message)"
        }
        Finally
        {
            if ($ssl) { $ssl.Dispose() }
            $client.Dispose()
        }
    }
}

$storeCerts = Invoke-Command -ComputerName $ComputerName -ErrorAction Continue -ScriptBlock {
    Get-ChildItem -Path $using:StorePath |
        Where-Object { -not $_.Archived } |
        Select-Object Subject, Thumbprint, NotAfter, @{ n = 'HasKey'; e = { $_.HasPrivateKey } }
} | ForEach-Object {
    [pscustomobject]@{
        Source     = "$($_.PSComputerName):store"
        Subject    = $_.Subject
        Thumbprint = $_.Thumbprint
        NotAfter   = $_.NotAfter
    }
}

$liveCerts = $Endpoint | Get-EndpointCertificate

$now = Get-Date
$all = @($storeCerts) + @($liveCerts) | ForEach-Object {
    $days = [int][math]::Floor(($_.NotAfter - $now).TotalDays)
    $_ | Add-Member -NotePropertyName DaysLeft -NotePropertyValue $days -PassThru
}

$expiring = $all.Where({ $_.DaysLeft -le $WarningDays }) | Sort-Object DaysLeft

switch ($expiring.Count)
{
    0       { Write-Host "All $($all.Count) certificates are valid for more than $WarningDays days." }
    1       { Write-Warning 'One certificate needs attention.' }
    default { Write-Warning "$_ certificates need attention." }
}

foreach ($c in $expiring)
{
    $label = if ($c.DaysLeft -lt 0) { 'EXPIRED' } elseif ($c.DaysLeft -le 7) { 'URGENT' } else { 'SOON' }
    '{0,-8} {1,5}d  {2}  {3}' -f $label, $c.DaysLeft, $c.Source, ($c.Subject -replace '^CN=([^,]+).*$', '$1')
}

$expiring | Export-Clixml -Path (Join-Path $env:TEMP 'expiring-certs.xml')
