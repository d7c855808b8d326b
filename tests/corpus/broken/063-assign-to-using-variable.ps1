$using:x = 1
