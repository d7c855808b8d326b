<#
.SYNOPSIS
    Updates a deployment image with kubectl and watches the rollout,
    rolling back automatically if pods fail to become ready.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$Deployment,
    [Parameter(Mandatory)][string]$Image,
    [string]$Namespace = 'default',
    [string]$Container,
    [string]$Context = (kubectl config current-context),
    [ValidateRange(30, 1800)][int]$TimeoutSeconds = 300
)

$kc = @('--context', $Context, '--namespace', $Namespace)

function Get-DeploymentJson {
    kubectl @kc get deployment $Deployment -o json | ConvertFrom-Json
}

$dep = Get-DeploymentJson
if (-not $dep) { throw "Deployment $Deployment not found in $Namespace ($Context)" }

$containers = $dep.spec.template.spec.containers
$Container = $Container ? $Container : $containers[0].name
$oldImage = ($containers | Where-Object name -eq $Container).image
$revision = $dep.metadata.annotations.'deployment.kubernetes.io/revision'

Write-Host "Context:    $Context"
Write-Host "Deployment: $Namespace/$Deployment (revision $revision)"
Write-Host "Container:  $Container"
Write-Host "Image:      $oldImage -> $Image"

kubectl @kc set image "deployment/$Deployment" "$Container=$Image" --record=false
if ($LASTEXITCODE) { throw 'kubectl set image failed' }

$deadline = (Get-Date).AddSeconds($TimeoutSeconds)
$ok = $false
while ((Get-Date) -lt $deadline) {
    Start-Sleep -Seconds 5
    $d = Get-DeploymentJson
    $want    = $d.spec.replicas
    $updated = $d.status.updatedReplicas ?? 0
    $ready   = $d.status.readyReplicas ?? 0
    $avail   = $d.status.availableReplicas ?? 0

    Write-Progress -Activity "Rolling out $Deployment" -Status "$updated updated, $ready ready of $want" `
        -PercentComplete ([math]::Min(100, ($ready / [math]::Max($want, 1)) * 100))

    $pods = kubectl @kc get pods -l "app=$Deployment" -o json | ConvertFrom-Json
    $crashing = $pods.items | Where-Object {
        $_.status.containerStatuses | Where-Object { $_.state.waiting.reason -in 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull' }
    }
    if ($crashing) {
        Write-Warning "Pods failing: $(($crashing.metadata.name) -join ', ')"
        break
    }

    if ($updated -eq $want -and $ready -eq $want -and $avail -eq $want) {
        $ok = $true
        break
    }
}
Write-Progress -Activity "Rolling out $Deployment" -Completed

if ($ok) {
    Write-Host "Rollout of $Image complete." -ForegroundColor Green
    exit 0
}

Write-Warning "Rollout did not converge; rolling back to $oldImage"
kubectl @kc rollout undo "deployment/$Deployment" 2>&1 | ForEach-Object { Write-Host "  $_" }
kubectl @kc rollout status "deployment/$Deployment" --timeout=120s || Write-Error 'Rollback did not complete cleanly'

$events = kubectl @kc get events --field-selector "involvedObject.kind=Pod" -o json | ConvertFrom-Json
$events.items |
    Sort-Object { [datetime]$_.lastTimestamp } -Descending |
    Select-Object -First 10 @{ n = 'When'; e = { $_.lastTimestamp } }, reason, message |
    Format-Table -Wrap
exit 1
