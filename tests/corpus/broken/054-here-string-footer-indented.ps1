$h = @"
text
  "@
