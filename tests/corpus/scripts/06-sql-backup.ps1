# Nightly SQL Server backup wrapper.
# Runs native backups through sqlcmd, verifies them, copies to the share, and
# trims old copies. Designed to run from Task Scheduler as a service account.

[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$SqlInstance,

    [string[]]$Database = @(),

    [ValidateSet('Full', 'Differential', 'Log')]
    [string]$BackupType = 'Full',

    [string]$LocalPath = 'D:\Backups',
    [string]$SharePath = '\\nas01\sqlbackups',
    [int]$KeepDays = 14
)

enum BackupKind {
    Full
    Differential
    Log
}

$kind = [BackupKind]$BackupType
$stamp = Get-Date -Format 'yyyyMMdd_HHmm'
$logFile = Join-Path $LocalPath "backup_$stamp.log"

function Write-Log {
    param([string]$Message, [ValidateSet('INFO', 'WARN', 'ERROR')][string]$Level = 'INFO')
    $line = '{0:s} [{1}] {2}' -f (Get-Date), $Level, $Message
    $line >> $logFile
    if ($Level -eq 'ERROR') { Write-Error $Message } else { Write-Verbose $line }
}

if (-not $Database) {
    $query = "SET NOCOUNT ON; SELECT name FROM sys.databases WHERE state = 0 AND name <> 'tempdb'"
    $Database = sqlcmd -S $SqlInstance -E -h -1 -W -Q $query 2>$null |
        Where-Object { $_ -and $_.Trim() } |
        ForEach-Object { $_.Trim() }
}

Write-Log "Backing up $($Database.Count) database(s) on $SqlInstance as $kind"

$ext = switch ($kind) {
    ([BackupKind]::Full)         { 'bak' }
    ([BackupKind]::Differential) { 'dif' }
    ([BackupKind]::Log)          { 'trn' }
}

$failures = 0
foreach ($db in $Database) {
    $file = [System.IO.Path]::Combine($LocalPath, "${db}_${stamp}.$ext")
    $tsql = switch ($kind) {
        'Log'          { "BACKUP LOG [$db] TO DISK = N'$file' WITH COMPRESSION, CHECKSUM" }
        'Differential' { "BACKUP DATABASE [$db] TO DISK = N'$file' WITH DIFFERENTIAL, COMPRESSION, CHECKSUM" }
        default        { "BACKUP DATABASE [$db] TO DISK = N'$file' WITH COMPRESSION, CHECKSUM" }
    }

    $output = sqlcmd -S $SqlInstance -E -b -Q $tsql 2>&1
    if ($LASTEXITCODE -ne 0) {
        $failures++
        Write-Log "Backup of $db failed: $($output -join ' ')" -Level ERROR
        continue
    }

    sqlcmd -S $SqlInstance -E -b -Q "RESTORE VERIFYONLY FROM DISK = N'$file' WITH CHECKSUM" *> $null
    if ($LASTEXITCODE -ne 0) {
        Write-Log "Verify failed for $file" -Level WARN
    }

    try {
        Copy-Item -Path $file -Destination $SharePath -ErrorAction Stop
        Write-Log "Copied $(Split-Path $file -Leaf) to $SharePath"
    }
    catch [System.UnauthorizedAccessException] {
        Write-Log "Access denied copying to $SharePath" -Level ERROR
        $failures++
    }
}

$cutoff = (Get-Date).AddDays(-$KeepDays)
foreach ($root in $LocalPath, $SharePath) {
    Get-ChildItem -Path $root -File -Include '*.bak', '*.dif', '*.trn' -Recurse |
        Where-Object LastWriteTime -lt $cutoff |
        Remove-Item -Force -ErrorAction SilentlyContinue
}

Write-Log ("Finished with {0} failure(s)" -f $failures)
exit ([int]($failures -gt 0))
