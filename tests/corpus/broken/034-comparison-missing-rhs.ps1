$a -eq
