$a -foo 3
