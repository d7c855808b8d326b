$r = $x ? 'yes' ; 'no'
