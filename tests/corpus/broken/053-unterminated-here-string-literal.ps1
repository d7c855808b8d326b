$h = @'
line one
