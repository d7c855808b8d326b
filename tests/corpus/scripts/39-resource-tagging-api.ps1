#requires -Version 7.4
# Enforces mandatory tags on cloud resources through the provider's REST API.
# Missing tags are filled from the resource group's tags where possible.

[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)][string]$SubscriptionId,
    [string[]]$RequiredTag = @('owner', 'costcenter', 'environment'),
    [string]$ApiVersion = '2021-04-01',
    [string]$Token = $env:CLOUD_API_TOKEN
)

if ([string]::IsNullOrWhiteSpace($Token)) {
    throw 'Set CLOUD_API_TOKEN or pass -Token.'
}

$base = "https://management.example-cloud.com/subscriptions/$SubscriptionId"
$headers = @{
    Authorization  = "Bearer $Token"
    'Content-Type' = 'application/json'
}

function Invoke-Api {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Uri,
        [ValidateSet('GET', 'PATCH', 'PUT')][string]$Method = 'GET',
        [object]$Body
    )
    $call = @{ Uri = $Uri; Method = $Method; Headers = $headers; ErrorAction = 'Stop' }
    if ($Body) { $call.Body = $Body | ConvertTo-Json -Depth 10 }

    for ($try = 1; ; $try++) {
        try {
            return Invoke-RestMethod @call -ResponseHeadersVariable rh -StatusCodeVariable sc
        }
        catch {
            $status = [int]${_}?.Exception.Response.StatusCode
            if ($status -eq 429 -and $try -le 5) {
                $wait = [int]($_.Exception.Response.Headers.RetryAfter.Delta.TotalSeconds) ?? 10
                Write-Verbose "Throttled; sleeping $wait s"
                Start-Sleep -Seconds ([math]::Max($wait, 1))
                continue
            }
            throw
        }
    }
}

function Get-Paged {
    param([string]$Uri)
    $next = $Uri
    while ($next) {
        $page = Invoke-Api -Uri $next
        $page.value
        $next = $page.nextLink
    }
}

$groups = @{}
Get-Paged "$base/resourcegroups?api-version=$ApiVersion" | ForEach-Object {
    $groups[$_.name.ToLower()] = $_.tags
}

$resources = Get-Paged "$base/resources?api-version=$ApiVersion"
$report = foreach ($r in $resources) {
    $rg = ($r.id -split '/')[4].ToLower()
    $tags = @{}
    if ($r.tags) { $r.tags.PSObject.Properties | ForEach-Object { $tags[$_.Name] = $_.Value } }

    $missing = $RequiredTag | Where-Object { -not $tags.ContainsKey($_) }
    if (-not $missing) { continue }

    $filled = @()
    $rgTags = $groups[$rg]
    foreach ($t in $missing) {
        $inherited = ${rgTags}?.$t
        if ($inherited) {
            $tags[$t] = $inherited
            $filled += $t
        }
    }

    if ($filled -and $PSCmdlet.ShouldProcess($r.name, "Add tags $($filled -join ',')")) {
        $uri = "https://management.example-cloud.com$($r.id)/providers/Microsoft.Resources/tags/default?api-version=$ApiVersion"
        Invoke-Api -Uri $uri -Method PATCH -Body @{ operation = 'Merge'; properties = @{ tags = $tags } } | Out-Null
    }

    [pscustomobject]@{
        Resource = $r.name
        Type     = $r.type
        Group    = $rg
        Missing  = ($missing -join ',')
        Filled   = ($filled -join ',')
        Still    = (($missing | Where-Object { $_ -notin $filled }) -join ',')
    }
}

$report | Sort-Object Group, Resource | Format-Table -AutoSize
"{0} resource(s) missing tags; {1} still need manual attention" -f @($report).Count, @($report | Where-Object Still).Count
