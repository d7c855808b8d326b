Get-Process |
