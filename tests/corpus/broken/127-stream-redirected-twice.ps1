Get-Date > a.txt > b.txt
