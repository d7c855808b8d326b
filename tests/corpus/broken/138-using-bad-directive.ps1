using foo
