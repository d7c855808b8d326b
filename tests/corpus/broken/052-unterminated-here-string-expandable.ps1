$h = @"
line one
