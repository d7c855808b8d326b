function foo($a
