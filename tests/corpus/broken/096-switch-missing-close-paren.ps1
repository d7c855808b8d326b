switch ($x
