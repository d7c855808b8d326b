Write-Host 'oops
