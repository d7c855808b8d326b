Write-Output 1,
