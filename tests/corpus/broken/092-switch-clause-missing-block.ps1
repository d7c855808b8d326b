switch ($x) { 1 }
