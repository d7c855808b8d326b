switch ($x) {
