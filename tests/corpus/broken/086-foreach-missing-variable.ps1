foreach (in $list) { }
