$s = "hello
