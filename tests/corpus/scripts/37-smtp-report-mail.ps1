# Daily operations digest: gathers a few numbers from different sources and
# sends one HTML email. Each section is a scriptblock so new ones are easy to add.

param(
    [string]$To = 'ops-team@contoso.com',
    [string]$SmtpHost = 'relay.contoso.com',
    [int]$Port = 587,
    [pscredential]$SmtpCredential = (Import-Clixml -Path "$env:USERPROFILE\.secrets\smtp.xml")
)

$sections = [ordered]@{
    'Backups (last 24h)' = {
        Import-Csv '\\nas01\reports\backup-status.csv' |
            Where-Object { [datetime]$_.EndTime -gt (Get-Date).AddDays(-1) } |
            Select-Object Job, Status, @{ n = 'Duration'; e = { [timespan]::FromSeconds($_.Seconds).ToString('hh\:mm') } }
    }
    'Disk warnings' = {
        Import-Csv "$env:TEMP\disk-reports\history.csv" |
            Where-Object { $_.Date -eq (Get-Date -Format 'yyyy-MM-dd') -and $_.Status -ne 'OK' } |
            Select-Object Server, Drive, PctFree, Status
    }
    'Failed logons by host' = {
        Get-WinEvent -FilterHashtable @{ LogName = 'Security'; Id = 4625; StartTime = (Get-Date).AddDays(-1) } -MaxEvents 5000 -ErrorAction SilentlyContinue |
            Group-Object MachineName |
            Select-Object @{ n = 'Host'; e = { $_.Name } }, Count
    }
    'Open incidents' = {
        $headers = @{ Authorization = "Bearer $env:ITSM_TOKEN"; Accept = 'application/json' }
        (Invoke-RestMethod -Uri 'https://itsm.contoso.com/api/incidents?state=open&team=ops' -Headers $headers).items |
            Select-Object number, priority, short_description
    }
}

$style = @'
<style>
body  { font-family: Calibri, Arial, sans-serif; font-size: 11pt; }
h3    { margin-bottom: 2px; color: #1f4e79; }
table { border-collapse: collapse; }
td,th { border: 1px solid #bbb; padding: 2px 6px; }
.err  { color: #a00; }
</style>
'@

$fragments = foreach ($title in $sections.Keys) {
    try {
        $data = & $sections[$title]
        if ($data) {
            $data | ConvertTo-Html -Fragment -PreContent "<h3>$title</h3>" | Out-String
        } else {
            "<h3>$title</h3><p>Nothing to report.</p>"
        }
    }
    catch {
        "<h3>$title</h3><p class='err'>Section failed: $([System.Net.WebUtility]::HtmlEncode($_.Exception.Message))</p>"
    }
}

$html = @"
<html>
<head>$style</head>
<body>
<p>Operations digest for <b>$(Get-Date -Format 'dddd, dd MMM yyyy')</b>, generated on $env:COMPUTERNAME.</p>
$($fragments -join "`n")
<p style="color:#888">Script: $($MyInvocation.MyCommand.Path)</p>
</body>
</html>
"@

$message = [System.Net.Mail.MailMessage]::new()
$message.From = "ops-digest@contoso.com"
$To -split '[;,]' | ForEach-Object { $message.To.Add($_.Trim()) }
$message.Subject = "Ops digest $(Get-Date -Format 'yyyy-MM-dd')"
$message.IsBodyHtml = $true
$message.Body = $html

$client = [System.Net.Mail.SmtpClient]::new($SmtpHost, $Port)
$client.EnableSsl = $true
$client.Credentials = $SmtpCredential.GetNetworkCredential()
try {
    $client.Send($message)
    Write-Host "Digest sent to $To"
}
catch [System.Net.Mail.SmtpException] {
    Write-Error "SMTP failure: $($_.Exception.StatusCode) $($_.Exception.Message)"
    $html | Out-File "$env:TEMP\ops-digest-unsent.html"
}
finally {
    $message.Dispose()
    $client.Dispose()
}
