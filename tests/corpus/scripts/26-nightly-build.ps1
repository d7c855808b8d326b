#!/usr/bin/env pwsh
# Nightly build driver for the CI box. Builds, tests, packages and publishes
# artifacts, writing a transcript and a JSON summary for the dashboard.

[CmdletBinding()]
param(
    [string]$RepoPath = '/srv/build/app',
    [string]$ArtifactRoot = '/srv/artifacts',
    [ValidateSet('Debug', 'Release')][string]$Configuration = 'Release',
    [switch]$SkipTests
)

$stamp = Get-Date -Format 'yyyyMMdd-HHmm'
$outDir = Join-Path $ArtifactRoot $stamp
$null = New-Item -ItemType Directory -Path $outDir -Force
Start-Transcript -Path (Join-Path $outDir 'transcript.log') -UseMinimalHeader | Out-Null

$steps = [System.Collections.Generic.List[pscustomobject]]::new()

function Invoke-Step {
    param(
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][scriptblock]$Action
    )
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $result = 'ok'
    try {
        & $Action
        if ($LASTEXITCODE) { throw "exit code $LASTEXITCODE" }
    }
    catch {
        $result = "failed: $_"
    }
    finally {
        $sw.Stop()
        $steps.Add([pscustomobject]@{ Step = $Name; Result = $result; Seconds = [math]::Round($sw.Elapsed.TotalSeconds, 1) })
    }
    return $result -eq 'ok'
}

Push-Location $RepoPath
try {
    $ok = Invoke-Step 'fetch' {
        git fetch --prune origin && git reset --hard origin/main
    }

    $ok = $ok -and (Invoke-Step 'clean' { git clean -xdf -e .cache/ *> $null })
    $ok = $ok -and (Invoke-Step 'build' { ./build.sh --verbose --configuration $Configuration 2>&1 | Tee-Object -FilePath "$outDir/build.log" })

    if ($ok -and -not $SkipTests) {
        $ok = Invoke-Step 'test' {
            dotnet test --configuration $Configuration --no-build --logger "trx;LogFileName=$outDir/tests.trx" 3>&1 2>&1 > "$outDir/test.log"
        }
    }

    if ($ok) {
        $ok = Invoke-Step 'package' {
            tar -czf "$outDir/app-$stamp.tgz" -C ./out .
            Get-FileHash -Algorithm SHA256 -Path "$outDir/app-$stamp.tgz" |
                ForEach-Object { "$($_.Hash.ToLower())  app-$stamp.tgz" } |
                Set-Content -Path "$outDir/SHA256SUMS"
        }
    }

    if ($ok) {
        Invoke-Step 'publish' {
            rsync -a --delete "$outDir/" "deploy@artifacts01:/data/nightly/$stamp/"
            ssh deploy@artifacts01 "ln -sfn /data/nightly/$stamp /data/nightly/latest"
        } | Out-Null
    }
}
finally {
    Pop-Location
}

$commit = git -C $RepoPath rev-parse --short HEAD
$summary = [ordered]@{
    build         = $stamp
    commit        = $commit
    configuration = $Configuration
    success       = -not ($steps.Result -ne 'ok')
    steps         = $steps
}
$summary | ConvertTo-Json -Depth 4 | Set-Content "$outDir/summary.json"

$steps | Format-Table -AutoSize
Stop-Transcript | Out-Null

if (-not $summary.success) { exit 1 }
