[string[]
