$using:o.M()
