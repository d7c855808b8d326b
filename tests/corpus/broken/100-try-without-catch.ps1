try { 1 }
Write-Host done
