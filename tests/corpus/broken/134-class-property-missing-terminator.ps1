class A { $x $y }
