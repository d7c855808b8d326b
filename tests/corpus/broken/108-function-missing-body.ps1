function foo
