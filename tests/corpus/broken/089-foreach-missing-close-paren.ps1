foreach ($x in $list
