while () { }
