Write-Host $env:
