do { $i++ }
$i
