#requires -Version 7.2
<#
.SYNOPSIS
    Applies numbered SQL migration scripts in order and records each one in
    a schema_migrations table. Idempotent: already-applied files are skipped.
.PARAMETER MigrationsPath
    Folder of files named like 0001_create_orders.sql.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string]$ConnectionString,

    [string]$MigrationsPath = (Join-Path $PSScriptRoot 'migrations'),

    [ValidateRange(0, 9999)]
    [int]$TargetVersion = 9999,

    [switch]$Baseline
)

. (Join-Path $PSScriptRoot 'sql-helpers.ps1')   # provides Invoke-SqlNonQuery / Invoke-SqlScalar

data Messages {
    ConvertFrom-StringData @'
Start = Applying migrations from {0}
Skip = Already applied: {0}
Apply = Applying {0} ...
Done = Applied {0} migration(s); schema now at version {1}
Checksum = Checksum mismatch for {0}: file was edited after being applied
'@
}

$ErrorActionPreference = 'Stop'
Write-Host ($Messages.Start -f $MigrationsPath)

Invoke-SqlNonQuery -ConnectionString $ConnectionString -Query @'
IF OBJECT_ID(N'dbo.schema_migrations') IS NULL
CREATE TABLE dbo.schema_migrations (
    version     INT           NOT NULL PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    checksum    CHAR(64)      NOT NULL,
    applied_at  DATETIME2     NOT NULL DEFAULT SYSUTCDATETIME()
);
'@

$applied = @{}
Invoke-SqlScalar -ConnectionString $ConnectionString -Query 'SELECT version, checksum FROM dbo.schema_migrations' -AsRows |
    ForEach-Object { $applied[[int]$_.version] = $_.checksum }

$files = Get-ChildItem -Path $MigrationsPath -Filter '*.sql' |
    Where-Object Name -match '^(\d{4})_' |
    ForEach-Object {
        [pscustomobject]@{
            Version = [int]$Matches[1]
            Name    = $_.BaseName
            Path    = $_.FullName
            Hash    = (Get-FileHash -Path $_.FullName -Algorithm SHA256).Hash.ToLower()
        }
    } |
    Sort-Object Version

$dupes = $files | Group-Object Version | Where-Object Count -gt 1
if ($dupes) { throw "Duplicate migration numbers: $($dupes.Name -join ', ')" }

$count = 0
foreach ($m in $files) {
    if ($m.Version -gt $TargetVersion) { break }

    if ($applied.ContainsKey($m.Version)) {
        if ($applied[$m.Version] -ne $m.Hash) {
            Write-Warning ($Messages.Checksum -f $m.Name)
        }
        Write-Verbose ($Messages.Skip -f $m.Name)
        continue
    }

    if (-not $PSCmdlet.ShouldProcess($m.Name, 'Apply migration')) { continue }
    Write-Host ($Messages.Apply -f $m.Name)

    if (-not $Baseline) {
        # GO separators are a client-side convention; split on them ourselves
        $batches = (Get-Content -Path $m.Path -Raw) -split '(?im)^\s*GO\s*$' | Where-Object { $_.Trim() }
        foreach ($b in $batches) {
            try {
                Invoke-SqlNonQuery -ConnectionString $ConnectionString -Query $b -TimeoutSeconds 600
            }
            catch [System.Data.SqlClient.SqlException] {
                Write-Error "Migration $($m.Name) failed at line $($_.Exception.LineNumber): $($_.Exception.Message)"
                exit 1
            }
        }
    }

    $record = "INSERT INTO dbo.schema_migrations (version, name, checksum) VALUES ({0}, N'{1}', '{2}')" -f `
        $m.Version, ($m.Name -replace "'", "''"), $m.Hash
    Invoke-SqlNonQuery -ConnectionString $ConnectionString -Query $record
    $count++
}

$current = Invoke-SqlScalar -ConnectionString $ConnectionString -Query 'SELECT ISNULL(MAX(version), 0) FROM dbo.schema_migrations'
Write-Host ($Messages.Done -f $count, $current) -ForegroundColor Green
