Write-Output 1)
