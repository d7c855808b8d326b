class A { [void] M { } }
