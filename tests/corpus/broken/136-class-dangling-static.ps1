class A { static }
