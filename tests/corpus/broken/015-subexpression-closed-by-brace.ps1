if ($true) { $(1 }
