Write-Output ,1
