switch ($x) {
    1 { 'one' }
