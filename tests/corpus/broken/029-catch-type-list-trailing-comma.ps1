try { 1 } catch [int], { 2 }
