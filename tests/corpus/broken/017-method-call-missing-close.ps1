$s.Substring(1
