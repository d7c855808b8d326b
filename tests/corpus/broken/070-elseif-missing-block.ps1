if ($a) { 1 } elseif ($b)
