function f { begin { } foo }
