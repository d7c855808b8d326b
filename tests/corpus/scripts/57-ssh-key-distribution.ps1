<#
.SYNOPSIS
    Distributes the team's public SSH keys to Linux hosts, removing keys for
    people who have left, using plain ssh/scp from pwsh.
.PARAMETER KeyDir
    Folder of <username>.pub files; the file set is the source of truth.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string[]]$TargetHost,

    [string]$RemoteUser = 'ops',

    [ValidateScript({ Test-Path $_ -PathType Container })]
    [string]$KeyDir = "$HOME/team-keys",

    [string]$IdentityFile = "$HOME/.ssh/id_ed25519_deploy",

    [int]$ConnectTimeout = 8
)

$sshOpts = @(
    '-i', $IdentityFile,
    '-o', 'BatchMode=yes',
    '-o', "ConnectTimeout=$ConnectTimeout",
    '-o', 'StrictHostKeyChecking=accept-new'
)

if (-not (Get-Command ssh -ErrorAction SilentlyContinue)) {
    $env:PATH = @('/usr/local/bin', '/usr/bin', $env:PATH) -join [System.IO.Path]::PathSeparator
}

$keys = Get-ChildItem -Path $KeyDir -Filter '*.pub' | ForEach-Object {
    $content = (Get-Content $_.FullName -Raw).Trim()
    if ($content -notmatch '^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+') {
        Write-Warning "Skipping malformed key $($_.Name)"
        return
    }
    # fingerprint via ssh-keygen so the report matches what sshd logs
    $fp = (ssh-keygen -lf $_.FullName 2>$null) -split ' ' | Select-Object -Index 1
    [pscustomobject]@{ User = $_.BaseName; Key = "$content $($_.BaseName)@team"; Fingerprint = $fp }
}

$authorized = ($keys.Key -join "`n") + "`n"
$localFile = New-TemporaryFile
Set-Content -Path $localFile -Value $authorized -NoNewline

$results = foreach ($h in $TargetHost) {
    $dest = "$RemoteUser@$h"
    $current = ssh @sshOpts $dest 'cat ~/.ssh/authorized_keys 2>/dev/null' 2>$null
    if ($LASTEXITCODE -eq 255) {
        [pscustomobject]@{ Host = $h; Status = 'unreachable'; Added = 0; Removed = 0 }
        continue
    }

    $currentSet = @($current | Where-Object { $_ -and $_ -notmatch '^\s*#' })
    $added = @($keys.Key | Where-Object { $_ -notin $currentSet }).Count
    $removed = @($currentSet | Where-Object { $_ -notin $keys.Key }).Count

    if (($added + $removed) -eq 0) {
        [pscustomobject]@{ Host = $h; Status = 'in sync'; Added = 0; Removed = 0 }
        continue
    }

    if ($PSCmdlet.ShouldProcess($h, "Replace authorized_keys (+$added/-$removed)")) {
        scp @sshOpts -q $localFile.FullName "${dest}:.ssh/authorized_keys.new" &&
            ssh @sshOpts $dest 'chmod 600 ~/.ssh/authorized_keys.new && cp -p ~/.ssh/authorized_keys ~/.ssh/authorized_keys.bak 2>/dev/null; mv ~/.ssh/authorized_keys.new ~/.ssh/authorized_keys'
        $status = $LASTEXITCODE -eq 0 ? 'updated' : "failed ($LASTEXITCODE)"
    }
    else {
        $status = 'would update'
    }

    # Make sure we did not lock ourselves out
    ssh @sshOpts $dest 'true' *> $null || Write-Error "Lost access to $h after update!"

    [pscustomobject]@{ Host = $h; Status = $status; Added = $added; Removed = $removed }
}

Remove-Item $localFile -Force

$results | Format-Table -AutoSize
$keys | Select-Object User, Fingerprint | Sort-Object User | Format-Table -AutoSize

$bad = $results | Where-Object Status -match 'failed|unreachable'
if ($bad) { exit 1 }
