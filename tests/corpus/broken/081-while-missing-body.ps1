while ($true)
