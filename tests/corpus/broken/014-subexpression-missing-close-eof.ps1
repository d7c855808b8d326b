$x = $(Get-Date
