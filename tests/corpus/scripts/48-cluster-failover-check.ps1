#Requires -Modules FailoverClusters
<#
.SYNOPSIS
    Pre-patch check for a failover cluster: verifies every node is up, every
    role is online on its preferred owner, and quorum has headroom.
.NOTES
    Shared helpers (Write-Status, Send-Alert) live in ./lib/ops-common.ps1.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidateLength(1, 15)]
    [string]$Cluster,

    [ValidateCount(0, 16)]
    [string[]]$IgnoreRole = @(),

    [switch]$MoveToPreferred
)

. "$PSScriptRoot/lib/ops-common.ps1"
. ./lib/alerting.ps1

$problems = [System.Collections.Generic.List[string]]::new()

$nodes = Get-ClusterNode -Cluster $Cluster
$nodes
| Select-Object Name, State, @{ Name = 'Paused'; Expression = { $_.State -eq 'Paused' } }, NodeWeight
| Format-Table -AutoSize

$down = $nodes | Where-Object State -ne 'Up'
foreach ($n in $down) {
    $problems.Add("Node $($n.Name) is $($n.State)")
}

$groups = Get-ClusterGroup -Cluster $Cluster
    | Where-Object { $_.GroupType -ne 'AvailableStorage' -and $_.Name -notin $IgnoreRole }

foreach ($g in $groups) {
    $owners = ($g | Get-ClusterOwnerNode).OwnerNodes.Name
    $preferred = ${owners}?[0]

    if ($g.State -ne 'Online') {
        $problems.Add("Role '$($g.Name)' is $($g.State) on $($g.OwnerNode)")
        continue
    }

    if ($preferred -and $g.OwnerNode.Name -ne $preferred) {
        $msg = "Role '$($g.Name)' runs on $($g.OwnerNode.Name), preferred $preferred"
        if ($MoveToPreferred) {
            Write-Verbose "Moving $($g.Name) -> $preferred"
            try {
                Move-ClusterGroup -Cluster $Cluster -Name $g.Name -Node $preferred -Wait 120 -ErrorAction Stop | Out-Null
                $msg += ' (moved)'
            }
            catch {
                $msg += " (move failed: $($_.Exception.Message))"
                $problems.Add($msg)
            }
            Write-Status -Message $msg -Level Info
        }
        else {
            $problems.Add($msg)
        }
    }
}

$quorum = Get-ClusterQuorum -Cluster $Cluster
$votes = $nodes | Measure-Object -Property NodeWeight -Sum
$upVotes = ($nodes | Where-Object State -eq 'Up' | Measure-Object -Property NodeWeight -Sum).Sum
$witness = if ($quorum.QuorumResource) { 1 } else { 0 }
$totalVotes = $votes.Sum + $witness
$needed = [math]::Floor($totalVotes / 2) + 1
$headroom = ($upVotes + $witness) - $needed

"Quorum: $($quorum.QuorumType), witness: $(${quorum}?.QuorumResource ?? 'none')"
"Votes: $($upVotes + $witness)/$totalVotes up, $needed needed, headroom $headroom"

if ($headroom -lt 1) {
    $problems.Add("Quorum headroom is $headroom; taking a node down would lose quorum")
}

$csv = Get-ClusterSharedVolume -Cluster $Cluster -ErrorAction SilentlyContinue
$csv
    | ForEach-Object {
        $info = $_.SharedVolumeInfo[0]
        [pscustomobject]@{
            Volume  = $_.Name
            Owner   = $_.OwnerNode.Name
            State   = $_.State
            FreePct = [math]::Round($info.Partition.PercentFree, 1)
            Redirected = $info.RedirectedAccess
        }
    }
    | Sort-Object FreePct
    | Format-Table -AutoSize

$csv.Where({ $_.SharedVolumeInfo[0].Partition.PercentFree -lt 10 }).ForEach({
    $problems.Add("CSV $($_.Name) below 10% free")
})

if ($problems.Count) {
    $problems | ForEach-Object { Write-Warning $_ }
    Send-Alert -Subject "Cluster $Cluster pre-patch check: $($problems.Count) issue(s)" -Body ($problems -join "`n")
    exit 1
}
Write-Status -Message "Cluster $Cluster is ready for patching." -Level Ok
