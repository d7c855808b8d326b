Get-Date >
