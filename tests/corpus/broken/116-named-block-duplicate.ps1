function f { begin { } begin { } }
