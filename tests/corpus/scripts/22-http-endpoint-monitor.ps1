#requires -version 7.2

# Lightweight synthetic monitor: hits each endpoint, records latency and
# status, appends to a JSON-lines file and alerts via webhook on transitions.

$ErrorActionPreference = 'Continue'

$config = @{
    Endpoints = @(
        @{ Name = 'portal';  Url = 'https://portal.example.internal/healthz'; Expect = 200; MaxMs = 800 }
        @{ Name = 'api';     Url = 'https://api.example.internal/v2/ping';    Expect = 200; MaxMs = 400 }
        @{ Name = 'auth';    Url = 'https://login.example.internal/.well-known/openid-configuration'; Expect = 200; MaxMs = 1e3 }
        @{ Name = 'legacy';  Url = 'http://legacy01.example.internal:8080/status'; Expect = 204; MaxMs = 2000 }
    )
    Webhook   = $env:MONITOR_WEBHOOK_URL
    StateFile = Join-Path ([System.IO.Path]::GetTempPath()) 'endpoint-state.json'
    LogFile   = Join-Path ([System.IO.Path]::GetTempPath()) 'endpoint-log.jsonl'
}

$previous = @{}
if (Test-Path $config.StateFile) {
    $previous = Get-Content $config.StateFile -Raw | ConvertFrom-Json -AsHashtable
}

$current = @{}
$alerts = @()

foreach ($ep in $config.Endpoints) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $status = 0
    $errorText = $null
    try {
        $resp = Invoke-WebRequest -Uri $ep.Url -Method Get -TimeoutSec 10 -SkipHttpErrorCheck -MaximumRedirection 0
        $status = [int]$resp.StatusCode
    }
    catch [System.Net.Http.HttpRequestException] {
        $errorText = $_.Exception.Message
    }
    catch [System.Threading.Tasks.TaskCanceledException] {
        $errorText = 'timeout'
    }
    $sw.Stop()
    $ms = $sw.ElapsedMilliseconds

    $state = if ($status -ne $ep.Expect) { 'DOWN' }
             elseif ($ms -gt $ep.MaxMs)   { 'SLOW' }
             else                         { 'UP' }

    $current[$ep.Name] = $state

    $entry = [ordered]@{
        ts     = [datetime]::UtcNow.ToString('o')
        name   = $ep.Name
        status = $status
        ms     = $ms
        state  = $state
        error  = $errorText
    }
    ($entry | ConvertTo-Json -Compress) >> $config.LogFile

    $was = $previous[$ep.Name] ?? 'UNKNOWN'
    if ($was -ne $state) {
        $alerts += "[$($ep.Name)] $was -> $state (HTTP $status, ${ms} ms$($errorText ? ", $errorText" : ''))"
    }
}

$current | ConvertTo-Json | Set-Content -Path $config.StateFile

if ($alerts -and $config.Webhook) {
    $payload = @{ text = "Endpoint monitor on $([Environment]::MachineName):`n" + ($alerts -join "`n") } | ConvertTo-Json
    try {
        Invoke-RestMethod -Uri $config.Webhook -Method Post -Body $payload -ContentType 'application/json' | Out-Null
    } catch {
        Write-Warning "Webhook delivery failed: $($_.Exception.Message)"
    }
}

$alerts | ForEach-Object { Write-Host $_ -ForegroundColor Yellow }
$current.GetEnumerator() | Sort-Object Name | ForEach-Object { '{0,-8} {1}' -f $_.Name, $_.Value }
