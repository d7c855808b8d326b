data foo
