# Scans a list of HTTPS endpoints using openssl s_client to record the
# negotiated protocol, cipher, and certificate chain details.

param(
    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string]$TargetFile,
    [ValidateSet('tls1_2', 'tls1_3')]
    [string[]]$Protocol = @('tls1_2', 'tls1_3'),
    [int]$TimeoutSeconds = 8
)

$opensslCmd = Get-Command openssl -ErrorAction SilentlyContinue
$openssl = ${opensslCmd}?.Source
if (-not $openssl) { throw 'openssl not found in PATH' }

$targets = Get-Content $TargetFile | ForEach-Object { $_.Trim() } | Where-Object { $_ -and $_ -notmatch '^#' }

function Invoke-SClient {
    param([string]$HostPort, [string]$Proto)
    $server = ($HostPort -split ':')[0]
    $job = Start-Job -ArgumentList $openssl, $HostPort, $server, $Proto -ScriptBlock {
        param($exe, $hp, $sni, $proto)
        '' | & $exe s_client -connect $hp -servername $sni "-$proto" -showcerts 2>&1
    }
    if (Wait-Job $job -Timeout $TimeoutSeconds) {
        $text = Receive-Job $job
    } else {
        Stop-Job $job
        $text = @('TIMEOUT')
    }
    Remove-Job $job -Force
    $text -join "`n"
}

$report = foreach ($t in $targets) {
    $hp = $t -match ':\d+$' ? $t : "${t}:443"
    foreach ($p in $Protocol) {
        $out = Invoke-SClient -HostPort $hp -Proto $p

        $row = [ordered]@{
            Target   = $hp
            Tried    = $p
            Result   = 'fail'
            Protocol = $null
            Cipher   = $null
            Subject  = $null
            Issuer   = $null
            Expires  = $null
            Chain    = 0
        }

        if ($out -eq 'TIMEOUT') { $row.Result = 'timeout' }
        elseif ($out -match 'Protocol\s*:\s*(?<proto>\S+)') {
            $row.Result = 'ok'
            $row.Protocol = $Matches.proto
            if ($out -match 'Cipher\s*:\s*(?<c>\S+)') { $row.Cipher = $Matches.c }
            if ($out -match '(?m)^subject=(?<s>.+)$') { $row.Subject = $Matches.s.Trim() }
            if ($out -match '(?m)^issuer=(?<i>.+)$') { $row.Issuer = $Matches.i.Trim() }
            $row.Chain = ([regex]::Matches($out, '-----BEGIN CERTIFICATE-----')).Count

            $pem = [regex]::Match($out, '(?s)-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----').Value
            if ($pem) {
                $leaf = $pem | & $openssl x509 -noout -enddate 2>$null
                if ($leaf -match 'notAfter=(.+)$') {
                    $row.Expires = [datetime]::ParseExact(($Matches[1] -replace '\s+', ' ').Trim(), 'MMM d HH:mm:ss yyyy GMT', [cultureinfo]::InvariantCulture)
                }
            }
        }
        [pscustomobject]$row
    }
}

$report | Format-Table Target, Tried, Result, Protocol, Cipher, Expires, Chain -AutoSize

$weak = $report | Where-Object { $_.Cipher -match 'CBC|RC4|3DES|NULL' }
$noTls13 = $report | Where-Object { $_.Tried -eq 'tls1_3' -and $_.Result -ne 'ok' } | Select-Object -ExpandProperty Target

if ($weak) { Write-Warning "Weak ciphers negotiated on: $(($weak.Target | Sort-Object -Unique) -join ', ')" }
if ($noTls13) { Write-Verbose "No TLS 1.3 on: $($noTls13 -join ', ')" }

$report | ConvertTo-Json -Depth 3 | Out-File ./tls-scan.json
