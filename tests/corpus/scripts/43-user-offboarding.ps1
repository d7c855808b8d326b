function Disable-Leaver
{
    <#
    .SYNOPSIS
        Offboards a departing user: disables the account, strips groups,
        hides from the address list, and archives the home folder.
    .PARAMETER Identity
        sAMAccountName(s); accepts pipeline input.
    .PARAMETER TicketNumber
        Change ticket, recorded on the account description.
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param
    (
        [Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName, Position = 0)]
        [Alias('SamAccountName', 'User')]
        [ValidateNotNullOrEmpty()]
        [string[]]$Identity,

        [Parameter(Mandatory)]
        [ValidatePattern('^CHG\d{6,}$')]
        [string]$TicketNumber,

        [string]$DisabledOU = 'OU=Leavers,DC=corp,DC=contoso,DC=com',
        [string]$ArchiveShare = '\\nas01\leavers'
    )

    begin
    {
        $stamp = Get-Date -Format 'yyyy-MM-dd'
        $log = [System.Collections.Generic.List[string]]::new()
    }

    process
    {
        foreach ($id in $Identity)
        {
            $user = Get-ADUser -Identity $id -Properties MemberOf, HomeDirectory, Manager, mail -ErrorAction SilentlyContinue
            if ($null -eq $user)
            {
                Write-Warning "No such user: $id"
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($user.SamAccountName, 'Offboard'))
            {
                continue
            }

            $groups = $user.MemberOf | ForEach-Object { (Get-ADGroup $_).Name }
            $log.Add("$($user.SamAccountName): removed from $($groups -join '; ')")

            $user.MemberOf | ForEach-Object {
                Remove-ADGroupMember -Identity $_ -Members $user -Confirm:$false
            }

            Set-ADUser -Identity $user -Enabled $false `
                -Description "Leaver $stamp $TicketNumber" `
                -Replace @{ msExchHideFromAddressLists = $true }

            Move-ADObject -Identity $user.DistinguishedName -TargetPath $DisabledOU

            if ($user.HomeDirectory -and (Test-Path $user.HomeDirectory))
            {
                $archive = Join-Path $ArchiveShare "$($user.SamAccountName)-$stamp.zip"
                try
                {
                    Compress-Archive -Path (Join-Path $user.HomeDirectory '*') -DestinationPath $archive -ErrorAction Stop
                    Remove-Item -Path $user.HomeDirectory -Recurse -Force
                    $log.Add("$($user.SamAccountName): home archived to $archive")
                }
                catch [System.IO.IOException]
                {
                    $log.Add("$($user.SamAccountName): home archive FAILED - $($_.Exception.Message)")
                }
            }

            # Forward mail to the manager for 30 days via the mail platform CLI
            if ($user.Manager -and $user.mail)
            {
                $mgrMail = (Get-ADUser $user.Manager -Properties mail).mail
                & mailctl forward set --mailbox $user.mail --to $mgrMail --days 30 2>&1 | Out-Null
                if ($LASTEXITCODE -eq 0) { $log.Add("$($user.SamAccountName): mail forwarded to $mgrMail") }
            }

            [pscustomobject]@{
                User    = $user.SamAccountName
                Groups  = @($groups).Count
                Ticket  = $TicketNumber
                Done    = Get-Date
            }
        }
    }

    end
    {
        $logFile = Join-Path $ArchiveShare "offboarding-$stamp.log"
        $log | Add-Content -Path $logFile
        Write-Verbose "Wrote $($log.Count) log line(s) to $logFile"
    }
}

Import-Csv .\leavers.csv |
    Where-Object { [datetime]$_.LastDay -le (Get-Date).Date } |
    Disable-Leaver -TicketNumber 'CHG004512' -Confirm:$false -Verbose |
    Format-Table -AutoSize
