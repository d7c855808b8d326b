if ($x) {
    'a'
