$sb = {
    Write-Output 1
