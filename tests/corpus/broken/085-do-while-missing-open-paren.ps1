do { 1 } while
