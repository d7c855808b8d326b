if ($x
