Get-Date & && Get-Date
