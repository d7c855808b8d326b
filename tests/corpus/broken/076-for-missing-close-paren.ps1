for ($i = 0; $i -lt 10; $i++
