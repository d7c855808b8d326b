while ($true
