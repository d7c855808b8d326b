do { 1 } while ($x
