Write-Output hi 1>&2
