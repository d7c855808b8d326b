[List[[int
