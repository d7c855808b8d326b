# Prune old docker images/containers on build agents while keeping the N most
# recent tags per repository. Runs on Linux agents under pwsh.

param(
    [int]$KeepPerRepo = 3,
    [int]$MaxContainerAgeHours = 12,
    [string[]]$ProtectedRepo = @('registry.internal/base/runtime', 'registry.internal/base/sdk'),
    [switch]$WhatIf
)

function Invoke-Docker
{
    param([Parameter(ValueFromRemainingArguments)][string[]]$Arguments)

    if ($WhatIf -and $Arguments[0] -in 'rm', 'rmi')
    {
        Write-Host "[whatif] docker $($Arguments -join ' ')"
        return
    }
    docker @Arguments
}

$before = (docker system df --format '{{json .}}' | ConvertFrom-Json)

# Exited containers older than the threshold
$containers = docker ps -a --filter 'status=exited' --format '{{json .}}' | ConvertFrom-Json
$cutoff = (Get-Date).AddHours(-$MaxContainerAgeHours)
foreach ($c in $containers)
{
    $inspect = docker inspect $c.ID | ConvertFrom-Json
    $finished = [datetime]$inspect[0].State.FinishedAt
    if ($finished -lt $cutoff)
    {
        Invoke-Docker rm $c.ID | Out-Null
        Write-Verbose "removed container $($c.Names) (finished $finished)"
    }
}

# Images: keep newest N per repository
$images = docker images --format '{{json .}}' |
    ConvertFrom-Json |
    Where-Object { $_.Repository -ne '<none>' } |
    ForEach-Object {
        $_ | Add-Member -NotePropertyName Created -NotePropertyValue ([datetime]($_.CreatedAt -replace ' [A-Z]{3,4}$', '')) -PassThru
    }

$removed = 0
$images | Group-Object Repository | ForEach-Object {
    if ($_.Name -in $ProtectedRepo) { return }
    $_.Group |
        Sort-Object Created -Descending |
        Select-Object -Skip $KeepPerRepo |
        ForEach-Object {
            Invoke-Docker rmi "$($_.Repository):$($_.Tag)" 2>&1 | Write-Verbose
            $script:removed++
        }
}

# Dangling layers and build cache
Invoke-Docker image prune -f | Out-Null
Invoke-Docker builder prune -f --filter 'until=72h' *> $null

$after = (docker system df --format '{{json .}}' | ConvertFrom-Json)

$report = for ($i = 0; $i -lt $before.Count; $i++)
{
    [pscustomobject]@{
        Type   = $before[$i].Type
        Before = $before[$i].Size
        After  = $after[$i].Size
    }
}
$report | Format-Table -AutoSize
"Removed $removed image tag(s)."
