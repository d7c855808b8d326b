foreach -foo ($x in $y) { }
