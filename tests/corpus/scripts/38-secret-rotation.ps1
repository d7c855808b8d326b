<#
.SYNOPSIS
    Rotates the password of a service account, updates the services and
    scheduled tasks that use it on every listed server, and stores the new
    secret as an encrypted Clixml credential.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory)]
    [ValidatePattern('^[A-Za-z0-9_-]+\\[A-Za-z0-9_.-]+$')]
    [string]$Account,

    [Parameter(Mandatory)]
    [string[]]$Server,

    [ValidateRange(16, 128)]
    [int]$Length = 32,

    [string]$VaultPath = "$HOME/.secrets"
)

function New-RandomPassword {
    param([int]$Length)
    $sets = @(
        'ABCDEFGHJKLMNPQRSTUVWXYZ'
        'abcdefghijkmnopqrstuvwxyz'
        '23456789'
        '!@#%^*-_=+'
    )
    $bytes = [byte[]]::new($Length)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    $chars = for ($i = 0; $i -lt $Length; $i++) {
        $set = $sets[$i % $sets.Count]
        $set[$bytes[$i] % $set.Length]
    }
    # shuffle so the character classes are not in a fixed order
    -join ($chars | Sort-Object { Get-Random })
}

$domain, $sam = $Account -split '\\', 2
$plain = New-RandomPassword -Length $Length
$secure = ConvertTo-SecureString -String $plain -AsPlainText -Force
$newCred = [pscredential]::new($Account, $secure)
Remove-Variable plain

if (-not $PSCmdlet.ShouldProcess($Account, 'Reset password and update dependents')) { return }

Set-ADAccountPassword -Identity $sam -Reset -NewPassword $secure -ErrorAction Stop
Write-Verbose "Password for $Account reset in AD"

$updates = Invoke-Command -ComputerName $Server -ArgumentList $newCred -ScriptBlock {
    param([pscredential]$Cred)
    $user = $Cred.UserName
    $pw = $Cred.GetNetworkCredential().Password
    $changed = @()

    Get-CimInstance Win32_Service -Filter "StartName = '$($user -replace '\\', '\\')'" | ForEach-Object {
        $r = $_ | Invoke-CimMethod -MethodName Change -Arguments @{ StartName = $user; StartPassword = $pw }
        if ($r.ReturnValue -eq 0) {
            Restart-Service -Name $_.Name -Force -ErrorAction SilentlyContinue
            $changed += "service:$($_.Name)"
        } else {
            $changed += "service:$($_.Name) FAILED($($r.ReturnValue))"
        }
    }

    Get-ScheduledTask | Where-Object { $_.Principal.UserId -eq $user -or $_.Principal.UserId -eq $user.Split('\')[-1] } | ForEach-Object {
        Set-ScheduledTask -TaskName $_.TaskName -TaskPath $_.TaskPath -User $user -Password $pw | Out-Null
        $changed += "task:$($_.TaskPath)$($_.TaskName)"
    }
    $changed
}

$updates | Group-Object PSComputerName | ForEach-Object {
    "{0}: {1}" -f $_.Name, (($_.Group | ForEach-Object { "$_" }) -join ', ')
}

if (-not (Test-Path $VaultPath)) { New-Item -ItemType Directory -Path $VaultPath | Out-Null }
$file = Join-Path $VaultPath ("{0}.{1:yyyyMMdd}.clixml" -f $sam, (Get-Date))
$newCred | Export-Clixml -Path $file
Get-ChildItem $VaultPath -Filter "$sam.*.clixml" |
    Sort-Object LastWriteTime -Descending |
    Select-Object -Skip 3 |
    Remove-Item

Write-Host "Stored credential at $file" -ForegroundColor Green
