function f([int]) { }
