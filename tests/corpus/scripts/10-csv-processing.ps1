# Reconcile the HR export against the badge-system export.
# Both arrive as CSV with different column names; produce three lists:
# missing badges, orphaned badges, and department mismatches.

param (
    [Parameter(Mandatory)][string] $HrCsv,
    [Parameter(Mandatory)][string] $BadgeCsv,
    [string] $OutFolder = (Get-Location).Path,
    [char] $Delimiter = ';'
)

$hr = Import-Csv -Path $HrCsv -Delimiter $Delimiter |
    Select-Object @{ Name = 'EmployeeId'; Expression = { $_.'Employee ID'.Trim().PadLeft(6, '0') } },
                  @{ Name = 'Name';       Expression = { '{0} {1}' -f $_.'First Name', $_.'Last Name' } },
                  @{ Name = 'Department'; Expression = { $_.Dept.ToUpperInvariant() } },
                  @{ Name = 'Active';     Expression = { $_.Status -eq 'A' } }

$badges = Import-Csv -Path $BadgeCsv |
    Where-Object { -not [string]::IsNullOrWhiteSpace($_.emp_no) } |
    ForEach-Object {
        [pscustomobject]@{
            EmployeeId = $_.emp_no.PadLeft(6, '0')
            BadgeId    = $_.badge
            Department = ($_.area -split '/')[0].ToUpperInvariant()
            Expires    = [datetime]::ParseExact($_.valid_to, 'dd.MM.yyyy', $null)
        }
    }

# Index both sides by employee id
$hrIndex = @{}
foreach ($row in $hr) { $hrIndex[$row.EmployeeId] = $row }

$badgeIndex = $badges | Group-Object -Property EmployeeId -AsHashTable -AsString

$missing = [System.Collections.Generic.List[object]]::new()
$mismatch = [System.Collections.Generic.List[object]]::new()

foreach ($id in $hrIndex.Keys) {
    $person = $hrIndex[$id]
    if (-not $person.Active) { continue }

    $held = $badgeIndex[$id]
    if ($null -eq $held) {
        $missing.Add($person)
        continue
    }

    foreach ($b in $held) {
        if ($b.Department -ne $person.Department) {
            $mismatch.Add([pscustomobject]@{
                EmployeeId = $id
                Name       = $person.Name
                HrDept     = $person.Department
                BadgeDept  = $b.Department
                BadgeId    = $b.BadgeId
            })
        }
    }
}

$orphaned = $badges.Where({
    $entry = $hrIndex[$_.EmployeeId]
    (-not $entry) -or (-not $entry.Active)
})

$expiringSoon = $badges.Where({ $_.Expires -lt (Get-Date).AddDays(14) }, 'Default')

$outputs = [ordered]@{
    'missing-badges.csv'  = $missing
    'orphaned-badges.csv' = $orphaned
    'dept-mismatch.csv'   = $mismatch
    'expiring-badges.csv' = $expiringSoon
}

foreach ($name in $outputs.Keys) {
    $path = Join-Path $OutFolder $name
    $outputs[$name] | Export-Csv -Path $path -NoTypeInformation -Encoding utf8BOM
    '{0,-22} {1,5} rows' -f $name, @($outputs[$name]).Count
}

$deptTotals = $hr |
    Where-Object Active |
    Group-Object Department |
    Sort-Object Count -Descending |
    Select-Object -First 10 Name, Count

$deptTotals | Format-Table -AutoSize
