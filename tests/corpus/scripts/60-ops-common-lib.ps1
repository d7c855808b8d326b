# ops-common: helpers dot-sourced by the other operational scripts.
#   . "$PSScriptRoot/lib/ops-common.ps1"
# Nothing in here runs on its own; it only defines functions and defaults.

$script:OpsLogPath = $env:OPS_LOG_PATH ?? (Join-Path ([System.IO.Path]::GetTempPath()) 'ops.log')
$script:OpsWebhook = $env:OPS_WEBHOOK
$global:OpsLibVersion = '2.3.0'

function Write-Status
{
    [CmdletBinding()]
    param
    (
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [AllowEmptyString()]
        [string]$Message,

        [ValidateSet('Info', 'Ok', 'Warn', 'Error')]
        [string]$Level = 'Info',

        [switch]$NoConsole
    )
    process
    {
        $line = '{0:yyyy-MM-dd HH:mm:ss} {1,-5} {2}' -f (Get-Date), $Level.ToUpper(), $Message
        Add-Content -Path $script:OpsLogPath -Value $line -ErrorAction SilentlyContinue
        if ($NoConsole) { return }
        $colour = @{ Info = 'Gray'; Ok = 'Green'; Warn = 'Yellow'; Error = 'Red' }[$Level]
        Write-Host $line -ForegroundColor $colour
    }
}

function Send-Alert
{
    [CmdletBinding()]
    param
    (
        [Parameter(Mandatory)][ValidateLength(1, 250)][string]$Subject,
        [string]$Body = '',
        [ValidateSet('low', 'normal', 'high')][string]$Severity = 'normal'
    )
    if ([string]::IsNullOrEmpty($script:OpsWebhook))
    {
        Write-Status "ALERT (no webhook configured): $Subject" -Level Warn
        return
    }
    $payload = @{
        subject  = $Subject
        body     = $Body
        severity = $Severity
        host     = [Environment]::MachineName
        script   = (Get-PSCallStack)[1].ScriptName
    } | ConvertTo-Json -Compress
    try
    {
        Invoke-RestMethod -Uri $script:OpsWebhook -Method Post -Body $payload -ContentType 'application/json' -TimeoutSec 10 | Out-Null
    }
    catch
    {
        Write-Status "Alert delivery failed: $($_.Exception.Message)" -Level Error -NoConsole
    }
}

function Test-IsAdmin
{
    if ($IsWindows)
    {
        $id = [System.Security.Principal.WindowsIdentity]::GetCurrent()
        return ([System.Security.Principal.WindowsPrincipal]$id).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    return (id -u) -eq 0
}

filter ConvertTo-HumanSize
{
    switch ([double]$_)
    {
        { $_ -ge 1tb } { '{0:N2} TB' -f ($_ / 1tb); break }
        { $_ -ge 1gb } { '{0:N2} GB' -f ($_ / 1gb); break }
        { $_ -ge 1mb } { '{0:N1} MB' -f ($_ / 1mb); break }
        { $_ -ge 1kb } { '{0:N0} KB' -f ($_ / 1kb); break }
        default        { "$_ B" }
    }
}

function Split-Batch
{
    <#
    .SYNOPSIS
        Splits pipeline input into arrays of BatchSize items.
    #>
    param
    (
        [Parameter(ValueFromPipeline)] $InputObject,
        [ValidateRange(1, 10000)][int]$BatchSize = 50
    )
    begin   { $buffer = [System.Collections.Generic.List[object]]::new() }
    process
    {
        $buffer.Add($InputObject)
        if ($buffer.Count -ge $BatchSize)
        {
            , $buffer.ToArray()
            $buffer.Clear()
        }
    }
    end     { if ($buffer.Count) { , $buffer.ToArray() } }
}

function Get-Config
{
    param([string]$Name = 'ops', [hashtable]$Default = @{})
    $paths = @(
        (Join-Path $PSScriptRoot "$Name.json")
        "/etc/ops/$Name.json"
        (Join-Path $HOME ".config/ops/$Name.json")
    )
    $config = $Default.Clone()
    foreach ($p in $paths.Where({ Test-Path $_ }))
    {
        (Get-Content $p -Raw | ConvertFrom-Json -AsHashtable).GetEnumerator() | ForEach-Object { $config[$_.Key] = $_.Value }
    }
    $config
}

Set-Alias -Name wst -Value Write-Status -Scope Script
Write-Verbose "ops-common $global:OpsLibVersion loaded (log: $script:OpsLogPath)"
