$s.Substring(
