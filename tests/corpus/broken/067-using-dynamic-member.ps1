$using:o.$n
