switch -file
