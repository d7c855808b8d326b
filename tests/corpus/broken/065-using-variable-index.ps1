$using:a[$i]
