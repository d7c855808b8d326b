Get-Date
<# unterminated
