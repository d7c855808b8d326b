<#
.SYNOPSIS
    Cleans up the machine and user PATH: removes duplicates and entries that
    no longer exist, expands nothing, and keeps the original order.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateSet('Machine', 'User', 'Both')]
    [string]$Target = 'Both',
    [switch]$KeepMissing
)

if (-not $IsWindows) {
    # On Linux/macOS only the current process PATH can be tidied
    $parts = $env:PATH -split ':' | Where-Object { $_ } | Select-Object -Unique
    $env:PATH = $parts -join ':'
    "Process PATH now has $($parts.Count) entries."
    return
}

Add-Type -Namespace Win32 -Name Env -MemberDefinition @"
[DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Auto)]
public static extern IntPtr SendMessageTimeout(
    IntPtr hWnd, uint Msg, UIntPtr wParam, string lParam,
    uint fuFlags, uint uTimeout, out UIntPtr lpdwResult);
"@

function Optimize-PathValue {
    param([string]$Value, [bool]$KeepMissing)
    $seen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    $kept = [System.Collections.Generic.List[string]]::new()
    $dropped = [System.Collections.Generic.List[pscustomobject]]::new()

    foreach ($raw in $Value -split ';') {
        $entry = $raw.Trim().TrimEnd('\')
        if ([string]::IsNullOrEmpty($entry)) { continue }

        $expanded = [Environment]::ExpandEnvironmentVariables($entry)
        if (-not $seen.Add($expanded)) {
            $dropped.Add([pscustomobject]@{ Entry = $entry; Reason = 'duplicate' })
            continue
        }
        if (-not $KeepMissing -and -not (Test-Path -LiteralPath $expanded)) {
            $dropped.Add([pscustomobject]@{ Entry = $entry; Reason = 'missing' })
            continue
        }
        $kept.Add($entry)
    }
    [pscustomobject]@{ Value = $kept -join ';'; Dropped = $dropped; Count = $kept.Count }
}

$scopes = switch ($Target) {
    'Both'  { 'Machine', 'User' }
    default { $Target }
}

$changed = $false
foreach ($scope in $scopes) {
    $current = [Environment]::GetEnvironmentVariable('Path', $scope)
    $backup = Join-Path $env:TEMP ("path-{0}-{1:yyyyMMddHHmmss}.txt" -f $scope, (Get-Date))
    $current | Set-Content -Path $backup

    $result = Optimize-PathValue -Value $current -KeepMissing $KeepMissing.IsPresent
    "{0} PATH: {1} -> {2} entries (backup {3})" -f $scope, ($current -split ';').Count, $result.Count, $backup
    $result.Dropped | ForEach-Object { "    - [{0}] {1}" -f $_.Reason, $_.Entry }

    if ($result.Value -ne $current -and $PSCmdlet.ShouldProcess("$scope PATH", 'Rewrite')) {
        try {
            [Environment]::SetEnvironmentVariable('Path', $result.Value, $scope)
            $changed = $true
        }
        catch [System.Security.SecurityException] {
            Write-Error "Not allowed to change the $scope PATH; run elevated."
        }
    }
}

if ($changed) {
    # Tell Explorer and other top-level windows that the environment changed
    $HWND_BROADCAST = [IntPtr]0xFFFF
    $WM_SETTINGCHANGE = 0x1A
    $out = [UIntPtr]::Zero
    [void][Win32.Env]::SendMessageTimeout($HWND_BROADCAST, $WM_SETTINGCHANGE, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$out)
    Write-Verbose 'Broadcast WM_SETTINGCHANGE'
}

$env:Path = @(
    [Environment]::GetEnvironmentVariable('Path', 'Machine')
    [Environment]::GetEnvironmentVariable('Path', 'User')
) -join ';'
"Current session PATH refreshed ($((($env:Path -split ';') | Where-Object { $_ }).Count) entries)."
