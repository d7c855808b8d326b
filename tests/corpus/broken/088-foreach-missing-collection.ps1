foreach ($x in) { }
