foreach $x in $list { }
