switch -foo ($x) { }
