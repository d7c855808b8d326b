Get-Item x &&
