#Requires -Version 7.4
# Hardware / OS inventory via Invoke-Command fan-out with throttling.
# Output goes to JSON (for the CMDB import) and Clixml (for later diffing).

[CmdletBinding()]
param(
    [Parameter(ValueFromPipeline)]
    [string[]]$ComputerName = (Get-Content "$PSScriptRoot\hosts.txt"),
    [ValidateRange(1, 128)]
    [int]$ThrottleLimit = 32,
    [string]$OutDir = "$PSScriptRoot\inventory"
)

$collector = {
    $os   = Get-CimInstance Win32_OperatingSystem
    $cs   = Get-CimInstance Win32_ComputerSystem
    $bios = Get-CimInstance Win32_BIOS
    $cpu  = Get-CimInstance Win32_Processor | Select-Object -First 1
    $nics = Get-CimInstance Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = True'

    [ordered]@{
        Name         = $env:COMPUTERNAME
        Domain       = $cs.Domain
        Model        = "$($cs.Manufacturer) $($cs.Model)".Trim()
        Serial       = $bios.SerialNumber
        OS           = $os.Caption
        Build        = $os.BuildNumber
        InstallDate  = $os.InstallDate
        LastBoot     = $os.LastBootUpTime
        MemoryGB     = [math]::Round($cs.TotalPhysicalMemory / 1GB)
        Cpu          = $cpu.Name
        Cores        = $cpu.NumberOfCores
        IPAddresses  = @($nics.IPAddress | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' })
        PSVersion    = $PSVersionTable.PSVersion.ToString()
    }
}

$started = [System.Diagnostics.Stopwatch]::StartNew()
$results = Invoke-Command -ComputerName $ComputerName -ScriptBlock $collector `
    -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable failed
$started.Stop()

$inventory = foreach ($r in $results) {
    $obj = [pscustomobject]$r
    $obj | Add-Member -NotePropertyName Uptime -NotePropertyValue ((Get-Date) - $r.LastBoot).Days
    $obj
}

if (-not (Test-Path $OutDir)) { New-Item -Path $OutDir -ItemType Directory | Out-Null }

$jsonPath = Join-Path $OutDir 'inventory.json'
$xmlPath  = Join-Path $OutDir ("inventory-{0:yyyyMMdd}.xml" -f (Get-Date))

$inventory | ConvertTo-Json -Depth 4 | Set-Content -Path $jsonPath -Encoding utf8
$inventory | Export-Clixml -Path $xmlPath -Depth 3

$previous = Get-ChildItem $OutDir -Filter 'inventory-*.xml' |
    Sort-Object LastWriteTime -Descending |
    Select-Object -Skip 1 -First 1

if ($previous) {
    $old = Import-Clixml -Path $previous.FullName
    $diff = Compare-Object -ReferenceObject $old -DifferenceObject $inventory -Property Name, Build, MemoryGB
    if ($diff) {
        Write-Host "Changes since $($previous.Name):"
        $diff | Sort-Object Name | Format-Table Name, Build, MemoryGB, SideIndicator
    }
}

$unreachable = $failed | ForEach-Object { $_.TargetObject } | Sort-Object -Unique
$summary = [pscustomobject]@{
    Requested   = @($ComputerName).Count
    Collected   = @($inventory).Count
    Unreachable = $unreachable.Count
    Seconds     = [math]::Round($started.Elapsed.TotalSeconds, 1)
}
$summary | Format-List

$inventory |
    Group-Object OS |
    Sort-Object Count -Descending |
    Select-Object Count, Name |
    Format-Table -AutoSize
