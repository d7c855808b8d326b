<#
.SYNOPSIS
    Rolls a build artifact out to a pool of IIS web servers, one at a time.
.NOTES
    Pulls each node out of the load balancer, swaps the site folder, warms it
    up and puts the node back. Stops on the first failed health check.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory, Position = 0)]
    [ValidateScript({ Test-Path $_ -PathType Leaf })]
    [string]$Package,

    [Parameter(Mandatory)]
    [string[]]$WebServer,

    [string]$SiteName = 'Storefront',
    [string]$HealthUrlTemplate = 'http://{0}/health',
    [pscredential]$Credential = (Get-Credential -Message 'Deployment account')
)

$ErrorActionPreference = 'Stop'
$version = [System.IO.Path]::GetFileNameWithoutExtension($Package)
$remoteStage = "C:\Deploy\$version"

$sbDrain = {
    param($Node, [bool]$Enable)
    $state = $Enable ? 'enable' : 'disable'
    Write-Verbose "LB: $state $Node"
    & 'C:\Tools\lbctl.exe' $state --pool web --member $Node
}

:nodes foreach ($node in $WebServer) {
    if (-not $PSCmdlet.ShouldProcess($node, "Deploy $version")) { continue nodes }

    $session = New-PSSession -ComputerName $node -Credential $Credential
    try {
        & $sbDrain $node $false

        Invoke-Command -Session $session -ScriptBlock { New-Item -ItemType Directory -Path $using:remoteStage -Force | Out-Null }
        Copy-Item -Path $Package -Destination $remoteStage -ToSession $session

        Invoke-Command -Session $session -ScriptBlock {
            param($Site)
            Import-Module WebAdministration
            $zip = Get-ChildItem -Path $using:remoteStage -Filter *.zip | Select-Object -First 1
            Expand-Archive -Path $zip.FullName -DestinationPath "$using:remoteStage\site" -Force
            Stop-WebAppPool -Name $Site -ErrorAction SilentlyContinue
            Set-ItemProperty -Path "IIS:\Sites\$Site" -Name physicalPath -Value "$using:remoteStage\site"
            Start-WebAppPool -Name $Site
        } -ArgumentList $SiteName

        $url = $HealthUrlTemplate -f $node
        $healthy = $false
        for ($i = 1; $i -le 10; $i++) {
            try {
                $r = Invoke-WebRequest -Uri $url -TimeoutSec 5 -UseBasicParsing
                if ($r.StatusCode -eq 200) { $healthy = $true; break }
            } catch {
                Write-Verbose "Attempt $i for $node failed: $($_.Exception.Message)"
            }
            Start-Sleep -Seconds (2 * $i)
        }

        if (-not $healthy) {
            Write-Error "Health check failed on $node; halting rollout." -ErrorAction Continue
            break nodes
        }

        & $sbDrain $node $true
        Write-Host "[$node] deployed $version" -ForegroundColor Green
    }
    finally {
        Remove-PSSession -Session $session
    }
}

Write-Output "Rollout of $version finished at $([datetime]::Now.ToString('HH:mm:ss'))"
