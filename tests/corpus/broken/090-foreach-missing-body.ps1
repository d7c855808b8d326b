foreach ($x in $list)
