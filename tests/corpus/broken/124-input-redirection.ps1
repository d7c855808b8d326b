Get-Content < file.txt
