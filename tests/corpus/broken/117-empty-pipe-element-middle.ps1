Get-Process | | Sort-Object
