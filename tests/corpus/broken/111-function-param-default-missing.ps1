function f($a = ) { }
