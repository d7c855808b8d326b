#Requires -Modules ActiveDirectory
# Emails users whose passwords expire within the notice window.
# Sends a digest to the helpdesk as well.

[CmdletBinding()]
param(
    [int[]]$NoticeDays = @(14, 7, 3, 1),
    [string]$SearchBase = 'OU=Staff,DC=corp,DC=contoso,DC=com',
    [string]$SmtpServer = 'smtp.corp.contoso.com',
    [string]$From = 'it-noreply@contoso.com',
    [string]$Helpdesk = 'helpdesk@contoso.com',
    [switch]$TestMode
)

$maxAge = (Get-ADDefaultDomainPasswordPolicy).MaxPasswordAge
if ($maxAge.TotalDays -eq 0) {
    Write-Warning 'Domain passwords never expire; nothing to do.'
    return
}

$users = Get-ADUser -SearchBase $SearchBase -Filter { Enabled -eq $true -and PasswordNeverExpires -eq $false } `
    -Properties mail, PasswordLastSet, 'msDS-UserPasswordExpiryTimeComputed', GivenName

$today = [datetime]::Today
$notices = foreach ($u in $users) {
    $raw = $u.'msDS-UserPasswordExpiryTimeComputed'
    if (-not $raw -or $raw -eq 0x7FFFFFFFFFFFFFFF) { continue }
    $expires = [datetime]::FromFileTime($raw)
    $daysLeft = ($expires.Date - $today).Days
    if ($daysLeft -in $NoticeDays) {
        [pscustomobject]@{
            User     = $u.SamAccountName
            Name     = $u.GivenName ?? $u.Name
            Mail     = $u.mail
            Expires  = $expires
            DaysLeft = $daysLeft
        }
    }
}

$sent = 0
foreach ($n in $notices) {
    if ([string]::IsNullOrEmpty($n.Mail)) {
        Write-Verbose "No mailbox for $($n.User)"
        continue
    }

    $plural = ($n.DaysLeft -eq 1) ? 'day' : 'days'
    $body = @"
Hello $($n.Name),

Your network password will expire in $($n.DaysLeft) $plural, on $($n.Expires.ToString('dddd d MMMM yyyy HH:mm')).

Change it from any company laptop with Ctrl+Alt+Del > Change a password,
or at https://passwordreset.contoso.com before it expires.

-- IT Service Desk
"@

    $mail = @{
        SmtpServer = $SmtpServer
        From       = $From
        To         = $TestMode ? $Helpdesk : $n.Mail
        Subject    = "Your password expires in $($n.DaysLeft) $plural"
        Body       = $body
        Priority   = ($n.DaysLeft -le 3) ? 'High' : 'Normal'
    }
    try {
        Send-MailMessage @mail -ErrorAction Stop 3>$null
        $sent++
    } catch {
        Write-Warning "Could not notify $($n.User): $($_.Exception.Message)"
    }
}

$digest = $notices | Sort-Object DaysLeft, User | Format-Table User, DaysLeft, Expires -AutoSize | Out-String
Send-MailMessage -SmtpServer $SmtpServer -From $From -To $Helpdesk `
    -Subject ("Password expiry digest {0:yyyy-MM-dd}: {1} user(s)" -f $today, @($notices).Count) `
    -Body $digest 3>$null

Write-Output "Notified $sent of $(@($notices).Count) user(s)."
