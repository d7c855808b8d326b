Get-Process | 42
