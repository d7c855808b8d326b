| Get-Process
