$y = @x
