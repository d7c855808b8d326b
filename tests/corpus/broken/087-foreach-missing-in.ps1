foreach ($x $list) { }
